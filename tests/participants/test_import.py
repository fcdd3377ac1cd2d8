"""Importing an existing participant list: a template, a dry run with each bad row's errors,
all rows or none, and the records hand entry would make."""

import base64
import csv
import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook

from participants import imports, pending_imports, services
from participants.models import (
    CauseSymbol,
    DisabilityCertificate,
    Enrolment,
    Indication,
    Person,
    PersonRegistration,
    RoomAssignment,
    WaitingListEntry,
)
from participants.storage import private_storage
from participants.views import IMPORT_SESSION_KEY
from tests.factories.participants import make_pesel
from tests.factories.wtz import ContractedPlacesFactory, WorkshopFactory

ADMITTED = datetime.date(2024, 9, 2)


@pytest.fixture(autouse=True)
def private_folder(settings, tmp_path):
    """A private storage of the test's own, so that the files kept in it can be counted."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


def row(world, n=1, **changes):
    values = {
        "last_name": f"Importowana{n}",
        "first_name": "Anna",
        "pesel": make_pesel(datetime.date(1990, 5, n), female=True, serial=n),
        "residence": world.gmina.code,
        "applied_on": "2024-06-03",
        "approved_on": "20.06.2024",
        "pcpr_reference": f"PCPR.{n}/2024",
        "admitted_on": ADMITTED.isoformat(),
        "room": world.room.name,
        "certificate_kind": "Orzeczenie o stopniu niepełnosprawności",
        "certificate_degree": "umiarkowany",
        "certificate_number": f"PZON.{n}/2023",
        "certificate_issuing_board": "Powiatowy Zespół ds. Orzekania",
        "certificate_issued_on": "2023-03-01",
        "certificate_permanent": "tak",
        "certificate_symbols": "01-U, 02-P",
        "certificate_indicates_therapy": "tak",
    }
    values.update(changes)
    return values


def csv_file(rows, *, language="pl", delimiter=";"):
    with translation.override(language):
        header = [imports.column_label(name) for name in imports.COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow(values.get(name, "") for name in imports.COLUMNS)
    return SimpleUploadedFile("lista.csv", out.getvalue().encode("utf-8-sig"))


def run(world, rows, *, commit=True):
    sheet = imports.read_sheet(csv_file(rows))
    return imports.import_participants(
        workshop=world.workshop, rows=sheet, by=world.staff, commit=commit
    )


def snapshot(person):
    """What hand entry records for an admitted participant, without names and keys."""
    certificate = person.certificates.get()
    entry = person.waiting_list_entries.get()
    enrolment = person.enrolments.get()
    return {
        "person": (person.birth_date, person.sex, person.residence_id, person.legal_capacity),
        "registration": list(person.registrations.values_list("workshop", "registered_on")),
        "certificate": (
            certificate.workshop_id,
            certificate.kind,
            certificate.degree,
            certificate.issued_on,
            certificate.is_permanent,
            sorted(certificate.symbols.values_list("code", flat=True)),
            list(certificate.indications.values_list("code", flat=True)),
        ),
        "entry": (
            entry.organiser_id,
            entry.preferred_workshop_id,
            entry.applied_on,
            entry.approved_on,
            entry.status,
            entry.closed_on,
        ),
        "enrolment": (
            enrolment.workshop_id,
            enrolment.admitted_on,
            enrolment.certificate_id == certificate.pk,
            enrolment.admitted_by_id,
        ),
        "rooms": list(enrolment.room_assignments.values_list("room", "starts_on")),
        "history": (person.history.count(), enrolment.history.count(), entry.history.count()),
    }


def enter_by_hand(world, pesel):
    """What the admin pages do for the same person, step by step."""
    person, _created = services.person_register(
        workshop=world.workshop,
        on=ADMITTED,
        by=world.staff,
        pesel=pesel,
        first_name="Anna",
        last_name="Ręczna",
        residence=world.gmina,
    )
    certificate = DisabilityCertificate(
        person=person,
        workshop=world.workshop,
        kind=DisabilityCertificate.Kind.DEGREE,
        degree=DisabilityCertificate.Degree.MODERATE,
        number="PZON.9/2023",
        issuing_board="Powiatowy Zespół ds. Orzekania",
        issued_on=datetime.date(2023, 3, 1),
        is_permanent=True,
    )
    certificate.full_clean()
    certificate.save()
    certificate.symbols.set(CauseSymbol.objects.filter(code__in=["01-U", "02-P"]))
    certificate.indications.set(Indication.objects.filter(code=Indication.OCCUPATIONAL_THERAPY))
    entry = services.reserve_list_apply(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=datetime.date(2024, 6, 3),
        preferred_workshop=world.workshop,
    )
    services.reserve_list_approve(
        entry=entry, approved_on=datetime.date(2024, 6, 20), pcpr_reference="PCPR.9/2024"
    )
    services.enrolment_admit(
        entry=entry, workshop=world.workshop, admitted_on=ADMITTED, by=world.staff, room=world.room
    )
    return person


def test_a_good_file_makes_the_records_hand_entry_makes(world):
    imported_pesel = make_pesel(datetime.date(1990, 5, 1), female=True, serial=1)
    result = run(world, [row(world, 1)])

    assert result.saved
    assert result.is_valid
    by_hand = enter_by_hand(world, make_pesel(datetime.date(1990, 5, 1), female=True, serial=2))
    imported = Person.objects.get(pesel=imported_pesel)
    assert snapshot(imported) == snapshot(by_hand)
    assert imported.last_name == "Importowana1"
    assert imported.birth_date == datetime.date(1990, 5, 1)


def test_the_dry_run_checks_everything_and_saves_nothing(world):
    result = run(world, [row(world, 1), row(world, 2)], commit=False)

    assert result.is_valid
    assert not result.saved
    assert [r.name for r in result.rows] == ["Importowana1 Anna", "Importowana2 Anna"]
    assert not Person.objects.filter(last_name__startswith="Importowana").exists()
    assert not DisabilityCertificate.objects.exists()
    assert not Enrolment.objects.exists()


def test_one_bad_row_refuses_the_whole_file_and_names_its_errors(world):
    with translation.override("pl"):
        result = run(
            world,
            [
                row(world, 1),
                row(world, 2, admitted_on="32.13.2024", pesel="12345678901"),
                row(world, 3),
            ],
        )

    assert not result.saved
    (bad,) = result.error_rows
    assert bad.line == 3  # the header is line 1
    assert any(error.startswith("Data przyjęcia") for error in bad.errors), bad.errors
    assert not Person.objects.filter(last_name__startswith="Importowana").exists()
    assert not Enrolment.objects.exists()
    assert not WaitingListEntry.objects.exists()
    assert not PersonRegistration.objects.exists()


def test_a_model_refusal_is_reported_under_its_column(world):
    with translation.override("pl"):
        result = run(world, [row(world, 1, pesel="12345678901")])

    (bad,) = result.error_rows
    assert any(error.startswith("PESEL:") for error in bad.errors), bad.errors


@pytest.mark.rule("WTZ-01")
def test_without_a_certificate_indicating_therapy_a_reason_is_needed(world):
    result = run(world, [row(world, 1, certificate_indicates_therapy="nie")])
    (bad,) = result.error_rows
    assert any("WTZ-01" in error for error in bad.errors)

    result = run(
        world,
        [
            row(
                world,
                1,
                certificate_indicates_therapy="nie",
                certificate_override_reason="Orzeczenie w odnowieniu, wniosek złożony.",
            )
        ],
    )
    assert result.saved
    enrolment = Enrolment.objects.get()
    assert enrolment.certificate is None
    assert enrolment.certificate_override_reason.startswith("Orzeczenie w odnowieniu")


@pytest.mark.rule("WTZ-03")
def test_later_rows_see_the_places_earlier_rows_took(world):
    workshop = WorkshopFactory(organiser=world.workshop.organiser, places=None)
    ContractedPlacesFactory(workshop=workshop, places=1)
    sheet = imports.read_sheet(csv_file([row(world, 1, room=""), row(world, 2, room="")]))

    result = imports.import_participants(workshop=workshop, rows=sheet, by=None, commit=True)

    (bad,) = result.error_rows
    assert bad.line == 3
    assert any("WTZ-03" in error for error in bad.errors)
    assert not Enrolment.objects.exists()


@pytest.mark.rule("DIS-03")
def test_certificate_rules_apply_to_imported_certificates(world):
    result = run(world, [row(world, 1, certificate_permanent="nie")])
    (bad,) = result.error_rows
    assert any("DIS-03" in error for error in bad.errors)


def test_a_person_listed_twice_is_refused_on_the_second_row(world):
    twice = row(world, 1)
    result = run(world, [twice, {**twice, "certificate_number": "PZON.77/2023"}])
    assert [r.line for r in result.error_rows] == [3]
    assert not result.saved


def test_unknown_values_are_explained(world):
    with translation.override("pl"):
        result = run(
            world,
            [
                row(
                    world,
                    1,
                    residence="Atlantyda",
                    room="Kosmodrom",
                    certificate_symbols="99-X",
                    certificate_degree="ogromny",
                    certificate_permanent="może",
                )
            ],
        )
    (bad,) = result.error_rows
    with translation.override("pl"):
        for name in (
            "residence",
            "room",
            "certificate_symbols",
            "certificate_degree",
            "certificate_permanent",
        ):
            label = imports.column_label(name)
            assert any(error.startswith(f"{label}: ") for error in bad.errors), (label, bad.errors)


def test_a_person_without_pesel_needs_the_reason_birth_date_and_sex(world):
    result = run(world, [row(world, 1, pesel="")])
    (bad,) = result.error_rows
    assert bad.errors

    result = run(
        world,
        [
            row(
                world,
                1,
                pesel="",
                no_pesel_reason="Cudzoziemka bez numeru PESEL",
                birth_date="01.05.1990",
                sex="K",
            )
        ],
    )
    assert result.saved
    person = Person.objects.get(last_name="Importowana1")
    assert (person.pesel, person.sex) == (None, Person.Sex.FEMALE)


def test_headers_in_english_and_commas_are_read(world):
    sheet = imports.read_sheet(csv_file([row(world, 1)], language="en", delimiter=","))
    assert sheet[0].values["last_name"] == "Importowana1"


def test_a_file_without_the_templates_headers_is_refused(world):
    upload = SimpleUploadedFile("lista.csv", b"Nazwisko;Imie;Ulubiony kolor\nA;B;C\n")
    with pytest.raises(ValidationError) as error:
        imports.read_sheet(upload)
    assert "Ulubiony kolor" in error.value.messages[0]


def test_other_file_types_are_refused(world):
    with pytest.raises(ValidationError):
        imports.read_sheet(SimpleUploadedFile("lista.pdf", b"%PDF-1.4"))
    with pytest.raises(ValidationError):
        imports.read_sheet(SimpleUploadedFile("lista.xlsx", b"not a workbook"))


def test_the_xlsx_template_reads_back_with_a_numeric_pesel_and_real_dates(world):
    template = load_workbook(io.BytesIO(imports.template_xlsx()))
    header = [cell.value for cell in template.worksheets[0][1]]
    assert header == [imports.column_label(name) for name in imports.COLUMNS]
    assert template.worksheets[1].max_row == len(imports.COLUMNS) + 1  # the instructions

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    values = row(world, 1, pesel="")
    values["pesel"] = int(make_pesel(datetime.date(2002, 3, 4), female=True, serial=5))
    values["admitted_on"] = datetime.datetime.combine(ADMITTED, datetime.time())  # a date cell
    sheet.append([values.get(name) for name in imports.COLUMNS])
    out = io.BytesIO()
    workbook.save(out)

    rows = imports.read_sheet(SimpleUploadedFile("lista.xlsx", out.getvalue()))
    assert rows[0].values["pesel"] == make_pesel(datetime.date(2002, 3, 4), female=True, serial=5)
    assert rows[0].values["admitted_on"] == "2024-09-02"
    result = imports.import_participants(
        workshop=world.workshop, rows=rows, by=world.staff, commit=True
    )
    assert result.saved, result.error_rows


def test_the_page_checks_then_imports_on_confirmation(world, client_for):
    client = client_for(world.staff)
    url = reverse("participants:import")
    assert client.get(url).status_code == 200

    preview = client.post(url, {"workshop": world.workshop.pk, "file": csv_file([row(world, 1)])})
    assert preview.status_code == 200
    assert not Enrolment.objects.exists()
    token = preview.context["token"]
    assert token

    confirmed = client.post(url, {"confirm": token})
    assert confirmed.status_code == 302
    enrolment = Enrolment.objects.get()
    assert enrolment.admitted_by == world.staff
    assert RoomAssignment.objects.filter(enrolment=enrolment, room=world.room).exists()

    again = client.post(url, {"confirm": token}, follow=True)  # a second click saves nothing more
    assert Enrolment.objects.count() == 1
    assert again.status_code == 200


def kept_files() -> list[str]:
    try:
        return private_storage().listdir(pending_imports.FOLDER)[1]
    except FileNotFoundError:
        return []


def check(client, world, rows):
    return client.post(
        reverse("participants:import"), {"workshop": world.workshop.pk, "file": csv_file(rows)}
    )


def test_between_check_and_confirmation_the_rows_wait_encrypted_on_the_server(world, client_for):
    client = client_for(world.staff)
    values = row(world, 1)
    token = check(client, world, [values]).context["token"]

    session = repr(dict(client.session.items()))
    for secret in (values["pesel"], values["last_name"], values["pcpr_reference"]):
        assert secret not in session
    assert client.session[IMPORT_SESSION_KEY]["token"] == token

    [name] = kept_files()
    assert name.startswith(token)
    with private_storage().open(f"{pending_imports.FOLDER}/{name}", "rb") as stored:
        sealed = stored.read()
    for secret in (values["pesel"], values["last_name"]):
        assert secret.encode() not in sealed
        assert secret.encode() not in base64.urlsafe_b64decode(sealed)

    assert client.post(reverse("participants:import"), {"confirm": token}).status_code == 302
    assert Enrolment.objects.filter(person__pesel=values["pesel"]).count() == 1
    assert kept_files() == []
    assert IMPORT_SESSION_KEY not in client.session


def test_another_users_confirmation_opens_nothing(world, client_for):
    owner = client_for(world.staff)
    token = check(owner, world, [row(world, 1)]).context["token"]
    pending = owner.session[IMPORT_SESSION_KEY]

    colleague = client_for(world.instructor)  # may import into the same workshop
    assert colleague.post(reverse("participants:import"), {"confirm": token}).status_code == 302
    # Even the session's whole note, carried over to the colleague's session, opens nothing.
    session = colleague.session
    session[IMPORT_SESSION_KEY] = pending
    session.save()
    refused = colleague.post(reverse("participants:import"), {"confirm": token})
    assert refused.status_code == 302  # back to the empty form: "check the file again"
    assert pending_imports.read(pending, user=world.instructor) is None
    assert not Enrolment.objects.exists()

    assert owner.post(reverse("participants:import"), {"confirm": token}).status_code == 302
    assert Enrolment.objects.count() == 1


def test_a_forged_or_altered_pending_import_opens_nothing(world, client_for):
    client = client_for(world.staff)
    check(client, world, [row(world, 1)])
    pending = client.session[IMPORT_SESSION_KEY]
    assert pending_imports.read(pending, user=world.staff)
    assert pending_imports.read({**pending, "digest": "0" * 64}, user=world.staff) is None
    elsewhere = {**pending, "workshop": world.far_workshop.pk}
    assert pending_imports.read(elsewhere, user=world.staff) is None
    assert pending_imports.read({**pending, "token": "../../etc/passwd"}, user=world.staff) is None


def test_checking_another_file_deletes_the_one_before(world, client_for):
    client = client_for(world.staff)
    first = check(client, world, [row(world, 1)]).context["token"]
    second = check(client, world, [row(world, 2)]).context["token"]
    [name] = kept_files()
    assert name.startswith(second)
    assert client.post(reverse("participants:import"), {"confirm": first}).status_code == 302
    assert not Enrolment.objects.exists()

    check(client, world, [row(world, 3, admitted_on="")])  # a bad file is offered no import
    assert kept_files() == []
    assert client.post(reverse("participants:import"), {"confirm": second}).status_code == 302
    assert not Enrolment.objects.exists()


def test_a_check_older_than_an_hour_is_refused_and_then_deleted(world, client_for):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client = client_for(world.staff)
        check(client, world, [row(world, 1)])
        pending = client.session[IMPORT_SESSION_KEY]
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert pending_imports.read(pending, user=world.staff) is not None
        assert pending_imports.discard_stale() == 0
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert pending_imports.read(pending, user=world.staff) is None
        other = client_for(world.instructor)
        check(other, world, [row(world, 2)])  # anybody's next check clears it away
    assert [name for name in kept_files() if name.startswith(pending["token"])] == []
    assert len(kept_files()) == 1


def test_the_page_shows_row_errors_and_offers_no_import(world, client_for):
    client = client_for(world.staff)
    response = client.post(
        reverse("participants:import"),
        {"workshop": world.workshop.pk, "file": csv_file([row(world, 1, admitted_on="")])},
    )
    assert response.status_code == 200
    assert response.context["token"] is None
    assert 'name="confirm"' not in response.content.decode()
    assert not Person.objects.filter(last_name="Importowana1").exists()


def test_another_workshop_cannot_be_chosen(world, client_for):
    response = client_for(world.staff).post(
        reverse("participants:import"),
        {"workshop": world.far_workshop.pk, "file": csv_file([row(world, 1)])},
    )
    assert response.status_code == 200
    assert "workshop" in response.context["form"].errors
    assert not Person.objects.filter(last_name="Importowana1").exists()


@pytest.mark.parametrize("role", ["manager", "officer", "outsider"])
def test_only_workshop_staff_import(world, client_for, role):
    client = client_for(world.user(role))
    assert client.get(reverse("participants:import")).status_code == 403
    assert client.get(reverse("participants:import_template_xlsx")).status_code == 403


def test_the_templates_download(world, client_for):
    client = client_for(world.staff)
    xlsx = client.get(reverse("participants:import_template_xlsx"))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(io.BytesIO(xlsx.content)).worksheets[0]["A1"].value
    text = client.get(reverse("participants:import_template_csv")).content.decode("utf-8-sig")
    assert text.count(";") == len(imports.COLUMNS) - 1


def attending_elsewhere(world):
    """Someone another organisation's workshop holds and has admitted."""
    from tests.factories.participants import EnrolmentFactory, PersonFactory

    person = PersonFactory(
        first_name="Prawdziwa",
        last_name="Zapisana",
        pesel=make_pesel(datetime.date(1990, 5, 1), female=True, serial=1),
    )
    EnrolmentFactory(person=person, workshop=world.far_workshop)
    return person


