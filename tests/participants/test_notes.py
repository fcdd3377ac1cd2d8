"""The quick progress-note page: the person first (a bounded list or a search), then their goals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants import services
from participants.models import AccessLog, ProgressNote
from tests.factories.participants import EnrolmentFactory, PersonFactory

URL = "/participants/notes/new/"
PEOPLE_LISTED = 5  # the page's bound, lowered so that a few people go past it


@pytest.fixture(autouse=True)
def _a_short_list(monkeypatch):
    monkeypatch.setattr("participants.views.PEOPLE_LISTED", PEOPLE_LISTED)


def approve(programme, on="2023-03-20"):
    programme.approved_on = on
    programme.save()
    return programme


def attending(workshop, last_name="Zespołowa", goals=("Cel.",)):
    """Someone attending ``workshop`` with an approved programme and these goals."""
    enrolment = EnrolmentFactory(workshop=workshop, person=PersonFactory(last_name=last_name))
    version = approve(services.programme_start(enrolment=enrolment, valid_from="2023-03-15"))
    for description in goals:
        version.goals.create(domain="social", description=description)
    return enrolment


def stranger_goal(people):
    """A goal of an approved programme at a workshop the staff do not work in."""
    version = approve(
        services.programme_start(enrolment=people.stranger_enrolment, valid_from="2023-03-15")
    )
    return version.goals.create(domain="social", description="Cudzy cel.")


def logged(person, kind):
    return AccessLog.objects.filter(person=person, kind=kind).count()


def test_the_person_first_then_their_goals_then_the_note_is_saved(world, people, client_for):
    approve(people.programme)
    client = client_for(world.staff)
    page = client.get(URL)
    assert page.status_code == 200
    assert [person for person, _label in page.context["people"]] == [people.participant]
    content = page.content.decode()
    assert f"{URL}?person={people.participant.pk}" in content
    assert "Dojazd komunikacją." in content  # the latest notes, not a choice
    assert 'name="goal"' not in content
    assert "Obca" not in content

    page = client.get(URL, {"person": people.participant.pk})
    assert page.status_code == 200
    assert list(page.context["form"].goals) == [people.note.goal.pk]
    assert 'type="radio" name="goal"' in page.content.decode()
    assert "Wybierz inną osobę" in page.content.decode()

    response = client.post(
        URL,
        {
            "person": people.participant.pk,
            "goal": people.note.goal.pk,
            "rating": 4,
            "text": "Sama dojechała.",
            "written_on": "2025-03-03",
        },
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    note = ProgressNote.objects.get(text="Sama dojechała.")
    assert (note.author, note.enrolment, note.goal) == (
        world.staff,
        people.enrolment,
        people.note.goal,
    )
    assert note.written_on == datetime.date(2025, 3, 3)
    # Ready for the next note: the people again, the message, the note on top of the latest.
    assert "people" in response.context
    assert "form" not in response.context
    assert "Zapisano: Uczestnicka" in response.content.decode()
    assert response.context["recent"][0] == note


def test_someone_outside_the_users_workshops_cannot_be_chosen_or_written_about(
    world, people, client_for
):
    goal = stranger_goal(people)
    client = client_for(world.staff)
    assert people.stranger not in [person for person, _label in client.get(URL).context["people"]]
    assert client.get(URL, {"person": people.stranger.pk}).status_code == 404
    response = client.post(
        URL,
        {"person": people.stranger.pk, "goal": goal.pk, "rating": 4, "written_on": "2025-03-03"},
    )
    assert response.status_code == 404
    assert not ProgressNote.objects.filter(goal=goal).exists()
    assert logged(people.stranger, AccessLog.Kind.RECORD) == 0
    # An administrator writes about anyone attending.
    assert client_for(world.admin).get(URL, {"person": people.stranger.pk}).status_code == 200


def test_a_goal_of_someone_else_is_refused_with_a_form_error(world, people, client_for):
    approve(people.programme)
    other = attending(world.workshop, goals=["Cudzy cel w tym samym warsztacie."])
    others_goal = other.programme.versions.get().goals.get()
    outside_goal = stranger_goal(people)
    client = client_for(world.staff)
    for goal in (others_goal, outside_goal):
        response = client.post(
            URL,
            {
                "person": people.participant.pk,
                "goal": goal.pk,
                "rating": 4,
                "written_on": "2025-03-03",
            },
        )
        assert response.status_code == 200
        assert response.context["form"].errors["goal"] == ["Wybierz cel z listy."]
        assert not ProgressNote.objects.filter(goal=goal).exists()
    assert ProgressNote.objects.count() == 1  # the fixture's own


def test_bad_input_saves_nothing(world, people, client_for):
    approve(people.programme)
    client = client_for(world.staff)
    goal = people.note.goal.pk
    for person in ("abc", "0", "99999999999999999999", ""):
        assert client.get(URL, {"person": person}).status_code == (200 if person == "" else 404)
        data = {"person": person, "goal": goal, "rating": 4, "written_on": "2025-03-03"}
        assert client.post(URL, data).status_code == 404
    data = {"person": people.participant.pk, "goal": goal, "rating": 9, "written_on": "x"}
    response = client.post(URL, data)
    assert set(response.context["form"].errors) == {"rating", "written_on"}
    assert ProgressNote.objects.count() == 1


def test_a_draft_programme_leaves_the_person_off_the_list(world, people, client_for):
    client = client_for(world.staff)
    assert client.get(URL).context["people"] == []
    assert client.get(URL, {"person": people.participant.pk}).status_code == 404


def test_one_goal_is_chosen_already_and_several_are_offered(world, people, client_for):
    approve(people.programme)
    client = client_for(world.staff)
    form = client.get(URL, {"person": people.participant.pk}).context["form"]
    assert form["goal"].value() == people.note.goal.pk
    several = attending(world.workshop, last_name="Wielocelowa", goals=["Pierwszy.", "Drugi."])
    form = client.get(URL, {"person": several.person.pk}).context["form"]
    assert len(form.fields["goal"].choices) == 2
    assert form["goal"].value() is None


def test_the_list_is_bounded_and_a_search_finds_the_rest_within_scope(world, people, client_for):
    approve(people.programme)
    for number in range(PEOPLE_LISTED):
        attending(world.workshop, last_name=f"Anonimowa{number:02d}")
    stranger_goal(people)
    client = client_for(world.staff)
    page = client.get(URL)
    shown = [person for person, _label in page.context["people"]]
    assert len(shown) == PEOPLE_LISTED
    assert page.context["more"]
    assert people.participant not in shown  # "Uczestnicka" comes after five "Anonimowa…"
    assert 'name="q"' in page.content.decode()
    assert "Pokazano tylko pierwszych 5 osób" in page.content.decode()

    found = client.get(URL, {"q": "uczestnicka"}).context["people"]
    assert [person for person, _label in found] == [people.participant]
    found = client.get(URL, {"q": "anonimowa0"}).context["people"]
    assert len(found) == PEOPLE_LISTED
    page = client.get(URL, {"q": "Obca"})  # attends, with a goal, but not at the staff's workshop
    assert page.context["people"] == []
    assert "Nikt, o kim możesz napisać notatkę, nie pasuje do „Obca”." in page.content.decode()


def test_the_search_ignores_diacritics(world, people, client_for):
    enrolment = attending(world.workshop, last_name="Żółkiewska")
    client = client_for(world.staff)
    for query in ("zolk", "ŻÓŁK", "żółkiewska"):
        assert [p for p, _ in client.get(URL, {"q": query}).context["people"]] == [enrolment.person]


def test_the_log_names_only_the_people_shown(world, people, client_for):
    approve(people.programme)
    for number in range(PEOPLE_LISTED):
        attending(world.workshop, last_name=f"Anonimowa{number:02d}")
    client = client_for(world.staff)
    AccessLog.objects.all().delete()

    shown = {person.pk for person, _label in client.get(URL).context["people"]}
    listed = AccessLog.objects.filter(kind=AccessLog.Kind.LIST, user=world.staff, where=URL)
    # The five listed, and the person of the staff's latest note (Uczestnicka, past the list).
    assert sorted(listed.values_list("person", flat=True)) == sorted(
        shown | {people.participant.pk}
    )
    assert AccessLog.objects.count() == PEOPLE_LISTED + 1
    AccessLog.objects.all().delete()

    client.get(URL, {"q": "uczestnicka"})
    assert list(AccessLog.objects.values_list("person", "kind")) == [
        (people.participant.pk, AccessLog.Kind.LIST)
    ]
    AccessLog.objects.all().delete()

    client.get(URL, {"person": people.participant.pk})
    assert list(AccessLog.objects.values_list("person", "kind", "where")) == [
        (people.participant.pk, AccessLog.Kind.RECORD, f"{URL}?person={people.participant.pk}")
    ]


def queries(client, *args):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, *args).status_code == 200
    return len(captured.captured_queries)


def test_the_note_page_runs_constant_queries(world, people, client_for):
    approve(people.programme)
    attending(world.workshop, last_name="Kilkucelowa", goals=["Jeden."])
    client = client_for(world.staff)
    client.get(URL)  # the first request of a session reads what later ones find cached
    few = [
        queries(client),
        queries(client, {"q": "a"}),
        queries(client, {"person": people.participant.pk}),
    ]
    for number in range(PEOPLE_LISTED + 5):
        attending(world.workshop, last_name=f"Anonimowa{number:02d}", goals=["Cel.", "Drugi cel."])
    for number in range(8):
        people.programme.goals.create(domain="social", description=f"Cel nr {number}.")
    # Session, user, permissions, the people (or the person's goals), the user's latest notes,
    # the access log's inserts, the session: the same for 3 people and for 13, 1 goal and 9.
    many = [
        queries(client),
        queries(client, {"q": "a"}),
        queries(client, {"person": people.participant.pk}),
    ]
    assert many == few
    assert len(client.get(URL).context["people"]) == PEOPLE_LISTED
    assert len(client.get(URL, {"person": people.participant.pk}).context["form"].goals) == 9
