"""The outcomes of the demo as the demo officer reaches them: most figures real numbers, a few
hidden; no hidden figure recovered by any subtraction; no person's data anywhere."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from organisations.models import Territory
from participants.models import Enrolment, Person
from reports import indicators
from reports.indicators import FLOW_SUMS, STOCK_SUMS
from reports.periods import year_periods
from reports.stages import people_in, stage_counts, stage_counts_by_paths
from reports.suppression import HIDDEN, SHOWN, SMALL, determined, recoverable
from tests.factories.participants import EnrolmentFactory, PersonFactory
from wtz.models import Workshop

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)
REACH = "3002"  # the demo officer's powiat


URLS = (
    "/api/v1/reports/",
    "/reports/",
    "/reports/?territory=3002073&period=2025-Q3",
    "/reports/export/xlsx/?period=2025-07",
)


def queries_of(client) -> list[int]:
    """The queries each of ``URLS`` costs the officer."""
    counts = []
    with time_machine.travel(NOW, tick=False):
        for url in URLS:
            with CaptureQueriesContext(connection) as context:
                assert client.get(url).status_code == 200
            counts.append(len(context.captured_queries))
    return counts


def with_more_people(count: int, admitted_on: datetime.date) -> None:
    """``count`` more participants of the officer's powiat, half of them gone to work."""
    workshop = Workshop.objects.filter(territory__code__startswith=REACH).first()
    for index in range(count):
        EnrolmentFactory(
            person=PersonFactory(residence=workshop.territory),
            workshop=workshop,
            admitted_on=admitted_on,
            exited_on=admitted_on + datetime.timedelta(days=30 + index) if index % 2 else None,
            exit_reason=Enrolment.ExitReason.WORK_OPEN_MARKET if index % 2 else "",
        )


def test_the_demo_dashboard_runs_no_more_queries_with_more_people(seeded, db):
    client = Client()
    client.force_login(User.objects.get(username="officer"))
    before = queries_of(client)
    with_more_people(40, datetime.date(2025, 3, 1))
    assert queries_of(client) == before


def _published(years):
    """Every figure of the voivodeship's blocks for ``years`` (flows) and the period boundaries
    (stocks), with its status, and the sums they obey."""
    tree = indicators.Tree.read(Territory.objects.get(code="30"))
    threshold = indicators.minimum_cell(TODAY)
    cells, status, sums = {}, {}, []
    for block in indicators.flow_blocks(tree, years, TODAY, threshold).values():
        cells |= block.cells
        status |= block.status
    days = sorted({d for y in years for p in year_periods(y) for d in (p.first_day, p.last_day)})
    for block in indicators.stock_blocks(tree, days, TODAY, threshold).values():
        cells |= block.cells
        status |= block.status
    for year in years:
        periods = year_periods(year)
        sums += indicators._sums(tree, FLOW_SUMS, [p.key for p in periods], flows=periods)
    sums += indicators._sums(tree, STOCK_SUMS, [d.isoformat() for d in days])
    return cells, status, sums


def _within_reach(key):
    return key[1].startswith(REACH)


@pytest.mark.rule("JST-04")
def test_no_figure_the_officer_reaches_is_recovered_by_subtraction(seeded, db):
    """Every figure the officer can reach — every territory of their powiat, every year,
    quarter and month of the demo's history, every day a period starts or ends — and every sum
    among them: parts and totals, months in quarters and quarters in years, gminas in the powiat.
    Neither subtraction nor solving all the sums together recovers a hidden one; with secondary
    suppression off, subtraction does."""
    cells, status, sums = _published(range(2023, 2026))
    reach = {key for key in cells if _within_reach(key)}
    visible = {key: cells[key].value for key in reach if status[key] == SHOWN}
    hidden = {key for key in reach if status[key] != SHOWN}
    assert len(visible) > len(hidden) > 0
    found = recoverable(visible, hidden, sums)
    assert {key for key, value in found.items() if value == cells[key].value} == set()
    # and all the sums solved together as equations: the officer's unknowns are the hidden
    # figures of their powiat and every figure outside it
    reach_status = {key: status[key] if key in reach else HIDDEN for key in cells}
    assert determined(cells, reach_status, sums) & hidden == set()
    assert determined(cells, status, sums) == set()  # nor for a reader of every territory

    small_only = {key for key in reach if 0 < cells[key].persons < 5}
    weakened = {key: cells[key].value for key in reach if key not in small_only}
    leaked = recoverable(weakened, small_only, sums)
    assert any(value == cells[key].value for key, value in leaked.items())


