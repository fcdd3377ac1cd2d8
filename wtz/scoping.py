"""Who may see what in the workshops: WTZ staff see the workshops they are assigned to today, and
what belongs to them; an administrator sees everything; cooperative managers and municipal
officers see no workshop rows (officers read workshop aggregates through reports)."""

from django.apps import apps


def _active_assignments(user):
    return apps.get_model("wtz", "StaffAssignment").objects.filter(user=user).active_on()


def workshop_ids_for_staff(user):
    """A subquery of the workshops where ``user`` has an active staff assignment."""
    return _active_assignments(user).values("workshop")


def workshop_ids_managed_by(user):
    """A subquery of the workshops that ``user`` heads (WTZ manager, kierownik) today."""
    role = apps.get_model("wtz", "StaffAssignment").Role
    return _active_assignments(user).filter(role=role.MANAGER).values("workshop")


def _by_workshop(queryset, user, field: str):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{field}__in": workshop_ids_for_staff(user)})


def workshops_visible_to(queryset, user):
    return _by_workshop(queryset, user, "pk")


def workshop_records_visible_to(queryset, user):
    """For any model with a ``workshop`` foreign key."""
    return _by_workshop(queryset, user, "workshop")


def workshops_managed_by(queryset, user):
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(pk__in=workshop_ids_managed_by(user))
