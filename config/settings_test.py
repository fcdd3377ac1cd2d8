"""Test settings: everything from config.settings, with only test-speed knobs changed."""

import tempfile
from pathlib import Path

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Whitenoise's manifest storage answers 500 for files that were never collected.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test runner turns DEBUG off; serve static files straight from the apps, as in development.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Private uploads go to a throw-away folder.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sciezka-test-private-"))
STORAGES["private"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": MEDIA_ROOT},
}

# A file, not memory, for SQLite's test database: the live server used by the browser tests then
# gives each of its threads a connection of its own instead of sharing one between them.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.mkdtemp(prefix="sciezka-test-db-")) / "test.sqlite3")
    }
    # The browser's parallel requests each write the session; let a writer wait for another.
    DATABASES["default"]["OPTIONS"]["timeout"] = 30  # noqa: F405

# Tasks run at once, in the test's own process: no worker to start.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Two-step sign-in stays off, as in development; the tests of it switch it on where they need it.
REQUIRE_SECOND_FACTOR = False

# Tests count queries: a session is written when signing in and not again within a test (the
# tests of the idle timeout set the production minute back).
SESSION_TOUCH_SECONDS = 24 * 60 * 60
