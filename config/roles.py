"""Roles and permissions, derived from scope assignments rather than stored on the user.

A user is WTZ staff while a staff assignment is active, a cooperative manager while a manager
assignment is active, an officer while an officer assignment is active — and may be several at
once. The model permissions each role grants are listed here; *which rows* a permission reaches is
decided by each app's ``visible_to``.
"""

from django.contrib.auth.backends import ModelBackend

from accounts.roles import Role
from organisations.models import ManagerAssignment
from organisations.scoping import is_officer
from wtz.models import StaffAssignment

_WTZ_STAFF = {
    "organisations.view_policyparameter",
    "organisations.view_territory",  # public registry data: choosing where a person lives
    # An exit to work names the employer, wherever it is: a new one is added on the way.
    "organisations.view_organisation",
    "organisations.add_organisation",
    "wtz.view_workshop",
    "wtz.view_contractedplaces",
    "wtz.view_room",
    "wtz.view_staffassignment",
    *(
        f"participants.{action}_{model}"
        for model in (
            "person",
            "representative",
            "consent",
            "disabilitycertificate",
            "waitinglistentry",
            "roomassignment",
            "readiness",
            "referral",
            "programmeversion",
            "programmegoal",
            "evaluation",
            "goalrating",
            "progressnote",
            "attendanceday",
            "allowancepayment",
        )
        for action in ("view", "add", "change")
    ),
    # Admission and exit go through services (admit from the list, record the exit).
    "participants.view_enrolment",
    "participants.add_enrolment",
    "participants.change_enrolment",
    "participants.view_vacancy",
    "participants.view_personregistration",
    "participants.view_rehabprogramme",
    # Practices, and jobs with outside employers with their follow-ups.
    *(
        f"employment.{action}_{model}"
        for model in ("placement", "employment", "disabilityfacts", "hourswaiver", "followup")
        for action in ("view", "add", "change")
    ),
}
_COOP_MANAGER = {
    "organisations.view_cooperative",
    "organisations.change_cooperative",
    "organisations.view_managerassignment",
    "organisations.view_policyparameter",
    "organisations.view_territory",
    # A new client comes with its order: added on the way.
    "organisations.view_organisation",
    "organisations.add_organisation",
    "employment.view_candidate",
    *(
        f"{app}.{action}_{model}"
        for app, model in (
            ("employment", "placement"),
            ("employment", "employment"),
            ("employment", "disabilityfacts"),
            ("employment", "hourswaiver"),
            ("employment", "followup"),
            ("coop", "orderassignment"),
            ("coop", "personmembership"),
            ("coop", "membershipoffer"),
            ("coop", "socialstatus"),
            ("coop", "order"),
            ("coop", "organisationmembership"),
            ("coop", "surplusallocation"),
            ("coop", "grantagreement"),
            ("coop", "grantedjob"),
            ("coop", "reintegrationplan"),
        )
        for action in ("view", "add", "change")
    ),
    "coop.delete_orderassignment",  # taking someone off an order
}
# Managers keep their team's accounts (which accounts: config.team).
_TEAM = {"accounts.view_user", "accounts.add_user", "accounts.change_user"}
ROLE_PERMISSIONS: dict[Role, frozenset[str]] = {
    Role.WTZ_STAFF: frozenset(_WTZ_STAFF),
    Role.WTZ_MANAGER: frozenset(
        _WTZ_STAFF
        | _TEAM
        | {
            "wtz.change_workshop",
            "wtz.add_room",
            "wtz.change_room",
            "wtz.add_staffassignment",
            "wtz.change_staffassignment",
            # what only the workshop knows for its annual report
            "wtz.view_annualfinance",
            "wtz.add_annualfinance",
            "wtz.change_annualfinance",
        }
    ),
    Role.COOP_MANAGER: frozenset(
        _COOP_MANAGER
        | _TEAM
        | {"organisations.add_managerassignment", "organisations.change_managerassignment"}
    ),
    Role.OFFICER: frozenset(),
}

# Roles that work in the admin, which is the staff and manager UI; officers use /reports/.
ADMIN_ROLES = frozenset({Role.ADMIN, Role.WTZ_STAFF, Role.COOP_MANAGER})
# Roles that read people's records: every admin list of people (participants, candidates,
# employees, members …) is theirs to open and to export as CSV or XLSX (config.export).
# Officers read aggregates only.
PERSONAL_DATA_ROLES = ADMIN_ROLES


def roles_of(user) -> frozenset[Role]:
    """The roles ``user`` holds today. Cached on the user object for the rest of the request."""
    if not user.is_active or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_roles_cache", None)
    if cached is not None:
        return cached
    roles = set()
    if user.is_superuser:
        roles.add(Role.ADMIN)
    staff_roles = set(
        StaffAssignment.objects.filter(user=user)
        .active_on()
        .order_by()  # the model's ordering would join users and workshops for nothing
        .values_list("role", flat=True)
    )
    if staff_roles:
        roles.add(Role.WTZ_STAFF)
    if StaffAssignment.Role.MANAGER in staff_roles:
        roles.add(Role.WTZ_MANAGER)
    if ManagerAssignment.objects.filter(user=user).active_on().exists():
        roles.add(Role.COOP_MANAGER)
    if is_officer(user):
        roles.add(Role.OFFICER)
    user._roles_cache = frozenset(roles)
    return user._roles_cache


class RolePermissionBackend(ModelBackend):
    """Username/password authentication, with model permissions granted by the user's roles.

    Superusers keep every permission (ModelBackend's rule). Per-user and group permissions are not
    used: a permission that nobody can trace to an assignment would be a hole in the scoping.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj)
        granted = set()
        for role in roles_of(user_obj):
            granted |= ROLE_PERMISSIONS.get(role, frozenset())
        return granted


def reads_personal_data(user) -> bool:
    """Whether ``user`` may read people's records, and so export them: an administrator, WTZ staff
    or a cooperative manager today. Where ``REQUIRE_SECOND_FACTOR`` is on, exactly these users
    must sign in with a second factor (``accounts.second_factor``)."""
    return bool(PERSONAL_DATA_ROLES & roles_of(user))