def test_a_row_checks_nothing_another_organisation_holds(world, client_for):
    elsewhere = attending_elsewhere(world)
    new_pesel = make_pesel(datetime.date(1990, 5, 2), female=True, serial=2)
    client = client_for(world.staff)
    url = reverse("participants:import")
    answers = []
    for pesel in (elsewhere.pesel, new_pesel):
        preview = client.post(
            url,
            {"workshop": world.workshop.pk, "file": csv_file([row(world, 1, pesel=pesel)])},
        )
        result = preview.context["result"]
        assert result.is_valid, result.error_rows
        answers.append([(r.name, r.errors) for r in result.rows])
        assert "Zapisana" not in preview.content.decode()
    assert answers[0] == answers[1] == [("Importowana1 Anna", [])]
    confirmed = client.post(url, {"confirm": preview.context["token"]})
    assert confirmed.status_code == 302
    assert not Person.objects.filter(first_name="Prawdziwa", holder=world.workshop.organiser)


def test_each_check_is_logged_with_the_records_it_read(world, client_for):
    from participants.models import AccessLog

    ours, _created = services.person_register(
        workshop=world.workshop,
        on=datetime.date(2024, 1, 2),
        pesel=make_pesel(datetime.date(1990, 5, 1), female=True, serial=1),
        first_name="Anna",
        last_name="Importowana1",
        residence=world.gmina,
    )
    client = client_for(world.staff)
    url = reverse("participants:import")
    client.post(
        url, {"workshop": world.workshop.pk, "file": csv_file([row(world, 1), row(world, 2)])}
    )
    checks = AccessLog.objects.filter(user=world.staff, kind=AccessLog.Kind.IMPORT)
    assert checks.filter(person__isnull=True).count() == 1  # the check itself
    assert set(checks.exclude(person__isnull=True).values_list("person", flat=True)) == {ours.pk}


