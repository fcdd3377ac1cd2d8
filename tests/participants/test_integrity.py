"""Records stay consistent whatever door a change comes through: history pages, edits after the
fact, dates before a law existed, and input that is merely odd."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.models import AccessLog, Enrolment, Referral, Vacancy, WaitingListEntry
from tests.factories.participants import (
    CertificateFactory,
    ConsentFactory,
    EnrolmentFactory,
    PersonFactory,
    RegistrationFactory,
)

D = datetime.date


def test_the_api_answers_json_only_so_no_filter_form_lists_other_peoples_names(
    world, people, api_for
):
    response = api_for(world.staff).get("/api/v1/readiness/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"
    assert people.stranger.last_name not in response.content.decode()


def test_filtering_by_another_workshops_person_answers_like_any_unknown_id(world, people, api_for):
    client = api_for(world.staff)
    known_elsewhere = client.get(f"/api/v1/certificates/?person={people.stranger.pk}")
    unknown = client.get("/api/v1/certificates/?person=999999")
    assert known_elsewhere.status_code == unknown.status_code == 200
    assert known_elsewhere.json()["count"] == unknown.json()["count"] == 0


def test_a_historical_version_can_be_read_but_not_written_back(world, people, client_for):
    services.enrolment_exit(enrolment=people.enrolment, exited_on=D(2025, 1, 31), reason="moved")
    first = people.enrolment.history.order_by("history_id").first()
    url = f"/admin/participants/enrolment/{people.enrolment.pk}/history/{first.history_id}/"
    client = client_for(world.staff)
    assert client.get(url).status_code == 200
    assert AccessLog.objects.filter(user=world.staff, where=url).exists()
    assert client.post(url, {}).status_code == 403
    people.enrolment.refresh_from_db()
    assert people.enrolment.exited_on == D(2025, 1, 31)


def test_a_referral_with_another_persons_consent_is_a_form_error(world, people, client_for):
    other = ConsentFactory(person=people.candidate, workshop=world.workshop)
    response = client_for(world.staff).post(
        "/admin/participants/referral/add/",
        {
            "person": people.participant.pk,
            "workshop": world.workshop.pk,
            "cooperative": world.other_cooperative.pk,
            "consent": other.pk,
            "referred_on": "2025-02-01",
            "shares_skills": "on",
        },
    )
    assert response.status_code == 200
    # The form offers only the chosen person's consents; the rule (DIS-09) stands behind it.
    assert "consent" in response.context["adminform"].form.errors
    assert Referral.objects.count() == 1


def test_a_referral_cannot_carry_another_persons_readiness(world, people):
    other_enrolment = EnrolmentFactory(workshop=world.workshop)
    readiness = other_enrolment.readiness.create(decided_on="2024-01-05", skills_summary="—")
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            person=people.participant,
            workshop=world.workshop,
            cooperative=world.other_cooperative,
            consent=people.consent,
            readiness=readiness,
            referred_on=D(2024, 3, 1),
        )
    assert "readiness" in error.value.message_dict


def test_a_referral_is_withdrawn_not_edited(world, people, api_for):
    response = api_for(world.staff).patch(
        f"/api/v1/referrals/{people.referral.pk}/", {"shares_contact": True}, format="json"
    )
    assert response.status_code == 405


def test_a_second_open_application_to_the_same_organiser_is_a_form_error(world, people, client_for):
    response = client_for(world.staff).post(
        "/admin/participants/waitinglistentry/add/",
        {
            "person": people.candidate.pk,
            "organiser": world.workshop.organiser.pk,
            "applied_on": "2025-01-10",
        },
    )
    assert response.status_code == 200
    assert "person" in response.context["adminform"].form.errors
    assert people.candidate.waiting_list_entries.count() == 1


def test_an_admitted_application_is_not_edited_through_the_api(world, people, api_for):
    entry = people.enrolment.application
    response = api_for(world.staff).patch(
        f"/api/v1/reserve-list/{entry.pk}/", {"applied_on": "2020-01-01"}, format="json"
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.applied_on != D(2020, 1, 1)


def test_an_application_cannot_be_dated_after_its_approval(world, people, api_for):
    entry = people.candidate_entry
    response = api_for(world.staff).patch(
        f"/api/v1/reserve-list/{entry.pk}/", {"applied_on": "2030-01-01"}, format="json"
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.applied_on == D(2023, 1, 10)


@pytest.mark.rule("WTZ-04")
def test_no_returnee_priority_existed_before_the_law(world):
    person = PersonFactory(residence=world.gmina, holder=world.workshop.organiser)
    entry = services.reserve_list_apply(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=D(2017, 5, 1),
        left_workshop_for_work_on=D(2017, 1, 31),
        job_lost_on=D(2017, 4, 1),
    )
    assert entry.has_priority is False


def test_a_consent_without_a_date_is_a_form_error_not_a_crash(world, people):
    consent = ConsentFactory.build(
        person=people.participant,
        workshop=world.workshop,
        given_on=None,
        signed_by="representative",
        representative=people.representative,
    )
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert "given_on" in error.value.message_dict


def test_an_empty_pesel_is_no_pesel(world, people, api_for):
    response = api_for(world.staff).patch(
        f"/api/v1/persons/{people.candidate.pk}/",
        {"pesel": "", "no_pesel_reason": "Cudzoziemiec"},
        format="json",
    )
    assert response.status_code == 200, response.content
    people.candidate.refresh_from_db()
    assert people.candidate.pesel is None


@pytest.mark.rule("WTZ-03")
def test_an_admission_cannot_take_a_place_promised_to_a_later_admission(world):
    for _ in range(29):
        EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))
    EnrolmentFactory(workshop=world.workshop, admitted_on=D(2025, 6, 1))  # the 30th, later
    person = PersonFactory(residence=world.gmina)
    RegistrationFactory(person=person, workshop=world.workshop)
    CertificateFactory(person=person, workshop=world.workshop)
    entry = services.reserve_list_apply(
        person=person, organiser=world.workshop.organiser, applied_on=D(2025, 1, 2)
    )
    services.reserve_list_approve(entry=entry, approved_on=D(2025, 1, 3), pcpr_reference="P/1")
    with pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2025, 3, 1))
    assert any(message.startswith("WTZ-03") for message in error.value.messages)
    assert Enrolment.objects.filter(workshop=world.workshop).count() == 30
    assert WaitingListEntry.objects.get(pk=entry.pk).status == "waiting"
    assert not Vacancy.objects.exists()


def test_an_odd_workshop_number_for_the_proposal_is_a_400(world, api_for):
    response = api_for(world.staff).get("/api/v1/reserve-list/proposal/?workshop=²")
    assert response.status_code == 400


def test_the_to_do_list_logs_the_people_it_names(world, people, client_for):
    client_for(world.staff).get("/admin/")
    assert AccessLog.objects.filter(
        user=world.staff, person=people.candidate, kind="list", where="/admin/"
    ).exists()


@pytest.mark.rule("DIS-09")
def test_contact_details_are_seen_only_under_ones_own_consent(world, people, api_for, client_for):
    from participants.models import Consent

    person = people.stranger
    ConsentFactory(
        person=person,
        workshop=world.far_workshop,
        purpose=Consent.Purpose.CONTACT,
        legal_basis=Consent.LegalBasis.CONSENT,
    )
    person.phone = "600 700 800"
    person.full_clean()
    person.save()
    RegistrationFactory(person=person, workshop=world.workshop)  # our workshop registers her too
    api = api_for(world.staff)
    assert api.get(f"/api/v1/persons/{person.pk}/").json()["phone"] == ""
    page = client_for(world.staff).get(f"/admin/participants/person/{person.pk}/change/")
    assert "600 700 800" not in page.content.decode()
    refused = api.patch(f"/api/v1/persons/{person.pk}/", {"phone": "111"}, format="json")
    assert refused.status_code == 400
    ConsentFactory(
        person=person,
        workshop=world.workshop,
        purpose=Consent.Purpose.CONTACT,
        legal_basis=Consent.LegalBasis.CONSENT,
    )
    assert api.get(f"/api/v1/persons/{person.pk}/").json()["phone"] == "600 700 800"
