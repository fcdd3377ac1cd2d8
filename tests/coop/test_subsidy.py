"""The cooperative's monthly PFRON subsidy figures (EMP-08), counted by hand, with what to put
right before filing; the XLSX to transfer into PFRON's system; who may read them."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from employment.models import DisabilityFacts, Employment
from participants.models import AccessLog
from tests.employment.conftest import job
from tests.factories.participants import PersonFactory

D = datetime.date
URL = "/coop/subsidy/"
NOVEMBER = {"month": "2025-11"}


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(datetime.datetime(2025, 12, 10, 12, tzinfo=datetime.UTC), tick=False):
        yield


JANUARY = D(2025, 1, 1)


def _employee(world, last_name, *, wage="3000.00", fte="1.00", starts_on=JANUARY, **kind):
    person = PersonFactory(last_name=last_name)
    employment = job(
        person,
        world.cooperative,
        monthly_wage=Decimal(wage),
        fte=Decimal(fte),
        daily_hours=Decimal(7) * Decimal(fte),
        weekly_hours=Decimal(35) * Decimal(fte),
        starts_on=starts_on,
        **kind,
    )
    employment.save()
    return employment


def _facts(employment, degree, **fields):
    values = {"applies_from": D(2025, 1, 1), "evidence_shown_on": D(2024, 12, 20)}
    values.update(fields)
    return DisabilityFacts.objects.create(employment=employment, degree=degree, **values)


@pytest.fixture
def november(world):
    """November 2025 (30 days; base amounts from 1 July 2024: significant 2 760 + 1 380 extra,
    moderate 1 550, mild 575; wage costs = pay × 120,48 %):

    - Adamska: moderate, full time, 4 806,00 zł: costs 5 790,27, subsidy 1 550,00;
    - Borowy: significant with special conditions, half time, 2 500,00 zł from 16 November
      (15 of 30 days): pay 1 250,00, costs 1 506,00, subsidy 0,5 × 4 140 = 2 070,00 — more than
      90 % of the costs: to check;
    - Cieślak: mild, 3 000,00 zł, the degree runs out on 20 November: 575,00, to renew;
    - Dudek: moderate, 3 000,00 zł, the evidence shown only on 5 December: 1 550,00, to check;
    - Ernst: the degree ran out on 31 October: no subsidy;
    - not listed: a civil-law contract with facts, an employee without facts.
    """
    _facts(_employee(world, "Adamska", wage="4806.00"), "moderate")
    _facts(
        _employee(world, "Borowy", wage="2500.00", fte="0.5", starts_on=D(2025, 11, 16)),
        "significant",
        special_conditions=True,
        applies_from=D(2025, 11, 16),
        evidence_shown_on=D(2025, 11, 10),
    )
    _facts(_employee(world, "Cieślak"), "mild", valid_until=D(2025, 11, 20))
    _facts(
        _employee(world, "Dudek"),
        "moderate",
        applies_from=D(2025, 11, 1),
        evidence_shown_on=D(2025, 12, 5),
    )
    _facts(_employee(world, "Ernst"), "moderate", valid_until=D(2025, 10, 31))
    _facts(_employee(world, "Fijał", contract_type=Employment.ContractType.CIVIL_LAW), "moderate")
    _employee(world, "Gawron")


def test_the_month_of_each_disabled_employee_counted_by_hand(world, november, client_for):
    page = client_for(world.manager).get(URL, NOVEMBER)
    assert page.status_code == 200
    data = page.context["data"]
    lines = {line.employment.person.last_name: line for line in data.lines}
    assert list(lines) == ["Adamska", "Borowy", "Cieślak", "Dudek", "Ernst"]
    figures = {
        name: (line.days, line.pay, line.wage_costs, line.subsidy) for name, line in lines.items()
    }
    assert figures == {
        "Adamska": (30, Decimal("4806.00"), Decimal("5790.27"), Decimal("1550.00")),
        "Borowy": (15, Decimal("1250.00"), Decimal("1506.00"), Decimal("2070.00")),
        "Cieślak": (30, Decimal("3000.00"), Decimal("3614.40"), Decimal("575.00")),
        "Dudek": (30, Decimal("3000.00"), Decimal("3614.40"), Decimal("1550.00")),
        "Ernst": (30, Decimal("3000.00"), Decimal("3614.40"), None),
    }
    groups = [(g.degree, g.special_conditions, g.people, g.fte, g.subsidy) for g in data.groups]
    assert groups == [
        ("znaczny", True, 1, Decimal("0.50"), Decimal("2070.00")),
        ("umiarkowany", False, 2, Decimal("2.00"), Decimal("3100.00")),
        ("lekki", False, 1, Decimal("1.00"), Decimal("575.00")),
    ]
    assert data.total == Decimal("5745.00")
    assert data.wage_costs == Decimal("14525.07")
    assert data.due_on == D(2025, 12, 25)
    text = re.sub(r"\s+", " ", page.content.decode().replace("\xa0", " ").replace("&nbsp;", " "))
    assert "5 745,00 zł" in text
    assert "25 grudnia 2025" in text


def test_what_to_put_right_before_filing(world, november, client_for):
    data = client_for(world.manager).get(URL, NOVEMBER).context["data"]
    problems = {line.employment.person.last_name: problem for line, problem in data.problems}
    assert problems == {
        "Borowy": "Dofinansowanie przekracza 90 % kosztów płacy: sprawdź limit pracodawcy.",
        "Cieślak": "Stopień wygasa 20 listopada 2025: poproś już o nowe orzeczenie.",
        "Dudek": "Dokument pokazano dopiero 5 grudnia 2025, po tym miesiącu.",
        "Ernst": "Stopień wygasł 31 października 2025: bez nowego dokumentu nie ma dofinansowania.",
    }


def test_the_xlsx_holds_the_same_figures_and_logs_the_export(world, november, client_for):
    answer = client_for(world.manager).get("/coop/subsidy/xlsx/", NOVEMBER)
    assert answer.status_code == 200
    assert "dofinansowanie-" in answer["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Pracownik"
    adamska = next(row for row in rows if row[0] and row[0].startswith("Adamska"))
    assert adamska[2:9] == ("umiarkowany", "nie", 1.0, 30, 4806.0, 5790.27, 1550.0)
    assert rows[-1][0] == "Razem"
    assert rows[-1][8] == 5745.0
    assert AccessLog.objects.filter(user=world.manager, kind=AccessLog.Kind.EXPORT).count() == 5


def test_who_may_read_the_subsidy_figures(world, november, client_for):
    assert client_for(world.staff).get(URL, NOVEMBER).status_code == 403
    assert client_for(world.officer).get(URL, NOVEMBER).status_code == 403
    other = world.other_cooperative.pk
    assert client_for(world.manager).get(URL, {"cooperative": other}).status_code == 404
    assert client_for(world.admin).get(URL, NOVEMBER).status_code == 200


def test_a_malformed_month_is_said_so(world, november, client_for):
    page = client_for(world.manager).get(URL, {"month": "listopad"})
    assert page.status_code == 400
    assert "nie jest miesiącem" in page.content.decode()
    assert page.context["data"].month == D(2025, 11, 1)  # the last month ended, shown instead
    assert client_for(world.manager).get("/coop/subsidy/xlsx/", {"month": "x"}).status_code == 302


def test_the_month_runs_the_same_queries_for_more_employees(world, november, client_for):
    client = client_for(world.manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, NOVEMBER).status_code == 200
        return len(queries)

    before = count()
    for index in range(4):
        _facts(_employee(world, f"Nowak{index}"), "moderate")
    assert count() == before


@pytest.mark.rule("EMP-10")
def test_the_filing_task_leads_to_the_month_s_figures(world, november, client_for):
    from employment import todo

    item = next(i for i in todo.manager_items(world.manager, D(2025, 12, 3)) if i.rule == "EMP-10")
    assert item.url == f"/coop/subsidy/?cooperative={world.cooperative.pk}&month=2025-11"
    assert client_for(world.manager).get(item.url).status_code == 200