def test_the_default_year_of_the_demo_powiat_is_mostly_real_numbers(seeded, db):
    officer = User.objects.get(username="officer")
    client = Client()
    client.force_login(officer)
    with time_machine.travel(NOW, tick=False):
        data = client.get("/api/v1/reports/").json()
    figures = list(data["headline"])
    for section in data["sections"]:
        figures += section.get("figures", [])
        figures += [f for row in section.get("rows", []) for f in row["figures"]]
    shown = [f for f in figures if f["status"] == "shown" and f["value"]]
    hidden = [f for f in figures if f["status"] in ("small", "hidden")]
    assert len(shown) > 3 * len(hidden) > 0
    headline = {f["key"]: f for f in data["headline"]}
    assert headline["exits.work"]["value"] >= 10  # the cooperative works, as the concept intends
    assert any(f["status"] == SMALL for f in figures)


def test_no_report_page_or_answer_holds_a_persons_data(seeded, db):
    """Every territory the officer reads, in a year, a quarter and a month, on the page, in the
    API and in the download: no surname, PESEL or birth date of any demo person."""
    people = list(Person.objects.values_list("last_name", "pesel", "birth_date"))
    surnames = {last_name for last_name, _pesel, _birth in people}
    marks = {pesel for _name, pesel, _birth in people if pesel}
    marks |= {birth.isoformat() for _name, _pesel, birth in people if birth}
    marks |= {birth.strftime("%d.%m.%Y") for _name, _pesel, birth in people if birth}
    officer = User.objects.get(username="officer")
    client = Client()
    client.force_login(officer)
    territories = Territory.objects.filter(code__startswith=REACH).values_list("code", flat=True)
    periods = ["2025", "2025-Q3", "2024-12"]
    with time_machine.travel(NOW, tick=False):
        for code in territories:
            for period in periods:
                answers = [client.get(f"/api/v1/reports/?territory={code}&period={period}")]
                if period == "2025":
                    answers.append(client.get(f"/reports/?territory={code}&period={period}"))
                    answers.append(client.get(f"/reports/export/csv/?territory={code}&period=2025"))
                for answer in answers:
                    assert answer.status_code == 200
                    # the reader's own name stands in the page's header
                    text = answer.content.decode("utf-8-sig").replace(str(officer), "")
                    words = set(re.findall(r"\w+", text))
                    assert not surnames & words, (code, period, surnames & words)
                    assert not [mark for mark in marks if mark in text], (code, period)


def test_the_stages_counted_in_sql_equal_the_paths_on_every_day_of_the_report_period(seeded, db):
    """The dashboard counts stages in the database (``reports.stages``); the path page tells
    them step by step (``paths.services``). For every day of the demo's report period (the last
    full year) and the day after it, in every territory, the counts agree."""
    people = people_in("30")
    first = datetime.date(TODAY.year - 1, 1, 1)
    days = [first + datetime.timedelta(days=n) for n in range(367)]
    expected = stage_counts_by_paths(people, days, TODAY)
    assert stage_counts(people, days, TODAY) == expected
    assert {stage for stage, _code, _day in expected} >= {"therapy", "employed", "retained"}


@pytest.mark.rule("JST-04")
def test_a_figure_shown_on_an_earlier_day_is_never_hidden_later(seeded, db):
    """Figures come out month by month, their quarter and year later, the jobs that followed a
    practice six months later. Whatever the demo officer saw on the 15th of any month of the
    last full year is still shown, with the same value, today — so no earlier page can be
    subtracted from today's — and what was hidden then is still hidden."""
    tree = indicators.Tree.read(Territory.objects.get(code="30"))
    threshold = indicators.minimum_cell(TODAY)
    year = TODAY.year - 1
    today = indicators.flow_blocks(tree, range(year, year + 1), TODAY, threshold)[year]
    checked = 0
    for month in range(2, 13):
        earlier_day = datetime.date(year, month, 15)
        earlier = indicators.flow_blocks(tree, range(year, year + 1), earlier_day, threshold)[year]
        for key, state in earlier.status.items():
            assert today.status[key] == state, (earlier_day, key)
            assert today.cells[key].value == earlier.cells[key].value
            checked += 1
    assert checked > 1000
