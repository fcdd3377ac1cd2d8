"""database_figures: the row count of every table and every voivodeship's dashboard, as JSON, for
comparing a database with its restored backup (scripts/restore-check)."""

import datetime
import io
import json

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import User
from participants.models import DisabilityCertificate
from tests.factories.coop import VoivodeshipFactory
from tests.factories.participants import CertificateFactory, EnrolmentFactory, PersonFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def figures(*args) -> dict:
    out = io.StringIO()
    call_command("database_figures", *args, stdout=out)
    return json.loads(out.getvalue())


def test_every_model_table_is_counted_and_a_new_row_shows(world):
    with time_machine.travel(NOW, tick=False):
        before = figures()["tables"]
        PersonFactory(residence=world.gmina)
        after = figures()["tables"]
    model_tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }
    assert model_tables <= before.keys()
    assert DisabilityCertificate.symbols.through._meta.db_table in before  # many-to-many too
    assert after["participants_person"] == before["participants_person"] + 1
    assert after["wtz_workshop"] == before["wtz_workshop"] == 3
    assert before["accounts_user"] == User.objects.count() > 0


def _six_participants(world) -> None:
    """Six people attending the staff's workshop since 2020: enough to be shown."""
    for _index in range(6):
        EnrolmentFactory(
            person=PersonFactory(residence=world.gmina),
            workshop=world.workshop,
            admitted_on=datetime.date(2020, 1, 1),
        )


def test_the_dashboards_are_those_an_administrator_reads_in_the_api(world, api_for):
    _six_participants(world)
    VoivodeshipFactory(code="02", name="dolnośląskie")
    api = api_for(world.admin)
    # The command's labels are English; the API speaks the language of the switch's cookie.
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel(NOW, tick=False):
        ours = figures()["dashboards"]
        shown = {
            code: api.get("/api/v1/reports/", {"territory": code, "period": "2025"}).json()
            for code in ("02", "30")
        }
    assert ours["period"] == "2025"
    assert ours["territories"] == shown
    headline = {figure["key"]: figure for figure in ours["territories"]["30"]["headline"]}
    assert headline["participants.end"]["value"] == 6


def test_a_period_and_a_day_can_be_asked_for(world):
    _six_participants(world)
    data = figures("--today", "2026-03-10", "--period", "2025-Q3")
    assert data["today"] == "2026-03-10"
    assert data["dashboards"]["period"] == "2025-Q3"
    with pytest.raises(CommandError, match="--period"):
        figures("--today", "2026-03-10", "--period", "2026")  # not over yet


def test_the_uploads_the_database_points_to_are_listed(world):
    certificate = CertificateFactory(workshop=world.workshop)
    CertificateFactory(workshop=world.workshop)  # no scan
    DisabilityCertificate.objects.filter(pk=certificate.pk).update(
        scan="certificates/2026/skan.pdf"
    )
    out = io.StringIO()
    call_command("database_figures", "--files", stdout=out)
    assert out.getvalue().split() == ["certificates/2026/skan.pdf"]


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_figures_of_an_exported_snapshot_leave_out_what_came_after(world):
    """What scripts/backup relies on: the figures of the very moment pg_dump dumps."""
    from django.db import connections

    holder = connections.create_connection("default")
    try:
        holder.set_autocommit(False)
        with holder.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            before = figures()["tables"]["participants_person"]
            PersonFactory(residence=world.gmina)
            assert figures()["tables"]["participants_person"] == before + 1
            assert figures("--snapshot", snapshot)["tables"]["participants_person"] == before
    finally:
        holder.rollback()
        holder.close()
