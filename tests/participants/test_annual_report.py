"""The workshop's annual report to the powiat (WTZ Reg. § 21; WTZ-18, WTZ-19): its figures equal
a hand count over a fixture workshop's year; the XLSX; who may read it; the finances' checks."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from participants import services
from participants.annual_report import annual_report
from participants.models import (
    AccessLog,
    AttendanceDay,
    CauseSymbol,
    Enrolment,
    Evaluation,
    GoalRating,
    ProgrammeGoal,
    RoomAssignment,
)
from tests.factories.participants import CertificateFactory, EnrolmentFactory, PersonFactory
from tests.factories.wtz import RoomFactory
from wtz.models import AnnualFinance

D = datetime.date
URL = "/participants/annual-report/"
YEAR = {"year": "2025"}


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC), tick=False):
        yield


def _certificate(person, workshop, degree, codes, **fields):
    certificate = CertificateFactory(person=person, workshop=workshop, degree=degree, **fields)
    certificate.symbols.set(CauseSymbol.objects.filter(code__in=codes))
    return certificate


def _goal(enrolment, domain):
    version = services.programme_start(enrolment=enrolment, valid_from=enrolment.admitted_on)
    return ProgrammeGoal.objects.create(version=version, domain=domain, description="Cel.")


@pytest.fixture
def year(world):
    """The workshop's 2025:

    - Adam: since 2020, still there; moderate, 01-U and 02-P; in the joinery room; evaluated on
      10 June: independence rated "clear progress", social "no change";
    - Beata: 1 March – 30 September, left for the social cooperative; significant, 01-U; in the
      joinery room; comprehensive evaluation on 15 September: employment, vocational goal
      achieved;
    - Cezary: since June 2024, left on 15 January (resignation); no certificate held here;
    - Dorota: admitted on 31 December; significant, 12-C;
    - a participant of the sibling workshop, not counted.

    January's register: Adam present on the 2nd and 3rd, excused on the 7th, unexcused on the
    8th, the workshop closed on the 6th; Cezary present on the 2nd, at practice on the 3rd:
    4 days attended of 6 recorded (66,7 %), 4 open days, 1,0 attending a day.
    Economic training: Adam 100 zł in January and 140 zł in February: 240 zł, 120 zł a month.
    """
    workshop = world.workshop
    people = {}
    for name, admitted, exited, reason in (
        ("Adam", D(2020, 1, 1), None, ""),
        ("Beata", D(2025, 3, 1), D(2025, 9, 30), Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE),
        ("Cezary", D(2024, 6, 1), D(2025, 1, 15), Enrolment.ExitReason.RESIGNATION),
        ("Dorota", D(2025, 12, 31), None, ""),
    ):
        person = PersonFactory(first_name=name, last_name=f"{name}owicz")
        people[name] = EnrolmentFactory(
            person=person,
            workshop=workshop,
            admitted_on=admitted,
            exited_on=exited,
            exit_reason=reason,
        )
    EnrolmentFactory(workshop=world.sibling_workshop, admitted_on=D(2020, 1, 1))
    _certificate(people["Adam"].person, workshop, "moderate", ["01-U", "02-P"])
    _certificate(people["Beata"].person, workshop, "significant", ["01-U"])
    _certificate(people["Dorota"].person, workshop, "significant", ["12-C"])
    joinery = world.room
    household = RoomFactory(workshop=workshop, name="Pracownia gospodarstwa domowego")
    for name, room, starts_on, ends_on in (
        ("Adam", joinery, D(2024, 1, 1), None),
        ("Beata", joinery, D(2025, 3, 1), D(2025, 9, 30)),
        ("Cezary", household, D(2024, 6, 1), D(2024, 12, 31)),
    ):
        RoomAssignment.objects.create(
            enrolment=people[name], room=room, starts_on=starts_on, ends_on=ends_on
        )
    for name, day, code in (
        ("Adam", D(2025, 1, 2), "present"),
        ("Adam", D(2025, 1, 3), "present"),
        ("Adam", D(2025, 1, 6), "closed"),
        ("Adam", D(2025, 1, 7), "excused"),
        ("Adam", D(2025, 1, 8), "unexcused"),
        ("Cezary", D(2025, 1, 2), "present"),
        ("Cezary", D(2025, 1, 3), "practice"),
    ):
        AttendanceDay.objects.create(enrolment=people[name], day=day, code=code)
    independence = _goal(people["Adam"], "independence")
    social = ProgrammeGoal.objects.create(
        version=independence.version, domain="social", description="Cel."
    )
    june = Evaluation.objects.create(
        enrolment=people["Adam"], kind="periodic", held_on=D(2025, 6, 10)
    )
    GoalRating.objects.create(evaluation=june, goal=independence, rating=4)
    GoalRating.objects.create(evaluation=june, goal=social, rating=2)
    vocational = _goal(people["Beata"], "vocational")
    september = Evaluation.objects.create(
        enrolment=people["Beata"],
        kind="comprehensive",
        held_on=D(2025, 9, 15),
        outcome="employment",
        council_decision="Podjęcie pracy w spółdzielni socjalnej.",
    )
    GoalRating.objects.create(evaluation=september, goal=vocational, rating=5)
    from participants.models import AllowancePayment

    for month, paid in ((D(2025, 1, 1), 100), (D(2025, 2, 1), 140)):
        AllowancePayment.objects.create(
            enrolment=people["Adam"], month=month, due_amount=paid, amount=paid, unexcused_days=0
        )
    return people


@pytest.mark.rule("WTZ-18")
def test_the_figures_of_a_year_equal_a_hand_count(world, year):
    report = annual_report(world.workshop, 2025)
    assert (report.at_start, report.at_end, report.admitted, report.served) == (2, 2, 2, 4)
    assert (report.left, report.left_for_work) == (2, 1)
    assert report.degrees == ["znaczny", "umiarkowany", "lekki", "bez stopnia"]
    assert report.by_disability == [
        ("01-U", [1, 1, 0, 0], 2),
        ("02-P", [0, 1, 0, 0], 1),
        ("12-C", [1, 0, 0, 0], 1),
        ("—", [0, 0, 0, 1], 1),
    ]
    assert report.degree_totals == [2, 1, 0, 1]
    january = report.attendance[0]
    assert (january.attended, january.absent, january.open_days) == (4, 2, 4)
    assert (january.rate, january.daily_average) == (Decimal("66.7"), Decimal("1.0"))
    assert [row.attended for row in report.attendance[1:]] == [0] * 11
    assert report.rooms == [("Pracownia stolarska", 2)]
    assert report.exits == [
        ("praca: spółdzielnia socjalna", 1),
        ("rezygnacja", 1),
    ]
    progress = {row.label: (row.evaluated, row.progressed) for row in report.progress}
    assert progress == {
        "zaradność osobista i samodzielność": (1, 1),
        "rehabilitacja społeczna": (1, 0),
        "rehabilitacja zawodowa": (1, 1),
    }
    assert [(d.person.first_name, d.outcome) for d in report.decisions] == [
        ("Adam", "—"),
        ("Beata", "postępy uzasadniają podjęcie zatrudnienia"),
    ]
    assert dict(report.outcomes)["postępy uzasadniają podjęcie zatrudnienia"] == 1
    assert (report.allowance_total, report.allowance_monthly) == (Decimal(240), Decimal(120))


@pytest.mark.rule("WTZ-19")
def test_equipment_above_three_per_cent_or_without_consent_is_flagged(world):
    finance = AnnualFinance(workshop=world.workshop, year=2025, pfron_funds=Decimal("1000000.00"))
    finance.equipment = Decimal("30000.00")  # exactly 3 %
    finance.equipment_consent_on = D(2025, 4, 1)
    assert finance.warnings() == []
    finance.equipment = Decimal("30000.01")
    assert [w[:7] for w in finance.warnings()] == ["WTZ-19:"]
    assert "30 000,01 zł" in finance.warnings()[0].replace("\xa0", " ")
    finance.equipment = Decimal("1000.00")
    finance.equipment_consent_on = None
    assert "zgody powiatu" in finance.warnings()[0]
    finance.equipment = Decimal(0)
    assert finance.warnings() == []


def test_the_page_and_the_xlsx_hold_the_report_and_log_who_read_it(world, year, client_for):
    AnnualFinance.objects.create(
        workshop=world.workshop,
        year=2025,
        pfron_funds=Decimal("1402800.00"),
        sales_revenue=Decimal("12345.67"),
        wages=Decimal("900000.00"),
        equipment=Decimal("50000.00"),
    )
    client = client_for(world.staff)
    page = client.get(URL, YEAR)
    assert page.status_code == 200
    text = re.sub(r"\s+", " ", page.content.decode().replace("&nbsp;", " ").replace("\xa0", " "))
    assert "Sprawozdanie roczne" in text
    assert "12 345,67" in text
    assert "WTZ-19" in text  # 50 000 zł is more than 3 % of the funds, and no consent
    answer = client.get("/participants/annual-report/xlsx/", YEAR)
    assert answer.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    assert workbook.sheetnames[0] == "Uczestnicy"
    rows = list(workbook["Uczestnicy"].iter_rows(values_only=True))
    assert ("01-U", 1, 1, 0, 0, 2) in rows
    finance = list(workbook.worksheets[-1].iter_rows(values_only=True))
    assert any(row[0] and row[0].startswith("przychody") and row[1] == 12345.67 for row in finance)
    assert AccessLog.objects.filter(user=world.staff, kind=AccessLog.Kind.EXPORT).exists()


def test_who_may_read_the_annual_report(world, year, client_for):
    assert client_for(world.instructor).get(URL).status_code == 403  # staff, not the manager
    assert client_for(world.manager).get(URL).status_code == 403
    assert client_for(world.officer).get(URL).status_code == 403
    assert client_for(world.staff).get(URL, {"workshop": world.far_workshop.pk}).status_code == 404
    assert client_for(world.admin).get(URL, YEAR).status_code == 200


def test_a_year_that_cannot_be_reported_is_said_so(world, year, client_for):
    page = client_for(world.staff).get(URL, {"year": "2031"})
    assert page.status_code == 400
    assert "nie jest rokiem sprawozdania" in page.content.decode()
    assert page.context["report"].year == 2025


def test_the_report_runs_the_same_queries_for_more_participants(world, year, client_for):
    client = client_for(world.staff)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, YEAR).status_code == 200
        return len(queries)

    before = count()
    for _index in range(4):
        enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))
        _certificate(enrolment.person, world.workshop, "moderate", ["02-P"])
        AttendanceDay.objects.create(enrolment=enrolment, day=D(2025, 3, 3), code="present")
    assert count() == before


@pytest.mark.rule("WTZ-18")
def test_the_report_task_leads_to_the_report_of_the_year_before(world, year, client_for):
    from wtz import todo

    item = next(i for i in todo.items_for(world.staff, D(2026, 2, 10)) if i.rule == "WTZ-18")
    assert item.url == f"/participants/annual-report/?workshop={world.workshop.pk}&year=2025"
    page = client_for(world.staff).get(item.url)
    assert page.status_code == 200
    assert page.context["report"].served == 4
