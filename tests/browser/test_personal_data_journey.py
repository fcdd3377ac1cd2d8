"""Journey: a participant asks for everything held on them and then to be forgotten. The WTZ
manager hands the data over from the person's page; the administrator anonymises the person and
the record stays, counted, under a number — in Polish."""

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser


def test_the_manager_hands_over_the_data_and_the_administrator_anonymises(
    live_server, page, demo_data, log_in, assert_accessible
):
    workshop = demo_data["workshops"][0]
    enrolment = admitted(workshop, "Zofia", "Zapomniana", applied=400, approved=380, admitted=360)
    person = enrolment.person
    pesel = person.pesel

    log_in("staff")
    page.goto(f"{live_server.url}/admin/participants/person/{person.pk}/change/")
    expect(page.get_by_role("link", name="Anonimizuj")).to_have_count(0)  # not theirs to do
    with page.expect_download() as download:
        page.get_by_role("link", name="Wszystkie dane osoby (XLSX)").click()
    workbook = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.sheetnames[0] == "Spis"
    people = list(workbook["Osoby"].iter_rows(values_only=True))
    assert pesel in people[1]
    with page.expect_download() as download:
        page.get_by_role("link", name="Wszystkie dane osoby (JSON)").click()
    document = json.loads(Path(download.value.path()).read_text())
    assert any(table["key"] == "participants.enrolment" for table in document["tables"])
    page.context.clear_cookies()  # another person at the same computer

    log_in("admin")
    page.goto(f"{live_server.url}/admin/participants/person/{person.pk}/change/")
    page.get_by_role("link", name="Anonimizuj").click()
    expect(page.get_by_text("Anonimizacji nie można cofnąć")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Potwierdzam anonimizację").check()
    page.get_by_role("button", name="Anonimizuj").click()
    expect(page.locator(".messagelist")).to_contain_text("Osoba została zanonimizowana")
    expect(page.locator("#content h2").first).to_contain_text(
        f"osoba zanonimizowana nr {person.pk}"
    )
    assert "Zapomniana" not in page.content()
    assert pesel not in page.content()

    page.goto(f"{live_server.url}/admin/retention/")
    expect(page.get_by_role("heading", name="Ostatnie anonimizacje")).to_be_visible()
    expect(page.get_by_text(f"osoba zanonimizowana nr {person.pk}")).to_be_visible()
    assert_accessible(page)
