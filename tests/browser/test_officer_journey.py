"""Journey: the demo officer reads the outcomes of their powiat, then of one gmina in one
quarter — in Polish, with every section readable and no person in sight."""

import re

import pytest
from django.utils import timezone
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
