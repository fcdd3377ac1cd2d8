import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories.accounts import PASSWORD


def test_the_login_page_is_polish_whatever_the_browser_asks(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="pl">' in response.content.decode()
    assert "Zaloguj się" in response.content.decode()
    assert response.headers["Content-Language"] == "pl"


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("staff", "/admin/"),
        ("instructor", "/admin/"),
        ("manager", "/admin/"),
        ("officer", "/reports/"),
        ("admin", "/admin/"),
    ],
)
def test_logging_in_through_the_form_lands_each_role_on_its_home(client, world, role, home):
    response = client.post(
        "/accounts/login/", {"username": role, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (home, 302)
    assert response.status_code == 200


def test_wrong_password_is_refused_with_a_polish_message(client, world):
    response = client.post("/accounts/login/", {"username": "staff", "password": "wrong"})
    assert response.status_code == 200
    assert "Wprowadź poprawn" in response.content.decode()  # "Wprowadź poprawną nazwę użytkownika…"
    assert "_auth_user_id" not in client.session


def test_a_user_without_any_assignment_is_told_so(client_for, world):
    response = client_for(world.outsider).get("/", follow=True)
    assert response.status_code == 200
    assert "Brak przypisanej roli" in response.content.decode()


def test_an_ended_assignment_no_longer_gives_the_role(client_for, world):
    assignment = world.instructor.staff_assignments.get()
    assignment.ends_on = assignment.starts_on
    assignment.save()
    response = client_for(world.instructor).get("/admin/")
    assert response.status_code == 403


def test_anonymous_home_goes_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_admin_login_is_the_one_login_page(client, db):
    response = client.get("/admin/login/?next=/admin/wtz/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/wtz/"


def test_logout_ends_the_session(client_for, world):
    client = client_for(world.staff)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302


THIRTY_MINUTES = datetime.timedelta(minutes=30)


def session_expires(client) -> datetime.datetime:
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_session_expires_after_thirty_idle_minutes(client_for, world, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    settings.SESSION_TOUCH_SECONDS = 60  # as in production (the tests' own is longer)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC)) as clock:
        client = client_for(world.staff)  # signing in writes the session
        first = session_expires(client)
        assert abs(first - timezone.now() - THIRTY_MINUTES) < datetime.timedelta(seconds=2)
        clock.shift(datetime.timedelta(seconds=30))  # within the minute: no write
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/admin/").status_code == 200
        assert not [q for q in captured if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
        assert session_expires(client) == first
        clock.shift(datetime.timedelta(minutes=20))  # still signed in: the request pushes it on
        assert client.get("/admin/").status_code == 200
        pushed = session_expires(client)
        assert pushed >= first + datetime.timedelta(minutes=19)
        clock.shift(datetime.timedelta(minutes=31))  # idle for longer than the timeout
        response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/"  # signed out: to the login


def test_a_request_with_an_api_token_leaves_no_session(client, world):
    answer = client.post(
        "/api/v1/auth/token/",
        {"username": "staff", "password": PASSWORD},
        content_type="application/json",
    )
    token = answer.json()["token"]
    sessions = Session.objects.count()
    response = Client().get("/api/v1/workshops/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == sessions
