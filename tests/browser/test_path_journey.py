"""Journey: the workshop's staff open a participant's whole way from their to-do list, print it on
one A4 page and open the easy-read "Moja ścieżka"; the cooperative's manager opens the same
person's path from the list of jobs and sees only the cooperative's steps — in Polish."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from employment import services as employment_services
from employment.models import DisabilityFacts, Employment, FollowUp, Placement
from participants import services
from participants.models import Consent, Readiness
from tests.browser.conftest import admitted

pytestmark = pytest.mark.browser
DAY = datetime.timedelta(days=1)


@pytest.fixture
def whole_way(demo_data):
    """Three years in the workshop, ready for work, a practice at the cooperative, a referral, a
    job there for six weeks with its first follow-up held — and the exit not yet recorded."""
    workshop, cooperative = demo_data["workshops"][0], demo_data["cooperative"]
    manager = demo_data["users"]["manager"]
    today = timezone.localdate()
    enrolment = admitted(workshop, "Jan", "Droga", applied=1300, approved=1280, admitted=1100)
    person = enrolment.person
    programme = services.programme_start(enrolment=enrolment, valid_from=today - 1100 * DAY)
    programme.goals.create(
        domain="vocational", description="Praca w kuchni.", in_own_words="Chcę gotować zupy."
    )
    readiness = Readiness.objects.create(
        enrolment=enrolment, decided_on=today - 330 * DAY, skills_summary="Pracuje starannie."
    )
    Placement.objects.create(
        kind=Placement.Kind.PRACTICE, person=person, enrolment=enrolment, programme=programme,
        host=cooperative.organisation, supervisor="Anna Wrona", weekly_hours=10,
        starts_on=today - 300 * DAY, ends_on=today - 215 * DAY, outcome="completed",
    )  # fmt: skip
    consent = Consent.objects.create(
        person=person, workshop=workshop, purpose=Consent.Purpose.REFERRAL,
        legal_basis=Consent.LegalBasis.EXPLICIT_CONSENT, given_on=today - 200 * DAY,
        signed_by=Consent.Signer.PERSON,
    )  # fmt: skip
    referral = services.referral_create(
        person=person, workshop=workshop, cooperative=cooperative, consent=consent,
        readiness=readiness, referred_on=today - 195 * DAY,
    )  # fmt: skip
    job = Employment(
        person=person, cooperative=cooperative, employer=cooperative.organisation,
        employer_kind="cooperative", referral=referral, position="Pomoc kuchenna",
        contract_type="employment", fte=Decimal("0.75"), daily_hours=Decimal("5.25"),
        weekly_hours=Decimal("26.2"), monthly_wage=Decimal("3604.50"), starts_on=today - 45 * DAY,
    )  # fmt: skip
    facts = DisabilityFacts(
        degree="moderate", applies_from=job.starts_on, evidence_shown_on=job.starts_on - 7 * DAY
    )
    job, _warnings = employment_services.employment_hire(job, facts=facts, by=manager)
    first = job.follow_ups.order_by("due_on").first()
    employment_services.follow_up_record(
        first, outcome=FollowUp.Outcome.STILL_EMPLOYED, held_on=first.due_on, by=manager
    )
    return person


def test_the_staff_and_the_manager_follow_one_persons_way(
    live_server, page, whole_way, log_in, assert_accessible
):
    log_in("staff")
    overdue = page.locator("section.todo-overdue")
    item = overdue.get_by_role("listitem").filter(has_text="WTZ-16").filter(has_text="Droga Jan")
    item.get_by_role("link", name="ścieżka").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ścieżka: Jan Droga")
    steps = page.locator("ol.steps")
    for stage in ("Wniosek", "Na liście rezerwowej", "W warsztacie", "Gotowość do pracy",
                  "Praktyka zawodowa", "W pracy"):  # fmt: skip
        expect(steps).to_contain_text(stage)
    expect(page.locator("svg.track")).to_be_visible()
    expect(page.locator("ol.events")).to_contain_text("Monitoring po 30 dniach")
    expect(page.get_by_role("region", name="Co dalej")).to_contain_text("WTZ-16")
    assert_accessible(page)

    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    page.emulate_media(media="screen")

    page.get_by_role("link", name=re.compile("Moja ścieżka")).click()
    expect(page.get_by_text("Cześć, Jan!")).to_be_visible()
    expect(page.get_by_text("Chcę gotować zupy.")).to_be_visible()
    expect(page.get_by_text("Masz pracę.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Wyloguj").click()
    log_in("manager")
    page.goto(f"{live_server.url}/admin/employment/employment/?q=Droga")
    page.get_by_role("row", name=re.compile("Droga Jan")).get_by_role(
        "link", name="ścieżka"
    ).click()
    steps = page.locator("ol.steps")
    expect(steps).to_contain_text("W pracy")
    expect(steps).to_contain_text("Praktyka zawodowa")  # hosted by the cooperative
    expect(steps).not_to_contain_text("W warsztacie")
    expect(page.locator("main")).not_to_contain_text("Przyjęcie do")
    expect(page.locator("main")).not_to_contain_text("Orzeczenie")
    assert_accessible(page)
