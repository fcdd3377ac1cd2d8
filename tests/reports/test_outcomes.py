"""The outcomes dashboard: indicators counted by hand, fixed periods, protection of small numbers
against subtraction, the API, and constant queries."""

import datetime
import io
import random

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from employment.models import Employment
from organisations.models import Territory
from participants.models import Enrolment, Vacancy
from reports import indicators
from reports.periods import Period, PeriodError, parse_period, year_periods
from reports.suppression import (
    HIDDEN,
    SHOWN,
    SMALL,
    Cell,
    Sum,
    determined,
    protect,
    recoverable,
)
from tests.config.test_schema_conformance import response_schema, validate
from tests.employment.conftest import job
from tests.factories.coop import GminaFactory
from tests.factories.participants import EnrolmentFactory, PersonFactory

TODAY = datetime.date(2026, 3, 15)
FROZEN = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)


# Periods


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2025", datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        ("2025-Q3", datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2026-02", datetime.date(2026, 2, 1), datetime.date(2026, 2, 28)),
    ],
)
def test_a_fixed_period_is_read_with_its_first_and_last_day(text, first, last):
    period = parse_period(text, TODAY)
    assert (period.first_day, period.last_day, period.key) == (first, last, text)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2025-13", "is not a period"),
        ("2025-Q5", "is not a period"),
        ("25", "is not a period"),
        ("2025-01-01..2025-03-31", "fixed period only"),
        ("2025-01-01", "fixed period only"),
        ("2027", "in the future"),
        ("2026-04", "in the future"),
        ("2026-03", "has not ended yet"),  # the month of today
        ("2026-Q1", "has not ended yet"),
        ("2026", "has not ended yet"),
    ],
)
def test_a_period_that_cannot_be_published_is_refused_with_its_reason(text, why):
    with translation.override("en"), pytest.raises(PeriodError, match=why):
        parse_period(text, TODAY)


def test_a_period_is_published_from_the_day_after_its_last_day():
    assert parse_period("2026-02", datetime.date(2026, 3, 1)).key == "2026-02"
    with pytest.raises(PeriodError):
        parse_period("2026-02", datetime.date(2026, 2, 28))


def test_periods_nest_and_follow_each_other():
    month = Period(2025, "month", 1)
    assert month.parent.key == "2025-Q1"
    assert month.parent.parent.key == "2025"
    assert month.previous().key == "2024-12"
    assert Period(2024, "quarter", 4).next().key == "2025-Q1"
    assert [p.key for p in year_periods(2025)][:5] == [
        "2025",
        "2025-Q1",
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
    ]


# Protection


def _random_block(seed: int):
    """A voivodeship of three powiats of three gminas, a year of months, a table of three parts:
    counts drawn so that many are small."""
    rng = random.Random(seed)
    gminas = {f"30{p}": [f"30{p}{g}" for g in "123"] for p in ("01", "02", "03")}
    periods = year_periods(2025)
    cells = {}
    for units in gminas.values():
        for gmina in units:
            for month in range(1, 13):
                for part in ("a", "b", "c"):
                    n = rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 20])
                    cells[(part, gmina, f"2025-{month:02d}")] = Cell(n, others=n)
    # roll up: table total, quarters and year, powiats and voivodeship
    for (_part, gmina, month), cell in list(cells.items()):
        cells.setdefault(("total", gmina, month), Cell()).add(cell.value, others=cell.others)
    for (indicator, gmina, month), cell in list(cells.items()):
        period = Period(2025, "month", int(month[-2:]))
        for of in (period, period.parent, period.parent.parent):
            for unit in {gmina, gmina[:4], gmina[:2]}:
                if (indicator, unit, of.key) != (indicator, gmina, month):
                    cells.setdefault((indicator, unit, of.key), Cell()).add(
                        cell.value, others=cell.others
                    )
    units = ["30", *gminas, *(g for units in gminas.values() for g in units)]
    sums = []
    for unit in units:
        for period in periods:
            sums.append(
                Sum(("total", unit, period.key), tuple((p, unit, period.key) for p in "abc"))
            )
            for indicator in ("total", "a", "b", "c"):
                if period.children:
                    sums.append(
                        Sum(
                            (indicator, unit, period.key),
                            tuple((indicator, unit, c.key) for c in period.children),
                        )
                    )
    for period in periods:
        for indicator in ("total", "a", "b", "c"):
            sums.append(
                Sum(
                    (indicator, "30", period.key),
                    tuple((indicator, p, period.key) for p in gminas),
                    True,
                )
            )
            for powiat, children in gminas.items():
                sums.append(
                    Sum(
                        (indicator, powiat, period.key),
                        tuple((indicator, g, period.key) for g in children),
                    )
                )
    return cells, sums


