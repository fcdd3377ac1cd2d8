"""Any list as CSV or XLSX: the list's own rows (scoped, filtered, every page), its columns as the
page writes them, the people in it logged as exported, and no cell a spreadsheet would run."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from participants.models import AccessLog
from tests.factories.participants import PersonFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

PEOPLE_CSV = "/admin/export/participants/person/csv/"


def csv_rows(response) -> list[list[str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel reads the Polish letters
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_staff_export_their_workshops_people_and_nobody_else(world, people, client_for):
    outsider = PersonFactory(last_name="Obca")  # held by no workshop of the staff
    response = client_for(world.staff).get(PEOPLE_CSV)
    assert response["Content-Disposition"].startswith('attachment; filename="osoby-')
    rows = csv_rows(response)
    names = {row[0] for row in rows[1:]}
    assert str(people.participant) in names
    assert str(outsider) not in names
    assert rows[0][:2] == ["Osoba", "Data urodzenia"]
    exported = AccessLog.objects.filter(kind=AccessLog.Kind.EXPORT, user=world.staff)
    assert set(exported.values_list("person", flat=True)) == {
        person.pk for person in (people.candidate, people.participant, people.former)
    } & set(exported.values_list("person", flat=True))
    assert exported.filter(person=people.participant).exists()


def test_an_export_keeps_the_lists_search(world, people, client_for):
    rows = csv_rows(client_for(world.staff).get(f"{PEOPLE_CSV}?q=uczestnicka"))
    assert [row[0] for row in rows[1:]] == [str(people.participant)]


def test_a_cell_that_would_be_a_formula_stays_text(world, people, client_for):
    people.participant.last_name = '=HYPERLINK("http://zly.example")'
    people.participant.save()
    response = client_for(world.staff).get("/admin/export/participants/person/xlsx/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert any(str(value).startswith("'=HYPERLINK") for value in cells)
    assert not any(str(value).startswith("=") for value in cells)
    dates = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert all("-" not in str(day) for day in dates)  # "3 czerwca 1985", as the page writes it


def test_a_list_the_user_may_not_read_is_not_exported(world, people, client_for):
    assert client_for(world.manager).get(PEOPLE_CSV).status_code == 403
    assert client_for(world.staff).get("/admin/export/coop/order/csv/").status_code == 403
    assert client_for(world.staff).get("/admin/export/participants/nothing/csv/").status_code == 404
    assert client_for(world.staff).get("/admin/export/participants/person/pdf/").status_code == 404


def test_an_export_costs_the_same_queries_for_more_rows(world, people, client_for):
    client = client_for(world.staff)
    client.get(PEOPLE_CSV)
    with CaptureQueriesContext(connection) as few:
        before = len(csv_rows(client.get(PEOPLE_CSV)))
    for index in range(5):
        RegistrationFactory(
            person=PersonFactory(last_name=f"Nowa{index}", residence=world.gmina),
            workshop=world.workshop,
        )
    with CaptureQueriesContext(connection) as more:
        after = len(csv_rows(client.get(PEOPLE_CSV)))
    assert after == before + 5
    assert len(more) == len(few)


def test_a_control_character_in_a_name_does_not_break_the_workbook(world, people, client_for):
    people.participant.first_name = "Anna\x0bMaria"  # pasted from a word processor
    people.participant.save()
    response = client_for(world.staff).get("/admin/export/participants/person/xlsx/")
    assert response.status_code == 200
    names = [row[0].value for row in load_workbook(io.BytesIO(response.content)).active.rows]
    assert any("AnnaMaria" in str(name) for name in names)


def test_a_filter_the_list_cannot_apply_leads_back_to_the_list(world, client_for):
    response = client_for(world.staff).get(f"{PEOPLE_CSV}?birth_date__gte=wczoraj")
    assert response.status_code == 302
    assert response["Location"] == "/admin/participants/person/?e=1"


def test_every_csv_cell_is_quoted(world, people, client_for):
    people.participant.last_name = "Kowalska,=1+1"
    people.participant.save()
    content = client_for(world.staff).get(PEOPLE_CSV).content.decode("utf-8-sig")
    assert '"Kowalska,=1+1' in content
