"""The path of every demo person, read in bulk (as the reports will) and one at a time (as the
path page does), gives the same headline stage on every day of the demo's history."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from config import demo
from participants.models import Person
from paths import timeline
from paths.services import path_of, paths_for

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed(scale="demo", today=TODAY)
        yield
        transaction.set_rollback(True)


def test_every_demo_person_has_one_headline_per_day_whichever_way_it_is_read(seeded, db):
    admin = User.objects.get(username="admin")
    people = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as one:
        paths_for(people[:1], today=TODAY)
    with CaptureQueriesContext(connection) as everyone:
        bulk = paths_for(people, today=TODAY)
    assert len(everyone.captured_queries) == len(one.captured_queries)
    first = min(p.first_day for p in bulk.values() if p.first_day)
    days = [first + datetime.timedelta(days=n) for n in range((TODAY - first).days + 1)]
    full_ways = 0
    for person in people:
        page = path_of(person, user=admin, today=TODAY)
        assert page.steps == bulk[person].steps, person
        for day in days:
            assert page.headline_on(day) == bulk[person].headline_on(day), (person, day)
        track = timeline.track(page, TODAY)
        assert len(track.bars if track else []) == len(page.steps)
        stages = {step.stage for step in page.steps}
        full_ways += {"therapy", "practice", "employed"} <= stages
    assert full_ways >= 1  # the demo shows at least one whole way from therapy to a job
