"""Reports read from a replica when one is configured, and from the primary when none is."""

from unittest import mock

import time_machine
from django.db import connections

from common.replica import reading_from_replica, replica_reads
from config.routers import REPLICA, ReplicaRouter
from participants.models import Person

router = ReplicaRouter()


def test_reads_stay_on_the_primary_without_a_replica():
    assert REPLICA not in connections.databases
    with replica_reads():
        assert router.db_for_read(Person) is None  # None: the default database


def test_with_a_replica_only_the_reports_reads_go_there():
    replica = {**connections.databases["default"]}
    with mock.patch.dict(connections.databases, {REPLICA: replica}):
        assert router.db_for_read(Person) is None
        with replica_reads():
            assert router.db_for_read(Person) == REPLICA
            assert router.db_for_write(Person) is None  # writes: always the primary
        assert router.db_for_read(Person) is None
    assert router.allow_migrate(REPLICA, "participants") is False
    assert router.allow_migrate("default", "participants") is True


def test_the_officers_dashboard_is_read_as_a_replica_may_serve_it(client_for, world):
    asked = []
    real = ReplicaRouter.db_for_read

    def recording(self, model, **hints):
        asked.append((model._meta.label, reading_from_replica()))
        return real(self, model, **hints)

    with (
        mock.patch.object(ReplicaRouter, "db_for_read", recording),
        time_machine.travel("2026-12-02 12:00", tick=False),
    ):
        assert client_for(world.officer).get("/reports/").status_code == 200
    from_replica = {label for label, replica in asked if replica}
    assert {"participants.Enrolment", "organisations.Territory"} <= from_replica
    # who is asking is read from the primary: a session never waits for replication
    assert ("accounts.User", False) in asked
