"""Journey: the cooperative's manager adds an order from the gmina on a reserved contract, assigns
two employees to it, and reads the compliance view with its warning — in Polish."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coop.models import Order
from employment import services
from employment.models import DisabilityFacts, Employment
from tests.browser.conftest import choose
from tests.factories.participants import PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def employees(demo_data):
    cooperative = demo_data["cooperative"]
    started = timezone.localdate() - datetime.timedelta(days=200)
    jobs = []
    for last_name in ("Pracowita", "Sumienny"):
        employment, _warnings = services.employment_hire(
            Employment(
                person=PersonFactory(
                    last_name=last_name, residence=cooperative.organisation.territory
                ),
                cooperative=cooperative,
                employer=cooperative.organisation,
                employer_kind="cooperative",
                position="Pracownik zieleni",
                contract_type="employment",
                fte=1,
                daily_hours=7,
                weekly_hours=35,
                monthly_wage=4806,
                starts_on=started,
            ),
            facts=DisabilityFacts(
                degree="moderate", applies_from=started, evidence_shown_on=started
            ),
        )
        jobs.append(employment)
    return jobs


def test_the_manager_adds_a_reserved_order_assigns_two_employees_and_reads_compliance(
    live_server, page, employees, log_in, assert_accessible
):
    today = timezone.localdate()
    log_in("manager")

    page.get_by_role("link", name="Dodaj zamówienie").click()
    choose(page, "id_client", "Gmina Czarnków")
    page.locator("#id_title").fill("Utrzymanie zieleni przy szkołach")
    page.locator("#id_route").select_option(label="zamówienie zastrzeżone (art. 94 Pzp)")
    page.locator("#id_net_value").fill("148000.00")
    page.locator("#id_bid_on").fill((today - datetime.timedelta(days=20)).isoformat())
    page.locator("#id_awarded_on").fill((today - datetime.timedelta(days=5)).isoformat())
    page.locator("#id_starts_on").fill(today.isoformat())
    for index, employment in enumerate(employees):
        if index:
            page.get_by_role("button", name=re.compile("Dodaj wiersz")).click()
        row = f"#id_assignments-{index}-"
        page.locator(row + "person").select_option(str(employment.person_id))
        page.locator(row + "role").select_option(label="pracownik")
        page.locator(row + "employment").select_option(str(employment.pk))
        page.locator(row + "weekly_hours").fill("20")
        page.locator(row + "starts_on").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    errors = page.locator(".errorlist, .errornote")
    assert errors.count() == 0, errors.all_inner_texts()
    expect(page.locator(".messagelist")).to_contain_text("Utrzymanie zieleni przy szkołach")

    order = Order.objects.get(title="Utrzymanie zieleni przy szkołach")
    assert order.assignments.count() == 2

    # The compliance view: every threshold, with the warning that is live.
    page.goto(f"{live_server.url}/admin/")
    page.get_by_role("link", name="Zgodność spółdzielni z przepisami").click()
    expect(page.get_by_role("heading", name="Zgodność z przepisami")).to_be_visible()
    reserved = page.get_by_role("row", name=re.compile("Utrzymanie zieleni przy szkołach"))
    expect(reserved).to_contain_text("spełniony")
    warning = page.locator("tr.compliance-warn").first
    expect(warning).to_contain_text("niespełniony")
    expect(page.get_by_role("row", name=re.compile("PS-03"))).to_contain_text("Pracowita")
    assert_accessible(page)
