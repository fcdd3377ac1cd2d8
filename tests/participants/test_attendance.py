"""Attendance by room and day: one page, one submit, a constant number of queries."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import PolicyParameter
from participants import services
from participants.models import AttendanceDay
from tests.factories.participants import EnrolmentFactory
from tests.factories.wtz import RoomFactory

DAY = datetime.date(2025, 3, 3)


def room_with(world, count, room=None):
    room = room or world.room
    enrolments = []
    for _ in range(count):
        enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=datetime.date(2024, 1, 1))
        services.room_assign(enrolment=enrolment, room=room, starts_on=datetime.date(2024, 1, 1))
        enrolments.append(enrolment)
    return enrolments


def grid_url(room, day=DAY):
    return f"/participants/attendance/?room={room.pk}&day={day.isoformat()}"


def test_a_rooms_day_is_saved_in_one_request(world, client_for):
    enrolments = room_with(world, 3)
    client = client_for(world.staff)
    page = client.get(grid_url(world.room))
    assert [row[0] for row in page.context["rows"]] == sorted(
        enrolments, key=lambda e: (e.person.last_name, e.person.first_name)
    )
    codes = {f"code-{e.pk}": "present" for e in enrolments}
    codes[f"code-{enrolments[0].pk}"] = "unexcused"
    response = client.post(grid_url(world.room), {"room": world.room.pk, "day": DAY, **codes})
    assert response.status_code == 302
    saved = dict(AttendanceDay.objects.filter(day=DAY).values_list("enrolment", "code"))
    assert saved[enrolments[0].pk] == "unexcused"
    assert list(saved.values()).count("present") == 2
    codes[f"code-{enrolments[0].pk}"] = "excused"
    client.post(grid_url(world.room), {"room": world.room.pk, "day": DAY, **codes})
    assert AttendanceDay.objects.get(enrolment=enrolments[0], day=DAY).code == "excused"
    assert AttendanceDay.objects.filter(day=DAY).count() == 3
    assert AttendanceDay.history.filter(enrolment_id=enrolments[0].pk).count() == 2


def test_someone_not_in_the_room_that_day_cannot_be_marked(world):
    room_with(world, 1)
    other = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError):
        services.attendance_record(room=world.room, day=DAY, codes={other.pk: "present"}, by=None)
    assert not AttendanceDay.objects.exists()


def test_another_workshops_room_answers_404(world, client_for):
    assert client_for(world.staff).get(grid_url(world.far_room)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_grid_runs_constant_queries(world, client_for, django_assert_num_queries, method):
    room = RoomFactory(workshop=world.workshop, name="Pracownia ogrodnicza")
    client = client_for(world.staff)

    def request(enrolments):
        codes = {f"code-{e.pk}": "present" for e in enrolments}
        if method == "get":
            return client.get(grid_url(room))
        return client.post(grid_url(room), {"room": room.pk, "day": DAY, **codes})

    five = room_with(world, 5, room)
    request(five)  # the first save creates the rows; measure an update of a full register
    with CaptureQueriesContext(connection) as small:
        request(five)
    expected = len(small.captured_queries)  # read now: the next request resets the query log
    forty = five + room_with(world, 35, room)
    request(forty)
    with django_assert_num_queries(expected):
        request(forty)


@pytest.mark.rule("WTZ-17")
def test_unexcused_absences_near_the_organisers_limit_are_warned_about(world):
    PolicyParameter.objects.create(
        key=PolicyParameter.Key.WTZ_UNEXCUSED_ABSENCE_LIMIT,
        value=3,
        valid_from=datetime.date(2020, 1, 1),
        known_on=datetime.date(2020, 1, 1),
        scope=PolicyParameter.Scope.ORGANISER,
        organiser=world.workshop.organiser,
        legal_source="Regulamin WTZ § 12",
        evidence="practice",
    )
    (enrolment,) = room_with(world, 1)
    for day in (3, 4):
        warnings = services.attendance_record(
            room=world.room,
            day=datetime.date(2025, 3, day),
            codes={enrolment.pk: "unexcused"},
            by=world.staff,
        )
    assert len(warnings) == 1
    assert warnings[0].startswith("WTZ-17")


@pytest.mark.rule("WTZ-17")
def test_without_a_limit_in_the_rules_nobody_is_warned(world):
    (enrolment,) = room_with(world, 1)
    warnings = services.attendance_record(
        room=world.room, day=DAY, codes={enrolment.pk: "unexcused"}, by=world.staff
    )
    assert warnings == []


@pytest.mark.rule("WTZ-17")
def test_a_removal_names_the_decision(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(enrolment=enrolment, exited_on=DAY, reason="removed")
    assert error.value.message_dict["exit_notes"][0].startswith("WTZ-17")
    services.enrolment_exit(
        enrolment=enrolment, exited_on=DAY, reason="removed", notes="Decyzja 4/2025 z 3.03.2025"
    )
