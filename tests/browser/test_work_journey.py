"""Journey: the cooperative's manager opens a referred candidate, starts a work training, hires
them within the limits and records the 30-day follow-up; then the workshop's staff see the task
the hire created and record the exit to work — in Polish."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from employment.models import Employment, FollowUp, Placement
from participants import services
from participants.models import Consent, Enrolment, Readiness
from tests.factories.participants import CertificateFactory, PersonFactory, RegistrationFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def candidate(demo_data):
    workshop = demo_data["workshops"][0]
    today = timezone.localdate()
    person = PersonFactory(first_name="Marek", last_name="Gotowy", residence=workshop.territory)
    RegistrationFactory(person=person, workshop=workshop)
    CertificateFactory(person=person, workshop=workshop)
    entry = services.reserve_list_apply(
        person=person, organiser=workshop.organiser, applied_on=today - datetime.timedelta(400)
    )
    services.reserve_list_approve(
        entry=entry, approved_on=today - datetime.timedelta(390), pcpr_reference="PCPR.2"
    )
    enrolment = services.enrolment_admit(
        entry=entry, workshop=workshop, admitted_on=today - datetime.timedelta(380)
    )
    readiness = Readiness.objects.create(
        enrolment=enrolment,
        decided_on=today - datetime.timedelta(100),
        skills_summary="Dokładny przy pracach porządkowych.",
        availability="Pon–pt, 7 godzin dziennie.",
    )
    consent = Consent.objects.create(
        person=person,
        workshop=workshop,
        purpose=Consent.Purpose.REFERRAL,
        legal_basis=Consent.LegalBasis.EXPLICIT_CONSENT,
        given_on=today - datetime.timedelta(95),
        signed_by=Consent.Signer.PERSON,
    )
    services.referral_create(
        person=person,
        workshop=workshop,
        cooperative=demo_data["cooperative"],
        consent=consent,
        readiness=readiness,
        referred_on=today - datetime.timedelta(90),
    )
    return enrolment


def test_the_manager_hires_a_candidate_and_the_workshop_records_the_exit(
    live_server, page, candidate, log_in, assert_accessible
):
    today = timezone.localdate()
    hired_on = today - datetime.timedelta(days=31)
    log_in("manager")

    # The candidates referred to the cooperative: only what the referral shares.
    page.get_by_role("link", name="Kandydaci skierowani do nas").first.click()
    row = page.get_by_role("row", name=re.compile("Gotowy Marek"))
    expect(row).to_contain_text("Dokładny przy pracach porządkowych.")
    assert_accessible(page)

    # A work training first.
    row.get_by_role("link", name="rozpocznij trening pracy").click()
    expect(page.locator("#id_kind option:checked")).to_have_text("trening pracy")
    page.locator("#id_supervisor").fill("Ewa Lis")
    page.locator("#id_weekly_hours").fill("20")
    page.locator("#id_starts_on").fill((today - datetime.timedelta(days=80)).isoformat())
    page.locator("#id_ends_on").fill((hired_on - datetime.timedelta(days=1)).isoformat())
    page.locator("#id_outcome").select_option(label="zakończony zatrudnieniem")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("Gotowy Marek")

    # Then the hire, within the limits of a moderate degree (7 h a day, 35 a week).
    page.goto(f"{live_server.url}/admin/employment/candidate/")
    page.get_by_role("row", name=re.compile("Gotowy Marek")).get_by_role(
        "link", name="zatrudnij"
    ).click()
    page.locator("#id_position").fill("Pracownik porządkowy")
    page.locator("#id_contract_type").select_option(label="umowa o pracę")
    page.locator("#id_fte").fill("1.00")
    page.locator("#id_daily_hours").fill("8")
    page.locator("#id_weekly_hours").fill("40")
    page.locator("#id_monthly_wage").fill("4806.00")
    page.locator("#id_starts_on").fill(hired_on.isoformat())
    page.locator("#id_degree").select_option(label="umiarkowany")
    page.locator("#id_evidence_shown_on").fill((hired_on - datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()
    expect(page.get_by_text(re.compile("EMP-02"))).to_be_visible()
    assert not Employment.objects.exists()
    page.locator("#id_daily_hours").fill("7")
    page.locator("#id_weekly_hours").fill("35")
    page.get_by_role("button", name="Zapisz i kontynuuj edycję").click()
    expect(page.locator(".messagelist")).to_contain_text("Gotowy Marek")
    assert_accessible(page)

    # The 30-day follow-up.
    # The row whose "days after the start" cell says 30 (a due date may contain "30" too).
    page.get_by_role("row").filter(
        has=page.locator("td.field-days_after_start").get_by_text("30", exact=True)
    ).get_by_role("link", name="otwórz").click()
    page.locator("#id_held_on").fill(today.isoformat())
    page.locator("#id_outcome").select_option(label="nadal zatrudniony")
    page.get_by_role("button", name="Zapisz", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("monitoring po 30 dniach")

    # The workshop's staff see the hire as a task and record the exit to work.
    page.context.clear_cookies()
    log_in("staff")
    task = page.get_by_role("link", name=re.compile("Gotowy Marek rozpoczyna pracę"))
    expect(task).to_be_visible()
    task.click()
    expect(page.locator("#id_reason option:checked")).to_have_text("praca: spółdzielnia socjalna")
    expect(page.locator("#id_exited_on")).to_have_value(
        (hired_on - datetime.timedelta(days=1)).isoformat()
    )
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz odejście").click()
    expect(page.locator(".messagelist")).to_contain_text("Odejście zapisane")

    enrolment = Enrolment.objects.get(pk=candidate.pk)
    assert enrolment.exited_on == hired_on - datetime.timedelta(days=1)
    assert enrolment.exit_contract_type == "employment"
    employment = Employment.objects.get()
    assert (employment.daily_hours, employment.weekly_hours) == (7, 35)
    assert Placement.objects.get().kind == "training"
    assert FollowUp.objects.get(days_after_start=30).outcome == "employed"
