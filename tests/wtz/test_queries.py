"""Every list runs the same number of queries for 1 row and for 50."""

import pytest

from tests.factories.wtz import RoomFactory, StaffAssignmentFactory, WorkshopFactory
from wtz.models import StaffAssignment


def add_workshops_for(user, count):
    for _ in range(count):
        workshop = WorkshopFactory()
        StaffAssignmentFactory(user=user, workshop=workshop, role=StaffAssignment.Role.MANAGER)
        RoomFactory(workshop=workshop)


@pytest.mark.parametrize("extra_rows", [0, 49])
def test_workshop_api_list_runs_constant_queries(
    api_for, world, django_assert_num_queries, extra_rows
):
    add_workshops_for(world.staff, extra_rows)
    client = api_for(world.staff)
    # 3 role queries (staff, manager, officer assignments) for the permission check,
    # 1 count for the paginator, 1 page of workshops with organiser, gmina and places joined in.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/workshops/")
    assert response.json()["count"] == 1 + extra_rows


@pytest.mark.parametrize("extra_rows", [0, 49])
def test_room_api_list_runs_constant_queries(api_for, world, django_assert_num_queries, extra_rows):
    add_workshops_for(world.staff, extra_rows)
    client = api_for(world.staff)
    # 3 role queries, 1 count, 1 page of rooms.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/rooms/")
    assert response.json()["count"] == 1 + extra_rows


@pytest.mark.parametrize("extra_rows", [0, 49])
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # session, user, whether the user has an authenticator app (the session has not passed
        # a second step), 3 role queries; the changelist's count (never a second one of the
        # whole table) and one page with list_select_related. The session is not written: it
        # was a moment ago, at signing in (accounts.middleware.IdleTimeoutMiddleware).
        ("/admin/wtz/workshop/", 8),
        ("/admin/wtz/room/", 8),
        ("/admin/wtz/staffassignment/", 8),
    ],
)
def test_admin_changelists_run_constant_queries(
    client_for, world, django_assert_num_queries, extra_rows, url, expected
):
    add_workshops_for(world.staff, extra_rows)
    client = client_for(world.staff)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
