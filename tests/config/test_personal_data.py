"""DIS-10 and GDPR art. 15/17: everything held on a person, handed over (JSON and XLSX) and
logged; a person anonymised everywhere — records, history copies, the admin's log, the access
log's addresses — with their rows kept for the reports."""

import io
import json

import openpyxl
import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from simple_history.utils import get_history_model_for_model

from accounts.models import SavedView
from config.personal_data import PLACEHOLDER, anonymise
from participants.models import (
    AccessLog,
    Anonymisation,
    Enrolment,
    Person,
    ProgressNote,
    Representative,
)


def export(client, person, file_format="json"):
    return client.get(f"/admin/personal-data/{person.pk}/{file_format}/")


def test_an_administrator_gets_everything_held_on_a_person_with_history_and_reads(
    world, people, client_for
):
    person = people.participant
    person.phone = "600100200"
    person.save()  # a second version in the history
    AccessLog.objects.create(
        person=person, person_ref=person.pk, user=world.staff, kind="record", where="/x/"
    )
    response = export(client_for(world.admin), person)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.json"')
    document = json.loads(response.content)
    tables = {table["key"]: table["rows"] for table in document["tables"]}
    assert tables["participants.person"][0]["pesel"] == person.pesel
    assert [row["phone"] for row in tables["participants.person.history"]] == ["", "600100200"]
    assert tables["participants.progressnote"][0]["written_on"] == "2023-10-02"
    assert tables["participants.representative"][0]["last_name"] == people.representative.last_name
    assert tables["participants.readiness"][0]["skills_summary"].startswith("Sprząta")
    # Choices by their label, related records by name where they are reference data.
    assert tables["participants.enrolment"][0]["workshop"] == str(world.workshop)
    assert [row["user"] for row in tables["access_log"]] == ["staff"]
    # Nobody else's records.
    assert people.stranger.pesel not in response.content.decode()


def test_the_hand_over_is_itself_logged_as_an_export(world, people, client_for):
    export(client_for(world.admin), people.participant, "xlsx")
    assert AccessLog.objects.filter(
        person=people.participant, user=world.admin, kind=AccessLog.Kind.EXPORT
    ).exists()


