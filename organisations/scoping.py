"""Who may see which cooperatives and managers, whose records a manager reads, and which
territories a user reads reports on.

Territories and organisations are public registry data and are not scoped. A cooperative and its
managers are visible to the cooperative's active managers, and so is any record that names the
cooperative (``cooperative_records_visible_to``). Municipal officers get no rows here: their only
view of data is ``aggregate_scope``, which feeds reports and never a page of rows.
"""

from django.apps import apps
from django.utils import timezone


def _active_manager_assignments(user):
    return (
        apps.get_model("organisations", "ManagerAssignment").objects.filter(user=user).active_on()
    )


def managed_cooperative_ids(user):
    """A subquery of the cooperatives ``user`` manages today."""
    return _active_manager_assignments(user).values("cooperative")


def cooperatives_visible_to(queryset, user):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(pk__in=_active_manager_assignments(user).values("cooperative"))


def manager_assignments_visible_to(queryset, user):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(cooperative__in=_active_manager_assignments(user).values("cooperative"))


def cooperative_records_visible_to(queryset, user):
    """For any model with a ``cooperative`` foreign key: the cooperatives the user manages."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(cooperative__in=_active_manager_assignments(user).values("cooperative"))


def officer_assignments_visible_to(queryset, user):
    return queryset if user.is_superuser else queryset.none()


def _active_officer_assignments(user):
    return (
        apps.get_model("organisations", "OfficerAssignment")
        .objects.filter(user=user)
        .active_on(timezone.localdate())
    )


def is_officer(user) -> bool:
    return user.is_authenticated and _active_officer_assignments(user).exists()


def may_read_reports(user) -> bool:
    """Officers with an active assignment and administrators read reports; nobody else does."""
    if not user.is_active:
        return False
    return user.is_superuser or is_officer(user)


def aggregate_scope(user):
    """The territories whose aggregates ``user`` may read: an officer's assigned territories (each
    with everything inside it, see ``Territory.objects.within``), every voivodeship for an
    administrator, nothing for anyone else. For reports only — never to list rows of people."""
    territory = apps.get_model("organisations", "Territory")
    if user.is_superuser:
        return territory.objects.filter(level=territory.Level.VOIVODESHIP)
    if not user.is_authenticated:
        return territory.objects.none()
    return territory.objects.filter(pk__in=_active_officer_assignments(user).values("territory"))
