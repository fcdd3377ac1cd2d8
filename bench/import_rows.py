"""The participant import of DESIGN.md's bench: 1 000 rows checked, then imported, into a new
workshop of the demo's first organiser — in one transaction rolled back at the end, so the
database is left as it was. In-process, as the background task runs it."""

import csv
import datetime
import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from participants import imports
from participants.demo import pesel_for
from wtz.models import ContractedPlaces, Room, Workshop


def sheet(rows: int, gmina_code: str, room: str, admitted_on: datetime.date) -> SimpleUploadedFile:
    with translation.override("pl"):
        header = [imports.column_label(name) for name in imports.COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for n in range(rows):
        values = {
            "last_name": f"Importowana{n}",
            "first_name": "Anna",
            "pesel": pesel_for(
                datetime.date(1970, 1, 1) + datetime.timedelta(days=n), female=True, serial=n
            ),
            "residence": gmina_code,
            "applied_on": "2024-06-03",
            "approved_on": "20.06.2024",
            "pcpr_reference": f"PCPR.{n}/2024",
            "admitted_on": admitted_on.isoformat(),
            "room": room,
            "certificate_kind": "Orzeczenie o stopniu niepełnosprawności",
            "certificate_degree": "umiarkowany",
            "certificate_number": f"PZON.{n}/2023",
            "certificate_issuing_board": "Powiatowy Zespół ds. Orzekania",
            "certificate_issued_on": "2023-03-01",
            "certificate_permanent": "tak",
            "certificate_symbols": "01-U, 02-P",
            "certificate_indicates_therapy": "tak",
        }
        writer.writerow(values.get(name, "") for name in imports.COLUMNS)
    return SimpleUploadedFile("lista.csv", out.getvalue().encode("utf-8-sig"))


def measure(user, rows: int = 1000) -> dict:
    """Seconds and queries of the check and of the import of ``rows`` rows."""
    template = Workshop.objects.select_related("territory", "organiser").order_by("pk").first()
    today = timezone.localdate()
    results = {}
    with transaction.atomic():
        workshop = Workshop.objects.create(
            name="WTZ do pomiaru importu",
            organiser=template.organiser,
            territory=template.territory,
        )
        ContractedPlaces.objects.create(
            workshop=workshop, starts_on=today - datetime.timedelta(days=400), places=rows
        )
        room = Room.objects.create(workshop=workshop, name="Pracownia pomiarowa")
        upload = sheet(rows, template.territory.code, room.name, today - datetime.timedelta(days=7))
        parsed = imports.read_sheet(upload)
        for name, commit in (("check", False), ("import", True)):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as captured:
                result = imports.import_participants(
                    workshop=workshop, rows=parsed, by=user, commit=commit
                )
            results[name] = (time.perf_counter() - started, len(captured))
            if not result.is_valid:
                raise RuntimeError(f"the bench's rows were refused: {result.error_rows[:1]}")
        transaction.set_rollback(True)
    return results