def test_checks_are_limited_per_hour(world, client_for, settings):
    settings.IMPORT_CHECKS_PER_HOUR = 2
    client = client_for(world.staff)
    url = reverse("participants:import")

    def check():
        return client.post(url, {"workshop": world.workshop.pk, "file": csv_file([row(world, 1)])})

    assert [check().status_code, check().status_code] == [200, 200]
    refused = check()
    assert refused.status_code == 429
    assert "limit" in refused.content.decode() or "limit" in str(refused.context["form"].errors)
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        client.force_login(world.staff)  # the idle session has expired meanwhile
        assert check().status_code == 200


def xlsx_with_rows(world, count: int) -> SimpleUploadedFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([imports.column_label(name) for name in imports.COLUMNS])
    for n in range(count):
        values = row(world, n % 28 + 1)
        sheet.append([values.get(name) for name in imports.COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile("lista.xlsx", out.getvalue())


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(world, monkeypatch):
    upload = xlsx_with_rows(world, 300)
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 50_000)

    def never(*args, **kwargs):
        raise AssertionError("the workbook was opened")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    with pytest.raises(ValidationError) as error:
        imports.read_sheet(upload)
    assert "MB" in error.value.messages[0]


def test_rows_are_read_as_a_stream_that_stops_at_the_limit(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 20)
    monkeypatch.setattr(imports, "MAX_LINES", 60)
    read = []
    original = imports._xlsx_lines

    def counting(content):
        for line in original(content):
            read.append(line)
            yield line

    monkeypatch.setattr(imports, "_xlsx_lines", counting)
    with pytest.raises(ValidationError) as error:
        imports.read_sheet(xlsx_with_rows(world, 500))
    assert "20" in error.value.messages[0]
    assert len(read) <= 22  # the header, twenty rows, and the one too many


def test_a_sheet_of_empty_lines_stops_at_the_line_limit(world, monkeypatch):
    monkeypatch.setattr(imports, "MAX_LINES", 50)
    lines = ["\n"] * 500
    header = ";".join(imports.column_label(name) for name in imports.COLUMNS)
    upload = SimpleUploadedFile("lista.csv", (header + "\n" + "".join(lines)).encode())
    with pytest.raises(ValidationError):
        imports.read_sheet(upload)


def test_the_daily_command_clears_away_checks_left_unconfirmed(world, client_for):
    from django.core.management import call_command

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        check(client_for(world.staff), world, [row(world, 1)])
    assert len(kept_files()) == 1
    with time_machine.travel(start + datetime.timedelta(minutes=30), tick=False):
        call_command("send_digest", stdout=io.StringIO())
    assert len(kept_files()) == 1
    with time_machine.travel(start + datetime.timedelta(hours=2), tick=False):
        call_command("send_digest", stdout=io.StringIO())
    assert kept_files() == []
