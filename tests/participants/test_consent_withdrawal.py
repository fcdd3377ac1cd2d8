"""A consent binds: its withdrawal ends, from that day, every referral that rests on it (and the
workshop is told), contact details kept under it are erased with their history copies, and every
view of a record — its history included — applies the same field rules."""

import datetime

import pytest
import time_machine
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.models import Consent, Person, Referral
from tests.factories.participants import ConsentFactory, RegistrationFactory
from tests.factories.wtz import StaffAssignmentFactory, WorkshopFactory
from wtz.models import StaffAssignment

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2025, 3, 12, 10, tzinfo=datetime.UTC)):
        yield


def contact_consent(person, workshop, **fields):
    return ConsentFactory(
        person=person,
        workshop=workshop,
        purpose=Consent.Purpose.CONTACT,
        legal_basis=Consent.LegalBasis.CONSENT,
        **fields,
    )


@pytest.fixture
def with_contact(world, people):
    """The participant keeps a phone and an e-mail under their consent to the staff's workshop;
    a second workshop of the same organisation also has them on its books, without a consent."""
    participant = people.participant
    consent = contact_consent(participant, world.workshop, given_on=datetime.date(2024, 1, 5))
    participant.phone, participant.email = "600 100 200", "uczestniczka@example.org"
    participant.full_clean()
    participant.save()
    participant.phone = "600 999 888"  # a change, so that the history lists the old number
    participant.save()
    second = WorkshopFactory(organiser=world.workshop.organiser, name="WTZ Druga")
    RegistrationFactory(person=participant, workshop=second)
    colleague = StaffAssignmentFactory(workshop=second, role=StaffAssignment.Role.INSTRUCTOR).user
    return consent, colleague


@pytest.mark.rule("DIS-09")
def test_the_history_shows_no_contact_details_the_record_page_hides(
    world, people, with_contact, client_for
):
    _consent, colleague = with_contact
    person = people.participant
    own = client_for(world.staff).get(f"/admin/participants/person/{person.pk}/history/")
    assert "600 100 200" in own.content.decode()  # it can fail: the page lists the change
    pages = [
        f"/admin/participants/person/{person.pk}/change/",
        f"/admin/participants/person/{person.pk}/history/",
    ] + [
        f"/admin/participants/person/{person.pk}/history/{version.pk}/"
        for version in person.history.all()
    ]
    other = client_for(colleague)
    for url in pages:
        response = other.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        for secret in ("600 100 200", "600 999 888", "uczestniczka@example.org"):
            assert secret not in page, url


@pytest.mark.rule("DIS-09")
def test_withdrawing_the_contact_consent_erases_the_details_and_their_history(
    world, people, with_contact
):
    consent, _colleague = with_contact
    services.consent_withdraw(consent=consent, on=TODAY)
    person = Person.objects.get(pk=people.participant.pk)
    assert (person.phone, person.email) == ("", "")
    assert not person.history.exclude(phone="").exists()
    assert not person.history.exclude(email="").exists()


@pytest.mark.rule("DIS-09")
def test_another_contact_consent_in_force_keeps_the_details(world, people, with_contact):
    consent, _colleague = with_contact
    contact_consent(people.participant, world.workshop, given_on=datetime.date(2025, 1, 2))
    services.consent_withdraw(consent=consent, on=TODAY)
    assert Person.objects.get(pk=people.participant.pk).phone == "600 999 888"


@pytest.mark.rule("DIS-09")
def test_a_withdrawal_is_recorded_when_made_not_in_advance(world, people, api_for):
    response = api_for(world.staff).patch(
        f"/api/v1/consents/{people.consent.pk}/",
        {"withdrawn_on": (TODAY + datetime.timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "withdrawn_on" in response.json()
    people.consent.refresh_from_db()
    assert people.consent.withdrawn_on is None


@pytest.mark.rule("DIS-09")
def test_withdrawing_the_sharing_consent_ends_the_referral_for_the_cooperative(
    world, people, api_for, client_for
):
    referral = people.referral
    referral.shares_contact = True
    referral.save()
    manager = api_for(world.manager)
    assert manager.get(f"/api/v1/candidates/{referral.pk}/").status_code == 200

    response = api_for(world.staff).patch(
        f"/api/v1/consents/{people.consent.pk}/", {"withdrawn_on": TODAY.isoformat()}, format="json"
    )
    assert response.status_code == 200, response.content

    referral.refresh_from_db()
    assert referral.withdrawn_on == TODAY
    assert manager.get(f"/api/v1/candidates/{referral.pk}/").status_code == 404
    assert manager.get("/api/v1/candidates/").json()["count"] == 0
    pages = client_for(world.manager)
    assert pages.get(f"/admin/employment/candidate/{referral.pk}/change/").status_code == 404
    assert (
        people.participant.last_name
        not in pages.get("/admin/employment/candidate/").content.decode()
    )
    # The workshop is told, whoever recorded the withdrawal.
    home = client_for(world.instructor).get("/admin/").content.decode()
    assert reverse("admin:participants_referral_change", args=[referral.pk]) in home
    assert "wycofa" in home


def form_data(form) -> dict:
    """What a browser would post back for ``form`` unchanged."""
    data = {}
    for field in form:
        value = field.value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue
        if isinstance(value, list | tuple):
            data[field.html_name] = [getattr(item, "pk", item) for item in value]
        else:
            data[field.html_name] = "on" if value is True else getattr(value, "pk", value)
    return data


@pytest.mark.rule("DIS-09")
def test_a_withdrawal_in_the_admin_ends_the_referral_and_says_so(world, people, client_for):
    person = people.participant
    client = client_for(world.staff)
    url = f"/admin/participants/person/{person.pk}/change/"
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for inline_form in inline.formset.forms:
            data.update(form_data(inline_form))
            if inline_form.instance == people.consent:
                data[f"{inline_form.prefix}-withdrawn_on"] = TODAY.isoformat()
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert Referral.objects.get(pk=people.referral.pk).withdrawn_on == TODAY
    assert "Spółdzielnia nie widzi już tej osoby" in response.content.decode()


def test_a_consent_withdrawn_behind_the_services_back_still_hides_the_candidate(
    world, people, api_for
):
    Consent.objects.filter(pk=people.consent.pk).update(withdrawn_on=timezone.localdate())
    assert (
        api_for(world.manager).get(f"/api/v1/candidates/{people.referral.pk}/").status_code == 404
    )
