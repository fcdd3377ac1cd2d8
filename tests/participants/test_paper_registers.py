"""Registers and lists on paper: a room's month of attendance to print and keep, and the month's
allowances as a list to sign — each for the workshop's own people, in constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants import services
from participants.models import AllowancePayment, AttendanceDay
from tests.factories.wtz import RoomFactory
from tests.participants.test_attendance import room_with

pytestmark = pytest.mark.django_db

SHEET = "/participants/attendance/sheet/"
LIST = "/participants/allowance/list/"


def test_the_register_shows_a_mark_for_each_recorded_day_of_the_month(world, client_for):
    first, second = room_with(world, 2)
    AttendanceDay.objects.create(enrolment=first, day=datetime.date(2024, 2, 29), code="present")
    AttendanceDay.objects.create(enrolment=second, day=datetime.date(2024, 2, 1), code="unexcused")
    AttendanceDay.objects.create(enrolment=first, day=datetime.date(2024, 3, 1), code="excused")
    page = client_for(world.staff).get(f"{SHEET}?room={world.room.pk}&month=2024-02")
    assert len(page.context["days"]) == 29  # a leap February
    marks = dict(page.context["rows"])
    assert marks[first][28] == "O"
    assert marks[first].count("") == 28
    assert marks[second][0] == "N"
    html = page.content.decode()
    assert "luty 2024" in html
    assert "nieobecność nieusprawiedliwiona" in html  # the legend names every mark


def test_the_list_to_sign_shows_the_settled_amounts_and_their_total(world, client_for):
    first, second = room_with(world, 2)
    AllowancePayment.objects.create(
        enrolment=first, month="2024-02-01", due_amount=120, amount=120, unexcused_days=0
    )
    AllowancePayment.objects.create(
        enrolment=second, month="2024-02-01", due_amount=1114.5, amount=1114.5, unexcused_days=0
    )
    page = client_for(world.staff).get(f"{LIST}?workshop={world.workshop.pk}&month=2024-02")
    html = re.sub(r"\s+", " ", page.content.decode())
    assert "1 234,50" in html  # the total, as Poles write it
    assert page.context["all_settled"]


def test_another_workshops_room_and_a_manager_are_refused(world, client_for):
    assert client_for(world.staff).get(f"{SHEET}?room={world.far_room.pk}").status_code == 404
    far = f"{LIST}?workshop={world.far_workshop.pk}"
    assert client_for(world.staff).get(far).status_code == 404
    assert client_for(world.manager).get(SHEET).status_code == 403


def test_the_register_costs_the_same_queries_for_a_larger_room(world, client_for):
    client = client_for(world.staff)
    url = f"{SHEET}?room={world.room.pk}&month=2024-02"
    enrolments = room_with(world, 2)
    for enrolment in enrolments:
        services.attendance_record(
            room=world.room, day=datetime.date(2024, 2, 5), codes={enrolment.pk: "present"}, by=None
        )
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    room_with(world, 10)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large) == len(small)


def test_a_day_the_whole_workshop_was_closed_is_marked_in_every_room_at_once(world, client_for):
    other_room = RoomFactory(workshop=world.workshop, name="Pracownia ogrodnicza")
    here = room_with(world, 2)
    there = room_with(world, 1, other_room)
    response = client_for(world.staff).post(
        "/participants/attendance/",
        {"room": world.room.pk, "day": "2025-03-03", "whole_workshop_closed": "1"},
    )
    assert response.status_code == 302
    marked = AttendanceDay.objects.filter(day=datetime.date(2025, 3, 3), code="closed")
    assert set(marked.values_list("enrolment", flat=True)) == {e.pk for e in here + there}
