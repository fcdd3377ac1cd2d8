"""The therapy API: the same services and rules as the pages."""

import datetime

import pytest

from participants.models import AttendanceDay, Evaluation, ProgressNote
from tests.participants.test_programme import complete, full_council


@pytest.mark.rule("WTZ-07")
def test_approving_an_incomplete_programme_through_the_api_is_a_400(world, people, api_for):
    response = api_for(world.staff).post(
        f"/api/v1/programmes/{people.programme.pk}/approve/",
        {"approved_on": "2023-03-20", "council": [m.pk for m in full_council(world)]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("WTZ-07")


@pytest.mark.rule("WTZ-11")
def test_the_api_returns_the_councils_warnings_with_the_approval(world, people, api_for):
    complete(people.programme, world)
    response = api_for(world.staff).post(
        f"/api/v1/programmes/{people.programme.pk}/approve/",
        {"approved_on": "2023-03-20", "council": [world.staff.staff_assignments.get().pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["warnings"][0].startswith("WTZ-11")
    edit = api_for(world.staff).patch(
        f"/api/v1/programmes/{people.programme.pk}/", {"planned_effects": "Inne."}, format="json"
    )
    assert edit.status_code == 400


def test_a_new_version_through_the_api(world, people, api_for):
    response = api_for(world.staff).post(
        "/api/v1/programmes/",
        {"enrolment": people.enrolment.pk, "valid_from": "2024-03-20"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2


@pytest.mark.rule("WTZ-10")
def test_a_comprehensive_evaluation_without_an_outcome_is_a_400(world, people, api_for):
    response = api_for(world.staff).post(
        "/api/v1/evaluations/",
        {"enrolment": people.enrolment.pk, "kind": "comprehensive", "held_on": "2024-06-01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["outcome"][0].startswith("WTZ-10")
    assert Evaluation.objects.filter(held_on=datetime.date(2024, 6, 1)).count() == 0


def test_a_note_through_the_api_takes_its_participant_from_the_goal(world, people, api_for):
    response = api_for(world.staff).post(
        "/api/v1/progress-notes/",
        {"goal": people.note.goal.pk, "written_on": "2025-03-03", "rating": 4},
        format="json",
    )
    assert response.status_code == 201, response.content
    note = ProgressNote.objects.get(pk=response.json()["id"])
    assert note.enrolment == people.enrolment
    assert note.author == world.staff


def test_a_rooms_register_through_the_api(world, people, api_for):
    from participants import services

    services.room_assign(
        enrolment=people.enrolment, room=world.room, starts_on=datetime.date(2024, 1, 1)
    )
    response = api_for(world.staff).post(
        "/api/v1/attendance/register/",
        {
            "room": world.room.pk,
            "day": "2025-03-03",
            "codes": {str(people.enrolment.pk): "excused"},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert AttendanceDay.objects.get(enrolment=people.enrolment).code == "excused"
    other_room = api_for(world.staff).post(
        "/api/v1/attendance/register/",
        {"room": world.far_room.pk, "day": "2025-03-03", "codes": {}},
        format="json",
    )
    assert other_room.status_code == 400
