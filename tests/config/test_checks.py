"""A database built by an earlier layout of the apps is named before ``migrate`` runs on it."""

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from config.checks import migration_history_check


def test_a_current_database_passes(db):
    assert migration_history_check(None, databases=["default"]) == []


def test_a_database_that_records_migrations_no_longer_on_disk_is_refused(db):
    MigrationRecorder(connection).record_applied("coop", "0016_records_have_versions")
    (error,) = migration_history_check(None, databases=["default"])
    assert error.id == "sciezka.E001"
    assert "coop.0016_records_have_versions" in error.msg
