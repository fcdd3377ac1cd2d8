"""seed_demo --scale county: ten workshops, three years of their people, built without a fault."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import F

from employment.models import Employment
from participants.models import AttendanceDay, Enrolment, Person, ProgressNote
from paths.services import paths_for
from wtz.models import Workshop

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.large
def test_the_county_demo_builds_and_its_paths_read(db):
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        call_command("seed_demo", "--scale", "county", "--force", stdout=io.StringIO())
        assert Workshop.objects.count() == 10
        assert Person.objects.count() >= 400
        assert AttendanceDay.objects.count() >= 200_000
        assert ProgressNote.objects.exists()
        # A returnee's lost job is the job they lost, never a later one ending before it began.
        assert not Employment.objects.filter(ends_on__lt=F("starts_on")).exists()
        sample = list(Enrolment.objects.order_by("pk").values_list("person", flat=True)[::25])
        paths = paths_for(sample, today=TODAY)
        assert set(paths) == set(sample)
        steps = [step for path in paths.values() for step in path.steps]
        assert all(path.steps for path in paths.values())
        assert all(step.ends_on is None or step.starts_on <= step.ends_on for step in steps)
        transaction.set_rollback(True)
