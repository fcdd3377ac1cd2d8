"""Every person of the demo anonymised: every report figure stays the same, and no name or PESEL
of theirs is left in any table — history copies, the admin's log and the access log included."""

import datetime
import json

import pytest
import time_machine
from django.apps import apps
from django.db import models, transaction
from rest_framework.test import APIClient

from accounts.models import User
from config import demo
from config.personal_data import anonymise
from organisations.scoping import aggregate_scope
from participants.models import Person
from wtz.models import Workshop

TODAY = datetime.date(2026, 11, 27)
PERIODS = ("2024", "2025", "2026-Q3")


def demo_regions() -> set[str]:
    """The voivodeships and powiats that have the demo's workshops."""
    codes = set()
    for code in Workshop.objects.values_list("territory__code", flat=True):
        codes |= {code[:2], code[:4]}
    return codes


def report_figures() -> dict:
    """What the reports show: the dashboard for each territory with the demo's workshops that
    the officer and the administrator reach, for years and a quarter."""
    api = APIClient()
    figures = {}
    for username in ("officer", "admin"):
        user = User.objects.get(username=username)
        api.force_authenticate(user)
        for territory in aggregate_scope(user).filter(code__in=demo_regions()):
            for period in PERIODS:
                answer = api.get(
                    "/api/v1/reports/", {"territory": territory.code, "period": period}
                )
                assert answer.status_code == 200, answer.content
                figures[(username, territory.code, period)] = answer.json()
    return figures


def database_text() -> str:
    """Every text column of every table, as one string to search."""
    parts = []
    for model in apps.get_models(include_auto_created=True):
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if columns:
            for row in model._base_manager.values_list(*columns):
                parts.append(json.dumps(row, ensure_ascii=False, default=str))
    return "\n".join(parts)


@pytest.fixture(scope="module")
def anonymised_demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), time_machine.travel(TODAY):
        demo.seed(scale="demo", today=TODAY)
        before = report_figures()
        people = list(Person.objects.values_list("pk", "first_name", "last_name", "pesel"))
        staff_names = {
            f"{first} {last}" for first, last in User.objects.values_list("first_name", "last_name")
        }
        anonymise([pk for pk, *_identity in people], reason="request")
        yield before, report_figures(), people, staff_names, database_text()
        transaction.set_rollback(True)


def test_every_report_figure_is_the_same_after_anonymising_everyone(anonymised_demo, db):
    before, after, people, *_rest = anonymised_demo
    assert len(people) >= 200
    assert len(before) >= 6
    assert after == before


def test_no_name_or_pesel_of_an_anonymised_person_is_left_in_the_database(anonymised_demo, db):
    _before, _after, people, staff_names, text = anonymised_demo
    left = []
    for _pk, first, last, pesel in people:
        if pesel and pesel in text:
            left.append(pesel)
        full = f"{first} {last}"
        # A namesake among the staff is the staff member's name, not a trace of the person.
        if full not in staff_names and (full in text or f"{last} {first}" in text):
            left.append(full)
    assert left == []
    assert Person.objects.filter(anonymised_on__isnull=True).count() == 0
