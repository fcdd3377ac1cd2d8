"""The demo is the same whatever numbers the database gives its rows: an earlier demo built and
rolled back in the same database (a test module's, a PostgreSQL sequence never goes back) must
not change the next one, nor the reports' figures counted from it."""

import datetime

from django.db import connection, transaction
from django.db.models import Min

from accounts.models import User
from config import demo
from participants.models import Enrolment, ProgressNote

TODAY = datetime.date(2026, 11, 27)


def _numbering_moved_on(by: int) -> None:
    """The database's next numbers for enrolments and workshops, ``by`` further on, as an earlier
    demo built and rolled back leaves them (a PostgreSQL sequence never goes back)."""
    with connection.cursor() as cursor:
        for table in ("participants_enrolment", "wtz_workshop"):
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, false)", [table, 1 + by]
                )
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [table])
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, by]
                )


def _what_the_demo_holds() -> tuple:
    notes = sorted(
        ProgressNote.objects.values_list("enrolment__person__pesel", "written_on", "rating")
    )
    staff = sorted(User.objects.filter(username__startswith="wtz").values_list("last_name"))
    exits = sorted(Enrolment.objects.values_list("person__pesel", "exited_on", "exit_reason"))
    return notes, staff, exits


def test_the_demo_is_the_same_whatever_numbers_the_database_gives_its_rows(db):
    with transaction.atomic():
        demo.seed(scale="demo", today=TODAY)
        first = _what_the_demo_holds()
        transaction.set_rollback(True)
    _numbering_moved_on(by=7)
    demo.seed(scale="demo", today=TODAY)
    assert Enrolment.objects.aggregate(first=Min("pk"))["first"] == 8
    assert _what_the_demo_holds() == first
