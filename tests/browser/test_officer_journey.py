"""Journey: the demo officer reads the outcomes of their powiat, then of one gmina in one
quarter — in Polish, with every section readable and no person in sight."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

SECTIONS = [
    "Uczestnicy warsztatów",
    "Etapy ścieżki ostatniego dnia",
    "Od terapii do płatnej pracy",
    "Utrzymanie pracy",
    "Praktyki, treningi pracy i staże",
    "Listy rezerwowe i zwolnione miejsca",
    "Spółdzielnie socjalne",
    "Pieniądze, które zostały na miejscu: zamówienia dla spółdzielni socjalnych",
    "Udział budżetów samorządów zleconych spółdzielniom",
    "Ile są warte przejścia do pracy: bilans dla finansów publicznych",
    "Według jednostek terytorialnych",
    "Kwartał po kwartale przez ostatnie trzy lata",
]


def test_the_officer_changes_the_period_and_the_territory_and_reads_every_section(
    live_server, page, demo_data, log_in, assert_accessible
):
    last_year = timezone.localdate().year - 1
    log_in("officer")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"Wyniki: czarnkowsko-trzcianecki, {last_year}")
    assert_accessible(page)

    page.get_by_label("Okres", exact=True).select_option(f"{last_year}-Q3")
    page.get_by_role("button", name="Pokaż").click()
    expect(page).to_have_url(re.compile(f"period={last_year}-Q3"))
    expect(heading).to_contain_text(f"III kw. {last_year}")

    page.get_by_label("Teren", exact=True).select_option("3002073")
    page.get_by_role("button", name="Pokaż").click()
    expect(heading).to_contain_text(f"Wyniki: Trzcianka, III kw. {last_year}")
    expect(page).to_have_url(re.compile("territory=3002073"))
    for title in SECTIONS:
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Trzcianka"))).to_be_visible()
    assert_accessible(page)

    # The bookmarked view opens as it was left, on a phone too.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(heading).to_contain_text("Trzcianka")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width


def _five_moved_to_work(year: int) -> None:
    """Five people of the demo powiat who left a workshop for the cooperative before ``year``
    and worked there all of it: enough for the balance to be shown."""
    from employment.models import Employment
    from organisations.models import Cooperative
    from participants.models import Enrolment
    from tests.employment.conftest import job
    from tests.factories.participants import EnrolmentFactory, PersonFactory
    from wtz.models import Workshop

    workshop = Workshop.objects.filter(territory__code__startswith="3002").order_by("pk").first()
    cooperative = Cooperative.objects.order_by("pk").first()
    for _index in range(5):
        person = PersonFactory(residence=workshop.territory)
        EnrolmentFactory(
            person=person,
            workshop=workshop,
            admitted_on=datetime.date(year - 5, 1, 1),
            exited_on=datetime.date(year - 1, 12, 31),
            exit_reason=Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE,
        )
        job(
            person,
            cooperative,
            contract_type=Employment.ContractType.COOPERATIVE_EMPLOYMENT,
            starts_on=datetime.date(year, 1, 1),
        ).save()


def test_the_officer_tries_an_assumption_downloads_the_spreadsheet_and_prints_the_report(
    live_server, page, demo_data, log_in, assert_accessible
):
    last_year = timezone.localdate().year - 1
    _five_moved_to_work(last_year)
    log_in("officer")
    balance = page.locator("#balance")
    total = balance.get_by_role("row", name=re.compile("^Bilans dla finansów publicznych"))
    before = total.inner_text()
    assert "zł" in before

    # A what-if: 250,50 zł of benefits a month no longer paid, typed as Poles write it.
    page.get_by_label(re.compile("^Świadczenia, których już się nie wypłaca")).fill("250,50")
    page.get_by_role("button", name="Przelicz").click()
    expect(page).to_have_url(re.compile("benefit_saved=250"))
    expect(total).not_to_have_text(before)
    expect(balance.get_by_role("row", name=re.compile("^Plus świadczenia"))).to_contain_text(
        "15 030,00 zł"  # 5 people × 12 months × 250,50 zł
    )
    assert_accessible(page)

    # The spreadsheet holds what is on screen, the what-if and its definitions included.
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    assert download.value.suggested_filename == f"czarnkowsko-trzcianecki-{last_year}.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.sheetnames[-1] == "Definicje"
    definitions = list(workbook["Definicje"].iter_rows(values_only=True))
    assert any(str(row[1]).replace("\xa0", " ") == "250,50 zł" for row in definitions)

    # On paper: A4, the territory, period and date on it, no controls.
    page.emulate_media(media="print")
    foot = page.locator("link[rel=stylesheet][media=print][href*='print-foot']")
    footer = page.request.get(f"{live_server.url}{foot.get_attribute('href')}").text()
    assert "@bottom-left" in footer
    assert "czarnkowsko-trzcianecki" in footer
    expect(page.get_by_text(re.compile("^Teren: czarnkowsko-trzcianecki"))).to_be_visible()
    expect(page.get_by_role("button", name="Pokaż")).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:  # A4 portrait: 595 × 842 points, give or take rounding
        assert abs(float(width) - 595.3) < 2
        assert abs(float(height) - 841.9) < 2
