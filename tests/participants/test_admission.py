"""The reserve list, admission into a free place, exit, and the vacancies between them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from organisations.models import ReserveListOrder
from participants import services
from participants.models import Enrolment, Vacancy, WaitingListEntry
from tests.factories.participants import (
    CertificateFactory,
    EnrolmentFactory,
    PersonFactory,
    RegistrationFactory,
)
from tests.factories.wtz import ContractedPlacesFactory, WorkshopFactory

D = datetime.date


def candidate(world, **certificate):
    person = PersonFactory(residence=world.gmina)
    RegistrationFactory(person=person, workshop=world.workshop)
    if certificate is not None:
        CertificateFactory(person=person, workshop=world.workshop, **certificate)
    return person


def approved_entry(world, person, *, applied_on=None, approved_on=None, **kw):
    applied_on = applied_on or D(2024, 1, 10)
    entry = services.reserve_list_apply(
        person=person, organiser=world.workshop.organiser, applied_on=applied_on, **kw
    )
    return services.reserve_list_approve(
        entry=entry,
        approved_on=approved_on or applied_on + datetime.timedelta(days=14),
        pcpr_reference=f"PCPR/{person.pk}",
    )


def fill_places(world, count):
    for _ in range(count):
        EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 1))


@pytest.mark.rule("WTZ-02")
def test_approval_needs_the_pcpr_reference(world):
    entry = services.reserve_list_apply(
        person=candidate(world), organiser=world.workshop.organiser, applied_on=D(2024, 1, 10)
    )
    with pytest.raises(ValidationError) as error:
        services.reserve_list_approve(entry=entry, approved_on=D(2024, 2, 1), pcpr_reference=" ")
    assert error.value.message_dict["pcpr_reference"][0].startswith("WTZ-02")
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.APPLIED


@pytest.mark.rule("WTZ-02")
def test_an_application_not_yet_approved_cannot_be_admitted(world):
    entry = services.reserve_list_apply(
        person=candidate(world), organiser=world.workshop.organiser, applied_on=D(2024, 1, 10)
    )
    with pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))
    assert any(message.startswith("WTZ-02") for message in error.value.messages)
    assert not Enrolment.objects.filter(person=entry.person).exists()


@pytest.mark.rule("WTZ-01")
def test_admission_needs_a_certificate_indicating_occupational_therapy(world):
    person = candidate(world, indications=[])
    entry = approved_entry(world, person)
    with pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))
    assert any(message.startswith("WTZ-01") for message in error.value.messages)
    assert not Enrolment.objects.filter(person=person).exists()
    enrolment = services.enrolment_admit(
        entry=entry,
        workshop=world.workshop,
        admitted_on=D(2024, 3, 1),
        certificate_override_reason="Nowe orzeczenie w drodze, decyzja PCPR z 28.02.2024",
    )
    assert enrolment.certificate is None
    assert enrolment.certificate_override_reason


@pytest.mark.rule("WTZ-01")
def test_an_expired_certificate_does_not_admit(world):
    person = candidate(world, is_permanent=False, valid_until=D(2024, 2, 29))
    entry = approved_entry(world, person)
    with pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))
    assert any(message.startswith("WTZ-01") for message in error.value.messages)


@pytest.mark.rule("WTZ-03")
def test_admission_is_refused_with_no_free_place_and_the_person_keeps_waiting(world):
    fill_places(world, 30)
    entry = approved_entry(world, candidate(world))
    with pytest.raises(ValidationError) as error:
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))
    assert any(message.startswith("WTZ-03") for message in error.value.messages)
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.WAITING


@pytest.mark.rule("WTZ-03")
def test_more_contracted_places_make_room(world):
    fill_places(world, 30)
    ContractedPlacesFactory(workshop=world.workshop, starts_on=D(2024, 3, 1), places=31)
    entry = approved_entry(world, candidate(world))
    with pytest.raises(ValidationError):
        services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 2, 29))
    services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))


@pytest.mark.rule("WTZ-03")
def test_each_exit_creates_a_vacancy_and_admissions_fill_the_oldest_first(world):
    fill_places(world, 30)
    leaving = list(Enrolment.objects.filter(workshop=world.workshop)[:2])
    services.enrolment_exit(enrolment=leaving[0], exited_on=D(2024, 4, 30), reason="moved")
    services.enrolment_exit(enrolment=leaving[1], exited_on=D(2024, 5, 31), reason="resignation")
    first, second = Vacancy.objects.filter(workshop=world.workshop).order_by("opened_on")
    assert (first.opened_on, second.opened_on) == (D(2024, 5, 1), D(2024, 6, 1))
    entry = approved_entry(world, candidate(world))
    enrolment = services.enrolment_admit(
        entry=entry, workshop=world.workshop, admitted_on=D(2024, 6, 10)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.filled_by == enrolment
    assert first.filled_on == D(2024, 6, 10)
    assert second.filled_by is None


@pytest.mark.rule("WTZ-03")
def test_an_exit_from_an_overfull_workshop_frees_no_place(world):
    fill_places(world, 30)
    ContractedPlacesFactory(workshop=world.workshop, starts_on=D(2024, 4, 1), places=28)
    leaving = Enrolment.objects.filter(workshop=world.workshop).first()
    services.enrolment_exit(enrolment=leaving, exited_on=D(2024, 4, 30), reason="moved")
    assert not Vacancy.objects.filter(workshop=world.workshop).exists()


@pytest.mark.rule("WTZ-04")
def test_a_returnee_inside_the_window_is_proposed_first(world):
    early = approved_entry(world, candidate(world), applied_on=D(2023, 5, 1))
    returnee = approved_entry(
        world,
        candidate(world),
        applied_on=D(2024, 3, 1),
        left_workshop_for_work_on=D(2023, 9, 30),
        job_lost_on=D(2024, 1, 15),  # 46 days before applying
    )
    assert returnee.has_priority
    proposals = services.reserve_list_proposal(workshop=world.workshop, on=D(2024, 4, 1))
    assert [p.entry for p in proposals] == [returnee, early]
    assert proposals[0].reason.startswith("WTZ-04")
    assert proposals[1].reason.startswith("WTZ-03")


@pytest.mark.rule("WTZ-04")
def test_a_returnee_after_the_window_waits_in_the_ordinary_order(world):
    early = approved_entry(world, candidate(world), applied_on=D(2023, 5, 1))
    late = approved_entry(
        world,
        candidate(world),
        applied_on=D(2024, 6, 1),
        left_workshop_for_work_on=D(2023, 9, 30),
        job_lost_on=D(2024, 1, 15),  # 138 days before applying
    )
    assert not late.has_priority
    proposals = services.reserve_list_proposal(workshop=world.workshop, on=D(2024, 7, 1))
    assert [p.entry for p in proposals] == [early, late]


@pytest.mark.rule("WTZ-04")
def test_the_window_can_count_from_leaving_the_workshop(world):
    from organisations.models import PolicyParameter

    PolicyParameter.objects.create(
        key=PolicyParameter.Key.WTZ_RESERVE_PRIORITY_FROM,
        value=2,
        valid_from=D(2020, 1, 1),
        known_on=D(2020, 1, 1),
        scope=PolicyParameter.Scope.ORGANISER,
        organiser=world.workshop.organiser,
        legal_source="art. 10f ust. 2b",
        evidence="U",
    )
    entry = approved_entry(
        world,
        candidate(world),
        applied_on=D(2024, 3, 1),
        left_workshop_for_work_on=D(2023, 9, 30),  # more than 90 days before
        job_lost_on=D(2024, 1, 15),
    )
    assert not entry.has_priority


@pytest.mark.rule("WTZ-04")
def test_a_returnees_exit_to_work_is_found_in_the_organisers_enrolments(world):
    person = candidate(world)
    sister = WorkshopFactory(organiser=world.workshop.organiser, territory=world.gmina)
    enrolment = EnrolmentFactory(person=person, workshop=sister)
    services.enrolment_exit(
        enrolment=enrolment,
        exited_on=D(2023, 12, 31),
        reason="work_open",
        employer=world.cooperative.organisation,
        contract_type="employment",
    )
    entry = services.reserve_list_apply(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=D(2024, 2, 15),
        job_lost_on=D(2024, 2, 1),
    )
    assert entry.left_workshop_for_work_on == D(2023, 12, 31)
    assert entry.has_priority


@pytest.mark.rule("WTZ-04")
def test_another_organisers_records_are_not_read_for_the_priority(world):
    elsewhere = PersonFactory(residence=world.gmina)
    enrolment = EnrolmentFactory(person=elsewhere, workshop=world.far_workshop)
    services.enrolment_exit(
        enrolment=enrolment,
        exited_on=D(2023, 12, 31),
        reason="work_open",
        employer=world.cooperative.organisation,
        contract_type="employment",
    )
    person, created = services.person_register(
        workshop=world.workshop,
        on=D(2024, 2, 10),
        pesel=elsewhere.pesel,
        first_name=elsewhere.first_name,
        last_name=elsewhere.last_name,
        residence=world.gmina,
    )
    assert created  # the far organiser's record is its own
    entry = services.reserve_list_apply(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=D(2024, 2, 15),
        job_lost_on=D(2024, 2, 1),
    )
    assert entry.left_workshop_for_work_on is None
    assert not entry.has_priority


def test_the_organisers_order_can_be_by_application_date(world):
    organiser = world.workshop.organiser
    organiser.reserve_list_order = ReserveListOrder.APPLICATION
    organiser.save()
    applied_later_approved_first = approved_entry(
        world, candidate(world), applied_on=D(2023, 6, 1), approved_on=D(2023, 6, 2)
    )
    applied_first_approved_later = approved_entry(
        world, candidate(world), applied_on=D(2023, 5, 1), approved_on=D(2023, 7, 1)
    )
    proposals = services.reserve_list_proposal(workshop=world.workshop, on=D(2024, 1, 1))
    assert [p.entry for p in proposals] == [
        applied_first_approved_later,
        applied_later_approved_first,
    ]


def test_admission_leaves_another_organisers_list_to_that_organiser(world):
    """An admission tells no other organiser anything: its list entry for the same PESEL, in its
    own record of the person, stays as it was."""
    person = candidate(world)
    theirs, _ = services.person_register(
        workshop=world.far_workshop,
        on=D(2024, 1, 4),
        pesel=person.pesel,
        first_name=person.first_name,
        last_name=person.last_name,
        residence=world.other_gmina,
    )
    other = services.reserve_list_apply(
        person=theirs, organiser=world.far_workshop.organiser, applied_on=D(2024, 1, 5)
    )
    entry = approved_entry(world, person)
    services.enrolment_admit(entry=entry, workshop=world.workshop, admitted_on=D(2024, 3, 1))
    other.refresh_from_db()
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.ADMITTED
    assert other.status == WaitingListEntry.Status.APPLIED


def test_an_organisers_list_takes_only_its_own_record_of_a_person(world):
    person = candidate(world)
    with pytest.raises(ValidationError) as error:
        services.reserve_list_apply(
            person=person, organiser=world.far_workshop.organiser, applied_on=D(2024, 1, 5)
        )
    assert error.value.message_dict["person"][0].startswith("DIS-08")
    assert not WaitingListEntry.objects.exists()


@pytest.mark.rule("WTZ-15")
def test_an_exit_to_work_names_the_employer_and_the_contract(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(enrolment=enrolment, exited_on=D(2024, 5, 31), reason="work_sc")
    assert set(error.value.message_dict) == {"exit_employer", "exit_contract_type"}
    assert error.value.message_dict["exit_employer"][0].startswith("WTZ-15")
    enrolment.refresh_from_db()
    assert enrolment.exited_on is None
    assert not Vacancy.objects.exists()
    services.enrolment_exit(
        enrolment=enrolment,
        exited_on=D(2024, 5, 31),
        reason="work_sc",
        employer=world.cooperative.organisation,
        contract_type="coop_employment",
    )
    assert enrolment.is_exit_to_work


@pytest.mark.rule("WTZ-15")
def test_an_exit_needs_a_reason_from_the_list(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError) as error:
        services.enrolment_exit(enrolment=enrolment, exited_on=D(2024, 5, 31), reason="bored")
    assert error.value.message_dict["exit_reason"][0].startswith("WTZ-15")


def test_the_other_organiser_sees_nothing_of_an_admission_of_the_same_pesel(world, api_for):
    """Organiser B keeps its own record of a PESEL on its reserve list; organiser A admits its
    own record of the same PESEL. B's entry, its history, B's to-do list, B's API and B's path
    page are exactly what they were."""
    import re

    import time_machine
    from django.test import Client

    from paths.todo import todo_items
    from tests.factories.accounts import UserFactory
    from tests.factories.wtz import StaffAssignmentFactory
    from wtz.models import StaffAssignment

    far_manager = UserFactory(username="far_manager")
    StaffAssignmentFactory(
        user=far_manager, workshop=world.far_workshop, role=StaffAssignment.Role.MANAGER
    )
    ours = candidate(world)
    theirs, _ = services.person_register(
        workshop=world.far_workshop,
        on=D(2024, 1, 4),
        pesel=ours.pesel,
        first_name=ours.first_name,
        last_name=ours.last_name,
        residence=world.other_gmina,
    )
    CertificateFactory(person=theirs, workshop=world.far_workshop)
    their_entry = services.reserve_list_approve(
        entry=services.reserve_list_apply(
            person=theirs, organiser=world.far_workshop.organiser, applied_on=D(2024, 1, 5)
        ),
        approved_on=D(2024, 1, 20),
        pcpr_reference="PCPR/B/1",
    )
    our_entry = approved_entry(world, ours)
    api = api_for(far_manager)
    browser = Client()
    browser.force_login(far_manager)

    def page(url):
        # The form token is masked afresh on every page; the rest must not differ.
        text = browser.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)

    def what_b_sees():
        their_entry.refresh_from_db()
        return {
            "entry": (their_entry.status, their_entry.closed_on, their_entry.version),
            "history": list(their_entry.history.values_list("history_id", flat=True)),
            "person": theirs.history.count(),
            "todo": todo_items(far_manager, D(2024, 3, 1)),
            **{
                url: api.get(url).json()
                for url in (
                    "/api/v1/persons/",
                    f"/api/v1/persons/{theirs.pk}/",
                    "/api/v1/reserve-list/",
                    f"/api/v1/reserve-list/{their_entry.pk}/",
                    "/api/v1/enrolments/",
                    "/api/v1/vacancies/",
                    f"/api/v1/reserve-list/proposal/?workshop={world.far_workshop.pk}",
                    f"/api/v1/persons/?search={ours.last_name}",
                    f"/api/v1/persons/?search={ours.pesel}",
                )
            },
            "path": page(f"/participants/{theirs.pk}/path/"),
            "entry page": browser.get(
                f"/admin/participants/waitinglistentry/{their_entry.pk}/change/"
            ).status_code,
            "entry history": page(
                f"/admin/participants/waitinglistentry/{their_entry.pk}/history/"
            ),
        }

    with time_machine.travel(datetime.datetime(2024, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        before = what_b_sees()
        assert before["/api/v1/reserve-list/"]["count"] == 1
        assert before["entry page"] == 200
        assert theirs.last_name in before["path"]  # the page B reads, not a redirect
        services.enrolment_admit(
            entry=our_entry, workshop=world.workshop, admitted_on=D(2024, 3, 1), by=world.staff
        )
        after = what_b_sees()
    our_entry.refresh_from_db()
    assert our_entry.status == WaitingListEntry.Status.ADMITTED
    assert Enrolment.objects.filter(person=ours).exists()
    assert their_entry.status == WaitingListEntry.Status.WAITING
    for key in before:
        assert after[key] == before[key], key
    assert not Enrolment.objects.filter(person=theirs).exists()
