"""Journey: each demo account logs in through the form and lands on its home, in Polish."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("username", "home", "heading"),
    [
        ("admin", "/admin/", "Pulpit"),
        ("staff", "/admin/", "Pulpit"),
        ("manager", "/admin/", "Pulpit"),
        ("officer", "/reports/", "Wyniki: czarnkowsko-trzcianecki"),
    ],
)
def test_a_demo_account_logs_in_and_lands_on_its_home(
    live_server, page, demo_data, assert_accessible, username, home, heading
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", name="Zaloguj się")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill("demo")
    page.get_by_role("button", name="Zaloguj się").click()

    expect(page).to_have_url(f"{live_server.url}{home}")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    assert_accessible(page)


def test_the_officer_sees_the_workshops_of_their_powiat_only(live_server, page, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Nazwa użytkownika").fill("officer")
    page.get_by_label("Hasło").fill("demo")
    page.get_by_role("button", name="Zaloguj się").click()

    table = page.get_by_role("table", name="czarnkowsko-trzcianecki")
    expect(table.get_by_role("row")).to_have_count(1 + 3 + 1)  # header, 3 workshops, total
    expect(page.get_by_text("WTZ w Rakoniewicach")).to_have_count(0)


def test_a_user_can_switch_to_english(live_server, page, demo_data):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