def _attack(cells, status, sums):
    """Hidden figures an attacker recovers: by subtraction after subtraction, and by solving
    every sum at once as a system of equations."""
    visible = {key: cell.value for key, cell in cells.items() if status[key] == SHOWN}
    hidden = {key for key in cells if status[key] != SHOWN}
    found = recoverable(visible, hidden, sums)
    exact = {key: value for key, value in found.items() if value == cells[key].value}
    return exact | {key: cells[key].value for key in determined(cells, status, sums)}


@pytest.mark.rule("JST-04")
@pytest.mark.parametrize("seed", [*range(8), 37, 40, 54])  # 37, 40, 54: once solvable
def test_no_hidden_figure_of_a_random_block_is_recovered_by_any_subtraction(seed):
    """Every sum the published tables obey — parts and their total, months and quarters and the
    year, gminas and their powiat, powiats and their voivodeship — is tried, over and over with
    each value it yields, and all of them are solved together as equations: no hidden count
    comes out."""
    cells, sums = _random_block(seed)
    status = protect(cells, sums, threshold=5)
    assert any(state == SMALL for state in status.values())
    assert any(state == HIDDEN for state in status.values())
    assert _attack(cells, status, sums) == {}
    # small counts are hidden, and so is nothing shown below the threshold
    for key, cell in cells.items():
        if 0 < cell.persons < 5:
            assert status[key] != SHOWN


@pytest.mark.parametrize("seed", range(12))
def test_figures_released_month_by_month_keep_their_fate_and_stay_unsolvable(seed):
    """Months come out one by one, each quarter with its last month, the year with December.
    What came out keeps its status at every later release, and at every release nothing hidden
    can be solved from what is out by then."""
    cells, sums = _random_block(seed)

    def released_on(key):
        period = key[2]
        if period.count("-") == 1 and "Q" not in period:
            return int(period[-2:])
        return 3 * int(period[-1]) if "Q" in period else 12

    status = {}
    for month in range(1, 13):
        out = {key: cell for key, cell in cells.items() if released_on(key) <= month}
        before = dict(status)
        status = protect(out, sums, threshold=5, fixed=status)
        assert {key: status[key] for key in before} == before
        assert _attack(out, status, [s for s in sums if all(k in out for k in s.members)]) == {}


@pytest.mark.parametrize("seed", range(3))
def test_without_secondary_suppression_the_attacker_recovers_small_counts(seed):
    """The attack is real: with the small counts hidden alone, subtraction finds them."""
    cells, sums = _random_block(seed)
    primary_only = {key: SMALL if 0 < c.persons < 5 else SHOWN for key, c in cells.items()}
    assert _attack(cells, primary_only, sums)


def test_the_voivodeship_total_is_hidden_before_another_powiat():
    cells = {
        "v": Cell(30, others=30),
        "p1": Cell(3, others=3),
        "p2": Cell(12, others=12),
        "p3": Cell(15, others=15),
    }
    status = protect(cells, [Sum("v", ("p1", "p2", "p3"), total_first=True)], 5)
    assert status == {"v": HIDDEN, "p1": SMALL, "p2": SHOWN, "p3": SHOWN}


