"""Rules that count across rows hold when requests arrive together (PostgreSQL, threads released
at once, each with its own connection): no rule broken, no change lost, no 500."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections
from rest_framework.test import APIClient

from coop.models import PersonMembership
from employment.models import Employment, Placement
from participants.models import Person
from tests.conftest import restore_reference_data
from tests.employment.conftest import attending
from tests.factories.participants import make_pesel

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

D = datetime.date


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    restore_reference_data()


def together(user, requests: list) -> list:
    """Sends ``requests`` — ``(method, url, body)`` — as ``user`` from as many threads, released
    at the same moment; returns the responses in order."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def send(index, method, url, body, headers):
        client = APIClient()
        client.force_authenticate(user)
        try:
            barrier.wait(timeout=30)
            responses[index] = getattr(client, method)(url, body, format="json", **headers)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, *request, *([{}] if len(request) == 3 else [])))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return responses


def statuses(responses) -> list[int]:
    return sorted(response.status_code for response in responses)


def hire_body(world, person, **changes):
    return {
        "person": person.pk,
        "cooperative": world.cooperative.pk,
        "position": "Pomocnik kuchenny",
        "contract_type": "employment",
        "fte": "1.00",
        "daily_hours": "7",
        "weekly_hours": "35",
        "monthly_wage": "4806.00",
        "starts_on": "2025-02-03",
        "facts": {
            "degree": "moderate",
            "special_conditions": False,
            "evidence_shown_on": "2025-01-20",
        },
        **changes,
    }


@pytest.mark.rule("EMP-02")
def test_concurrent_hires_of_one_person_never_exceed_the_hours(world, people):
    person = people.participant
    responses = together(
        world.manager, [("post", "/api/v1/employments/", hire_body(world, person))] * 10
    )
    assert 500 not in statuses(responses)
    assert statuses(responses) == [201] + [400] * 9, [r.json() for r in responses[:2]]
    assert Employment.objects.filter(person=person).count() == 1
    # … and the eleventh, sent after them all, is refused too: the hours are added up.
    client = APIClient()
    client.force_authenticate(world.manager)
    again = client.post("/api/v1/employments/", hire_body(world, person), format="json")
    assert again.status_code == 400
    assert "EMP-02" in str(again.json())


@pytest.mark.rule("WTZ-14")
def test_concurrent_practices_never_put_more_than_half_on_practice(world, people, api_for):
    host = world.cooperative.organisation
    participants = [attending(world.workshop, admitted_on=D(2024, 1, 2)) for _ in range(22)]
    attending_now = len(participants) + 1  # and the cast's own participant
    bodies = [
        (
            "post",
            "/api/v1/placements/",
            {
                "kind": "practice",
                "person": enrolment.person_id,
                "enrolment": enrolment.pk,
                "programme": version.pk,
                "host": host.pk,
                "supervisor": "Jan Opiekun",
                "weekly_hours": "10",
                "starts_on": "2025-03-03",
                "ends_on": "2025-05-30",
            },
        )
        for enrolment, version in participants[:21]
    ]
    responses = together(world.staff, bodies)
    assert 500 not in statuses(responses)
    on_practice = Placement.objects.filter(kind="practice", enrolment__workshop=world.workshop)
    assert on_practice.count() * 2 <= attending_now
    assert statuses(responses).count(201) == on_practice.count()


def test_concurrent_memberships_never_overlap(world, people):
    body = {
        "cooperative": world.cooperative.pk,
        "person": people.participant.pk,
        "starts_on": "2025-06-03",
    }
    responses = together(world.manager, [("post", "/api/v1/members/", body)] * 4)
    assert 500 not in statuses(responses)
    assert statuses(responses).count(201) == 1
    assert PersonMembership.objects.filter(person=people.participant).count() == 1


def test_concurrent_edits_of_one_record_lose_no_change(world, people):
    person = people.participant
    url = f"/api/v1/persons/{person.pk}/"
    for round_ in range(5):
        first, last = f"Imię{round_}", f"Nazwisko{round_}"
        responses = together(
            world.staff,
            [("patch", url, {"first_name": first}), ("patch", url, {"last_name": last})],
        )
        assert 500 not in statuses(responses)
        saved = Person.objects.get(pk=person.pk)
        if responses[0].status_code == 200:
            assert saved.first_name == first
        if responses[1].status_code == 200:
            assert saved.last_name == last
        assert {response.status_code for response in responses} <= {200, 409}


def test_concurrent_registrations_of_one_new_pesel_give_everyone_the_same_record(world):
    body = {
        "first_name": "Równoczesna",
        "last_name": "Rejestracja",
        "pesel": make_pesel(D(1991, 7, 9), female=True, serial=77),
        "residence": world.gmina.pk,
        "workshop": world.workshop.pk,
    }
    responses = together(world.staff, [("post", "/api/v1/persons/", body)] * 8)
    assert statuses(responses) == [201] * 8
    assert len({response.json()["id"] for response in responses}) == 1
    assert Person.objects.filter(pesel=body["pesel"]).count() == 1


def test_an_admin_save_that_loses_a_race_gets_the_form_error(world, client_for, monkeypatch):
    """The other save commits between this form's check and its save: the admin checks again
    and answers with the error the check gives, not a 500."""
    from django.contrib import admin

    from coop.models import SurplusAllocation

    model_admin = admin.site._registry[SurplusAllocation]
    original = type(model_admin).save_model
    values = {
        "cooperative": world.cooperative,
        "year": 2024,
        "surplus": Decimal(100),
        "reserve_fund": Decimal(40),
        "reintegration": Decimal(40),
        "jobs_and_investment": Decimal(20),
    }

    def someone_else_first(self, request, obj, form, change):
        if not SurplusAllocation.objects.exists():
            winner = threading.Thread(
                target=lambda: (SurplusAllocation.objects.create(**values), connections.close_all())
            )
            winner.start()
            winner.join()
        return original(self, request, obj, form, change)

    monkeypatch.setattr(type(model_admin), "save_model", someone_else_first)
    response = client_for(world.manager).post(
        "/admin/coop/surplusallocation/add/",
        {**{k: v.pk if hasattr(v, "pk") else v for k, v in values.items()}},
    )
    assert response.status_code == 200
    assert "Nadwyżka za ten rok jest już podzielona." in response.content.decode()
    assert SurplusAllocation.objects.count() == 1
