"""The database router: reports read from a replica when one is configured."""

from django.db import connections

from common.replica import reading_from_replica

REPLICA = "replica"


class ReplicaRouter:
    """Within ``common.replica.replica_reads()``, reads go to the ``replica`` database if the
    settings name one; everything else, every write and every migration, to ``default``."""

    def db_for_read(self, model, **hints):
        if reading_from_replica() and REPLICA in connections.databases:
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
