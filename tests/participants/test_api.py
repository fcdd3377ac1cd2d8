"""The participants API: the same services, rules and scoping as the admin."""

import datetime

import pytest

from participants.models import Enrolment, Person, Vacancy, WaitingListEntry
from tests.factories.participants import make_pesel
from tests.factories.wtz import WorkshopFactory


def test_registering_through_the_api_and_linking_a_known_pesel(world, api_for):
    second_workshop = WorkshopFactory(organiser=world.workshop.organiser)
    body = {
        "first_name": "Ola",
        "last_name": "Nowa",
        "pesel": make_pesel(datetime.date(1995, 7, 1), female=True, serial=42),
        "residence": world.gmina.pk,
        "legal_capacity": "full",
        "workshop": second_workshop.pk,
    }
    created = api_for(world.admin).post("/api/v1/persons/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["birth_date"] == "1995-07-01"
    assert created.json()["holder"] == world.workshop.organiser.pk
    # The same organisation's other workshop links its own record: the same answer, 201.
    linked = api_for(world.staff).post(
        "/api/v1/persons/", {**body, "workshop": world.workshop.pk}, format="json"
    )
    assert linked.status_code == 201
    assert linked.json()["id"] == created.json()["id"]
    assert Person.objects.count() == 1


def test_registering_at_another_workshop_is_refused(world, api_for):
    response = api_for(world.staff).post(
        "/api/v1/persons/",
        {
            "first_name": "Ola",
            "last_name": "Nowa",
            "pesel": make_pesel(datetime.date(1995, 7, 1), female=True, serial=42),
            "residence": world.gmina.pk,
            "workshop": world.far_workshop.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "workshop" in response.json()
    assert not Person.objects.exists()


def test_bad_input_names_the_field_and_saves_nothing(world, api_for):
    response = api_for(world.staff).post(
        "/api/v1/persons/",
        {
            "first_name": "Ola",
            "last_name": "Nowa",
            "pesel": "12345678901",
            "workshop": world.workshop.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"pesel", "residence"}
    assert not Person.objects.exists()


def test_staff_see_only_their_workshops_people(world, people, api_for):
    client = api_for(world.staff)
    names = {row["last_name"] for row in client.get("/api/v1/persons/").json()["results"]}
    assert names == {"Kandydacka", "Uczestnicka", "Pracująca"}
    assert client.get(f"/api/v1/persons/{people.stranger.pk}/").status_code == 404
    assert client.get(f"/api/v1/enrolments/{people.stranger_enrolment.pk}/").status_code == 404


def test_a_certificate_for_someone_out_of_scope_is_an_invalid_choice(world, people, api_for):
    response = api_for(world.staff).post(
        "/api/v1/certificates/",
        {
            "person": people.stranger.pk,
            "workshop": world.workshop.pk,
            "kind": "degree",
            "degree": "moderate",
            "number": "X/1",
            "issuing_board": "PZON",
            "issued_on": "2024-01-01",
            "is_permanent": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "nie istnieje" in response.json()["person"][0]


def test_the_reserve_list_flow_through_the_api(world, people, api_for):
    client = api_for(world.staff)
    person = people.candidate
    person.waiting_list_entries.all().delete()
    applied = client.post(
        "/api/v1/reserve-list/",
        {"person": person.pk, "organiser": world.workshop.organiser.pk, "applied_on": "2024-01-10"},
        format="json",
    )
    assert applied.status_code == 201, applied.content
    entry_id = applied.json()["id"]
    refused = client.post(
        f"/api/v1/reserve-list/{entry_id}/admit/",
        {"workshop": world.workshop.pk, "admitted_on": "2024-03-01"},
        format="json",
    )
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"][0].startswith("WTZ-02")
    approved = client.post(
        f"/api/v1/reserve-list/{entry_id}/approve/",
        {"approved_on": "2024-02-01", "pcpr_reference": "PCPR.7.2024"},
        format="json",
    )
    assert approved.json()["status"] == "waiting"
    proposal = client.get(f"/api/v1/reserve-list/proposal/?workshop={world.workshop.pk}")
    assert proposal.json()[0]["entry"] == entry_id
    admitted = client.post(
        f"/api/v1/reserve-list/{entry_id}/admit/",
        {"workshop": world.workshop.pk, "admitted_on": "2024-03-01"},
        format="json",
    )
    assert admitted.status_code == 201, admitted.content
    enrolment_id = admitted.json()["id"]
    assert WaitingListEntry.objects.get(pk=entry_id).status == "admitted"
    # The oldest vacancy (the former participant's) is filled by this admission.
    assert Vacancy.objects.get(pk=people.vacancy.pk).filled_by_id == enrolment_id

    no_employer = client.post(
        f"/api/v1/enrolments/{enrolment_id}/exit/",
        {"exited_on": "2024-09-30", "reason": "work_open"},
        format="json",
    )
    assert no_employer.status_code == 400
    assert no_employer.json()["exit_employer"][0].startswith("WTZ-15")
    assert Enrolment.objects.get(pk=enrolment_id).exited_on is None
    left = client.post(
        f"/api/v1/enrolments/{enrolment_id}/exit/",
        {
            "exited_on": "2024-09-30",
            "reason": "work_open",
            "employer": world.cooperative.organisation.pk,
            "contract_type": "employment",
        },
        format="json",
    )
    assert left.status_code == 200
    assert Vacancy.objects.filter(freed_by_id=enrolment_id).exists()


def test_a_proposal_for_another_workshop_answers_404(world, api_for):
    response = api_for(world.staff).get(
        f"/api/v1/reserve-list/proposal/?workshop={world.far_workshop.pk}"
    )
    assert response.status_code == 404


@pytest.mark.rule("DIS-09")
def test_a_referral_without_a_consent_to_share_is_refused(world, people, api_for):
    people.consent.withdrawn_on = datetime.date(2024, 1, 31)
    people.consent.save()
    response = api_for(world.staff).post(
        "/api/v1/referrals/",
        {
            "person": people.participant.pk,
            "workshop": world.workshop.pk,
            "cooperative": world.cooperative.pk,
            "consent": people.consent.pk,
            "referred_on": "2024-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["consent"][0].startswith("DIS-09")


@pytest.mark.rule("DIS-09")
def test_a_referral_with_the_consent_is_recorded_and_can_be_withdrawn(world, people, api_for):
    client = api_for(world.staff)
    response = client.post(
        "/api/v1/referrals/",
        {
            "person": people.participant.pk,
            "workshop": world.workshop.pk,
            "cooperative": world.other_cooperative.pk,
            "consent": people.consent.pk,
            "readiness": people.readiness.pk,
            "referred_on": "2024-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    withdrawn = client.post(
        f"/api/v1/referrals/{response.json()['id']}/withdraw/",
        {"withdrawn_on": "2024-04-01"},
        format="json",
    )
    assert withdrawn.json()["withdrawn_on"] == "2024-04-01"


@pytest.mark.rule("DIS-06")
def test_the_api_refuses_a_consent_signed_by_a_de_facto_carer(world, people, api_for):
    person = people.participant
    person.legal_capacity = Person.LegalCapacity.NONE
    person.save()
    carer = person.representatives.create(
        kind="carer", first_name="Jan", last_name="Rodzic", starts_on="2020-01-01"
    )
    response = api_for(world.staff).post(
        "/api/v1/consents/",
        {
            "person": person.pk,
            "workshop": world.workshop.pk,
            "purpose": "referral",
            "legal_basis": "9.2.a",
            "given_on": "2024-05-01",
            "signed_by": "representative",
            "representative": carer.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["representative"][0].startswith("DIS-06")
