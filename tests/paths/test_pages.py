"""The path page, the easy-read page and the to-do groups: who sees what, in how many queries."""

import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from common.rules import Severity
from common.todo import TodoItem
from employment.models import Placement
from participants.models import AccessLog
from paths import todo
from tests.employment.conftest import D, job

TODAY = D(2026, 12, 2)


@pytest.fixture
def history(world, people):
    """The participant's way on from therapy: a practice at the cooperative, then a job there."""
    Placement.objects.create(
        kind="practice",
        person=people.participant,
        enrolment=people.enrolment,
        host=world.cooperative.organisation,
        cooperative=world.cooperative,
        supervisor="Jan Opiekun",
        weekly_hours=10,
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 5, 31),
    )
    employment = job(people.participant, world.cooperative, starts_on=D(2024, 7, 1))
    employment.save()
    people.programme.goals.create(
        domain="vocational", description="Praca w zespole kuchni.", in_own_words="Chcę gotować."
    )
    return people


def page(client, person, suffix=""):
    with translation.override("pl"), time_machine.travel(TODAY, tick=False):
        return client.get(f"/participants/{person.pk}/path/{suffix}")


def test_the_staff_see_the_whole_way_on_one_page(world, history, client_for):
    response = page(client_for(world.staff), history.participant)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body
    assert 'role="img"' in body
    # The drawing's coordinates are numbers SVG reads, whatever the page's language writes.
    assert re.findall(r'\b(?:x|y|width|x1|x2|y1|y2)="[^"]*,', body) == []
    for words in ("Przyjęcie do", "Praktyka", "Praca w", "Ocena"):
        assert words in body or words.lower() in body, words
    assert "stage-practice" in body
    assert "stage-employed" in body
    assert "stage-retained" in body  # over twelve months in the job by the fixed day
    logged = AccessLog.objects.filter(person=history.participant, kind=AccessLog.Kind.RECORD)
    assert logged.count() == 1


def test_the_manager_sees_only_the_cooperatives_steps(world, history, client_for):
    response = page(client_for(world.manager), history.participant)
    assert response.status_code == 200
    body = response.content.decode()
    assert "stage-employed" in body
    assert "stage-therapy" not in body
    assert history.certificate.number not in body
    assert "IPR" not in body
    assert "Ocena" not in body
    assert "/admin/participants/" not in body  # no link the manager could not follow
    assert page(client_for(world.manager), history.stranger).status_code == 404
    assert page(client_for(world.officer), history.participant).status_code == 404


def test_the_path_page_costs_the_same_for_a_short_and_a_long_history(world, history, client_for):
    client = client_for(world.staff)
    page(client, history.participant)
    with CaptureQueriesContext(connection) as short:
        page(client, history.participant)
    for year in range(2015, 2023):
        extra = job(history.participant, world.cooperative, starts_on=D(year, 2, 1))
        extra.ends_on, extra.end_reason = D(year, 10, 31), "fixed_term"
        extra.save()
        history.programme.goals.create(domain="social", description=f"Cel {year}")
    with CaptureQueriesContext(connection) as long:
        assert page(client, history.participant).status_code == 200
    assert len(long.captured_queries) == len(short.captured_queries)


WORD = re.compile(r"\w+(?:[-']\w+)*")


def sentences(html: str) -> list[str]:
    main = html.split('<article class="easy">', 1)[1].split("</article>", 1)[0]
    text = re.sub(r"<[^>]+>", "\n", main)
    return [
        s.strip()
        for line in text.splitlines()
        for s in re.split(r"(?<=[.!?])\s+", line)
        if s.strip()
    ]


def test_my_path_speaks_plainly_to_the_person(world, history, client_for):
    response = page(client_for(world.staff), history.participant, "easy/")
    assert response.status_code == 200
    body = response.content.decode()
    said = sentences(body)
    assert said, "the page says something"
    too_long = [s for s in said if len(WORD.findall(s)) > 15]
    assert too_long == []
    assert f"Cześć, {history.participant.first_name}!" in said
    assert "Chcę gotować." in said  # the goal in the person's own words
    assert "Praca w zespole kuchni." not in body  # the staff's wording stays off it
    assert history.certificate.number not in body
    assert "Pracujesz" in body or "praca" in body.lower()
    assert page(client_for(world.manager), history.participant, "easy/").status_code == 404


@pytest.mark.parametrize(
    ("due_on", "slug"),
    [
        (D(2026, 12, 1), "overdue"),
        (D(2026, 12, 2), "week"),  # a Wednesday
        (D(2026, 12, 6), "week"),  # that week's Sunday
        (D(2026, 12, 7), "month"),
        (D(2026, 12, 31), "month"),
        (D(2027, 1, 1), "later"),
        (None, "watch"),
    ],
)
def test_items_are_grouped_by_urgency(due_on, slug):
    item = TodoItem("", Severity.TASK if due_on else Severity.WARN, "…", due_on=due_on)
    assert todo.urgency_of(item, TODAY).slug == slug


def test_a_long_group_is_paged(world, client_for, monkeypatch):
    items = [TodoItem("", Severity.TASK, f"Zadanie {n}", due_on=D(2026, 11, 1)) for n in range(60)]
    monkeypatch.setattr(todo, "SOURCES", (lambda user, on: items,))
    client = client_for(world.staff)
    with translation.override("pl"), time_machine.travel(TODAY, tick=False):
        home = client.get("/admin/").content.decode()
        first = client.get("/admin/todo/overdue/").content.decode()
        third = client.get("/admin/todo/overdue/?page=3").content.decode()
        unknown = client.get("/admin/todo/someday/")
    assert "(60)" in home
    assert home.count("Zadanie ") == 8
    assert first.count("Zadanie ") == 25
    assert third.count("Zadanie ") == 10
    assert unknown.status_code == 404
