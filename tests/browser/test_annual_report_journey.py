"""Journey: the demo WTZ manager enters the workshop's finances for last year, opens the annual
report to the powiat from the workspace and downloads it — in Polish."""

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser


def test_the_wtz_manager_enters_the_finances_and_downloads_the_annual_report(
    live_server, page, demo_data, log_in, assert_accessible
):
    workshop = demo_data["workshops"][0]
    admitted(workshop, "Roman", "Roczny", applied=900, approved=850, admitted=800)
    last_year = timezone.localdate().year - 1
    log_in("staff")

    # The finances only the workshop knows, typed as Poles write amounts.
    page.goto(f"{live_server.url}/admin/wtz/annualfinance/add/")
    page.locator("#id_workshop").select_option(str(workshop.pk))
    page.locator("#id_year").fill(str(last_year))
    page.get_by_label("Środki PFRON (zł)").fill("1 402 800,00")
    page.get_by_label("Przychody ze sprzedaży wyrobów i usług uczestników (zł)").fill("12 345,67")
    page.get_by_label("Wyposażenie odtworzone ze środków PFRON (zł)").fill("50 000,00")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("WTZ-19")  # above 3 %, no consent

    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Sprawozdanie roczne dla powiatu").click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"Sprawozdanie roczne: {workshop.name}, {last_year}")
    expect(page.get_by_role("heading", name="1. Uczestnicy")).to_be_visible()
    expect(page.get_by_text(re.compile(r"12\s345,67"))).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz jako XLSX, gotowe do wysłania").click()
    assert download.value.suggested_filename.endswith(f"-{last_year}.xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.sheetnames == [
        "Uczestnicy",
        "Obecność",
        "Rehabilitacja",
        "Odejścia",
        "Stanowiska rady",
        "Finanse i INFWTZ",
    ]
    participants = list(workbook["Uczestnicy"].iter_rows(values_only=True))
    assert participants[2][1] >= 1  # Roman among the participants on 31 December