def test_a_sum_that_does_not_add_up_is_no_use_to_an_attacker():
    cells = {
        "powiat": Cell(20, others=20),
        "g1": Cell(3, others=3),
        "g2": Cell(12, others=12),
    }  # 5 live in the seat
    status = protect(cells, [Sum("powiat", ("g1", "g2"))], 5)
    assert status == {"powiat": SHOWN, "g1": SMALL, "g2": SHOWN}


# Indicators counted by hand


@pytest.fixture
def lives_elsewhere(world):
    return GminaFactory(parent=world.powiat, code="3002052", name="Lubasz")


def test_indicators_of_a_year_counted_by_hand(world, lives_elsewhere):
    """In 2025, with the workshop in Czarnków (3002011):

    - A lives in Lubasz (3002052), in the workshop since 2024-05-01, leaves for the social
      cooperative on 2025-03-31: an exit to work of Lubasz in March, Q1 and 2025. A's first
      job starts on 2025-04-01, 11 whole months after the first admission, and ends on
      2025-05-15, before its 3-month mark (1 July): reached in July, not held. A comes back to
      the workshop on 2025-09-01 (a returnee): an admission of Lubasz in September;
    - B lives in Czarnków, admitted 2025-02-01 and leaves on 2025-06-30 (resignation): an
      admission and an exit of Czarnków in the same year; 150 days of participation;
    - C lives in Czarnków, admitted 2020-01-01, still there: 365 days in 2025;
    - D lives in Czarnków, admitted 2025-04-10 into the place A freed: a refill after an exit
      to work, of the workshop's seat (Czarnków) in April — the quarter after the exit — 10
      days after it;
    - E lives in Czarnków and has worked since 2024-06-01: the 12-month mark on 2025-06-01,
      still working.

    Participation days in 2025: Lubasz 90 (A, 1 January – 31 March) + 122 (A again, from
    1 September); Czarnków 150 + 365 + 266 = 781.
    """
    first_person = PersonFactory(residence=lives_elsewhere)
    a = EnrolmentFactory(
        person=first_person,
        workshop=world.workshop,
        admitted_on=datetime.date(2024, 5, 1),
        exited_on=datetime.date(2025, 3, 31),
        exit_reason=Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE,
    )
    job(
        first_person,
        world.cooperative,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2025, 5, 15),
        end_reason="resigned",
    ).save()
    EnrolmentFactory(
        person=first_person,
        workshop=world.workshop,
        admitted_on=datetime.date(2025, 9, 1),
    )
    EnrolmentFactory(
        person=PersonFactory(residence=world.gmina),
        workshop=world.workshop,
        admitted_on=datetime.date(2025, 2, 1),
        exited_on=datetime.date(2025, 6, 30),
        exit_reason=Enrolment.ExitReason.RESIGNATION,
    )
    EnrolmentFactory(
        person=PersonFactory(residence=world.gmina),
        workshop=world.workshop,
        admitted_on=datetime.date(2020, 1, 1),
    )
    d = EnrolmentFactory(
        person=PersonFactory(residence=world.gmina),
        workshop=world.workshop,
        admitted_on=datetime.date(2025, 4, 10),
    )
    Vacancy.objects.create(
        workshop=world.workshop,
        opened_on=datetime.date(2025, 4, 1),
        freed_by=a,
        filled_by=d,
        filled_on=d.admitted_on,
    )
    job(
        PersonFactory(residence=world.gmina),
        world.cooperative,
        starts_on=datetime.date(2024, 6, 1),
    ).save()
    tree = indicators.Tree.read(Territory.objects.get(code="30"))
    block = indicators.flow_blocks(tree, range(2025, 2026), TODAY, threshold=1)[2025]

    def value(indicator, code, period):
        return block.cells[(indicator, code, period)].value

    assert value("exits.work", "3002052", "2025-03") == 1
    assert value("exits.work.cooperative", "3002052", "2025-Q1") == 1
    assert value("exits.work", "3002011", "2025") == 0
    assert value("exits.work", "3002", "2025") == 1
    assert value("exits", "3002011", "2025") == 1
    assert value("exits.personal", "3002011", "2025-Q2") == 1
    assert value("admissions", "3002011", "2025") == 2
    assert value("admissions", "3002052", "2025-09") == 1  # the returnee
    assert value("refills.after_work", "3002011", "2025-Q1") == 0
    assert value("refills.after_work", "3002011", "2025-04") == 1
    assert value("person_days", "3002052", "2025") == 90 + 122
    assert value("person_days", "3002011", "2025") == 150 + 365 + 266
    assert value("person_days", "3002", "2025") == 90 + 122 + 781
    assert value("first_jobs", "3002052", "2025-Q2") == 1
    assert value("retention.3.reached", "3002052", "2025-07") == 1
    assert value("retention.3.held", "3002052", "2025-07") == 0
    assert value("retention.12.reached", "3002011", "2025-06") == 1
    assert value("retention.12.held", "3002011", "2025-06") == 1
    assert value("retention.3.reached", "3002", "2025") == 1  # E's mark fell in 2024
    medians = indicators.medians(lives_elsewhere, Period(2025))
    assert medians["months_to_job"] == (11, 1)
    assert indicators.medians(world.gmina, Period(2025, "quarter", 2))["refill_days"] == (10, 1)
    stocks = indicators.stock_blocks(tree, [datetime.date(2025, 12, 31)], TODAY, threshold=1)
    day = stocks[datetime.date(2025, 12, 31)]
    assert day.cells[("participants", "3002011", "2025-12-31")].value == 2  # C and D
    assert day.cells[("participants", "3002052", "2025-12-31")].value == 1  # A, back
    assert (
        day.cells[
            ("coop.headcount", world.cooperative.organisation.territory.code, "2025-12-31")
        ].value
        == 1
    )  # E


