"""What the path is worth: orders that stayed local and the public balance of the moves to work,
counted by hand; assumptions changed on the page; out-of-range assumptions refused."""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from common.spreadsheets import neutralised, sheet_names
from organisations.models import LocalBudget, Organisation
from participants.models import Enrolment
from tests.employment.conftest import job
from tests.factories.coop import GminaFactory
from tests.factories.participants import EnrolmentFactory, PersonFactory

FROZEN = datetime.datetime(2026, 3, 15, 12, 0, tzinfo=datetime.UTC)
D = datetime.date
URL = "/reports/"
API = "/api/v1/reports/"


@pytest.fixture(autouse=True)
def fixed_clock():
    with time_machine.travel(FROZEN, tick=False):
        yield


def _figures(data: dict, section: str) -> dict:
    found = next(s for s in data["sections"] if s["key"] == section)
    return {figure["key"]: figure for figure in found.get("figures", [])} | {
        f"{row['label']}|{figure['label']}": figure
        for row in found.get("rows", [])
        for figure in row["figures"]
    }


def _values(data: dict, section: str) -> dict:
    return {key: figure["value"] for key, figure in _figures(data, section).items()}


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("\xa0", " "))


# Orders: money that stayed local


@pytest.mark.parametrize("territory", ["3002", "3002011"])
def test_orders_of_a_year_by_route_and_client_counted_by_hand(world, orders, api_for, territory):
    data = api_for(world.officer).get(API, {"territory": territory, "period": "2025"}).json()
    values = _values(data, "orders")
    assert values["orders.count"] == 4
    assert values["orders.total"] == 200000.0
    # the gmina itself and the powiat it lies in; Rakoniewice is another powiat's
    assert values["orders.local"] == 150000.0
    assert values["orders.local_share"] == 75.0
    by_key = {figure["key"]: figure["value"] for figure in _figures(data, "orders").values()}
    assert by_key["orders.reserved.gmina"] == 100000.0
    assert by_key["orders.below_threshold.powiat"] == 50000.0
    assert by_key["orders.social_clause.gmina"] == 30000.0
    assert by_key["orders.other.business"] == 20000.0
    assert by_key["orders.all.gmina"] == 130000.0
    assert by_key["orders.reserved.all"] == 100000.0
    assert by_key["orders.all.all"] == 200000.0
    assert by_key["orders.grant.all"] == 0.0


def test_the_orders_of_the_other_powiat_are_its_own(world, orders, api_for):
    world.officer.territory_assignments.update(territory=world.other_powiat)
    data = api_for(world.officer).get(API, {"territory": "3005", "period": "2025"}).json()
    values = _values(data, "orders")
    assert values["orders.total"] == 10000.0
    assert values["orders.local"] == 0.0  # the gmina Czarnków is not a local government of 3005


def test_the_page_writes_money_as_poles_do(world, orders, client_for):
    page = client_for(world.officer).get(URL, {"territory": "3002", "period": "2025"})
    text = _text(page)
    assert "Pieniądze, które zostały na miejscu" in text
    assert "200 000,00 zł" in text
    assert 'Udział zamówień samorządów tego terenu (%)</th><td class="number">75</td>' in text


# The public balance


RECORDED = {
    "wages": 302419.35,
    "employee_social": 41461.69,
    "health": 23486.49,
    "income_tax": 11280.0,
    "employer_social": 61935.48,
    "taxes": 138163.66,
    "subsidies": 68280.0,
    "places": 177426.41,
    "benefits": 0.0,
    "total": 247310.07,
    "monthly_wage": 5000.0,
    "monthly_take_home": 3739.69,
    "allowance": 120.0,
}


def _balance(response) -> dict:
    assert response.status_code == 200, response.content
    return {
        key.removeprefix("balance."): value
        for key, value in _values(response.json(), "balance").items()
    }


@pytest.mark.parametrize("territory", ["3002", "3002011"])
def test_the_public_balance_of_a_year_counted_by_hand(world, moved, api_for, territory):
    balance = _balance(api_for(world.officer).get(API, {"territory": territory, "period": "2025"}))
    assert balance["people"] == 6
    assert balance["person_months"] == 60.48
    assert {key: balance[key] for key in RECORDED} == RECORDED


def test_an_assumption_changed_for_a_what_if_changes_the_balance_and_saves_nothing(
    world, moved, api_for
):
    api = api_for(world.officer)
    # 500 zł of benefits a month no longer paid: 60 15/31 months × 500 = 30 241,94 zł
    balance = _balance(
        api.get(API, {"territory": "3002", "period": "2025", "benefit_saved": "500"})
    )
    assert balance["benefits"] == 30241.94
    assert balance["total"] == 277552.01
    # employer's contributions of 15,5 %: 60 × 775,00 + 375,00 = 46 875,00 zł
    balance = _balance(
        api.get(API, {"territory": "3002", "period": "2025", "employer_social": "15.5"})
    )
    assert balance["employer_social"] == 46875.0
    assert balance["taxes"] == 123103.18
    assert balance["total"] == 232249.59
    # nothing was saved: the next report uses the recorded values again
    assert _balance(api.get(API, {"territory": "3002", "period": "2025"}))["total"] == 247310.07


