"""The import at scale: a fixed number of queries whatever the number of rows, the workshop
locked only for the writing, and a large file checked and imported in the background."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants import import_runs, imports, views
from participants.models import Enrolment, Person, WaitingListEntry
from tests.factories.participants import make_pesel
from tests.factories.wtz import ContractedPlacesFactory, WorkshopFactory
from tests.participants.test_import import csv_file, kept_files, private_folder, row

__all__ = ["private_folder"]  # the private storage of the test's own, for every test here


def rows_for(world, count: int, *, first: int = 0, **changes) -> list[dict]:
    return [
        row(
            world,
            1,
            pesel=make_pesel(
                datetime.date(1970, 1, 1) + datetime.timedelta(days=n), female=True, serial=n
            ),
            last_name=f"Wiersz{n}",
            pcpr_reference=f"PCPR.{n}/2024",
            **changes,
        )
        for n in range(first, first + count)
    ]


def queries_for(world, count: int, *, commit: bool, first: int = 0) -> list[str]:
    workshop = WorkshopFactory(organiser=world.workshop.organiser, places=None)
    ContractedPlacesFactory(workshop=workshop, places=count)
    sheet = imports.read_sheet(csv_file(rows_for(world, count, first=first, room="")))
    with CaptureQueriesContext(connection) as captured:
        result = imports.import_participants(
            workshop=workshop, rows=sheet, by=world.staff, commit=commit
        )
    assert result.is_valid, result.error_rows[:3]
    assert result.saved == commit
    return [query["sql"] for query in captured.captured_queries]


def inserts_bound(rows: int) -> int:
    """SQLite takes at most 999 parameters a statement, so Django splits a long insert; on
    PostgreSQL every table is one insert. Up to 16 tables (with their history) of at most 30
    columns: one more statement per 33 rows and table, at most."""
    if connection.vendor != "sqlite":
        return 0
    return 16 * (rows // 33 + 1)


@pytest.mark.parametrize("commit", [False, True])
def test_the_queries_do_not_grow_with_the_rows(world, commit):
    few = queries_for(world, 10, commit=commit)
    many = queries_for(world, 200, commit=commit, first=10)

    def reads(queries):
        return [sql for sql in queries if not sql.lstrip().upper().startswith("INSERT")]

    assert len(reads(many)) == len(reads(few)), set(reads(many)) - set(reads(few))
    assert len(many) <= len(few) + inserts_bound(200)
    assert len(few) < 40


def test_the_workshop_is_locked_only_after_every_row_was_read(world, monkeypatch):
    cleaned, locked_after = [], []
    original_is_valid = imports.RowForm.is_valid
    original_lock = imports._lock_for_writing

    def counting_is_valid(form):
        cleaned.append(form)
        return original_is_valid(form)

    def recording_lock(workshop):
        locked_after.append(len({id(form) for form in cleaned}))
        return original_lock(workshop)

    monkeypatch.setattr(imports.RowForm, "is_valid", counting_is_valid)
    monkeypatch.setattr(imports, "_lock_for_writing", recording_lock)
    sheet = imports.read_sheet(csv_file(rows_for(world, 5)))

    imports.import_participants(workshop=world.workshop, rows=sheet, by=world.staff, commit=False)
    assert locked_after == []  # a check takes no lock at all

    cleaned.clear()
    with CaptureQueriesContext(connection) as captured:
        result = imports.import_participants(
            workshop=world.workshop, rows=sheet, by=world.staff, commit=True
        )
    assert result.saved
    assert locked_after == [5]  # every row's values were read before the lock
    statements = [query["sql"].upper() for query in captured.captured_queries]
    first_write = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT"))
    lock = next(i for i, sql in enumerate(statements) if '"WTZ_WORKSHOP"' in sql)
    before_lock = statements[:lock]
    # Before the lock: only the reference lists the columns name (gminas, rooms, symbols,
    # policy parameters) — none of the records the rules of admission count.
    assert not any('"PARTICIPANTS_ENROLMENT"' in sql for sql in before_lock)
    assert lock < first_write


def test_a_bad_row_in_a_large_file_saves_nothing(world):
    rows = rows_for(world, 30)
    rows[17]["admitted_on"] = "2024-13-45"
    rows[23]["certificate_permanent"] = "nie"
    result = imports.import_participants(
        workshop=world.workshop,
        rows=imports.read_sheet(csv_file(rows)),
        by=world.staff,
        commit=True,
    )
    assert not result.saved
    assert [bad.line for bad in result.error_rows] == [19, 25]
    assert any("DIS-03" in error for error in result.error_rows[1].errors)
    assert not Person.objects.filter(last_name__startswith="Wiersz").exists()
    assert not WaitingListEntry.objects.exists()


def test_a_large_file_is_checked_and_imported_in_the_background(world, client_for, monkeypatch):
    monkeypatch.setattr(views, "BACKGROUND_FROM_ROWS", 3)
    client = client_for(world.staff)
    url = reverse("participants:import")

    checked = client.post(
        url, {"workshop": world.workshop.pk, "file": csv_file(rows_for(world, 3))}
    )
    assert checked.status_code == 302
    run_url = checked["Location"]
    page = client.get(run_url)
    assert page.status_code == 200
    assert page.context["result"].is_valid
    assert not Enrolment.objects.exists()
    token = page.context["token"]
    assert token
    assert 'name="confirm"' in page.content.decode()
    assert 'http-equiv="refresh"' not in page.content.decode()  # done: no more reloading

    # Another user who may import into the same workshop finds nothing there.
    assert client_for(world.instructor).get(run_url).status_code == 404
    listed = client.get(reverse("participants:import_runs"))
    assert run_url in listed.content.decode()
    assert reverse("participants:import_runs") in client.get(url).content.decode()

    confirmed = client.post(url, {"confirm": token})
    assert confirmed.status_code == 302
    done = client.get(confirmed["Location"])
    assert done.status_code == 200
    assert done.context["state"]["saved"]
    assert Enrolment.objects.filter(workshop=world.workshop).count() == 3
    assert WaitingListEntry.objects.get(person__last_name="Wiersz0").history.count() == 3
    assert kept_files() == []  # the waiting rows are deleted once imported
    assert client.post(url, {"confirm": token}).status_code == 302  # a second click: nothing
    assert Enrolment.objects.count() == 3


def test_a_background_check_shows_its_progress_while_it_runs(world, client_for):
    run = import_runs.start(
        user=world.staff, workshop=world.workshop, kind=import_runs.CHECK, total=400
    )
    import_runs.update(run, user_id=world.staff.pk, status=import_runs.RUNNING, done=150)
    page = client_for(world.staff).get(reverse("participants:import_run", args=[run]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<progress id="import-progress" value="150" max="400">' in html
    assert 'http-equiv="refresh"' in html
    assert "<script" not in html.split("</head>")[0].split("<title>")[1]
    assert (
        client_for(world.instructor).get(reverse("participants:import_run", args=[run])).status_code
        == 404
    )


def test_a_background_check_with_bad_rows_offers_no_import(world, client_for, monkeypatch):
    monkeypatch.setattr(views, "BACKGROUND_FROM_ROWS", 3)
    client = client_for(world.staff)
    rows = rows_for(world, 4)
    rows[2]["admitted_on"] = ""
    checked = client.post(
        reverse("participants:import"), {"workshop": world.workshop.pk, "file": csv_file(rows)}
    )
    page = client.get(checked["Location"])
    assert [bad.line for bad in page.context["result"].error_rows] == [4]
    assert page.context["token"] is None
    assert 'name="confirm"' not in page.content.decode()
    assert kept_files() == []
    assert not Person.objects.filter(last_name__startswith="Wiersz").exists()
