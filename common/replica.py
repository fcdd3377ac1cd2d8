"""Reads that may come from a streaming replica: the reports' aggregates, which tolerate a
replica's second of lag and are most of the reading an instance does. ``config.routers`` sends
the reads made inside ``replica_reads()`` to the ``replica`` database when one is configured
(``DATABASE_REPLICA_URL``), and to the primary otherwise; writes always go to the primary."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reading_from_replica() -> bool:
    return _replica_reads.get()