def test_the_page_takes_an_assumption_with_a_decimal_comma_and_shows_its_source(
    world, moved, client_for
):
    client = client_for(world.officer)
    page = client.get(URL, {"territory": "3002", "period": "2025", "employer_social": "15,5"})
    assert page.status_code == 200
    text = _text(page)
    assert "232 249,59 zł" in text  # the balance with the officer's assumption
    assert "247 310,07 zł" not in text
    assert "20,48 %" in text  # the recorded value, beside it
    assert "Ustawa o systemie ubezpieczeń społecznych art. 22 ust. 1" in text
    assert "Czego bilans nie liczy" in text
    # the download carries the what-if: exactly what is on screen
    assert "employer_social=15.5" in page.content.decode()
    export = client.get(
        "/reports/export/csv/", {"territory": "3002", "period": "2025", "employer_social": "15.5"}
    )
    assert "232 249,59 zł" in export.content.decode("utf-8-sig").replace("\xa0", " ")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("income_tax", "-1", "nie może być ujemna"),
        ("employee_social", "100,01", "nie może przekraczać 100 %"),
        ("place_amount", "-0,01", "nie może być ujemna"),
        ("health", "dużo", "liczbę"),
    ],
)
def test_an_assumption_out_of_range_is_refused_with_a_message_naming_it(
    world, moved, client_for, api_for, field, value, message
):
    page = client_for(world.officer).get(URL, {"territory": "3002", "period": "2025", field: value})
    assert page.status_code == 400
    text = _text(page)
    assert message in text
    assert "247 310,07 zł" in text  # the balance stays on the recorded values
    answer = api_for(world.officer).get(API, {"territory": "3002", "period": "2025", field: value})
    assert answer.status_code == 400
    assert field in answer.json()
    export = client_for(world.officer).get(
        "/reports/export/xlsx/", {"territory": "3002", "period": "2025", field: value}
    )
    assert export.status_code == 302  # back to the page, which says what is wrong


def test_the_balance_over_too_few_people_is_hidden(world, moved, api_for):
    for _person, _enrolment, employment in moved[:2]:
        employment.delete()
    data = api_for(world.officer).get(API, {"territory": "3002", "period": "2025"}).json()
    figures = {
        key.removeprefix("balance."): figure for key, figure in _figures(data, "balance").items()
    }
    assert figures["people"]["status"] == "small"
    for key in ("wages", "taxes", "subsidies", "places", "total", "monthly_wage", "allowance"):
        assert figures[key]["status"] == "hidden", key
        assert figures[key]["value"] is None


def test_a_period_with_no_recorded_tax_rate_asks_for_one(world, moved, api_for):
    """Income tax is recorded from 1 July 2022: the first half of 2022 has no value, and the
    balance waits for the officer's assumption instead of guessing."""
    api = api_for(world.officer)
    for person, _enrolment, employment in moved:
        employment.starts_on = D(2022, 1, 1)
        employment.save()
        Enrolment.objects.filter(person=person).update(exited_on=D(2021, 12, 31))
    data = api.get(API, {"territory": "3002", "period": "2022-Q1"}).json()
    figures = _figures(data, "balance")
    assert figures["balance.total"]["status"] == "pending"
    assert figures["balance.wages"]["value"] == 90000.0  # 6 people × 3 months × 5 000 zł
    section = next(s for s in data["sections"] if s["key"] == "balance")
    tax = next(a for a in section["assumptions"] if a["key"] == "income_tax")
    assert tax["recorded"] is None
    given = {"income_tax": "17", "tax_costs": "250", "tax_reduction": "43.76"}
    data = api.get(API, {"territory": "3002", "period": "2022-Q1", **given}).json()
    assert _figures(data, "balance")["balance.total"]["status"] == "shown"


def test_the_money_sections_do_not_add_queries_with_more_people(world, moved, orders, client_for):
    client = client_for(world.officer)
    params = {"territory": "3002", "period": "2025"}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    before = count()
    for _index in range(4):
        person = PersonFactory(residence=world.gmina)
        EnrolmentFactory(
            person=person,
            workshop=world.workshop,
            admitted_on=D(2020, 1, 1),
            exited_on=D(2024, 6, 30),
            exit_reason=Enrolment.ExitReason.WORK_OPEN_MARKET,
        )
        job(person, world.cooperative, starts_on=D(2024, 7, 1)).save()
    assert count() == before


