"""Stored figures (reports/stored.py): a dashboard read from them is exactly the one counted live
on the day they were stored, reads a fixed handful of rows, and is kept in step by the services
where they are switched on."""

import datetime
import io
from unittest import mock

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from organisations.models import PolicyParameter, Territory
from organisations.policy import Key
from participants.models import Enrolment
from reports import dashboard, indicators, money, signals, stored
from reports.models import FigureRefresh, StoredFigures
from reports.periods import Period, default_period, year_periods

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def switched_on(settings):
    settings.REPORTS_STORED_FIGURES = True


@pytest.fixture
def voivodeship(seeded, db):
    return Territory.objects.get(code="30")


def dashboards(today=TODAY):
    """The dashboards an officer, a manager and an administrator open, as JSON."""
    shown = {}
    for code, period, by_gmina in (
        ("3002", default_period(today), True),
        ("3002", Period(2025, "quarter", 3), False),
        ("30", Period(2025), True),
        ("3002073", Period(2025, "month", 7), True),
        ("3005", Period(2025, "quarter", 1), True),
    ):
        territory = Territory.objects.get(code=code)
        built = dashboard.build(territory, period, today, by_gmina=by_gmina)
        shown[(code, period.key, by_gmina)] = built.as_json()
    return shown


def test_a_stored_dashboard_is_the_live_one_of_that_day(voivodeship):
    live = dashboards()
    refreshed = stored.refresh(voivodeship, TODAY)
    assert (refreshed.computed_for, refreshed.changed_at) == (TODAY, None)
    # This year and the last, with three years of quarters before: five years.
    assert (refreshed.first_year, refreshed.last_year) == (TODAY.year - 4, TODAY.year)
    assert StoredFigures.objects.filter(root="30").exists()
    counting = mock.patch.object(indicators, "flow_blocks", side_effect=AssertionError("live"))
    with (
        counting,
        mock.patch.object(indicators, "stock_blocks", side_effect=AssertionError),
        mock.patch.object(indicators, "medians", side_effect=AssertionError),
        mock.patch.object(money, "balance", side_effect=AssertionError("live balance")),
    ):
        assert dashboards() == live


def test_a_what_if_or_an_assumption_changed_since_counts_the_balance_live(voivodeship):
    stored.refresh(voivodeship, TODAY)
    territory, period = Territory.objects.get(code="3002"), Period(2025)
    assumptions, _form = money.read_assumptions({"benefit_saved": "1234,50"}, period)
    asked = dashboard.build(territory, period, TODAY, assumptions=assumptions)
    with mock.patch.object(stored, "read", return_value=None):
        live = dashboard.build(territory, period, TODAY, assumptions=assumptions)
    assert asked.as_json() == live.as_json()
    benefits = next(
        figure
        for section in asked.sections
        for figure in section.figures
        if figure.key == "balance.benefits"
    )
    assert benefits.value is not None  # shown, at the what-if's value: counted live
    recorded = dashboard.build(territory, period, TODAY).as_json()
    assert recorded != asked.as_json()
    # The recorded value changed after the figures were stored: the stored balance is stale.
    parameter = PolicyParameter.objects.filter(key=Key.BALANCE_BENEFIT_SAVED).latest("valid_from")
    parameter.value += 100
    parameter.save()
    with mock.patch.object(stored, "read", return_value=None):
        changed = dashboard.build(territory, period, TODAY).as_json()
    assert dashboard.build(territory, period, TODAY).as_json() == changed != recorded


def test_the_balance_of_every_unit_and_period_is_the_one_counted_for_each(voivodeship):
    """Read once for the voivodeship, the balance at the recorded assumptions equals the one
    counted for each unit and period, to the grosz (the what-if's code counts that one)."""
    tree = indicators.Tree.read(voivodeship)
    years = range(2024, 2026)
    every, rates = money.all_balances(tree, years)
    assert len(every) == len(tree.units) * 2 * 17
    assert sum(counted.people for counted in every.values()) > 0
    for unit in ("30", "3002", "3002073", "3005"):
        for period in year_periods(2025) + year_periods(2024)[:5]:
            used, _form = money.read_assumptions({}, period)
            assert rates[period.key] == {row.assumption.field: row.value for row in used}
            expected = money.balance(tree.units[unit], period, used)
            assert every[(unit, period.key)] == expected, (unit, period.key)


def test_the_medians_of_every_unit_and_period_are_those_counted_for_each(voivodeship):
    """Read once for the voivodeship and taken in Python, the medians equal the database's
    for every unit in every period of two years (PostgreSQL takes them with PERCENTILE_CONT)."""
    tree = indicators.Tree.read(voivodeship)
    years = range(2024, 2026)
    every = indicators.all_medians(tree, years)
    assert len(every) == len(tree.units) * 2 * 17
    taken = {
        median: count
        for values in every.values()
        for median, (_value, count) in values.items()
        if count
    }
    assert set(taken) == set(indicators.MEDIANS)  # every median is taken somewhere
    for unit in ("30", "3002", "3002073", "3005"):
        for period in year_periods(2025) + year_periods(2024)[:5]:
            expected = indicators.medians(tree.units[unit], period)
            assert every[(unit, period.key)] == expected, (unit, period.key)


