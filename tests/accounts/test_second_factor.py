"""Two-step sign-in: a code from an authenticator app after the password, set up and removed by
each user on the profile page; enforced, where switched on, for administrators and everyone who
may read people's records (and so export them); refused wrong codes throttled by django-otp."""

import base64
import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken
from rest_framework.test import APIClient

from accounts import second_factor
from config.roles import reads_personal_data
from tests.config.test_settings import PRODUCTION_ENV, run_manage
from tests.factories.accounts import PASSWORD

NOON = datetime.datetime(2026, 3, 16, 12, 0, 0, tzinfo=ZoneInfo("Europe/Warsaw"))
STEP = datetime.timedelta(seconds=30)
ENFORCED = override_settings(REQUIRE_SECOND_FACTOR=True)
SETUP = "/accounts/two-step/"
CODE_STEP = "/accounts/login/code/"


@pytest.fixture
def clock():
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def app_code(device_or_key) -> str:
    """The code the phone shows now."""
    key = device_or_key if isinstance(device_or_key, bytes) else device_or_key.bin_key
    return f"{totp(key):06d}"


def wrong_code(device) -> str:
    return "000000" if app_code(device) != "000000" else "111111"


def with_authenticator(user):
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    codes = second_factor.new_backup_codes(user)
    return device, codes


def signed_in_with_password(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step"
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]] if response.context else []


# Enforcement: who must have a second factor, and what they reach without one.


def test_those_who_read_peoples_records_are_administrators_staff_and_managers(world):
    assert {
        role
        for role in ("admin", "staff", "manager", "officer", "outsider")
        if reads_personal_data(getattr(world, role))
    } == {"admin", "staff", "manager"}
    assert reads_personal_data(world.instructor)  # any WTZ staff, not only the workshop's head


@ENFORCED
def test_an_administrator_without_a_second_factor_cannot_reach_the_admin(world, client_for):
    client = client_for(world.admin)
    for url in ("/admin/", "/admin/participants/person/", "/admin/accounts/user/", "/search/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SETUP}?next="), url
    assert client.get("/admin/").url == f"{SETUP}?next=%2Fadmin%2F"
    assert client.post("/admin/accounts/user/add/").url == SETUP
    setup = client.get(SETUP)
    assert setup.status_code == 200
    assert "musi logować się dwuetapowo" in setup.content.decode()


@ENFORCED
def test_staff_and_managers_who_may_export_people_are_held_too(world, people, client_for):
    export = "/admin/export/participants/person/csv/"
    for user in (world.staff, world.manager, world.instructor):
        response = client_for(user).get(export)
        assert response.status_code == 302
        assert response["Location"].startswith(SETUP)
    assert client_for(world.staff).get("/participants/1/path/").url.startswith(SETUP)