# The page and the API


def _two_admissions(world):
    for admitted in ("2025-02-01", "2025-03-01"):
        person = PersonFactory(residence=world.gmina)
        EnrolmentFactory(person=person, workshop=world.workshop, admitted_on=admitted)


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("period=2025-13", "period"),
        ("period=2027", "period"),
        ("period=2026-Q1", "period"),
        ("period=2025-01-01..2025-03-31", "period"),
        ("from=2025-01-01&to=2025-03-31", "from"),
    ],
)
def test_a_bad_period_answers_400_naming_the_parameter(client_for, world, query, parameter):
    client = client_for(world.officer)
    response = client.get(f"/api/v1/reports/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()
    page = client.get(f"/reports/?{query}")
    assert page.status_code == 400
    assert f"„{parameter}”" in page.content.decode() or f"“{parameter}”" in page.content.decode()


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.parametrize("code", ["3005", "3005043", "9999"])
def test_a_territory_outside_the_officers_reach_answers_404(client_for, world, code):
    client = client_for(world.officer)
    assert client.get(f"/api/v1/reports/?territory={code}").status_code == 404
    assert client.get(f"/reports/?territory={code}").status_code == 404


@time_machine.travel(FROZEN, tick=False)
@pytest.mark.rule("JST-05")
def test_the_officer_reads_the_last_full_year_of_their_powiat_by_default(client_for, world):
    data = client_for(world.officer).get("/api/v1/reports/").json()
    assert data["territory"]["code"] == "3002"
    assert data["period"] == {
        "key": "2025",
        "label": "2025",
        "first_day": "2025-01-01",
        "last_day": "2025-12-31",
    }
    keys = {section["key"] for section in data["sections"]}
    assert {"participants", "stages", "work", "retention", "reserve", "trends"} <= keys


@time_machine.travel(FROZEN, tick=False)
def test_a_small_count_is_shown_as_fewer_than_five_and_never_as_its_value(client_for, world):
    _two_admissions(world)
    data = client_for(world.officer).get("/api/v1/reports/?territory=3002011").json()
    participants = next(s for s in data["sections"] if s["key"] == "participants")
    admissions = next(f for f in participants["figures"] if f["key"] == "admissions")
    assert admissions == {
        "key": "admissions",
        "label": admissions["label"],
        "value": None,
        "status": "small",
    }
    page = client_for(world.officer).get("/reports/?territory=3002011").content.decode()
    assert "&lt;5" in page


@pytest.mark.parametrize("role", ["instructor", "outsider"])
def test_who_runs_nothing_reads_no_outcomes(client_for, world, role):
    client = client_for(getattr(world, role))
    assert client.get("/api/v1/reports/").status_code == 403
    assert client.get("/reports/").status_code == 403


@time_machine.travel(FROZEN, tick=False)
def test_a_cooperative_manager_reads_the_powiat_of_their_cooperative(client_for, world):
    data = client_for(world.manager).get("/api/v1/reports/").json()
    assert data["territory"]["code"] == world.cooperative.organisation.territory.code[:4]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _more_people(world, count):
    for index in range(count):
        EnrolmentFactory(
            person=PersonFactory(residence=world.gmina),
            workshop=world.workshop,
            admitted_on=datetime.date(2024, 1 + index % 12, 1),
            exited_on=datetime.date(2025, 1 + index % 12, 10) if index % 3 else None,
            exit_reason=Enrolment.ExitReason.WORK_OPEN_MARKET if index % 3 else "",
        )


@time_machine.travel(FROZEN, tick=False)
def test_the_dashboard_and_the_api_run_a_constant_number_of_queries(client_for, world):
    client = client_for(world.officer)
    urls = [
        "/api/v1/reports/",
        "/reports/",
        "/reports/?territory=3002011&period=2025-Q2",
        "/api/v1/reports/?period=2026-02",  # a month of the year still running
    ]
    before = [_queries(client, url) for url in urls]
    _more_people(world, 40)
    assert [_queries(client, url) for url in urls] == before


@time_machine.travel(FROZEN, tick=False)
def test_the_answer_matches_the_published_schema(client_for, world, django_db_blocker):
    with django_db_blocker.unblock():
        schema = (
            APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
        )
    body = client_for(world.officer).get("/api/v1/reports/?territory=3002011&period=2025-Q2").json()
    validate(body, response_schema(schema, "/api/v1/reports/"))
    assert body["period"]["key"] == "2025-Q2"


def test_medians_are_taken_in_the_database_the_middle_two_averaged(world):
    """Stays of 2 (over 29 February), 10, 20 and 41 days: the median is 15 — on PostgreSQL by
    PERCENTILE_CONT, on SQLite from the values read."""
    stays = [
        (datetime.date(2024, 2, 28), datetime.date(2024, 3, 1)),
        (datetime.date(2025, 1, 1), datetime.date(2025, 1, 11)),
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 20)),
        (datetime.date(2025, 12, 1), datetime.date(2026, 1, 11)),
    ]
    pks = [
        EnrolmentFactory(
            workshop=world.workshop,
            admitted_on=admitted,
            exited_on=left,
            exit_reason=Enrolment.ExitReason.RESIGNATION,
        ).pk
        for admitted, left in stays
    ]
    between = indicators.DaysBetween("exited_on", "admitted_on")
    rows = Enrolment.objects.filter(pk__in=pks)
    assert sorted(rows.annotate(days=between).values_list("days", flat=True)) == [2, 10, 20, 41]
    assert indicators.median_of(rows, between) == (15, 4)
    assert indicators.median_of(rows.none(), between) == (None, 0)


