"""Signing in resists guessing: repeated failures lock the account name and the address they came
from, the lockout says nothing about whether the account exists, an administrator can unlock, the
address is taken only from trusted proxies, and API tokens end with the password."""

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient
from rest_framework.throttling import BaseThrottle

from accounts.security import client_ip
from tests.factories.accounts import PASSWORD

LIMIT = 5


def sign_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, world):
    statuses = [sign_in(client, "admin", "zgadywane").status_code for _ in range(LIMIT)]
    assert statuses == [200] * (LIMIT - 1) + [429]  # the failure that reaches the limit locks
    locked = sign_in(client, "admin", PASSWORD)
    assert locked.status_code == 429
    assert "Zbyt wiele nieudanych prób logowania" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_failure_below_the_limit_does_not_lock(client, world):
    for _ in range(LIMIT - 1):
        sign_in(client, "admin", "zgadywane")
    response = sign_in(client, "admin", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.admin.pk)


def test_the_lockout_does_not_tell_whether_the_account_exists(world):
    answers = []
    for username, address in (("admin", "10.1.1.1"), ("nie-ma-takiego", "10.1.1.2")):
        client = APIClient()  # a browser of its own, from an address of its own
        for _ in range(LIMIT):
            sign_in(client, username, "zgadywane", REMOTE_ADDR=address)
        answer = sign_in(client, username, "zgadywane", REMOTE_ADDR=address)
        page = answer.content.decode()
        message = page[page.index('role="alert"') :].split("</p>")[0]
        answers.append((answer.status_code, message))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429
    assert "Zbyt wiele nieudanych prób logowania" in answers[0][1]


def test_one_address_trying_many_names_is_locked_for_every_name(client, world):
    for number in range(LIMIT):
        sign_in(client, f"osoba{number}", "zgadywane")
    assert sign_in(client, "staff", PASSWORD).status_code == 429


def test_another_address_is_not_locked_by_someone_elses_guessing(world):
    for number in range(LIMIT):
        sign_in(APIClient(), f"osoba{number}", "zgadywane", REMOTE_ADDR="10.9.9.9")
    assert sign_in(APIClient(), "staff", PASSWORD, REMOTE_ADDR="10.8.8.8").status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempt(client, client_for, world):
    for _ in range(LIMIT):
        sign_in(client, "staff", "zgadywane")
    assert sign_in(client, "staff", PASSWORD).status_code == 429
    admin = client_for(world.admin)
    listing = admin.get("/admin/accounts/signinlock/")
    assert listing.status_code == 200
    for attempt in AccessAttempt.objects.all():
        url = f"/admin/accounts/signinlock/{attempt.pk}/delete/"
        assert admin.post(url, {"post": "yes"}).status_code == 302
    assert sign_in(client, "staff", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, world, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for _ in range(LIMIT):
            sign_in(client, "staff", "zgadywane")
        assert sign_in(client, "staff", PASSWORD).status_code == 429
    retried = start + settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    with time_machine.travel(retried, tick=False):
        assert sign_in(client, "staff", PASSWORD).status_code == 429
    # Trying again while locked counts as a failure: the cool-off starts over from that try.
    with time_machine.travel(retried + settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=30)):
        assert sign_in(client, "staff", PASSWORD).status_code == 429
    with time_machine.travel(retried + settings.AXES_COOLOFF_TIME * 2):
        assert sign_in(client, "staff", PASSWORD).status_code == 302


def test_the_api_token_endpoint_shares_the_lockout(world):
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "staff", "password": "x"}, format="json"
        ).status_code
        for _ in range(LIMIT)
    ]
    assert statuses == [400] * (LIMIT - 1) + [429]
    locked = client.post(
        "/api/v1/auth/token/", {"username": "staff", "password": PASSWORD}, format="json"
    )
    assert locked.status_code == 429
    assert "Zbyt wiele nieudanych prób logowania" in locked.json()["detail"]
    assert not AuthToken.objects.exists()


@override_settings(AXES_ENABLED=False)  # the throttle alone, behind the lockout
def test_a_made_up_forwarded_for_does_not_escape_the_token_throttle(world):
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/",
            {"username": "staff", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        ).status_code
        for number in range(25)
    ]
    assert statuses[:20] == [400] * 20
    assert statuses[-1] == 429


def test_a_made_up_forwarded_for_does_not_escape_the_login_lockout(client, world):
    for number in range(LIMIT):
        sign_in(client, f"osoba{number}", "x", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    answer = sign_in(client, "staff", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert answer.status_code == 429


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, None, "192.0.2.1"),
        (0, "203.0.113.5", "192.0.2.1"),  # no proxy of ours: the header is the client's word
        (1, None, "192.0.2.1"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),  # a forged first entry is ignored
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.2", "203.0.113.5"),
        (3, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the first
    ],
)
def test_the_login_lockout_and_the_api_throttle_see_the_same_address(
    settings, proxies, forwarded, expected
):
    settings.NUM_PROXIES = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    headers = {"REMOTE_ADDR": "192.0.2.1"}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    assert client_ip(request) == expected
    assert BaseThrottle().get_ident(request) == expected


def token_for(client, username="staff") -> str:
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def test_a_new_password_ends_every_api_token(world):
    client = APIClient()
    token = token_for(client)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/workshops/").status_code == 200
    world.staff.set_password("nowe-Haslo-2026")
    world.staff.save()
    assert client.get("/api/v1/workshops/").status_code == 401


def test_saving_a_user_without_a_new_password_keeps_the_tokens(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client)}")
    world.staff.first_name = "Zmienione"
    world.staff.save()
    assert client.get("/api/v1/workshops/").status_code == 200


def test_closing_an_account_ends_every_api_token(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client)}")
    world.staff.is_active = False
    world.staff.save()
    assert not AuthToken.objects.filter(user=world.staff).exists()
    assert client.get("/api/v1/workshops/").status_code == 401


def test_a_password_changed_in_the_admin_ends_the_tokens(world, client_for):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client)}")
    response = client_for(world.admin).post(
        f"/admin/accounts/user/{world.staff.pk}/password/",
        {"password1": "nowe-Haslo-2026", "password2": "nowe-Haslo-2026", "usable_password": "true"},
    )
    assert response.status_code == 302
    assert client.get("/api/v1/workshops/").status_code == 401


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("Kr0tkie", "za krótkie"),  # seven characters
        ("12345678901", "wyłącznie z cyfr"),
        ("password123", "zbyt powszechne"),
        ("staff1234", "zbyt podobne"),  # to the username
    ],
)
def test_a_weak_password_is_refused_in_polish_and_the_old_one_kept(
    world, client_for, password, refusal
):
    old_hash = world.staff.password
    response = client_for(world.admin).post(
        f"/admin/accounts/user/{world.staff.pk}/password/",
        {"password1": password, "password2": password, "usable_password": "true"},
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 200
    assert refusal in response.content.decode()
    world.staff.refresh_from_db()
    assert world.staff.password == old_hash


def test_logout_revokes_this_token_and_logout_all_every_token(world):
    first, second, third = APIClient(), APIClient(), APIClient()
    for client in (first, second, third):
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(client)}")
    assert first.post("/api/v1/auth/logout/").status_code == 204
    assert first.get("/api/v1/workshops/").status_code == 401
    assert second.get("/api/v1/workshops/").status_code == 200
    assert second.post("/api/v1/auth/logout-all/").status_code == 204
    assert second.get("/api/v1/workshops/").status_code == 401
    assert third.get("/api/v1/workshops/").status_code == 401
