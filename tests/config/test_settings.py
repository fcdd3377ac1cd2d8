import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 64 + "-a-long-random-production-key",
    "DJANGO_ALLOWED_HOSTS": "sciezka.example.org",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("FALSE", False), ("", True)])
def test_booleans_accept_only_true_and_false(monkeypatch, raw, expected):
    monkeypatch.setenv("DJANGO_SOME_FLAG", raw)
    assert env_bool("DJANGO_SOME_FLAG", default=True) is expected


@pytest.mark.parametrize("raw", ["yes", "1", "on", "flase"])
def test_a_malformed_boolean_stops_start_up(monkeypatch, raw):
    monkeypatch.setenv("DJANGO_SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SOME_FLAG"):
        env_bool("DJANGO_SOME_FLAG", default=False)


def test_a_malformed_number_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SOME_NUMBER"):
        env_int("DJANGO_SOME_NUMBER", default=1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("DJANGO_HOSTS", " a.example.org, b.example.org ,")
    assert env_list("DJANGO_HOSTS") == ["a.example.org", "b.example.org"]


def test_no_environment_is_a_development_setup_on_sqlite():
    result = run_manage("diffsettings", "--all", env={})
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "django.db.backends.sqlite3" in result.stdout
    check = run_manage("check", env={})
    assert "sciezka.W001" in check.stderr + check.stdout  # the development setup warns


def test_malformed_debug_value_stops_start_up():
    result = run_manage("check", env={"DJANGO_DEBUG": "yes"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be 'true' or 'false'" in result.stderr


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required when DJANGO_DEBUG=false" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_a_proxy_deployment_can_switch_off_ssl_redirect():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
    }
    result = run_manage("diffsettings", "--all", env=env)
    assert result.returncode == 0, result.stderr
    assert "SECURE_SSL_REDIRECT = False" in result.stdout
    assert "SECURE_PROXY_SSL_HEADER = ('HTTP_X_FORWARDED_PROTO', 'https')" in result.stdout


def test_database_url_selects_the_database():
    env = {"DATABASE_URL": "postgres://someone:pw@db.example.org:5433/sciezka"}
    result = run_manage("diffsettings", "--all", env=env)
    assert result.returncode == 0, result.stderr
    assert "'ENGINE': 'django.db.backends.postgresql'" in result.stdout
    assert "'HOST': 'db.example.org'" in result.stdout