def test_a_day_later_the_stored_figures_still_serve_the_periods_they_hold(voivodeship):
    stored.refresh(voivodeship, TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    territory = Territory.objects.get(code="3002")
    with mock.patch.object(indicators, "flow_blocks", side_effect=AssertionError("live")):
        dashboard.build(territory, Period(2025, "quarter", 3), tomorrow)
    # November ends after the figures were stored: its dashboard is counted live.
    with time_machine.travel(NOW + datetime.timedelta(days=4), tick=False):
        later = TODAY + datetime.timedelta(days=4)
        with CaptureQueriesContext(connection) as live:
            dashboard.build(territory, Period(2026, "month", 11), later)
    with CaptureQueriesContext(connection) as kept:
        dashboard.build(territory, Period(2026, "month", 10), later)
    assert len(kept) < len(live)


def test_a_stored_dashboard_reads_a_fixed_handful_of_queries(voivodeship):
    stored.refresh(voivodeship, TODAY)
    territory = Territory.objects.get(code="30")
    with CaptureQueriesContext(connection) as context:
        dashboard.build(territory, Period(2025), TODAY)
    figure_reads = [q for q in context.captured_queries if "reports_" in q["sql"]]
    assert len(figure_reads) == 2  # the refresh's date, then the rows


def test_an_exit_to_work_refreshes_its_voivodeship_in_the_background(
    voivodeship, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        stored.refresh(voivodeship, TODAY)
        enrolment = Enrolment.objects.filter(
            exited_on=None,
            admitted_on__lt=datetime.date(2026, 1, 1),
            workshop__territory__code__startswith="3002",
        ).first()
        territory = Territory.objects.get(code="3002")
        period = Period(2026, "month", 10)
        before = dashboard.build(territory, period, TODAY).as_json()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            enrolment.exited_on = datetime.date(2026, 10, 15)
            enrolment.exit_reason = Enrolment.ExitReason.WORK_OPEN_MARKET
            enrolment.save()
        assert callbacks  # the refresh was queued once the change was committed
        after = dashboard.build(territory, period, TODAY).as_json()
    refreshed = FigureRefresh.objects.get(root="30")
    assert refreshed.changed_at is None  # the immediate task backend refreshed it already
    assert after != before
    with mock.patch.object(stored, "read", return_value=None):
        assert dashboard.build(territory, period, TODAY).as_json() == after


def test_a_change_marks_only_the_voivodeship_it_counts_in(voivodeship):
    stored.refresh(voivodeship, TODAY)
    FigureRefresh.objects.create(
        root="02",
        computed_for=TODAY,
        first_year=2023,
        last_year=2026,
        started_at=NOW,
        finished_at=NOW,
    )
    enrolment = Enrolment.objects.filter(workshop__territory__code__startswith="3005").first()
    assert stored.roots_of(Enrolment, [enrolment.pk]) == {"30"}
    assert stored.mark_changed({"30"}) == ["30"]
    assert stored.mark_changed({"30"}) == []  # already queued: not twice
    assert FigureRefresh.objects.get(root="02").changed_at is None


def test_without_the_switch_a_change_queues_nothing_and_nothing_stored_is_read(
    voivodeship, django_capture_on_commit_callbacks, settings
):
    stored.refresh(voivodeship, TODAY)
    settings.REPORTS_STORED_FIGURES = False
    enrolment = Enrolment.objects.first()
    with django_capture_on_commit_callbacks() as callbacks:
        enrolment.save()
    assert not callbacks
    assert FigureRefresh.objects.get(root="30").changed_at is None
    # what was stored before the switch went off is stale now: the dashboard counts live
    territory = Territory.objects.get(code="3002")
    counting = mock.patch.object(indicators, "flow_blocks", side_effect=AssertionError("live"))
    with counting, pytest.raises(AssertionError, match="live"):
        dashboard.build(territory, Period(2025, "quarter", 3), TODAY)
    with pytest.raises(CommandError, match="REPORTS_STORED_FIGURES"):
        call_command("refresh_reports", "--all", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_command_refreshes_what_it_is_asked_and_refuses_an_unknown_code(voivodeship):
    with time_machine.travel(NOW, tick=False):
        with pytest.raises(CommandError, match="3002"):
            call_command("refresh_reports", "3002", stdout=io.StringIO(), stderr=io.StringIO())
        out = io.StringIO()
        call_command("refresh_reports", "--all", stdout=out, stderr=io.StringIO())
        assert out.getvalue().startswith("30 wielkopolskie")
        FigureRefresh.objects.filter(root="30").update(computed_for=TODAY.replace(day=1))
        call_command("refresh_reports", stdout=io.StringIO(), stderr=io.StringIO())
    assert FigureRefresh.objects.get(root="30").computed_for == TODAY


def test_the_page_says_which_day_its_stored_figures_were_counted_for(voivodeship):
    stored.refresh(voivodeship, TODAY)
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    with time_machine.travel(NOW + datetime.timedelta(days=1), tick=False):
        page = client.get("/reports/?period=2026-10").content.decode()
    assert "Liczby według stanu na 27 listopada 2026" in page
    with time_machine.travel(NOW, tick=False):
        page = client.get("/reports/?period=2026-10").content.decode()
    assert "według stanu na" not in page  # counted today: nothing to say


def test_every_counted_record_knows_where_it_counts():
    for model in signals.COUNTED:
        assert stored.counted_paths(model), model


def test_a_change_made_while_counting_stays_marked_for_its_own_refresh(voivodeship):
    stored.refresh(voivodeship, TODAY)
    counting = indicators.flow_blocks

    def changed_meanwhile(*args, **kwargs):
        stored.mark_changed({"30"})
        return counting(*args, **kwargs)

    with mock.patch.object(indicators, "flow_blocks", side_effect=changed_meanwhile):
        refreshed = stored.refresh(voivodeship, TODAY)
    assert refreshed.changed_at is not None
    assert stored.refresh(voivodeship, TODAY).changed_at is None
