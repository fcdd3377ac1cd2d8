"""Warnings and tasks on the staff's to-do list."""

import datetime

import pytest
from django.utils import translation

from participants import rules, todo
from participants.models import Enrolment
from tests.factories.participants import CertificateFactory, EnrolmentFactory
from tests.factories.wtz import StaffAssignmentFactory
from wtz.models import StaffAssignment

D = datetime.date


def items(user, on, rule):
    with translation.override("en"):
        return [item for item in todo.items_for(user, on) if item.rule == rule]


def attending_with_certificate(world, valid_until):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2023, 1, 1))
    CertificateFactory(
        person=enrolment.person,
        workshop=world.workshop,
        is_permanent=False,
        valid_until=valid_until,
    )
    return enrolment


@pytest.mark.rule("DIS-04")
@pytest.mark.parametrize(("days_left", "warned"), [(91, False), (90, True), (45, True), (0, True)])
def test_a_certificate_expiring_within_ninety_days_is_a_task(world, days_left, warned):
    today = D(2025, 3, 1)
    attending_with_certificate(world, today + datetime.timedelta(days=days_left))
    found = items(world.staff, today, "DIS-04")
    assert bool(found) is warned
    if warned:
        assert f"{days_left} d" in found[0].text


@pytest.mark.rule("DIS-04")
def test_a_renewed_certificate_silences_the_warning(world):
    enrolment = attending_with_certificate(world, D(2025, 3, 31))
    CertificateFactory(
        person=enrolment.person,
        workshop=world.workshop,
        issued_on=D(2025, 2, 1),
        is_permanent=False,
        valid_until=D(2030, 3, 31),
    )
    assert not items(world.staff, D(2025, 3, 1), "DIS-04")


@pytest.mark.rule("WTZ-05")
def test_participation_continues_until_the_end_of_the_month_after_expiry(world):
    attending_with_certificate(world, D(2025, 1, 15))
    assert rules.participation_allowed_until(D(2025, 1, 15)) == D(2025, 2, 28)
    assert rules.participation_allowed_until(D(2024, 12, 31)) == D(2025, 1, 31)
    in_grace = items(world.staff, D(2025, 2, 10), "WTZ-05")
    assert in_grace[0].severity == "warn"
    assert in_grace[0].due_on == D(2025, 2, 28)
    after = items(world.staff, D(2025, 3, 1), "WTZ-05")
    assert after[0].severity == "task"


@pytest.mark.rule("WTZ-21")
def test_a_workshop_below_the_minimum_size_is_flagged(world, people):
    today = D(2025, 3, 1)
    found = items(world.staff, today, "WTZ-21")
    assert found
    assert "minimum is 20" in found[0].text
    for _ in range(19):
        EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))
    assert Enrolment.objects.filter(workshop=world.workshop).active_on(today).count() == 20
    assert not items(world.staff, today, "WTZ-21")


@pytest.mark.rule("WTZ-12")
def test_a_workshop_without_a_psychologist_is_flagged(world):
    today = D(2025, 3, 1)
    assert any("psychologist" in item.text for item in items(world.staff, today, "WTZ-12"))
    StaffAssignmentFactory(workshop=world.workshop, role=StaffAssignment.Role.PSYCHOLOGIST)
    assert not any("psychologist" in item.text for item in items(world.staff, today, "WTZ-12"))


@pytest.mark.rule("WTZ-12")
def test_more_than_five_participants_per_direct_staff_member_is_flagged(world):
    today = D(2025, 3, 1)
    # Two staff work directly with participants (the manager and the instructor): 10 is fine.
    for _ in range(10):
        EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))
    assert not any("per person" in item.text for item in items(world.staff, today, "WTZ-12"))
    EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))
    assert any("11 participants for 2 staff" in i.text for i in items(world.staff, today, "WTZ-12"))


@pytest.mark.rule("WTZ-03")
def test_a_free_place_and_a_waiting_person_make_a_task_to_offer_it(world, people):
    found = items(world.staff, D(2025, 3, 1), "WTZ-03")
    assert found
    assert str(people.candidate) in found[0].text
    assert found[0].url.endswith(f"?workshop={world.workshop.pk}")


def test_the_to_do_list_is_on_the_admin_home_page(world, people, client_for):
    page = client_for(world.staff).get("/admin/").content.decode()
    assert "Do zrobienia" in page
    assert "WTZ-03" in page


@pytest.mark.rule("WTZ-01")
def test_someone_admitted_without_a_certificate_is_a_task_until_it_is_recorded(world):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2025, 1, 1))
    found = items(world.staff, D(2025, 3, 1), "WTZ-01")
    assert found[0].severity == "task"
    assert found[0].people == (enrolment.person_id,)
    CertificateFactory(person=enrolment.person, workshop=world.workshop)
    assert not items(world.staff, D(2025, 3, 1), "WTZ-01")


@pytest.mark.rule("DIS-04")
def test_the_task_says_from_when_a_new_certificate_may_be_applied_for(world):
    attending_with_certificate(world, D(2025, 9, 30))
    (before,) = items(world.staff, D(2025, 7, 29), "DIS-04")
    assert "may be applied for from July 30, 2025" in before.text  # two months before, from 2 June
    (now,) = items(world.staff, D(2025, 7, 30), "DIS-04")
    assert "may be applied for now" in now.text
    (last_day,) = items(world.staff, D(2025, 9, 29), "DIS-04")
    assert "(in 1 day)" in last_day.text


@pytest.mark.rule("DIS-04")
def test_before_the_2025_change_the_task_says_nothing_of_an_early_application(world):
    attending_with_certificate(world, D(2025, 6, 30))
    (task,) = items(world.staff, D(2025, 6, 1), "DIS-04")
    assert "applied for" not in task.text
    (after,) = items(world.staff, D(2025, 6, 2), "DIS-04")
    assert "applied for now" in after.text  # from 2 June, two months before 30 June is past
