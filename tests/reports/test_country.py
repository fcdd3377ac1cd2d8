"""The country's dashboard, above the voivodeships: each voivodeship's figures as its own dashboard
shows them, and the country's their sum, shown only where every voivodeship's figure is."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from organisations.models import Territory
from participants.models import Enrolment
from reports import dashboard, indicators, money, stored
from reports.models import FigureRefresh, ReportRun
from reports.periods import Period
from reports.query import read_query
from reports.suppression import HIDDEN, SHOWN
from tests.factories.participants import EnrolmentFactory, PersonFactory
from tests.factories.wtz import WorkshopFactory

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
YEAR = Period(2025)


@pytest.fixture
def two_voivodeships(seeded, db):
    """The demo's wielkopolskie and a small dolnośląskie: twelve people at a workshop in Bolesławiec
    since 2024, three more admitted in 2025 (fewer than five: hidden) and two who left for work
    in 2025."""
    voivodeship = Territory.objects.create(code="02", name="dolnośląskie", level="voivodeship")
    powiat = Territory.objects.create(
        code="0201", name="bolesławiecki", level="powiat", parent=voivodeship
    )
    gmina = Territory.objects.create(
        code="0201011", name="Bolesławiec", level="gmina", parent=powiat
    )
    workshop = WorkshopFactory(territory=gmina, name="WTZ w Bolesławcu")
    for index in range(15):
        EnrolmentFactory(
            person=PersonFactory(residence=gmina),
            workshop=workshop,
            admitted_on=datetime.date(2025, 3, 2) if index >= 12 else datetime.date(2024, 2, 1),
        )
    for enrolment in Enrolment.objects.filter(workshop=workshop).order_by("pk")[:2]:
        enrolment.exited_on = datetime.date(2025, 9, 30)
        enrolment.exit_reason = Enrolment.ExitReason.WORK_OPEN_MARKET
        enrolment.save()
    return voivodeship


def territory_rows(built) -> dict[str, list]:
    section = next(section for section in built.sections if section.key == "territories")
    return {str(label): figures for label, figures in section.rows}


def test_the_country_adds_up_its_voivodeships_and_shows_a_sum_only_of_shown_figures(
    two_voivodeships,
):
    built = dashboard.build(dashboard.country(), YEAR, TODAY)
    rows = territory_rows(built)
    assert list(rows) == ["Polska", "dolnośląskie", "wielkopolskie"]
    own = {
        code: territory_rows(dashboard.build(Territory.objects.get(code=code), YEAR, TODAY))
        for code in ("02", "30")
    }
    # Each voivodeship's row is its own dashboard's, status and all.
    for code, name in (("02", "dolnośląskie"), ("30", "wielkopolskie")):
        assert rows[name] == own[code][name]
    seen = set()
    for column, total in enumerate(rows["Polska"]):
        parts = [rows[name][column] for name in ("dolnośląskie", "wielkopolskie")]
        if all(part.status == SHOWN for part in parts):
            assert (total.status, total.value) == (SHOWN, sum(part.value for part in parts))
        else:
            assert total.status == HIDDEN
            assert total.as_json()["value"] is None
        seen.add(total.status)
    assert seen == {SHOWN, HIDDEN}  # both cases are here: 3 admissions hide the country's
    admissions = rows["dolnośląskie"][1]
    assert admissions.status != SHOWN
    participants = rows["Polska"][0]
    assert participants.value == rows["wielkopolskie"][0].value + 13  # 15 admitted, 2 left


def test_the_stored_country_is_the_live_one_and_reads_two_queries_a_voivodeship(
    two_voivodeships, settings
):
    settings.REPORTS_STORED_FIGURES = True
    live = dashboard.build(dashboard.country(), YEAR, TODAY).as_json()
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_reports", "--all", stdout=io.StringIO(), stderr=io.StringIO())
    assert set(FigureRefresh.objects.values_list("root", flat=True)) == {"02", "30", "PL"}
    with (
        mock.patch.object(indicators, "flow_blocks", side_effect=AssertionError("live")),
        mock.patch.object(indicators, "medians", side_effect=AssertionError("live median")),
        mock.patch.object(money, "balance", side_effect=AssertionError("live balance")),
        CaptureQueriesContext(connection) as context,
    ):
        kept = dashboard.build(dashboard.country(), YEAR, TODAY).as_json()
    assert kept == live
    figure_reads = [q for q in context.captured_queries if "reports_" in q["sql"]]
    assert len(figure_reads) == 2 * 2 + 2  # each voivodeship's, and the country's medians


def test_a_change_in_a_voivodeship_refreshes_the_country_too(
    two_voivodeships, settings, django_capture_on_commit_callbacks
):
    settings.REPORTS_STORED_FIGURES = True
    with time_machine.travel(NOW, tick=False):
        call_command("refresh_reports", "--all", stdout=io.StringIO(), stderr=io.StringIO())
        before = dashboard.build(dashboard.country(), YEAR, TODAY).as_json()
        enrolment = Enrolment.objects.filter(
            workshop__territory__code="0201011", exited_on=None
        ).first()
        with django_capture_on_commit_callbacks(execute=True):
            enrolment.exited_on = datetime.date(2025, 6, 30)
            enrolment.exit_reason = Enrolment.ExitReason.WORK_OPEN_MARKET
            enrolment.save()
        after = dashboard.build(dashboard.country(), YEAR, TODAY).as_json()
    assert FigureRefresh.objects.filter(changed_at__isnull=False).count() == 0
    assert after != before
    with (
        mock.patch.object(stored, "read_country", return_value=None),
        mock.patch.object(stored, "read", return_value=None),
    ):
        assert dashboard.build(dashboard.country(), YEAR, TODAY).as_json() == after


def test_who_reads_every_voivodeship_reads_the_country_and_no_one_else(two_voivodeships):
    admin, officer = User.objects.get(username="admin"), User.objects.get(username="officer")
    client = Client()
    client.force_login(admin)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/reports/?period=2025")
        api = client.get("/api/v1/reports/?territory=PL&period=2025")
    assert page.status_code == 200
    assert page.context["dashboard"].territory.code == ""  # the country is the first choice
    text = page.content.decode()
    assert '<option value="PL" selected>Polska</option>' in text
    assert "Wyniki: Polska, 2025" in text
    assert "TERYT" not in text  # the country has no TERYT code to print
    assert 'action="/reports/freeze/"' not in text
    assert api.status_code == 200
    assert api.json()["territory"] == {"code": "PL", "name": "Polska", "level": "country"}
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        assert client.get("/reports/?territory=PL").status_code == 404
        assert client.get("/api/v1/reports/?territory=PL").status_code == 404
        assert 'value="PL"' not in client.get("/reports/").content.decode()


def test_one_voivodeship_is_not_the_country(seeded, db):
    roots = dashboard.report_roots(User.objects.get(username="admin"))
    assert [root.code for root in roots] == ["30"]
    assert not dashboard.reads_country(roots)


def test_a_report_of_the_country_cannot_be_frozen(two_voivodeships):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    with time_machine.travel(NOW, tick=False):
        answer = client.post(
            "/reports/freeze/", {"territory": "PL", "period": "2025", "purpose": "dla sejmiku"}
        )
        followed = client.get(answer["Location"])
    assert answer.status_code == 302
    assert not ReportRun.objects.exists()
    assert "Raportu całego kraju nie można zamrozić." in followed.content.decode()


def test_the_picker_leads_down_to_the_chosen_territory_and_no_further(two_voivodeships):
    admin, officer = User.objects.get(username="admin"), User.objects.get(username="officer")
    powiats_of_30 = set(Territory.objects.filter(parent__code="30").values_list("code", flat=True))
    gminas_of_3002 = set(
        Territory.objects.filter(parent__code="3002").values_list("code", flat=True)
    )
    assert powiats_of_30
    assert gminas_of_3002

    def offered(user, code=""):
        query = read_query(user, {"territory": code} if code else {}, TODAY)
        return [territory.code for territory in query.territories]

    assert offered(admin) == ["", "02", "30"]
    assert set(offered(admin, "30")) == {"", "02", "30", *powiats_of_30}
    chosen = offered(admin, "3002")
    assert set(chosen) == {"", "02", "30", *powiats_of_30, *gminas_of_3002}
    assert chosen == sorted(chosen)  # in the order of the TERYT tree
    assert offered(admin, min(gminas_of_3002)) == chosen
    assert offered(officer) == ["3002", *sorted(gminas_of_3002)]
    for code in ("30", "3001", "0201", "9999"):  # out of the officer's reach, or nothing
        with pytest.raises(Http404):
            read_query(officer, {"territory": code}, TODAY)


def test_the_country_downloads_like_any_territory(two_voivodeships):
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    with time_machine.travel(NOW, tick=False):
        xlsx = client.get("/reports/export/xlsx/?territory=PL&period=2025")
        csv = client.get("/reports/export/csv/?territory=PL&period=2025")
    assert xlsx.status_code == csv.status_code == 200
    assert 'filename="polska-2025.xlsx"' in xlsx["Content-Disposition"]
    assert "Polska" in csv.content.decode("utf-8-sig")
