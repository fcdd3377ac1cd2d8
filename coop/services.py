"""Writes of the cooperative's own records that enforce a rule across rows."""

from django.db import transaction

from coop.models import PersonMembership
from employment.services import lock_person


@transaction.atomic
def membership_record(membership: PersonMembership) -> PersonMembership:
    """A member who is a person, new or changed: never two memberships of the same cooperative in
    one period (the database holds that too, on PostgreSQL)."""
    lock_person(membership.person_id)
    membership.full_clean()
    membership.save()
    return membership
