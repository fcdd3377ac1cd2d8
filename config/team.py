"""Managers run their own teams: a WTZ manager keeps the accounts of the workshop's staff, a
cooperative manager those of the cooperative's managers (DESIGN.md §1).

A team is read from the assignments: everyone ever assigned to a workshop or cooperative the user
heads today, and the accounts the manager added that nobody has placed yet (a new colleague
between "add user" and the first assignment; an account someone else added is theirs to place).
A manager may change an account only when every current assignment of it lies within what they
head: an account that also opens another workshop, another cooperative or the officers' reports
is its administrator's to keep. No manager sees or keeps an administrator.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin import UserAdmin
from accounts.models import User
from common.admin import LabelledTabularInline, ScopedAdminMixin
from organisations.models import Cooperative, ManagerAssignment, OfficerAssignment
from organisations.scoping import managed_cooperative_ids
from wtz.models import StaffAssignment, Workshop
from wtz.scoping import workshop_ids_managed_by


def _assigned_anywhere():
    return (
        Q(pk__in=StaffAssignment.objects.values("user"))
        | Q(pk__in=ManagerAssignment.objects.values("user"))
        | Q(pk__in=OfficerAssignment.objects.values("user"))
    )


def _members(user):
    return Q(
        pk__in=StaffAssignment.objects.filter(workshop__in=workshop_ids_managed_by(user)).values(
            "user"
        )
    ) | Q(
        pk__in=ManagerAssignment.objects.filter(
            cooperative__in=managed_cooperative_ids(user)
        ).values("user")
    )


def _heads_a_team(user) -> bool:
    return (
        StaffAssignment.objects.filter(user=user, role=StaffAssignment.Role.MANAGER)
        .active_on()
        .exists()
        or ManagerAssignment.objects.filter(user=user).active_on().exists()
    )


class ManagersKeepTheirTeams:
    """The rule ``accounts.teams`` applies to every account list and choice."""

    @staticmethod
    def visible(queryset, user):
        if not _heads_a_team(user):
            return queryset.none()
        return queryset.filter(
            Q(pk=user.pk) | _members(user) | (~_assigned_anywhere() & Q(added_by=user)),
            is_superuser=False,
        )

    @staticmethod
    def kept(queryset, user):
        if not _heads_a_team(user):
            return queryset.none()
        today = timezone.localdate()
        elsewhere = (
            Q(
                pk__in=StaffAssignment.objects.exclude(ends_on__lt=today)
                .exclude(workshop__in=workshop_ids_managed_by(user))
                .values("user")
            )
            | Q(
                pk__in=ManagerAssignment.objects.exclude(ends_on__lt=today)
                .exclude(cooperative__in=managed_cooperative_ids(user))
                .values("user")
            )
            | Q(pk__in=OfficerAssignment.objects.exclude(ends_on__lt=today).values("user"))
        )
        # Their own account a manager keeps on the profile page, not here: a manager who closed
        # it or took their own role away would lock themselves out.
        return ManagersKeepTheirTeams.visible(queryset, user).exclude(pk=user.pk).exclude(elsewhere)


class TeamStaffInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    """On a colleague's account: where they work, in the workshops the manager heads."""

    model = StaffAssignment
    fk_name = "user"
    extra = 0
    fields = ("workshop", "role", "works_directly", "fte", "starts_on", "ends_on")
    verbose_name = _("work at a workshop")
    verbose_name_plural = _("work at workshops")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(workshop__in=Workshop.objects.managed_by(request.user))
            .select_related("workshop")
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "workshop":
            kwargs["queryset"] = Workshop.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TeamManagerInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    """On a colleague's account: which of the manager's cooperatives they manage too."""

    model = ManagerAssignment
    fk_name = "user"
    extra = 0
    fields = ("cooperative", "starts_on", "ends_on")
    verbose_name = _("management of a cooperative")
    verbose_name_plural = _("management of cooperatives")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("cooperative__organisation")


class TeamUserAdmin(ScopedAdminMixin, UserAdmin):
    """Accounts: every one for an administrator; for a manager, their team's (see above)."""

    team_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "language")}),
        (_("Account"), {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.team_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return ()
        return ("last_login", "date_joined")

    def get_list_filter(self, request):
        return self.list_filter if request.user.is_superuser else ("is_active",)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if request.user.is_superuser else shown[:-1]  # is_superuser: always no

    def get_inlines(self, request, obj):
        if obj is None:
            return ()  # the first assignment follows on the account's page, right after adding
        user = request.user
        inlines = []
        if user.is_superuser or Workshop.objects.managed_by(user).exists():
            inlines.append(TeamStaffInline)
        if user.is_superuser or Cooperative.objects.visible_to(user).exists():
            inlines.append(TeamManagerInline)
        return inlines

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or User.objects.kept_by(request.user).filter(pk=obj.pk).exists()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        if not request.user.is_superuser and "_popup" not in request.POST:
            messages.info(
                request,
                _("Now add where %(user)s works: without it the account opens nothing.")
                % {"user": obj},
            )
        return super().response_add(request, obj, post_url_continue)


admin.site.unregister(User)
admin.site.register(User, TeamUserAdmin)
