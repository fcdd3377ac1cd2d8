"""Which database the suite runs on: SQLite by default, PostgreSQL when DATABASE_URL says so."""

import os

import pytest
from django.db import connection

from organisations.models import Organisation
from tests.factories.coop import OrganisationFactory


def test_the_database_in_use_is_the_one_database_url_names(db):
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


@pytest.mark.postgres_only
def test_search_ignores_the_case_of_polish_letters(db):
    # SQLite folds only ASCII letters, so this holds on PostgreSQL alone.
    OrganisationFactory(name="ŁÓDZKIE STOWARZYSZENIE ŻYCZLIWOŚCI")
    assert Organisation.objects.filter(
        name__icontains="łódzkie stowarzyszenie życzliwości"
    ).exists()
