"""Reading dated policy parameters: a snapshot of the table answers every lookup as the database
does, in one query."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import PolicyParameter
from organisations.policy import MissingPolicyParameter, policy_parameter, policy_snapshot
from tests.factories.coop import OrganisationFactory

D = datetime.date
DAYS = [
    D(1997, 12, 31),
    D(2018, 3, 31),
    D(2020, 2, 29),
    D(2024, 7, 1),
    D(2025, 5, 31),
    D(2026, 12, 2),
]


def answer(key, on, **kwargs):
    try:
        return policy_parameter(key, on, **kwargs).pk
    except MissingPolicyParameter:
        return None


def test_a_snapshot_answers_every_key_on_every_day_as_the_database_does(world):
    organiser = world.workshop.organiser
    for scope, extra in (
        (PolicyParameter.Scope.ORGANISER, {"organiser": organiser}),
        (PolicyParameter.Scope.REGION, {"region": world.gmina.parent.parent}),
        (PolicyParameter.Scope.ORGANISER, {"organiser": OrganisationFactory()}),  # another's
    ):
        PolicyParameter.objects.create(
            key=PolicyParameter.Key.WTZ_RESERVE_PRIORITY_FROM,
            value=Decimal(2),
            valid_from=D(2020, 1, 1),
            known_on=D(2020, 1, 1),
            scope=scope,
            legal_source="art. 10f ust. 2b",
            evidence="U",
            **extra,
        )
    asked = [
        (key, on, kwargs)
        for key in PolicyParameter.Key.values
        for on in DAYS
        for kwargs in ({}, {"organiser": organiser}, {"as_known_on": D(2024, 12, 31)})
    ]
    from_database = [answer(key, on, **kwargs) for key, on, kwargs in asked]
    organiser.territory  # noqa: B018 (read once, as a page would have it)
    with CaptureQueriesContext(connection) as queries, policy_snapshot():
        from_snapshot = [answer(key, on, **kwargs) for key, on, kwargs in asked]
    assert from_snapshot == from_database
    assert len(queries.captured_queries) == 1
    assert any(from_database)  # values found ...
    assert None in from_database  # ... and days before any value


@pytest.mark.django_db
def test_outside_a_snapshot_a_new_value_is_seen_at_once():
    key = PolicyParameter.Key.PATH_RETAINED_AFTER_MONTHS
    with policy_snapshot():
        before = policy_parameter(key, D(2026, 1, 1)).value
    PolicyParameter.objects.create(
        key=key, value=Decimal(6), valid_from=D(2026, 1, 1), known_on=D(2026, 1, 1),
        scope=PolicyParameter.Scope.NATIONAL, legal_source="test", evidence="U",
    )  # fmt: skip
    assert before == 12
    assert policy_parameter(key, D(2026, 1, 1)).value == 6