@time_machine.travel(FROZEN, tick=False)
def test_what_is_on_screen_downloads_as_csv_and_xlsx_with_small_numbers_still_hidden(
    client_for, world
):
    _two_admissions(world)
    client = client_for(world.officer)
    query = "?territory=3002011&period=2025"
    answer = client.get(f"/reports/export/csv/{query}")
    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="czarnkow-2025.csv"'
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0] == '"Sekcja";"Liczba";"Kolumna";"Wartość"'
    assert '"Uczestnicy warsztatów";"przyjęcia";"";"<5"' in lines

    answer = client.get(f"/reports/export/xlsx/{query}")
    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    assert workbook.sheetnames[0] == "Uczestnicy warsztatów"  # a sheet per table of the page
    assert workbook.sheetnames[-1] == "Definicje"
    rows = list(workbook["Uczestnicy warsztatów"].iter_rows(values_only=True))
    assert rows[:2] == [("Uczestnicy warsztatów", None), ("Czarnków", "2025")]
    assert ("przyjęcia", "<5") in rows
    assert ("inne przyczyny", 0) in rows

    assert client.get(f"/reports/export/pdf/{query}").status_code == 404
    bad = client.get("/reports/export/csv/?period=2025-13")
    assert bad.status_code == 302
    assert client.get(bad["Location"]).status_code == 400  # the page says what is wrong
    assert client_for(world.instructor).get(f"/reports/export/csv/{query}").status_code == 403