def test_the_downloads_hold_the_figures_of_the_page_its_assumptions_and_no_formula(
    world, moved, orders, client_for, api_for
):
    GminaFactory(parent=world.powiat, code="3002062", name='=HYPERLINK("http://x")')
    params = {"territory": "3002", "period": "2025", "benefit_saved": "500"}
    page = api_for(world.officer).get(API, params).json()
    client = client_for(world.officer)
    answer = client.get("/reports/export/xlsx/", params)
    workbook = load_workbook(io.BytesIO(b"".join(answer.streaming_content)))
    balance_title = next(s["title"] for s in page["sections"] if s["key"] == "balance")
    assert workbook.sheetnames[-1] == "Definicje"
    sheet = workbook["Ile są warte przejścia do pracy"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == balance_title
    exported = {row[0]: row[1] for row in rows[3:] if row and row[0]}
    on_page = {f["label"]: f["value"] for f in _figures(page, "balance").values()}
    assert exported == on_page  # the same figures, the what-if included
    assert exported["bilans dla finansów publicznych"] == 277552.01
    territories = list(workbook["Według jednostek terytorialnych"].iter_rows(values_only=True))
    labels = [row[0] for row in territories]
    assert '\'=HYPERLINK("http://x")' in labels  # a name is data, never a formula
    texts = [
        value
        for name in workbook.sheetnames
        for row in workbook[name].iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]
    assert not any(text.startswith("=") for text in texts)
    definitions = list(workbook["Definicje"].iter_rows(values_only=True))
    benefit = next(row for row in definitions if row[0].startswith("świadczenia"))
    assert benefit[1].replace("\xa0", " ") == "500,00 zł"
    assert "zapisana: 0,00 zł" in benefit[2].replace("\xa0", " ")
    assert any(row[0] == "Nie liczymy" for row in definitions)
    text = client.get("/reports/export/csv/", params).content.decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://x"")"' in text
    assert "277 552,01 zł" in text.replace("\xa0", " ")
    for person, _enrolment, _employment in moved:  # no personal data
        assert person.last_name not in text
        assert person.pesel not in text


def test_the_share_of_local_budgets_commissioned_to_the_cooperatives(world, orders, api_for):
    """KPRES for 2025: the gmina Czarnków ordered 100 000 zł from the cooperative here and
    10 000 zł from the one in Rakoniewice, of 40 000 000 zł spent: 0,275 %; the powiat ordered
    50 000 zł of 20 000 000 zł: 0,25 %. Rakoniewice's budget is another powiat's."""
    for kind, territory, expenditure in (
        (Organisation.Kind.GMINA, world.gmina, "40000000.00"),
        (Organisation.Kind.POWIAT, world.powiat, "20000000.00"),
        (Organisation.Kind.GMINA, world.other_gmina, "30000000.00"),
    ):
        LocalBudget.objects.create(
            organisation=Organisation.objects.get(kind=kind, territory=territory),
            year=2025,
            expenditure=Decimal(expenditure),
            source="Rb-28S za 2025 r.",
        )
    api = api_for(world.officer)
    for territory in ("3002", "3002011"):
        data = api.get(API, {"territory": territory, "period": "2025"}).json()
        section = next(s for s in data["sections"] if s["key"] == "commissioned")
        shares = {
            row["label"]: [figure["value"] for figure in row["figures"]] for row in section["rows"]
        }
        assert sorted(shares.values()) == [
            [50000.0, 20000000.0, 0.25],
            [110000.0, 40000000.0, 0.275],
        ]
    # a quarter has no yearly budget to divide by
    data = api.get(API, {"territory": "3002", "period": "2025-Q4"}).json()
    section = next(s for s in data["sections"] if s["key"] == "commissioned")
    assert "rows" not in section
    assert "choose a year" in section["note"] or "wybierz rok" in section["note"]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+48 600 000 000", "'+48 600 000 000"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Czarnków", "Czarnków"),
        ("1 234,56 zł", "1 234,56 zł"),
        (12.5, 12.5),
    ],
)
def test_a_text_a_spreadsheet_would_run_is_written_as_text(text, kept):
    assert neutralised(text) == kept


def test_sheet_names_are_what_a_spreadsheet_accepts_and_each_different():
    names = sheet_names(
        [
            "Pieniądze, które zostały na miejscu: zamówienia dla spółdzielni socjalnych",
            "Pieniądze, które zostały na miejscu: inne",
            "A/B [C]?*",
            "Definicje",
        ]
    )
    assert names == [
        "Pieniądze, które zostały na mie",
        "Pieniądze, które zostały na (2)",
        "A B C",
        "Definicje",
    ]
    assert all(len(name) <= 31 for name in names)
