"""A database that refuses or hangs: pages answer a Polish 503, the API a JSON 503, the health
check gives up on its own, and the first request after the database is back succeeds."""

import os
import socket
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection, connections
from django.test import Client, override_settings

from config.database import postgresql_options
from wtz.models import Workshop

ROOT = Path(__file__).resolve().parents[2]
REFUSED = "connection to server failed: Connection refused"
API_DETAIL = "Baza danych jest w tej chwili niedostępna. Spróbuj ponownie za minutę."


def assert_polish_unavailable_page(response):
    assert response.status_code == 503
    body = response.content.decode()
    assert "Ścieżka jest chwilowo niedostępna" in body
    assert "nie może w tej chwili połączyć się ze swoją bazą danych" in body
    assert 'href="/"' in body
    assert "Server Error" not in body
    assert "Service Unavailable" not in body
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]


def assert_json_unavailable(response):
    assert response.status_code == 503
    assert response.json() == {"detail": API_DETAIL}
    assert response["Retry-After"] == "30"
    assert "Content-Security-Policy" in response


def signed_in(user) -> Client:
    # Failures outside a view reach handler500; the test client would raise them instead.
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def refusing(error=OperationalError):
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error(REFUSED))


def test_a_view_that_loses_the_database_answers_a_polish_503_page(world, client_for):
    # The middleware answers: nothing reaches the test client as an uncaught exception.
    client = client_for(world.staff)
    with mock.patch("config.views.roles_of", side_effect=OperationalError(REFUSED)):
        response = client.get("/")
    assert_polish_unavailable_page(response)


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_middleware_that_cannot_read_the_session_answers_a_polish_503_page(world, error):
    client = signed_in(world.staff)
    with refusing(error):
        response = client.get("/accounts/profile/")
    assert_polish_unavailable_page(response)


@override_settings(SESSION_TOUCH_SECONDS=0)
def test_a_session_that_cannot_be_saved_after_the_view_answers_a_polish_503_page(world):
    # A touch is due on every request here, so the session is written after the view.
    client = signed_in(world.staff)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save",
        side_effect=OperationalError(REFUSED),
    ):
        response = client.get("/accounts/profile/")
    assert_polish_unavailable_page(response)


def test_an_english_user_reads_the_unavailable_page_in_english(world):
    world.staff.language = "en"
    world.staff.save()
    client = signed_in(world.staff)
    with mock.patch("config.views.roles_of", side_effect=OperationalError(REFUSED)):
        response = client.get("/")
    assert response.status_code == 503
    assert "Ścieżka is temporarily unavailable" in response.content.decode()


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_the_api_answers_a_json_503_in_polish(world, api_for, error):
    client = api_for(world.staff)
    with refusing(error):
        response = client.get("/api/v1/workshops/")
    assert_json_unavailable(response)


def test_any_other_server_error_keeps_the_plain_500_page(world):
    client = signed_in(world.staff)
    with mock.patch("config.views.roles_of", side_effect=ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "Coś poszło nie tak" in response.content.decode()
    assert "Retry-After" not in response


@contextmanager
def database_refusing_connections(tmp_path):
    """This thread's connection pointed at a database that is not there: on PostgreSQL a closed
    port, on SQLite a file in a folder that does not exist. Afterwards it points back."""
    original = connection.settings_dict
    if connection.vendor == "postgresql":
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            closed_port = probe.getsockname()[1]
        unreachable = {**original, "HOST": "127.0.0.1", "PORT": str(closed_port)}
    else:
        unreachable = {**original, "NAME": str(tmp_path / "no-such-folder" / "db.sqlite3")}
    connection.close()
    connection.settings_dict = unreachable
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


@pytest.mark.django_db(transaction=True)
def test_while_the_database_refuses_connections_every_answer_is_503_and_then_it_recovers(
    world, api_for, tmp_path
):
    client = signed_in(world.staff)
    api = api_for(world.staff)
    with database_refusing_connections(tmp_path):
        page = client.get("/accounts/profile/")
        api_response = api.get("/api/v1/workshops/")
        health = client.get("/healthz")
    assert_polish_unavailable_page(page)
    assert_json_unavailable(api_response)
    assert health.status_code == 503

    # The database is back: no restart, the next requests open a new connection.
    assert client.get("/accounts/profile/").status_code == 200
    assert api.get("/api/v1/workshops/").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}


