import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from participants import rules, services
from participants.models import CauseSymbol, Consent, DisabilityCertificate, Person
from tests.factories.participants import (
    CertificateFactory,
    ConsentFactory,
    PersonFactory,
    RepresentativeFactory,
    make_pesel,
)
from tests.factories.wtz import WorkshopFactory

pytestmark = pytest.mark.django_db


def new_person(**overrides) -> Person:
    fields = {
        "first_name": "Jan",
        "last_name": "Nowak",
        "pesel": make_pesel(datetime.date(1990, 5, 17), female=False, serial=123),
        "residence": overrides.pop("residence", None),
        "holder": overrides.pop("holder", None),
        "legal_capacity": Person.LegalCapacity.FULL,
    }
    fields.update(overrides)
    return Person(**fields)


def test_the_pesel_gives_the_birth_date_and_sex(world):
    person = new_person(residence=world.gmina, holder=world.workshop.organiser)
    person.full_clean()
    assert person.birth_date == datetime.date(1990, 5, 17)
    assert person.sex == Person.Sex.MALE


def test_a_pesel_with_a_wrong_checksum_is_refused_in_polish(world):
    pesel = make_pesel(datetime.date(1990, 5, 17), female=False, serial=123)
    person = new_person(
        residence=world.gmina,
        holder=world.workshop.organiser,
        pesel=pesel[:-1] + str((int(pesel[-1]) + 1) % 10),
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "pesel" in error.value.message_dict


def test_a_person_without_a_pesel_needs_a_reason(world):
    person = new_person(
        residence=world.gmina,
        holder=world.workshop.organiser,
        pesel=None,
        birth_date="1990-01-01",
        sex="F",
    )
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "no_pesel_reason" in error.value.message_dict
    person.no_pesel_reason = "Cudzoziemka bez numeru PESEL"
    person.full_clean()


def test_the_database_refuses_a_person_with_neither_pesel_nor_reason(world):
    with pytest.raises(IntegrityError):
        PersonFactory(pesel=None, no_pesel_reason="")


def test_no_text_about_a_person_shows_the_pesel(world):
    person = PersonFactory(residence=world.gmina)
    assert person.pesel not in str(person)


def test_registering_a_pesel_the_organisation_holds_links_its_own_record(world):
    second_workshop = WorkshopFactory(organiser=world.workshop.organiser)
    first, created = services.person_register(
        workshop=second_workshop, on=datetime.date(2024, 1, 1), **identity(world)
    )
    assert created
    assert first.holder == world.workshop.organiser
    again, created = services.person_register(
        workshop=world.workshop,
        on=datetime.date(2024, 2, 1),
        **{**identity(world), "first_name": "Inne Imię"},
    )
    assert not created
    assert again.pk == first.pk
    assert again.first_name == "Janina"  # the recorded identity is not overwritten
    assert set(again.registrations.values_list("workshop", flat=True)) == {
        second_workshop.pk,
        world.workshop.pk,
    }


def test_a_pesel_another_organisation_holds_is_a_new_record_with_the_typed_identity(world):
    theirs, _ = services.person_register(
        workshop=world.far_workshop, on=datetime.date(2024, 1, 1), **identity(world)
    )
    ours, created = services.person_register(
        workshop=world.workshop,
        on=datetime.date(2024, 2, 1),
        **{**identity(world), "first_name": "Wpisana", "residence": world.other_gmina},
    )
    assert created
    assert ours.pk != theirs.pk
    assert (ours.first_name, ours.residence, ours.holder) == (
        "Wpisana",
        world.other_gmina,
        world.workshop.organiser,
    )
    theirs.refresh_from_db()
    assert theirs.first_name == "Janina"  # nobody else's record changes
    assert list(theirs.registrations.values_list("workshop", flat=True)) == [world.far_workshop.pk]


def test_a_known_pesel_is_refused_exactly_like_a_new_one(world):
    """The typed identity is checked whether or not anyone holds the PESEL."""
    services.person_register(
        workshop=world.far_workshop, on=datetime.date(2024, 1, 1), **identity(world)
    )
    known = {**identity(world), "first_name": "", "residence": None}
    new = {**known, "pesel": make_pesel(datetime.date(1988, 2, 3), female=True, serial=8)}
    errors = []
    for typed in (known, new):
        with pytest.raises(ValidationError) as error:
            services.person_register(workshop=world.workshop, on=datetime.date(2024, 2, 1), **typed)
        errors.append(error.value.message_dict)
    assert errors[0] == errors[1]
    assert set(errors[0]) == {"first_name", "residence"}


def identity(world):
    return {
        "pesel": make_pesel(datetime.date(1988, 2, 3), female=True, serial=7),
        "first_name": "Janina",
        "last_name": "Kowal",
        "residence": world.gmina,
        "legal_capacity": Person.LegalCapacity.FULL,
    }


def test_a_known_pesel_reveals_nothing_another_workshop_holds(world, client_for, api_for):
    person, _ = services.person_register(
        workshop=world.far_workshop, on=datetime.date(2024, 1, 1), **identity(world)
    )
    far_certificate = CertificateFactory(person=person, workshop=world.far_workshop)
    ours, _ = services.person_register(
        workshop=world.workshop, on=datetime.date(2024, 2, 1), **identity(world)
    )
    admin = client_for(world.staff)
    assert admin.get(f"/admin/participants/person/{person.pk}/change/").status_code == 404
    assert admin.get(f"/admin/participants/person/{ours.pk}/change/").status_code == 200
    url = f"/admin/participants/disabilitycertificate/{far_certificate.pk}/change/"
    assert admin.get(url).status_code == 404
    page = admin.get(f"/admin/participants/person/{ours.pk}/change/").content.decode()
    assert far_certificate.number not in page
    api = api_for(world.staff)
    assert api.get(f"/api/v1/certificates/{far_certificate.pk}/").status_code == 404
    assert api.get(f"/api/v1/certificates/?person={person.pk}").json()["count"] == 0


@pytest.mark.rule("DIS-09")
def test_contact_details_need_a_consent_first(world):
    person = PersonFactory(residence=world.gmina)
    person.phone = "600 100 200"
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "DIS-09" in error.value.message_dict["phone"][0]
    ConsentFactory(
        person=person,
        workshop=world.workshop,
        purpose=Consent.Purpose.CONTACT,
        legal_basis=Consent.LegalBasis.CONSENT,
    )
    person.full_clean()


@pytest.mark.rule("DIS-01")
def test_an_under_16_certificate_states_no_degree(world):
    child = PersonFactory(residence=world.gmina, birth_date=datetime.date(2008, 4, 1))
    certificate = CertificateFactory.build(
        person=child,
        workshop=world.workshop,
        kind=DisabilityCertificate.Kind.UNDER_16,
        degree=DisabilityCertificate.Degree.MODERATE,
        issued_on=datetime.date(2018, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        certificate.full_clean()
    assert error.value.message_dict["degree"][0].startswith("DIS-01")


@pytest.mark.rule("DIS-01")
def test_a_degree_certificate_needs_a_holder_of_16_and_a_degree(world, people):
    child = PersonFactory(residence=world.gmina, birth_date=datetime.date(2008, 4, 1))
    certificate = CertificateFactory.build(
        person=child, workshop=world.workshop, issued_on=datetime.date(2020, 4, 1)
    )
    with pytest.raises(ValidationError) as error:
        certificate.full_clean()
    assert error.value.message_dict["kind"][0].startswith("DIS-01")
    certificate = CertificateFactory.build(
        person=people.participant, workshop=world.workshop, degree=""
    )
    with pytest.raises(ValidationError) as error:
        certificate.full_clean()
    assert error.value.message_dict["degree"][0].startswith("DIS-01")


@pytest.mark.rule("DIS-02")
def test_at_most_three_cause_symbols(db):
    symbols = list(CauseSymbol.objects.order_by("code")[:4])
    on = datetime.date(2024, 1, 1)
    rules.check_symbols(symbols[:3], on)
    with pytest.raises(ValidationError) as error:
        rules.check_symbols(symbols, on)
    assert error.value.messages[0].startswith("DIS-02")
    with pytest.raises(ValidationError):
        rules.check_symbols([symbols[0], symbols[0]], on)


@pytest.mark.rule("DIS-02")
def test_the_api_refuses_four_symbols_and_saves_nothing(world, people, api_for):
    response = api_for(world.staff).post(
        "/api/v1/certificates/",
        {
            "person": people.participant.pk,
            "workshop": world.workshop.pk,
            "kind": "degree",
            "degree": "moderate",
            "symbols": ["01-U", "02-P", "05-R", "06-E"],
            "number": "NEW/1",
            "issuing_board": "PZON",
            "issued_on": "2024-01-01",
            "is_permanent": True,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["symbols"][0].startswith("DIS-02")
    assert not DisabilityCertificate.objects.filter(number="NEW/1").exists()


@pytest.mark.rule("DIS-03")
def test_a_certificate_is_permanent_or_dated_not_both(world, people):
    both = CertificateFactory.build(
        person=people.participant,
        workshop=world.workshop,
        is_permanent=True,
        valid_until=datetime.date(2030, 1, 1),
    )
    neither = CertificateFactory.build(
        person=people.participant, workshop=world.workshop, is_permanent=False
    )
    for certificate in (both, neither):
        with pytest.raises(ValidationError) as error:
            certificate.full_clean()
        assert any("DIS-03" in m for m in error.value.message_dict["valid_until"])
    with pytest.raises(IntegrityError):
        CertificateFactory(person=people.participant, workshop=world.workshop, is_permanent=False)


@pytest.mark.rule("DIS-05")
def test_the_later_issued_certificate_governs_where_two_overlap(world, people):
    person = people.candidate
    person.certificates.all().delete()
    older = CertificateFactory(
        person=person,
        workshop=world.workshop,
        issued_on=datetime.date(2020, 1, 1),
        is_permanent=False,
        valid_until=datetime.date(2025, 12, 31),
        degree="moderate",
    )
    newer = CertificateFactory(
        person=person,
        workshop=world.workshop,
        issued_on=datetime.date(2024, 6, 1),
        is_permanent=False,
        valid_until=datetime.date(2027, 6, 30),
        degree="significant",
    )
    organiser = world.workshop.organiser
    assert (
        services.governing_certificate(person, datetime.date(2023, 1, 1), organiser=organiser)
        == older
    )
    assert (
        services.governing_certificate(person, datetime.date(2024, 6, 1), organiser=organiser)
        == newer
    )
    assert (
        services.governing_certificate(person, datetime.date(2026, 1, 1), organiser=organiser)
        == newer
    )
    assert (
        services.governing_certificate(person, datetime.date(2028, 1, 1), organiser=organiser)
        is None
    )


@pytest.mark.rule("DIS-06")
def test_a_fully_incapacitated_persons_guardian_signs(world):
    person = PersonFactory(residence=world.gmina, legal_capacity=Person.LegalCapacity.NONE)
    consent = ConsentFactory.build(person=person, workshop=world.workshop)
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert error.value.message_dict["signed_by"][0].startswith("DIS-06")
    guardian = RepresentativeFactory(person=person)
    consent.signed_by = Consent.Signer.REPRESENTATIVE
    consent.representative = guardian
    consent.full_clean()


@pytest.mark.rule("DIS-06")
def test_a_de_facto_carer_cannot_sign_and_a_curator_signs_only_for_partial_capacity(world):
    person = PersonFactory(residence=world.gmina, legal_capacity=Person.LegalCapacity.PARTIAL)
    carer = RepresentativeFactory(person=person, kind="carer", decision_reference="")
    curator = RepresentativeFactory(person=person, kind="curator")
    consent = ConsentFactory.build(
        person=person, workshop=world.workshop, signed_by="representative", representative=carer
    )
    with pytest.raises(ValidationError) as error:
        consent.full_clean()
    assert error.value.message_dict["representative"][0].startswith("DIS-06")
    consent.representative = curator
    consent.full_clean()
    consent.signed_by, consent.representative = "person", None
    consent.full_clean()  # a partially incapacitated person may sign for themself


@pytest.mark.rule("DIS-06")
def test_a_representative_signs_only_while_appointed(world):
    person = PersonFactory(residence=world.gmina, legal_capacity=Person.LegalCapacity.NONE)
    guardian = RepresentativeFactory(person=person, ends_on=datetime.date(2023, 12, 31))
    consent = ConsentFactory.build(
        person=person, workshop=world.workshop, signed_by="representative", representative=guardian
    )
    with pytest.raises(ValidationError):
        consent.full_clean()


@pytest.mark.rule("DIS-05")
def test_a_superseded_certificate_does_not_come_back_when_the_newer_one_runs_out(world, people):
    from participants.models import DisabilityCertificate

    person = people.candidate
    person.certificates.all().delete()
    permanent = CertificateFactory(
        person=person,
        workshop=world.workshop,
        issued_on=datetime.date(2015, 3, 2),
        is_permanent=True,
        valid_until=None,
        degree="moderate",
    )
    newer = CertificateFactory(
        person=person,
        workshop=world.workshop,
        issued_on=datetime.date(2024, 2, 29),
        is_permanent=False,
        valid_until=datetime.date(2026, 2, 28),
        degree="mild",
    )
    organiser = world.workshop.organiser
    on = {
        "before": datetime.date(2024, 2, 28),
        "last day": datetime.date(2026, 2, 28),
        "day after": datetime.date(2026, 3, 1),
    }
    governing = {
        name: services.governing_certificate(person, day, organiser=organiser)
        for name, day in on.items()
    }
    assert governing == {"before": permanent, "last day": newer, "day after": None}
    for name, day in on.items():  # the list filter and the rule agree on every day
        found = list(DisabilityCertificate.objects.filter(person=person).governing_on(day))
        assert found == ([governing[name]] if governing[name] else []), name
