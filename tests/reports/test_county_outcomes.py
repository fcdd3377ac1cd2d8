"""At county scale (ten workshops, some 800 people) the dashboard and its API still cost no more
queries when more people come."""

import datetime

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from accounts.models import User
from config import demo
from tests.reports.test_demo_outcomes import NOW, TODAY, queries_of, with_more_people


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(NOW, tick=False):
            demo.seed(scale="county", today=TODAY)
        yield
        transaction.set_rollback(True)


def test_the_county_dashboard_runs_no_more_queries_with_more_people(county, db):
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    before = queries_of(client)
    with_more_people(40, datetime.date(2025, 3, 1))
    assert queries_of(client) == before