@contextmanager
def web_statement_timeout(seconds):
    """This thread's connection opened again with the options the web process gets."""
    original = connection.settings_dict
    connection.close()
    connection.settings_dict = {
        **original,
        "OPTIONS": postgresql_options(
            original.get("OPTIONS", {}), connect_timeout=5, statement_timeout=seconds
        ),
    }
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict = original


@contextmanager
def table_locked(table):
    """Another session holds ``table`` locked, as a stuck transaction or a long migration would.
    It is ended by the server after 30 seconds at the latest, so a broken timeout cannot hang
    the suite."""
    holder = connections.create_connection("default")
    holder.set_autocommit(False)
    try:
        with holder.cursor() as cursor:
            cursor.execute("SET idle_in_transaction_session_timeout = '30s'")
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        holder.rollback()
        holder.close()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_statement_that_hangs_past_the_web_timeout_is_cancelled_and_answers_503(world, api_for):
    client = signed_in(world.staff)
    api = api_for(world.staff)
    with web_statement_timeout(1):
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone() == ("1s",)
        with table_locked("django_session"):
            page = client.get("/accounts/profile/")
        with table_locked(Workshop._meta.db_table):
            api_response = api.get("/api/v1/workshops/")
        assert_polish_unavailable_page(page)
        assert_json_unavailable(api_response)

        # The lock is gone: the same connection answers again.
        assert client.get("/accounts/profile/").status_code == 200
        assert api.get("/api/v1/workshops/").status_code == 200


@pytest.mark.postgres_only
def test_the_health_check_gives_up_on_a_hanging_database_within_its_own_timeout(client, db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        before = cursor.fetchone()
    with (
        override_settings(DATABASE_HEALTH_CHECK_TIMEOUT=0.2),
        mock.patch("config.views.HEALTH_QUERY", "SELECT pg_sleep(30)"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == before  # the check's limit was its own


def test_options_add_the_timeouts_to_those_the_database_url_gives():
    options = postgresql_options(
        {"options": "-c search_path=sciezka", "sslmode": "require"},
        connect_timeout=5,
        statement_timeout=10,
    )
    assert options == {
        "options": "-c search_path=sciezka -c statement_timeout=10000",
        "sslmode": "require",
        "connect_timeout": 5,
    }
    assert postgresql_options({}, connect_timeout=3, statement_timeout=0) == {"connect_timeout": 3}


PRINT_OPTIONS = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"


def database_options_in(command: list[str], env: dict[str, str]) -> str:
    """The default database's OPTIONS as a process started by ``command`` sees them."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SCIEZKA_")) and key != "DATABASE_URL"
    }
    result = subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://someone:pw@db.example.org:5432/sciezka",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("entry", ["config.wsgi", "config.asgi"])
def test_only_the_web_process_limits_its_statements(entry):
    env = {"DJANGO_DB_STATEMENT_TIMEOUT": "7"}
    web = database_options_in(["-c", f"import {entry}; {PRINT_OPTIONS}"], env)
    assert "-c statement_timeout=7000" in web
    assert "'connect_timeout': 5" in web
    # What migrate, seed_demo and every other management command see: no statement timeout.
    command = database_options_in(["manage.py", "shell", "-c", PRINT_OPTIONS], env)
    assert "statement_timeout" not in command
    assert "'connect_timeout': 5" in command


class _DriverError(Exception):
    """An error as psycopg2 raises it: with the server's SQLSTATE, or none if it never answered."""

    __module__ = "psycopg2"

    def __init__(self, pgcode):
        super().__init__("driver error")
        self.pgcode = pgcode


def _wrapped(cause):
    error = OperationalError(str(cause))
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("cause", "unreachable"),
    [
        (_DriverError(None), True),  # refused before the server said anything
        (_DriverError("08006"), True),  # connection lost
        (_DriverError("57014"), True),  # statement cancelled after the timeout
        (_DriverError("53300"), True),  # too many connections
        (_DriverError("53100"), False),  # disk full: a fault to fix, not to wait out
        (_DriverError("54000"), False),  # an index row too large
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: participants_person"), False),
    ],
)
def test_only_a_database_that_cannot_answer_now_is_a_503(cause, unreachable):
    from common.middleware import is_database_unreachable

    assert is_database_unreachable(_wrapped(cause)) is unreachable
