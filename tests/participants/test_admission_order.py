"""Admitting anyone but the person the reserve list proposes first asks for the reason, keeps it
with the application passed over, and shows it on the to-do list and in the history."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants import services, todo
from participants.models import Enrolment
from tests.participants.test_admission import D, approved_entry, candidate


@pytest.fixture
def waiting(world):
    """An ordinary applicant from 2023 and a returnee with priority (WTZ-04) from March 2024."""
    early = approved_entry(world, candidate(world), applied_on=D(2023, 5, 1))
    returnee = approved_entry(
        world,
        candidate(world),
        applied_on=D(2024, 3, 1),
        left_workshop_for_work_on=D(2023, 9, 30),
        job_lost_on=D(2024, 1, 15),
    )
    assert returnee.has_priority
    return early, returnee


@pytest.mark.rule("WTZ-03")
def test_admitting_past_the_first_proposed_asks_why_and_saves_nothing(world, waiting):
    early, returnee = waiting
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=early, workshop=world.workshop, admitted_on=D(2024, 4, 1))
    (message,) = error.value.message_dict["order_override_reason"]
    assert message.startswith("WTZ-03")
    assert str(returnee.person) in message
    assert "WTZ-04" in message  # why the returnee is first
    assert not Enrolment.objects.exists()


@pytest.mark.rule("WTZ-04")
def test_with_a_reason_the_admission_keeps_whom_it_passed_over(world, waiting):
    early, returnee = waiting
    enrolment = services.enrolment_admit(
        entry=early,
        workshop=world.workshop,
        admitted_on=D(2024, 4, 1),
        by=world.staff,
        order_override_reason="  Osoba wracająca zrezygnowała telefonicznie 28.03.  ",
    )
    assert enrolment.passed_over == returnee
    assert enrolment.order_override_reason == "Osoba wracająca zrezygnowała telefonicznie 28.03."
    assert enrolment.history.get().order_override_reason == enrolment.order_override_reason
    with translation.override("en"):
        (item,) = [i for i in todo.items_for(world.staff, D(2024, 4, 2)) if "ahead of" in i.text]
        assert not [i for i in todo.items_for(world.staff, D(2024, 5, 2)) if "ahead of" in i.text]
    assert item.rule == "WTZ-03"
    assert str(returnee.person) in item.text
    assert "zrezygnowała" in item.text
    assert set(item.people) == {early.person_id, returnee.person_id}


@pytest.mark.rule("WTZ-03")
def test_the_first_proposed_needs_no_reason(world, waiting):
    _early, returnee = waiting
    enrolment = services.enrolment_admit(
        entry=returnee, workshop=world.workshop, admitted_on=D(2024, 4, 1)
    )
    assert enrolment.passed_over is None
    assert enrolment.order_override_reason == ""


@pytest.mark.rule("WTZ-03")
def test_the_api_and_the_admin_page_ask_for_the_reason(world, waiting, api_for, client_for):
    early, returnee = waiting
    refused = api_for(world.staff).post(
        f"/api/v1/reserve-list/{early.pk}/admit/",
        {"workshop": world.workshop.pk, "admitted_on": "2024-04-01"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["order_override_reason"][0].startswith("WTZ-03")
    page = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/admit/",
        {"workshop": world.workshop.pk, "entry": early.pk, "admitted_on": "2024-04-01"},
    )
    assert page.status_code == 200
    assert "WTZ-03" in str(page.context["form"].errors["order_override_reason"])
    assert not Enrolment.objects.exists()
    admitted = api_for(world.staff).post(
        f"/api/v1/reserve-list/{early.pk}/admit/",
        {
            "workshop": world.workshop.pk,
            "admitted_on": "2024-04-01",
            "order_override_reason": "Decyzja organizatora z 28.03.",
        },
        format="json",
    )
    assert admitted.status_code == 201, admitted.content
    assert admitted.json()["passed_over"] == returnee.pk