def test_the_spreadsheet_has_a_sheet_per_kind_of_record_in_polish(world, people, client_for):
    response = export(client_for(world.admin), people.participant, "xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames[0] == "Spis"
    assert {"Osoby", "Osoby — historia", "Notatki o postępach", "Rejestr dostępu"} <= set(
        book.sheetnames
    )
    header = [cell.value for cell in next(book["Osoby"].iter_rows(max_row=1))]
    assert {"Imię", "Nazwisko", "PESEL"} <= set(header)


def test_the_workshops_manager_hands_over_what_the_workshop_holds(world, people, client_for):
    response = export(client_for(world.staff), people.participant)
    assert response.status_code == 200
    keys = {table["key"] for table in json.loads(response.content)["tables"]}
    assert "participants.progressnote" in keys


@pytest.mark.parametrize(
    ("role", "status"), [("instructor", 403), ("manager", 404), ("officer", 403)]
)
def test_others_cannot_have_a_persons_data(world, people, client_for, role, status):
    response = export(client_for(getattr(world, role)), people.participant)
    assert response.status_code == status
    assert not AccessLog.objects.filter(kind=AccessLog.Kind.EXPORT).exists()


def test_another_workshops_person_is_not_found_for_the_workshops_manager(world, people, client_for):
    assert export(client_for(world.staff), people.stranger).status_code == 404


def test_a_hand_over_costs_the_same_queries_however_much_is_held(
    world, people, client_for, django_assert_max_num_queries
):
    client = client_for(world.admin)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        export(client, people.participant)
    for day in range(1, 20):
        ProgressNote.objects.create(
            enrolment=people.enrolment,
            written_on=f"2024-01-{day:02d}",
            text="Notatka",
            rating=3,
            goal=people.note.goal,
            author=world.staff,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        export(client, people.participant)


def grep(text: str) -> list[str]:
    """Every text column of every table that contains ``text``."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models(include_auto_created=True):
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.CharField | models.TextField):
                hits = model._base_manager.filter(**{f"{model_field.attname}__icontains": text})
                if hits.exists():
                    found.append(f"{model._meta.label}.{model_field.attname}")
    return found


def test_anonymising_removes_identity_and_free_text_everywhere(world, people, client_for):
    person = people.participant
    name, pesel = person.last_name, person.pesel
    person.email = "uczestniczka@example.org"
    person.save()
    search = SavedView.objects.create(
        user=world.staff, name="Szukana", address=f"/admin/participants/person/?q={name}"
    )
    AccessLog.objects.create(
        person=person,
        person_ref=person.pk,
        user=world.staff,
        kind="list",
        where=f"/admin/participants/person/?q={pesel}",
    )
    LogEntry.objects.create(
        user=world.staff,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(person.pk),
        object_repr=str(person),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Telefon"]}}]',
    )
    people.note.text = "Ćwiczyła dojazd autobusem z mamą."
    people.note.save()
    assert grep(name)
    assert grep(pesel)

    assert anonymise([person.pk], reason="request", by=world.admin) == 1

    assert grep(name) == []
    assert grep(pesel) == []
    assert grep(people.note.text) == []
    assert grep(people.readiness.skills_summary) == []
    assert grep(people.representative.last_name) == []
    person.refresh_from_db()
    assert person.anonymised_on is not None
    assert str(person) == f"osoba zanonimizowana nr {person.pk}"
    assert person.birth_date.month == person.birth_date.day == 1
    assert (person.pesel, person.phone, person.email) == (None, "", "")
    old = get_history_model_for_model(Person).objects.filter(id=person.pk)
    assert {version.last_name for version in old} == {PLACEHOLDER}
    search.refresh_from_db()
    assert search.address == "/admin/participants/person/"
    # What the reports count stays: the rows, their dates and places.
    enrolment = Enrolment.objects.get(pk=people.enrolment.pk)
    assert enrolment.admitted_on == people.enrolment.admitted_on
    assert ProgressNote.objects.get(pk=people.note.pk).rating == 3
    assert Representative.objects.filter(person=person).count() == 1
    assert Anonymisation.objects.get(person_ref=person.pk).done_by == world.admin
    # Everyone else as they were.
    assert Person.objects.get(pk=people.stranger.pk).last_name == "Obca"


def test_anonymising_twice_changes_nothing_more(world, people):
    assert anonymise([people.former.pk], reason="request") == 1
    assert anonymise([people.former.pk], reason="request") == 0
    assert Anonymisation.objects.filter(person_ref=people.former.pk).count() == 1


def test_the_administrator_anonymises_from_the_persons_page_after_confirming(
    world, people, client_for
):
    client = client_for(world.admin)
    page = client.get(f"/admin/participants/person/{people.participant.pk}/change/")
    assert f"/admin/personal-data/{people.participant.pk}/anonymise/" in page.content.decode()
    url = f"/admin/personal-data/{people.participant.pk}/anonymise/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Anonimizacji nie można cofnąć" in confirm.content.decode()
    unconfirmed = client.post(url, {}, follow=True)
    assert "Zaznacz potwierdzenie" in unconfirmed.content.decode()
    assert Person.objects.get(pk=people.participant.pk).anonymised_on is None
    done = client.post(url, {"confirm": str(people.participant.pk)}, follow=True)
    assert "osoba została zanonimizowana" in done.content.decode().lower()
    assert Person.objects.get(pk=people.participant.pk).anonymised_on is not None


@pytest.mark.parametrize("role", ["staff", "instructor", "manager", "officer"])
def test_only_administrators_anonymise(world, people, client_for, role):
    client = client_for(getattr(world, role))
    url = f"/admin/personal-data/{people.participant.pk}/anonymise/"
    assert client.post(url, {"confirm": str(people.participant.pk)}).status_code == 403
    assert Person.objects.get(pk=people.participant.pk).anonymised_on is None
    page = client.get(f"/admin/participants/person/{people.participant.pk}/change/")
    assert url not in page.content.decode()


def test_the_hand_over_lists_a_certificates_cause_symbols(world, people, client_for):
    from participants.models import CauseSymbol

    symbols = list(CauseSymbol.objects.order_by("code")[:2])
    people.certificate.symbols.set(symbols)
    document = json.loads(export(client_for(world.admin), people.participant).content)
    (certificate,) = next(
        table["rows"]
        for table in document["tables"]
        if table["key"] == "participants.disabilitycertificate"
    )
    assert all(str(symbol) in certificate["symbols"] for symbol in symbols)


def test_the_workshop_without_a_contact_consent_hands_over_no_phone(world, people, client_for):
    person = people.participant  # the fixture's consent is to a referral, not to keep contacts
    Person.objects.filter(pk=person.pk).update(phone="600100200")
    staff = json.loads(export(client_for(world.staff), person).content)
    admin = json.loads(export(client_for(world.admin), person).content)

    def phones(document):
        return [
            row["phone"]
            for table in document["tables"]
            if table["key"] == "participants.person"
            for row in table["rows"]
        ]

    assert phones(staff) == [""]
    assert phones(admin) == ["600100200"]


def test_a_change_log_naming_the_person_with_polish_letters_is_forgotten(world, people):
    person = people.former
    Person.objects.filter(pk=person.pk).update(first_name="Łucja", last_name="Żółć")
    entry = LogEntry.objects.create(
        user=world.staff,
        content_type=ContentType.objects.get_for_model(Enrolment),
        object_id=str(people.former_enrolment.pk),
        object_repr="zamówienie 7",
        action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "przydział", "object": "Żółć Łucja"}}]),
    )
    unrelated = LogEntry.objects.create(
        user=world.staff,
        content_type=ContentType.objects.get_for_model(Enrolment),
        object_id=str(people.enrolment.pk),
        object_repr="Lista obecności",
        action_flag=CHANGE,
        change_message="[]",
    )
    anonymise([person.pk], reason="request")
    entry.refresh_from_db()
    unrelated.refresh_from_db()
    assert entry.change_message == ""
    assert unrelated.object_repr == "Lista obecności"


def test_a_replaced_or_deleted_scan_leaves_no_file_behind(world, people):
    from django.core.files.base import ContentFile

    certificate = people.certificate
    certificate.scan.save("pierwszy.pdf", ContentFile(b"%PDF-1 pierwszy"))
    first = certificate.scan.name
    storage = certificate.scan.storage
    certificate.scan.save("drugi.pdf", ContentFile(b"%PDF-1 drugi"))
    second = certificate.scan.name
    assert not storage.exists(first)
    assert storage.exists(second)
    certificate.delete()
    assert not storage.exists(second)


def test_anonymising_deletes_the_persons_scans(world, people):
    from django.core.files.base import ContentFile

    people.certificate.scan.save("skan.pdf", ContentFile(b"%PDF-1 skan"))
    name, storage = people.certificate.scan.name, people.certificate.scan.storage
    anonymise([people.participant.pk], reason="request")
    assert not storage.exists(name)
