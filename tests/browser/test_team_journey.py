"""Journeys: managers run their own teams. The WTZ manager opens an account for a new instructor
and places them at the workshop; the cooperative's manager adds a new client while entering an
order and opens an account for a colleague — in Polish, with no administrator involved."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from coop.models import Order
from organisations.models import ManagerAssignment, Organisation
from tests.browser.conftest import choose
from wtz.models import StaffAssignment

pytestmark = pytest.mark.browser


def open_account(page, username):
    page.get_by_role("link", name=re.compile("Dodaj: użytkownik")).last.click()
    page.locator("#id_username").fill(username)
    page.locator("#id_password1").fill("Jesienny-Las-2026")
    page.locator("#id_password2").fill("Jesienny-Las-2026")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("gdzie pracuje")


def test_the_wtz_manager_opens_an_account_for_a_new_instructor(
    live_server, page, demo_data, log_in, assert_accessible
):
    workshop = demo_data["workshops"][0]
    today = timezone.localdate()
    log_in("staff")
    page.get_by_role("link", name="Użytkownicy").first.click()
    assert_accessible(page)
    open_account(page, "ewa.nowak")
    page.locator("#id_first_name").fill("Ewa")
    page.locator("#id_last_name").fill("Nowak")
    page.get_by_role("button", name=re.compile("Dodaj wiersz")).click()
    row = "#id_staff_assignments-0-"
    page.locator(row + "workshop").select_option(label=workshop.name)
    page.locator(row + "role").select_option(label="instruktor terapii zajęciowej")
    page.locator(row + "fte").fill("0,5")
    page.locator(row + "starts_on").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    errors = page.locator(".errorlist, .errornote")
    assert errors.count() == 0, errors.all_inner_texts()
    expect(page.locator(".messagelist")).to_contain_text("Ewa Nowak")

    assignment = StaffAssignment.objects.get(user__username="ewa.nowak")
    assert (assignment.workshop, assignment.role) == (workshop, "instructor")
    assert not User.objects.get(username="ewa.nowak").is_superuser

    # The new colleague signs in and works at the workshop.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill("ewa.nowak")
    page.get_by_label("Hasło").fill("Jesienny-Las-2026")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("link", name="Osoby").first).to_be_visible()


def test_the_cooperative_manager_adds_a_client_on_the_way_and_a_colleagues_account(
    live_server, page, demo_data, log_in, assert_accessible
):
    cooperative = demo_data["cooperative"]
    today = timezone.localdate()
    log_in("manager")

    # An order from a client nobody has recorded yet: the client is added from the order.
    page.get_by_role("link", name="Dodaj zamówienie").click()
    with page.expect_popup() as opened:
        page.locator("#add_id_client").click()
    popup = opened.value
    popup.locator("#id_name").fill("Gmina Lubasz")
    popup.locator("#id_kind").select_option(label="gmina")
    choose(popup, "id_territory", cooperative.organisation.territory.name)
    popup.get_by_role("button", name="Zapisz", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#id_client + .select2")).to_contain_text("Gmina Lubasz")
    page.locator("#id_title").fill("Sprzątanie świetlicy wiejskiej")
    page.locator("#id_route").select_option(label="poniżej progu Pzp (130 000 zł netto)")
    page.locator("#id_net_value").fill("12 500,00")
    page.locator("#id_awarded_on").fill((today - datetime.timedelta(days=3)).isoformat())
    page.locator("#id_starts_on").fill(today.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    errors = page.locator(".errorlist, .errornote")
    assert errors.count() == 0, errors.all_inner_texts()
    order = Order.objects.get(title="Sprzątanie świetlicy wiejskiej")
    assert order.client == Organisation.objects.get(name="Gmina Lubasz")
    assert order.net_value == 12500

    # A colleague's account, managing the same cooperative.
    page.goto(f"{live_server.url}/admin/accounts/user/")
    open_account(page, "jan.wspolnik")
    page.get_by_role("button", name=re.compile("Dodaj wiersz")).click()
    row = "#id_cooperative_assignments-0-"
    page.locator(row + "cooperative").select_option(label=str(cooperative))
    page.locator(row + "starts_on").fill(today.isoformat())
    page.get_by_role("button", name="Zapisz", exact=True).click()
    errors = page.locator(".errorlist, .errornote")
    assert errors.count() == 0, errors.all_inner_texts()
    assert ManagerAssignment.objects.get(user__username="jan.wspolnik").cooperative == cooperative