@ENFORCED
def test_an_officer_reading_aggregates_only_is_not_held(world, client_for):
    client = client_for(world.officer)
    assert client.get("/reports/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200


@ENFORCED
def test_signing_out_the_language_static_files_and_health_stay_open(world, client_for):
    client = client_for(world.admin)
    assert client.get("/healthz").status_code == 200
    assert client.get("/static/css/base.css").status_code == 200
    switched = client.post("/accounts/language/", {"language": "en", "next": "/reports/"})
    assert switched.status_code == 302
    assert switched.url == "/reports/"  # where it was asked to go, not the set-up page
    signed_out = client.post("/accounts/logout/")
    assert signed_out.status_code == 302
    assert "two-step" not in signed_out.url
    assert "_auth_user_id" not in client.session


@ENFORCED
def test_in_the_api_a_session_without_the_second_step_is_not_signed_in(world, client_for):
    assert client_for(world.staff).get("/api/v1/workshops/").status_code == 401
    with override_settings(REQUIRE_SECOND_FACTOR=False):
        assert client_for(world.staff).get("/api/v1/workshops/").status_code == 200


def test_without_enforcement_the_demo_accounts_sign_in_with_the_password_alone(world):
    for user, home in (
        (world.admin, "/admin/"),
        (world.staff, "/admin/"),
        (world.officer, "/reports/"),
    ):
        client = signed_in_with_password(user)
        assert client.get(home).status_code == 200, user.username


# The second step at sign-in.


@ENFORCED
def test_with_an_app_the_admin_opens_only_after_a_valid_code(world, clock):
    device, _codes = with_authenticator(world.admin)
    client = signed_in_with_password(world.admin)
    held = client.get("/admin/")
    assert held.status_code == 302
    assert held["Location"] == f"{CODE_STEP}?next=%2Fadmin%2F"
    page = client.get(held["Location"])
    assert "Potwierdź, że to Ty" in page.content.decode()

    wrong = client.post(
        CODE_STEP,
        {"code": wrong_code(device), "next": "/admin/"},
    )
    assert wrong.status_code == 200
    assert "Kod jest błędny lub wygasł" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    clock.shift(STEP)  # past the throttle's second, and a new code on the phone
    accepted = client.post(CODE_STEP, {"code": app_code(device), "next": "/admin/"})
    assert accepted.status_code == 302
    assert accepted["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_user_with_an_app_is_asked_for_the_code_even_where_nothing_is_enforced(world, clock):
    device, _codes = with_authenticator(world.officer)
    client = signed_in_with_password(world.officer)
    assert client.get("/reports/").url == f"{CODE_STEP}?next=%2Freports%2F"
    client.post(CODE_STEP, {"code": app_code(device)})
    assert client.get("/reports/").status_code == 200


def test_wrong_codes_are_throttled_even_the_right_one_waits(world, clock):
    device, _codes = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    client.post(CODE_STEP, {"code": wrong_code(device)})
    # One failure: no code is checked for a second, not even the right one, and a guess made
    # meanwhile is not even counted.
    waiting = client.post(CODE_STEP, {"code": app_code(device)})
    assert "Zbyt wiele błędnych kodów z rzędu. Spróbuj ponownie za 1 sekundę." in (
        waiting.content.decode()
    )
    client.post(CODE_STEP, {"code": wrong_code(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    clock.shift(datetime.timedelta(seconds=2))
    client.post(CODE_STEP, {"code": wrong_code(device)})
    device.refresh_from_db()
    assert device.throttling_failure_count == 2
    # Two failures in a row: two seconds.
    waiting = client.post(CODE_STEP, {"code": app_code(device)})
    assert "Spróbuj ponownie za 2 sekundy." in waiting.content.decode()
    assert client.get("/admin/").status_code == 302
    clock.shift(datetime.timedelta(seconds=3))
    assert client.post(CODE_STEP, {"code": app_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    assert client.get("/admin/").status_code == 200


def test_a_code_signs_in_once(world, clock):
    device, _codes = with_authenticator(world.staff)
    code = app_code(device)
    first = signed_in_with_password(world.staff)
    assert first.post(CODE_STEP, {"code": code}).status_code == 302
    second = signed_in_with_password(world.staff)
    replay = second.post(CODE_STEP, {"code": code})
    assert replay.status_code == 200
    assert second.get("/admin/").status_code == 302


def test_a_backup_code_signs_in_once_instead_of_the_app(world, clock):
    _device, codes = with_authenticator(world.staff)
    first = signed_in_with_password(world.staff)
    assert first.post(CODE_STEP, {"code": codes[0].upper()}).status_code == 302
    assert first.get("/admin/").status_code == 200
    assert StaticToken.objects.filter(device__user=world.staff).count() == 9
    again = signed_in_with_password(world.staff)
    assert again.post(CODE_STEP, {"code": codes[0]}).status_code == 200


def test_the_code_step_rotates_the_session_key(world, clock):
    device, _codes = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    before = client.session.session_key
    client.post(CODE_STEP, {"code": app_code(device)})
    assert client.session.session_key != before


def test_the_code_step_leads_only_within_the_site(world, clock):
    device, _codes = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    response = client.post(CODE_STEP, {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


# Set-up and removal on the profile page.


def secret_on(page) -> bytes:
    typed = re.search(r'id="secret" value="([A-Z2-7 ]+)"', page).group(1)
    text = typed.replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def test_setting_up_an_app_from_the_profile(world, client_for, clock):
    client = client_for(world.officer)
    profile = client.get("/accounts/profile/").content.decode()
    assert "Dwuetapowe logowanie" in profile
    assert f'href="{SETUP}"' in profile

    page = client.get(SETUP).content.decode()
    qr = re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,([^"]+)"', page)
    svg = base64.b64decode(qr.group(1)).decode()
    assert svg.startswith("<svg")
    assert "<path" in svg
    assert "style" not in svg
    assert "<script" not in svg
    key = secret_on(page)
    assert secret_on(client.get(SETUP).content.decode()) == key  # the same secret until confirmed
    assert not second_factor.has_second_factor(world.officer)  # nothing counts before a code

    wrong = client.post(SETUP, {"code": "12345"})
    assert "Kod się nie zgadza" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=world.officer).exists()

    AuthToken.objects.create(user=world.officer)  # taken with the password alone
    done = client.post(SETUP, {"code": app_code(key)})
    assert done.status_code == 200
    assert not AuthToken.objects.filter(user=world.officer).exists()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10
    assert "Dwuetapowe logowanie jest włączone." in done.content.decode()
    device = TOTPDevice.objects.get(user=world.officer)
    assert device.confirmed
    assert device.bin_key == key
    assert set(
        StaticToken.objects.filter(device__user=world.officer).values_list("token", flat=True)
    ) == set(codes)
    assert client.get("/reports/").status_code == 200  # this session has passed the second step

    clock.shift(STEP)
    later = signed_in_with_password(world.officer)
    assert later.get("/reports/").url.startswith(CODE_STEP)
    profile = client.get("/accounts/profile/").content.decode()
    assert "Włączone." in profile
    assert "10 niewykorzystanych kodów zapasowych" in profile


@ENFORCED
def test_setting_up_leads_on_to_where_the_user_was_going(world, client_for, clock):
    client = client_for(world.admin)
    page = client.get(client.get("/admin/").url).content.decode()
    done = client.post(SETUP, {"code": app_code(secret_on(page)), "next": "/admin/"})
    assert 'href="/admin/"' in done.content.decode()
    assert client.get("/admin/").status_code == 200


def test_an_unverified_session_cannot_set_up_over_an_existing_app(world, clock):
    with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    assert client.get(SETUP).url.startswith(CODE_STEP)


def test_removing_the_app_asks_for_the_password_or_a_code(world, clock):
    device, _codes = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    client.post(CODE_STEP, {"code": app_code(device)})

    refused = client.post("/accounts/two-step/remove/", {"confirmation": "zgadywane"}, follow=True)
    assert "Nie przyjęto ani hasła, ani kodu" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=world.staff).exists()

    clock.shift(STEP)
    removed = client.post("/accounts/two-step/remove/", {"confirmation": PASSWORD}, follow=True)
    assert "Dwuetapowe logowanie jest wyłączone." in removed.content.decode()
    assert not TOTPDevice.objects.filter(user=world.staff).exists()
    assert not StaticDevice.objects.filter(user=world.staff).exists()
    assert signed_in_with_password(world.staff).get("/admin/").status_code == 200


def test_removing_the_app_with_a_current_code(world, clock):
    device, _codes = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    client.post(CODE_STEP, {"code": app_code(device)})
    clock.shift(STEP)
    client.post("/accounts/two-step/remove/", {"confirmation": app_code(device)})
    assert not TOTPDevice.objects.filter(user=world.staff).exists()


def test_new_backup_codes_replace_the_old_ones(world, clock):
    device, old = with_authenticator(world.staff)
    client = signed_in_with_password(world.staff)
    client.post(CODE_STEP, {"code": app_code(device)})
    page = client.post("/accounts/two-step/backup-codes/").content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", page)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


# API tokens.


def ask_for_token(user, **extra):
    return APIClient().post(
        "/api/v1/auth/token/",
        {"username": user.username, "password": PASSWORD, **extra},
        format="json",
    )


@ENFORCED
def test_the_api_refuses_a_token_to_an_enforced_user_without_an_app(world):
    response = ask_for_token(world.admin)
    assert response.status_code == 400
    assert "musi logować się dwuetapowo" in response.json()["otp"][0]
    assert ask_for_token(world.officer).status_code == 200  # not one who reads people's records
    assert AuthToken.objects.filter(user=world.admin).count() == 0


def test_the_api_wants_the_code_from_whoever_has_an_app(world, clock):
    device, codes = with_authenticator(world.staff)
    missing = ask_for_token(world.staff)
    assert missing.status_code == 400
    assert missing.json()["otp"] == [
        "Podaj jako „otp” 6-cyfrowy kod z aplikacji uwierzytelniającej."
    ]
    wrong = ask_for_token(world.staff, otp=wrong_code(device))
    assert wrong.status_code == 400
    assert "Kod jest błędny lub wygasł" in wrong.json()["otp"][0]
    assert not AuthToken.objects.exists()
    clock.shift(STEP)
    assert ask_for_token(world.staff, otp=app_code(device)).status_code == 200
    assert ask_for_token(world.staff, otp=codes[1]).status_code == 200
    assert AuthToken.objects.filter(user=world.staff).count() == 2


def test_the_token_request_documents_the_code_field(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    credentials = schema["components"]["schemas"]["Credentials"]["properties"]
    assert "otp" in credentials
    assert "otp" not in schema["components"]["schemas"]["Credentials"].get("required", [])


# Administrators reset a lost phone.


def test_an_administrator_sees_and_removes_a_users_app(world, client_for, clock):
    device, codes = with_authenticator(world.staff)
    admin = client_for(world.admin)
    listing = admin.get("/admin/accounts/authenticator/").content.decode()
    assert "Aplikacje uwierzytelniające" in listing
    assert "Niewykorzystane kody zapasowe" in listing
    assert world.staff.username in listing
    assert device.key not in listing
    confirm = admin.get(f"/admin/accounts/authenticator/{device.pk}/delete/").content.decode()
    assert "Aplikacja uwierzytelniająca użytkownika" in confirm
    assert not [code for code in codes if code in confirm]  # the backup codes are never shown
    assert (
        admin.post(
            f"/admin/accounts/authenticator/{device.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert not TOTPDevice.objects.filter(user=world.staff).exists()
    assert not StaticDevice.objects.filter(user=world.staff).exists()
    assert client_for(world.staff).get("/admin/accounts/authenticator/").status_code == 403


def test_the_list_of_apps_runs_constant_queries(world, client_for, django_assert_num_queries):
    admin = client_for(world.admin)
    with_authenticator(world.staff)
    admin.get("/admin/accounts/authenticator/")
    with CaptureQueriesContext(connection) as one:
        admin.get("/admin/accounts/authenticator/")
    for user in (world.manager, world.officer, world.instructor, world.outsider):
        with_authenticator(user)
    with django_assert_num_queries(len(one)):
        admin.get("/admin/accounts/authenticator/")


# The setting.


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "False"),  # development: the demo accounts sign in with a password
        (PRODUCTION_ENV, "True"),
        ({**PRODUCTION_ENV, "DJANGO_REQUIRE_SECOND_FACTOR": "false"}, "False"),
        ({"DJANGO_REQUIRE_SECOND_FACTOR": "true"}, "True"),
    ],
)
def test_enforcement_is_on_in_production_unless_switched_off(env, expected):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.REQUIRE_SECOND_FACTOR)",
        env=env,
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_the_secret_cannot_be_guessed_from_the_admins_filters(world, client_for):
    device, _codes = with_authenticator(world.staff)
    client = client_for(world.admin)
    for address in (
        f"/admin/accounts/authenticator/?key__startswith={device.key[:2]}",
        f"/admin/export/accounts/authenticator/csv/?key__startswith={device.key[:2]}",
    ):
        # Refused outright, as Django's own user list refuses a filter on the password.
        assert client.get(address).status_code == 400


def test_the_pages_with_the_secret_or_codes_are_not_kept_by_the_browser(world, client_for):
    answer = client_for(world.officer).get(SETUP)
    assert "no-store" in answer["Cache-Control"]