@time_machine.travel(FROZEN, tick=False)
def test_a_month_of_the_running_year_shows_what_is_measurable_and_marks_the_rest_pending(
    client_for, world
):
    data = client_for(world.officer).get("/api/v1/reports/?period=2026-02").json()
    placements = next(s for s in data["sections"] if s["key"] == "placements")
    led_to_job = [row["figures"][-1] for row in placements["rows"]]
    assert {figure["status"] for figure in led_to_job} == {"pending"}  # known from September
    participants = next(s for s in data["sections"] if s["key"] == "participants")
    assert {f["status"] for f in participants["figures"]} <= {"shown", "small", "hidden"}


@time_machine.travel(FROZEN, tick=False)
def test_one_persons_five_admissions_are_one_person_and_stay_hidden(client_for, world):
    person = PersonFactory(residence=world.gmina)
    for month in range(1, 6):
        EnrolmentFactory(
            person=person,
            workshop=world.workshop,
            admitted_on=datetime.date(2025, month, 1),
            exited_on=datetime.date(2025, month, 20),
            exit_reason=Enrolment.ExitReason.RESIGNATION,
        )
    data = client_for(world.officer).get("/api/v1/reports/?territory=3002011").json()
    participants = next(s for s in data["sections"] if s["key"] == "participants")
    figures = {f["key"]: f for f in participants["figures"]}
    assert figures["admissions"]["status"] == "small"  # five admissions, one person
    assert figures["exits"]["status"] == "small"
    assert figures["participants.average"]["status"] == "hidden"  # never "<5" for an average


@time_machine.travel(FROZEN, tick=False)
def test_a_manager_reads_their_powiats_totals_and_no_gmina(client_for, world):
    client = client_for(world.manager)
    data = client.get("/api/v1/reports/").json()
    territories = next(s for s in data["sections"] if s["key"] == "territories")
    assert [row["label"] for row in territories["rows"]] == [data["territory"]["name"]]
    seat = world.cooperative.organisation.territory
    assert seat.level == "gmina"
    assert client.get(f"/api/v1/reports/?territory={seat.code}").status_code == 404
    officer = client_for(world.officer).get("/api/v1/reports/").json()
    rows = next(s for s in officer["sections"] if s["key"] == "territories")["rows"]
    assert len(rows) > 1  # the officer reads each gmina


def test_a_civil_contract_running_into_an_employment_contract_is_one_job(world):
    """A civil-law contract to 31 March, then an employment contract from 1 April at the same
    employer: one job from 1 January, whose 3-month mark (1 April) is reached once."""
    person = PersonFactory(residence=world.gmina)
    job(
        person,
        world.cooperative,
        contract_type=Employment.ContractType.CIVIL_LAW,
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2025, 3, 31),
        end_reason="fixed_term",
    ).save()
    job(person, world.cooperative, starts_on=datetime.date(2025, 4, 1)).save()
    jobs = indicators._jobs("30")
    assert [(j.start, j.end) for j in jobs] == [(datetime.date(2025, 1, 1), None)]
