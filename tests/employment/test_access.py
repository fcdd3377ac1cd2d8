"""Who sees and writes what on the way to work: the workshop and the cooperative each read the
other's records about their shared people, write only their own, and the cooperative sees a
candidate only through what the referral shares."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employment import services
from employment.models import Candidate, Employment, FollowUp, HoursWaiver, Placement
from participants.models import AccessLog, Readiness, Referral
from tests.employment.conftest import D, attending, facts, job, practice
from tests.factories.participants import ConsentFactory, EnrolmentFactory, PersonFactory


@pytest.fixture
def records(world, people, business):
    """A practice at the cooperative, a job with the cooperative, and an outside job."""
    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    hosted = services.placement_record(
        practice(enrolment, version, world.cooperative.organisation), by=world.staff
    )
    coop_job, _warnings = services.employment_hire(
        job(people.participant, world.cooperative), facts=facts("moderate"), by=world.manager
    )
    outside, _warnings = services.employment_hire(
        job(
            people.candidate,
            employer=business,
            employer_kind="open",
            recorded_by_workshop=world.workshop,
        ),
        by=world.staff,
    )
    return hosted, coop_job, outside


def test_each_side_reads_what_concerns_it(world, records):
    hosted, coop_job, outside = records
    assert set(Placement.objects.visible_to(world.staff)) == {hosted}
    assert set(Placement.objects.visible_to(world.manager)) == {hosted}  # hosted by it
    assert set(Employment.objects.visible_to(world.staff)) == {coop_job, outside}
    assert set(Employment.objects.visible_to(world.manager)) == {coop_job}
    for outsider in (world.officer, world.outsider):
        assert not Placement.objects.visible_to(outsider).exists()
        assert not Employment.objects.visible_to(outsider).exists()
        assert not FollowUp.objects.visible_to(outsider).exists()


def test_another_cooperatives_manager_sees_nothing(world, records):
    from tests.factories.accounts import UserFactory
    from tests.factories.coop import ManagerAssignmentFactory

    other = UserFactory()
    ManagerAssignmentFactory(user=other, cooperative=world.other_cooperative)
    assert not Employment.objects.visible_to(other).exists()
    assert not Placement.objects.visible_to(other).exists()
    assert not Candidate.objects.visible_to(other).exists()


def test_neither_side_writes_the_others_records(world, records, client_for, api_for):
    hosted, coop_job, _outside = records
    staff, manager = client_for(world.staff), client_for(world.manager)
    # Read-only views: no save button, and a POST is refused.
    page = staff.get(f"/admin/employment/employment/{coop_job.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert staff.post(f"/admin/employment/employment/{coop_job.pk}/change/", {}).status_code == 403
    assert manager.post(f"/admin/employment/placement/{hosted.pk}/change/", {}).status_code == 403
    response = api_for(world.staff).patch(
        f"/api/v1/employments/{coop_job.pk}/", {"monthly_wage": "1"}, format="json"
    )
    assert response.status_code == 403
    response = api_for(world.manager).patch(
        f"/api/v1/placements/{hosted.pk}/", {"weekly_hours": "5"}, format="json"
    )
    assert response.status_code == 403
    follow_up = coop_job.follow_ups.first()
    response = api_for(world.staff).patch(
        f"/api/v1/follow-ups/{follow_up.pk}/", {"outcome": "employed"}, format="json"
    )
    assert response.status_code == 403
    coop_job.refresh_from_db()
    assert coop_job.monthly_wage == Decimal("4806.00")


def test_the_manager_hires_through_the_api_with_the_rules(world, people, api_for):
    client = api_for(world.manager)
    payload = {
        "person": people.participant.pk,
        "cooperative": world.cooperative.pk,
        "referral": people.referral.pk,
        "position": "Pomoc kuchenna",
        "contract_type": "employment",
        "fte": "1.00",
        "daily_hours": "8",
        "weekly_hours": "40",
        "monthly_wage": "4806.00",
        "starts_on": "2025-02-03",
        "facts": {"degree": "moderate", "evidence_shown_on": "2025-01-20"},
    }
    refused = client.post("/api/v1/employments/", payload, format="json")
    assert refused.status_code == 400
    assert "EMP-02" in str(refused.json())
    assert not Employment.objects.exists()
    payload.update(daily_hours="7", weekly_hours="35")
    created = client.post("/api/v1/employments/", payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["employer"] == world.cooperative.organisation_id
    assert created.json()["disability_facts"][0]["degree"] == "moderate"
    assert Employment.objects.get().follow_ups.count() == 4


def test_a_manager_cannot_name_a_person_who_was_not_referred(world, people, api_for):
    response = api_for(world.manager).post(
        "/api/v1/employments/",
        {
            "person": people.stranger.pk,
            "cooperative": world.cooperative.pk,
            "position": "Pomoc",
            "contract_type": "employment",
            "fte": "0.5",
            "daily_hours": "4",
            "weekly_hours": "20",
            "monthly_wage": "2400",
            "starts_on": "2025-02-03",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "person" in response.json()


def test_candidates_show_only_what_the_referral_shares(world, people, client_for, api_for):
    people.referral.shares_skills = False
    people.referral.save()
    body = api_for(world.manager).get("/api/v1/candidates/").json()
    (candidate,) = body["results"]
    assert candidate["name"] == str(people.participant)
    assert candidate["skills"] is None
    assert candidate["availability"] == people.readiness.availability
    assert candidate["contact"] is None
    page = client_for(world.manager).get("/admin/employment/candidate/").content.decode()
    assert str(people.participant) in page
    assert people.readiness.skills_summary not in page
    assert AccessLog.objects.filter(user=world.manager, person=people.participant).exists()
    people.referral.withdrawn_on = D(2024, 3, 1)
    people.referral.save()
    assert api_for(world.manager).get("/api/v1/candidates/").json()["count"] == 0


def add_jobs(world, count):
    for _ in range(count):
        enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2022, 1, 3))
        person = enrolment.person
        readiness = Readiness.objects.create(
            enrolment=enrolment, decided_on="2023-06-01", skills_summary="—"
        )
        Referral.objects.create(
            person=person,
            workshop=world.workshop,
            cooperative=world.cooperative,
            consent=ConsentFactory(person=person, workshop=world.workshop),
            readiness=readiness,
            referred_on="2024-02-01",
        )
        Placement.objects.create(
            kind="training",
            person=person,
            cooperative=world.cooperative,
            host=world.cooperative.organisation,
            supervisor="—",
            weekly_hours=20,
            starts_on=D(2024, 3, 1),
            ends_on=D(2024, 5, 31),
        )
        services.employment_hire(
            job(person, world.cooperative, daily_hours=8, weekly_hours=40),
            facts=facts("moderate"),
            waiver=HoursWaiver(ground="guarding", issued_on=D(2025, 1, 2)),
            by=world.manager,
        )
    PersonFactory()  # someone nobody here may see


LISTS = [
    "/api/v1/placements/",
    "/api/v1/employments/",
    "/api/v1/disability-facts/",
    "/api/v1/follow-ups/",
    "/api/v1/waivers/",
    "/api/v1/candidates/",
    "/admin/employment/placement/",
    "/admin/employment/employment/",
    "/admin/employment/followup/",
    "/admin/employment/candidate/",
]


@pytest.mark.parametrize("url", LISTS)
def test_lists_run_constant_queries(world, client_for, api_for, django_assert_num_queries, url):
    add_jobs(world, 1)
    client = api_for(world.manager) if url.startswith("/api/") else client_for(world.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    one_row = len(context.captured_queries)
    add_jobs(world, 30)
    with django_assert_num_queries(one_row):
        response = client.get(url)
    if url.startswith("/api/"):
        assert response.json()["count"] >= 30


def test_the_workshop_never_writes_the_cooperatives_employer_records(world, records, api_for):
    _hosted, coop_job, outside = records
    staff = api_for(world.staff)
    created = staff.post(
        "/api/v1/disability-facts/",
        {
            "employment": outside.pk,
            "degree": "moderate",
            "applies_from": "2025-03-03",
            "evidence_shown_on": "2025-03-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    onto_coop = staff.patch(
        f"/api/v1/disability-facts/{created.json()['id']}/",
        {"employment": coop_job.pk},
        format="json",
    )
    assert onto_coop.status_code == 403
    refused = staff.post(
        "/api/v1/disability-facts/",
        {
            "employment": coop_job.pk,
            "degree": "mild",
            "applies_from": "2025-03-03",
            "evidence_shown_on": "2025-03-01",
        },
        format="json",
    )
    assert refused.status_code == 403
    assert coop_job.disability_facts.count() == 1


def test_the_workshop_does_not_read_the_cooperatives_employer_records(world, records, api_for):
    _hosted, coop_job, _outside = records
    facts = coop_job.disability_facts.get()
    staff = api_for(world.staff)
    assert staff.get(f"/api/v1/disability-facts/{facts.pk}/").status_code == 404
    job_answer = staff.get(f"/api/v1/employments/{coop_job.pk}/").json()
    assert job_answer["disability_facts"] is None
    assert job_answer["expected_subsidy"] is None
    manager_answer = api_for(world.manager).get(f"/api/v1/employments/{coop_job.pk}/").json()
    assert manager_answer["disability_facts"][0]["degree"] == "moderate"


def test_a_job_stays_with_its_cooperative(world, records, api_for):
    _hosted, coop_job, _outside = records
    response = api_for(world.manager).patch(
        f"/api/v1/employments/{coop_job.pk}/",
        {"cooperative": None, "daily_hours": "10", "weekly_hours": "50"},
        format="json",
    )
    assert response.status_code == 400  # the hours are refused (EMP-02) on the same job
    coop_job.refresh_from_db()
    assert coop_job.cooperative == world.cooperative


def test_a_host_reads_the_practice_but_not_the_workshops_records(world, records, client_for):
    hosted, _coop_job, _outside = records
    page = client_for(world.manager).get(f"/admin/employment/placement/{hosted.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "id_programme" not in body
    assert "(IPR)" not in body


def test_a_candidate_without_a_readiness_position_is_listed(world, people, api_for, client_for):
    Referral.objects.filter(pk=people.referral.pk).update(readiness=None)
    assert api_for(world.manager).get("/api/v1/candidates/").status_code == 200
    assert client_for(world.manager).get("/admin/employment/candidate/").status_code == 200


def test_the_host_of_a_practice_reads_the_practice_not_the_workshops_records(
    world, records, api_for, client_for
):
    """A cooperative hosting a practice needs who comes, when, for how many hours and with whom;
    the person's participation and programme at the workshop stay the workshop's."""
    hosted, _coop_job, _outside = records
    host = api_for(world.manager).get(f"/api/v1/placements/{hosted.pk}/").json()
    assert host["person"] == hosted.person_id
    assert (Decimal(host["weekly_hours"]), host["supervisor"]) == (10, "Jan Opiekun")
    assert host["enrolment"] is None
    assert host["programme"] is None
    listed = api_for(world.manager).get("/api/v1/placements/").json()["results"]
    assert [(row["enrolment"], row["programme"]) for row in listed] == [(None, None)]
    workshop = api_for(world.staff).get(f"/api/v1/placements/{hosted.pk}/").json()
    assert workshop["enrolment"] == hosted.enrolment_id  # the keeper sees them (the test can fail)
    assert workshop["programme"] == hosted.programme_id
    page = client_for(world.manager).get(f"/admin/employment/placement/{hosted.pk}/change/")
    assert page.status_code == 200
    assert str(hosted.enrolment) not in page.content.decode()
