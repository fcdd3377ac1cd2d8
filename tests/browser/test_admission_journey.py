"""Journey: WTZ staff register a candidate with a certificate, put them on the reserve list,
admit them into a free place, and record their exit to work — in Polish."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participants.models import Enrolment, Vacancy
from tests.browser.conftest import choose
from tests.factories.participants import make_pesel

pytestmark = pytest.mark.browser


def test_staff_take_a_candidate_from_registration_to_work(
    live_server, page, demo_data, log_in, assert_accessible
):
    today = timezone.localdate().isoformat()
    log_in("staff")
    expect(page.get_by_role("heading", name="Pulpit")).to_be_visible()

    # Register the candidate.
    page.goto(f"{live_server.url}/admin/participants/person/add/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("label[for=id_first_name]")).to_have_text("Imię:")
    page.locator("#id_first_name").fill("Zuzanna")
    page.locator("#id_last_name").fill("Kandydacka")
    page.locator("#id_pesel").fill(
        make_pesel(timezone.datetime(1996, 4, 12), female=True, serial=5)
    )
    choose(page, "id_residence", "Czarn", re.compile("Czarnków \\(miasto\\)"))
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Zuzanna")

    # Her certificate, on her page.
    page.get_by_role(
        "button", name=re.compile("Dodaj wiersz: orzeczenie o niepełnosprawności", re.IGNORECASE)
    ).click()
    page.locator("#id_certificates-0-workshop").select_option(
        label="WTZ „Pracownia Marzeń” w Czarnkowie"
    )
    page.locator("#id_certificates-0-degree").select_option(label="umiarkowany")
    page.locator("#id_certificates-0-number").fill("PZON.4.2024")
    page.locator("#id_certificates-0-issuing_board").fill("PZON w Czarnkowie")
    page.locator("#id_certificates-0-issued_on").fill("2024-02-01")
    page.locator("#id_certificates-0-is_permanent").check()
    page.locator("#certificates-0").get_by_label("uczestnictwo w terapii zajęciowej").check()
    page.get_by_role("button", name="Zapisz i kontynuuj edycję").click()
    expect(page.locator(".messagelist")).to_contain_text("Zapisano zmiany: osoba")

    # The organiser's reserve list: applied and approved with the PCPR.
    page.goto(f"{live_server.url}/admin/participants/waitinglistentry/add/")
    choose(page, "id_person", "Kandyd", re.compile("Kandydacka Zuzanna"))
    page.locator("#id_organiser").select_option(label="Stowarzyszenie „Razem ku Pracy”")
    page.locator("#id_applied_on").fill(today)
    page.locator("#id_approved_on").fill(today)
    page.locator("#id_pcpr_reference").fill("PCPR.4431.12.2026")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Kandydacka Zuzanna"))).to_be_visible()

    # Admit her into a free place: she is proposed first, with the reason.
    page.get_by_role("link", name="Przyjmij z listy rezerwowej").click()
    expect(page.get_by_text(re.compile("Wolne miejsca: 35"))).to_be_visible()
    expect(page.get_by_label(re.compile("Kandydacka Zuzanna — WTZ-03"))).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Przyjmij").click()
    expect(page.locator(".messagelist")).to_contain_text("została przyjęta")

    # She finds a job at the cooperative: record the exit to work.
    page.get_by_role("link", name="Zapisz odejście").click()
    page.locator("#id_reason").select_option(label="praca: spółdzielnia socjalna")
    choose(page, "id_employer", "Wspólna Droga")
    page.locator("#id_contract_type").select_option(label="spółdzielcza umowa o pracę")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz odejście").click()
    expect(page.locator(".messagelist")).to_contain_text("Odejście zapisane")

    enrolment = Enrolment.objects.get(person__last_name="Kandydacka")
    assert enrolment.exit_reason == Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE
    assert enrolment.exit_employer.name == "Spółdzielnia Socjalna „Wspólna Droga”"
    assert Vacancy.objects.filter(freed_by=enrolment).exists()
