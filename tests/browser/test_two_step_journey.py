"""Journey: a user sets up two-step sign-in from their settings with an authenticator app, and the
next sign-in asks for the app's code after the password."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_a_user_sets_up_an_authenticator_app_and_signs_in_with_its_code(
    live_server, page, demo_data, log_in, assert_accessible
):
    log_in("officer")
    expect(page).to_have_url(re.compile(r"/reports/"))
    page.locator("a.who").click()  # their name at the top of every page: their settings
    expect(page.get_by_role("heading", name="Dwuetapowe logowanie")).to_be_visible()
    page.get_by_role("link", name="Włącz dwuetapowe logowanie").click()

    expect(page.get_by_role("heading", name="Włącz dwuetapowe logowanie", level=1)).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Kod QR do zeskanowania"))).to_be_visible()
    assert_accessible(page)
    # What the phone learns from the QR code, typed by hand instead.
    typed = page.get_by_label("Jeśli aplikacja nie może skanować").input_value().replace(" ", "")
    key = base64.b32decode(typed + "=" * (-len(typed) % 8))
    page.get_by_label("Wpisz 6-cyfrowy kod, który pokazuje aplikacja").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Włącz", exact=True).click()

    expect(page.get_by_text("Dwuetapowe logowanie jest włączone.")).to_be_visible()
    expect(page.get_by_role("list", name="Kody zapasowe").get_by_role("listitem")).to_have_count(10)
    assert_accessible(page)
    page.get_by_role("link", name="Kody zapisane — dalej").click()
    expect(page).to_have_url(re.compile(r"/reports/"))

    page.get_by_role("button", name="Wyloguj się").click()
    log_in("officer")
    expect(page).to_have_url(re.compile(r"/accounts/login/code/"))
    expect(page.get_by_role("heading", name="Potwierdź, że to Ty")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kod", exact=True).fill(
        "000000" if f"{totp(key):06d}" != "000000" else "111111"
    )
    page.get_by_role("button", name="Potwierdź").click()
    expect(page.get_by_role("alert")).to_contain_text("Kod jest błędny lub wygasł")
    page.wait_for_timeout(1100)  # the throttle after one wrong code: a second
    # The code set-up used cannot sign in again: the phone's next one can.
    page.get_by_label("Kod", exact=True).fill(f"{totp(key, drift=1):06d}")
    page.get_by_role("button", name="Potwierdź").click()
    expect(page).to_have_url(re.compile(r"/reports/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wyniki")
