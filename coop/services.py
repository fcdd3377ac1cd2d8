"""Writes of the cooperative's own records that enforce a rule across rows."""

from django.db import transaction

from coop import rules
from coop.models import PersonMembership
from coop.statuses import StatusBook
from employment.models import Employment
from employment.services import lock_person


@transaction.atomic
def membership_record(membership: PersonMembership) -> PersonMembership:
    """A member who is a person, new or changed: never two memberships of the same cooperative in
    one period (the database holds that too, on PostgreSQL)."""
    lock_person(membership.person_id)
    membership.full_clean()
    membership.save()
    return membership


def order_warnings(order) -> list[str]:
    """What to watch on an order: its own warnings (JST-03, the route) and, for a reserved
    contract, the share of employees from the groups Pzp art. 94 lists on the bid day (JST-01)."""
    jobs = Employment.objects.filter(cooperative=order.cooperative_id)
    share = rules.reserved_contract_warning(order, jobs, StatusBook.read(order.cooperative_id))
    return [warning for warning in (*order.warnings(), share) if warning]
