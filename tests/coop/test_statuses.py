"""A person's statuses, recorded once with dates and evidence, and read by each rule against its own
act's list; the employer's disability facts count as a disability without a second record."""

import importlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coop.models import SocialStatus
from coop.statuses import (
    PROCUREMENT_ACT,
    SOCIAL_COOPERATIVES_ACT,
    SOCIAL_ECONOMY_ACT,
    Status,
    StatusBook,
)
from tests.employment.conftest import D, facts, job
from tests.factories.coop import social_status
from tests.factories.participants import PersonFactory

ACTS = (SOCIAL_COOPERATIVES_ACT, SOCIAL_ECONOMY_ACT, PROCUREMENT_ACT)


@pytest.mark.rule("SC-05")
@pytest.mark.rule("PS-02")
@pytest.mark.rule("JST-01")
@pytest.mark.parametrize(
    ("status", "counted"),
    [
        # (Social Cooperatives Act art. 4 ust. 1, UES art. 2 pkt 6, Pzp art. 94 ust. 1)
        (Status.DISABLED, (True, True, True)),
        (Status.UNEMPLOYED, (True, True, True)),
        (Status.CARER, (True, False, False)),
        (Status.JOB_SEEKER_AGE, (True, False, True)),
        (Status.ADDICTION, (True, True, False)),
        (Status.CIS_GRADUATE, (False, True, False)),
        (Status.SOCIAL_ASSISTANCE, (False, True, False)),
        (Status.MINORITY, (False, False, True)),
        (Status.HOMELESS, (True, True, True)),
    ],
)
def test_each_act_counts_its_own_list(status, counted):
    book = StatusBook([SocialStatus(person_id=1, kind=status, starts_on=D(2025, 1, 1))])
    assert tuple(book.counted(act, 1, D(2025, 6, 30)) for act in ACTS) == counted


def test_every_status_is_counted_by_some_act():
    assert set(Status) == set().union(*(act.counts for act in ACTS))


def test_a_status_holds_from_its_first_to_its_last_day():
    book = StatusBook(
        [
            SocialStatus(
                person_id=1, kind="unemployed", starts_on=D(2024, 2, 29), ends_on=D(2025, 2, 28)
            )
        ]
    )
    held = [book.counted(SOCIAL_COOPERATIVES_ACT, 1, day) for day in (
        D(2024, 2, 28), D(2024, 2, 29), D(2025, 2, 28), D(2025, 3, 1)
    )]  # fmt: skip
    assert held == [False, True, True, False]


@pytest.mark.rule("DIS-05")
def test_the_employers_disability_facts_count_while_they_are_in_force(world):
    """A fixed-term degree shown to the employer makes the employee a disabled person under every
    act until it runs out; the day after, without new evidence, it no longer does."""
    employment = job(PersonFactory(), world.cooperative, starts_on=D(2025, 2, 3))
    employment.save()
    record = facts(applies_from=D(2025, 2, 3), valid_until=D(2025, 4, 30))
    record.employment = employment
    record.save()
    book = StatusBook.read(world.cooperative)
    person = employment.person_id
    assert all(book.counted(act, person, D(2025, 4, 30)) for act in ACTS)
    assert not any(book.counted(act, person, D(2025, 5, 1)) for act in ACTS)
    assert not book.counted(SOCIAL_COOPERATIVES_ACT, person, D(2025, 2, 2))
    # Another cooperative's records say nothing about this one's people.
    assert StatusBook.read(world.other_cooperative).held_on(person, D(2025, 3, 3)) == set()


def test_statuses_are_the_cooperatives_managers_records(world, people, api_for, client_for):
    body = {
        "cooperative": world.cooperative.pk,
        "person": people.participant.pk,  # referred to the cooperative
        "kind": "unemployed",
        "starts_on": "2025-01-02",
        "evidence": "Zaświadczenie PUP z 2 stycznia 2025",
    }
    response = api_for(world.manager).post("/api/v1/social-statuses/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["counted_by"] == [
        SOCIAL_COOPERATIVES_ACT.source,
        SOCIAL_ECONOMY_ACT.source,
        PROCUREMENT_ACT.source,
    ]
    status = SocialStatus.objects.get()
    assert status.history.count() == 1
    # Without evidence, or ending before it began: refused, nothing saved.
    for bad in ({"evidence": ""}, {"ends_on": "2024-12-31"}, {"kind": "rich"}):
        refused = api_for(world.manager).post(
            "/api/v1/social-statuses/", {**body, **bad}, format="json"
        )
        assert refused.status_code == 400
    assert SocialStatus.objects.count() == 1
    # Someone the manager may not see cannot be named; another cooperative's manager, the
    # workshop's staff and officers see none of them.
    stranger = api_for(world.manager).post(
        "/api/v1/social-statuses/", {**body, "person": PersonFactory().pk}, format="json"
    )
    assert stranger.status_code == 400
    assert SocialStatus.objects.visible_to(world.staff).count() == 0
    assert SocialStatus.objects.visible_to(world.officer).count() == 0
    assert api_for(world.staff).get("/api/v1/social-statuses/").status_code == 403
    page = client_for(world.manager).get(f"/admin/coop/socialstatus/{status.pk}/change/")
    assert page.status_code == 200
    with translation.override("pl"):
        assert str(PROCUREMENT_ACT) in page.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/social-statuses/", "/admin/coop/socialstatus/"])
def test_status_lists_run_constant_queries(
    world, api_for, client_for, django_assert_num_queries, url
):
    social_status(world.cooperative, PersonFactory(), "unemployed", D(2025, 1, 2))
    client = api_for(world.manager) if url.startswith("/api/") else client_for(world.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    one_row = len(context.captured_queries)
    for _ in range(30):
        social_status(world.cooperative, PersonFactory(), "homeless", D(2025, 1, 2))
    with django_assert_num_queries(one_row):
        client.get(url)


def test_the_groups_written_on_jobs_and_memberships_become_merged_statuses():
    """The data migration that moved the single group field: periods of one person's same group
    that overlap or touch become one status; a gap keeps them apart; an open end stays open."""
    migration = importlib.import_module("coop.migrations.0005_statuses_from_groups")
    periods = [
        (D(2024, 1, 2), D(2024, 12, 31), "orzeczenie"),  # a fixed-term contract
        (D(2025, 1, 1), None, ""),  # continued the next day, open-ended
        (D(2024, 6, 1), D(2025, 5, 31), "orzeczenie"),  # the membership, inside both
    ]
    assert migration.merged(periods) == [(D(2024, 1, 2), None, "orzeczenie")]
    apart = [(D(2024, 1, 2), D(2024, 3, 31), "a"), (D(2024, 4, 2), D(2024, 5, 31), "b")]
    assert migration.merged(apart) == apart
