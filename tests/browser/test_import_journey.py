"""Journey: a WTZ manager imports the workshop's existing participant list from a spreadsheet,
reads the dry run and confirms it — in Polish."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from participants import imports
from participants.models import Enrolment
from tests.factories.participants import make_pesel

pytestmark = pytest.mark.browser


def participant_list(workshop, tmp_path, *, admitted_on):
    with translation.override("pl"):
        header = [imports.column_label(name) for name in imports.COLUMNS]
    values = {
        "last_name": "Arkuszowa",
        "first_name": "Irena",
        "pesel": make_pesel(datetime.date(1988, 4, 12), female=True, serial=7),
        "residence": workshop.territory.code,
        "applied_on": (admitted_on - datetime.timedelta(days=40)).strftime("%d.%m.%Y"),
        "approved_on": (admitted_on - datetime.timedelta(days=20)).strftime("%d.%m.%Y"),
        "pcpr_reference": "PCPR.7/2026",
        "admitted_on": admitted_on.strftime("%d.%m.%Y"),
        "certificate_degree": "znaczny",
        "certificate_number": "PZON.7/2025",
        "certificate_issuing_board": "Powiatowy Zespół ds. Orzekania o Niepełnosprawności",
        "certificate_issued_on": "03.02.2025",
        "certificate_permanent": "tak",
        "certificate_indicates_therapy": "tak",
    }
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerow(values.get(name, "") for name in imports.COLUMNS)
    path = tmp_path / "uczestnicy.csv"
    path.write_bytes(out.getvalue().encode("utf-8-sig"))
    return path


def test_staff_import_a_participant_list(
    live_server, page, demo_data, log_in, assert_accessible, tmp_path
):
    workshop = demo_data["workshops"][0]
    admitted_on = timezone.localdate() - datetime.timedelta(days=10)
    log_in("staff")

    page.get_by_role("link", name="Import listy uczestników").click()
    expect(page.get_by_role("heading", name="Import listy uczestników")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_workshop").select_option(str(workshop.pk))
    page.locator("#id_file").set_input_files(
        participant_list(workshop, tmp_path, admitted_on=admitted_on)
    )
    page.get_by_role("button", name="Sprawdź plik").click()
    expect(page.get_by_role("heading", name="1 wiersz jest poprawny")).to_be_visible()
    assert_accessible(page)
    assert not Enrolment.objects.filter(person__last_name="Arkuszowa").exists()

    page.get_by_role("button", name="Importuj 1 uczestnika").click()
    expect(page.locator(".messagelist")).to_contain_text("1 uczestnik został przyjęty")
    expect(page.locator("#result_list")).to_contain_text("Arkuszowa Irena")
    enrolment = Enrolment.objects.get(person__last_name="Arkuszowa")
    assert (enrolment.workshop, enrolment.admitted_on) == (workshop, admitted_on)
