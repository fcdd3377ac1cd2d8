"""Who may see the cooperative's own records: its active managers (and administrators). WTZ
staff and officers see none of them — orders, members, grants, plans and the surplus are the
cooperative's business, not the workshops'."""

from organisations.scoping import cooperative_records_visible_to, managed_cooperative_ids

__all__ = [
    "cooperative_job_records_visible_to",
    "cooperative_people_visible_to",
    "cooperative_records_visible_to",
    "managed_cooperative_ids",
    "order_records_visible_to",
]


def order_records_visible_to(queryset, user):
    """Assignments to orders: the manager of the order's cooperative. The workshops do not see
    the cooperative's orders."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(order__cooperative__in=managed_cooperative_ids(user))


def cooperative_people_visible_to(queryset, user):
    """Members of the cooperative: its manager. A member's record is the cooperative's."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(cooperative__in=managed_cooperative_ids(user))


def cooperative_job_records_visible_to(queryset, user):
    """Records the cooperative keeps about its employees (grants, reintegration plans): its
    manager only — they are not the workshop's to read."""
    if user.is_superuser:
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(employment__cooperative__in=managed_cooperative_ids(user))
