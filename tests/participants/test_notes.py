"""The quick progress-note page."""

import datetime

from participants.models import ProgressNote
from tests.factories.participants import EnrolmentFactory


def approve(programme, on="2023-03-20"):
    programme.approved_on = on
    programme.save()
    return programme


def test_the_note_page_offers_the_goals_of_approved_programmes_and_saves_a_note(
    world, people, client_for
):
    approve(people.programme)
    client = client_for(world.staff)
    page = client.get("/participants/notes/new/")
    assert page.status_code == 200
    assert "Dojazd komunikacją." in page.content.decode()
    goal = people.note.goal
    response = client.post(
        "/participants/notes/new/",
        {"goal": goal.pk, "rating": 4, "text": "Sama dojechała.", "written_on": "2025-03-03"},
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get(text="Sama dojechała.")
    assert note.author == world.staff
    assert note.enrolment == people.enrolment
    assert note.written_on == datetime.date(2025, 3, 3)


def test_a_goal_outside_the_users_workshops_is_refused(world, people, client_for):
    from participants import services

    stranger_version = services.programme_start(
        enrolment=people.stranger_enrolment, valid_from="2023-03-15"
    )
    approve(stranger_version)
    goal = stranger_version.goals.create(domain="social", description="Cudzy cel.")
    response = client_for(world.staff).post(
        "/participants/notes/new/", {"goal": goal.pk, "rating": 4, "written_on": "2025-03-03"}
    )
    assert response.status_code == 200
    assert "goal" in response.context["form"].errors
    assert not ProgressNote.objects.filter(goal=goal).exists()


def test_a_draft_programmes_goals_are_not_offered(world, people, client_for):
    page = client_for(world.staff).get("/participants/notes/new/")
    assert people.note.goal.pk not in page.context["form"].goals


def test_the_note_page_runs_constant_queries(world, people, client_for, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from participants import services

    def add(count):
        for _ in range(count):
            enrolment = EnrolmentFactory(workshop=world.workshop)
            version = approve(
                services.programme_start(enrolment=enrolment, valid_from="2023-03-15")
            )
            version.goals.create(domain="social", description="Cel.")

    add(5)
    client = client_for(world.staff)
    with CaptureQueriesContext(connection) as five:
        client.get("/participants/notes/new/")
    add(35)
    # Session, user, permissions (roles), the goals with their people, the user's latest notes,
    # one insert into the access log, and the session save: the same for 5 people and for 40.
    with django_assert_num_queries(len(five.captured_queries)):
        page = client.get("/participants/notes/new/")
    assert page.content.decode().count("Cel.") == 40
