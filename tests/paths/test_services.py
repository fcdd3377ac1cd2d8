"""The path of a person, derived from dated records: its stages on any day, the headline stage,
side exits and returns, on the awkward sequences a workshop meets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from employment.models import Employment, Placement
from participants.models import Enrolment, Readiness, WaitingListEntry
from paths.services import Stage, path_of, paths_for
from tests.employment.conftest import D, job
from tests.factories.coop import OrganisationFactory
from tests.factories.participants import EnrolmentFactory, PersonFactory, WaitingListEntryFactory

TODAY = D(2026, 12, 2)


def path(person, today=TODAY):
    return path_of(person.pk, today=today)


def admitted(world, person, admitted_on, *, applied_on, approved_on, **fields):
    entry = WaitingListEntryFactory(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=applied_on,
        approved_on=approved_on,
        status=WaitingListEntry.Status.ADMITTED,
        closed_on=admitted_on,
    )
    return EnrolmentFactory(
        person=person, workshop=world.workshop, application=entry, admitted_on=admitted_on, **fields
    )


def placement(person, kind, starts_on, ends_on, host, **fields):
    return Placement.objects.create(
        kind=kind,
        person=person,
        host=host,
        supervisor="Jan Opiekun",
        weekly_hours=10,
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


def employed(person, cooperative, starts_on, ends_on=None, **fields):
    employment = job(person, cooperative, starts_on=starts_on, **fields)
    employment.ends_on = ends_on
    employment.end_reason = fields.get("end_reason", "dismissed" if ends_on else "")
    employment.save()
    return employment


@pytest.fixture
def therapy_to_work(world):
    """Applied 10 Jan 2022, approved 1 Feb, admitted 1 Sep 2022; ready 15 Jan 2024; practice
    at the cooperative March–May 2024; hired 1 July 2024, left the workshop for work 30 June."""
    person = PersonFactory()
    enrolment = admitted(
        world, person, D(2022, 9, 1), applied_on=D(2022, 1, 10), approved_on=D(2022, 2, 1)
    )
    Readiness.objects.create(enrolment=enrolment, decided_on=D(2024, 1, 15), skills_summary="—")
    placement(person, "practice", D(2024, 3, 1), D(2024, 5, 31), world.cooperative.organisation,
              enrolment=enrolment)  # fmt: skip
    enrolment.exited_on = D(2024, 6, 30)
    enrolment.exit_reason = Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE
    enrolment.save()
    hired = employed(person, world.cooperative, D(2024, 7, 1))
    return person, enrolment, hired


def test_the_way_from_application_to_a_kept_job(therapy_to_work):
    person, _enrolment, _hired = therapy_to_work
    the_path = path(person)
    on = {
        D(2022, 1, 9): None,
        D(2022, 1, 10): Stage.CANDIDATE,
        D(2022, 1, 31): Stage.CANDIDATE,
        D(2022, 2, 1): Stage.WAITING,
        D(2022, 8, 31): Stage.WAITING,
        D(2022, 9, 1): Stage.THERAPY,
        D(2024, 1, 15): Stage.READY,
        D(2024, 3, 1): Stage.PRACTICE,
        D(2024, 5, 31): Stage.PRACTICE,
        D(2024, 6, 1): Stage.READY,
        D(2024, 6, 30): Stage.READY,
        D(2024, 7, 1): Stage.EMPLOYED,
        D(2025, 6, 30): Stage.EMPLOYED,
        D(2025, 7, 1): Stage.RETAINED,  # twelve months of unbroken work
    }
    assert {day: the_path.headline_on(day) for day in on} == on
    assert the_path.stages_on(D(2024, 3, 1)) == {Stage.THERAPY, Stage.READY, Stage.PRACTICE}
    assert the_path.side_exits == []  # the exit was to work
    therapy = next(step for step in the_path.steps if step.stage == Stage.THERAPY)
    assert therapy.days(TODAY) == (D(2024, 6, 30) - D(2022, 9, 1)).days + 1


def test_a_job_while_still_enrolled_before_the_exit_is_recorded(therapy_to_work):
    person, enrolment, _hired = therapy_to_work
    enrolment.exited_on, enrolment.exit_reason = None, ""
    enrolment.save()
    the_path = path(person)
    assert the_path.stages_on(D(2024, 8, 1)) == {Stage.THERAPY, Stage.READY, Stage.EMPLOYED}
    assert the_path.headline_on(D(2024, 8, 1)) == Stage.EMPLOYED


def test_a_lost_job_and_a_return_to_the_workshop_with_priority(world, therapy_to_work):
    person, _enrolment, hired = therapy_to_work
    hired.ends_on, hired.end_reason = D(2024, 11, 29), Employment.EndReason.DISMISSED
    hired.save()
    again = WaitingListEntryFactory(
        person=person,
        organiser=world.workshop.organiser,
        applied_on=D(2024, 12, 2),
        approved_on=D(2024, 12, 2),
        has_priority=True,
        status=WaitingListEntry.Status.ADMITTED,
        closed_on=D(2025, 1, 6),
    )
    EnrolmentFactory(
        person=person, workshop=world.workshop, application=again, admitted_on=D(2025, 1, 6)
    )
    the_path = path(person)
    (lost,) = the_path.side_exits
    assert lost.stage == Stage.EMPLOYED
    assert lost.ends_on == D(2024, 11, 29)
    assert [s.stage for s in the_path.returns] == [Stage.WAITING, Stage.THERAPY]
    assert the_path.headline_on(D(2024, 11, 30)) is None  # between the job and the list
    assert the_path.headline_on(D(2024, 12, 2)) == Stage.WAITING
    assert the_path.headline_on(D(2025, 1, 6)) == Stage.THERAPY
    # The job ended inside the follow-up year: never kept.
    assert Stage.RETAINED not in {s.stage for s in the_path.steps}


def test_overlapping_placements_are_both_on_the_path(world, therapy_to_work):
    person, _enrolment, _hired = therapy_to_work
    business = OrganisationFactory(kind="company")
    placement(person, "training", D(2024, 4, 1), D(2024, 4, 30), world.cooperative.organisation)
    placement(person, "internship", D(2024, 4, 15), D(2024, 6, 15), business)
    the_path = path(person)
    assert the_path.stages_on(D(2024, 4, 20)) >= {Stage.PRACTICE, Stage.TRAINING, Stage.INTERNSHIP}
    assert the_path.headline_on(D(2024, 4, 20)) == Stage.INTERNSHIP
    assert the_path.headline_on(D(2024, 6, 10)) == Stage.INTERNSHIP


def test_an_exit_with_no_job_is_a_side_exit_with_its_reason(world):
    person = PersonFactory()
    enrolment = admitted(
        world, person, D(2023, 3, 1), applied_on=D(2023, 1, 2), approved_on=D(2023, 1, 2)
    )
    enrolment.exited_on, enrolment.exit_reason = D(2025, 2, 28), Enrolment.ExitReason.HEALTH
    enrolment.save()
    the_path = path(person)
    (left,) = the_path.side_exits
    assert (left.stage, left.ends_on) == (Stage.THERAPY, D(2025, 2, 28))
    assert str(left.exit_reason) == str(Enrolment.ExitReason.HEALTH.label)
    assert the_path.headline_on(D(2025, 3, 1)) is None
    # Approved on the day of the application: no day as a candidate.
    assert Stage.CANDIDATE not in {s.stage for s in the_path.steps}


def test_a_job_found_outside_the_cooperative(world):
    person = PersonFactory()
    bakery = OrganisationFactory(kind="company", name="Piekarnia Kłos")
    outside = job(person, starts_on=D(2025, 3, 3), employer=bakery, employer_kind="open",
                  recorded_by_workshop=world.workshop)  # fmt: skip
    outside.save()
    the_path = path(person)
    assert [(s.stage, s.where) for s in the_path.steps] == [
        (Stage.EMPLOYED, "Piekarnia Kłos"),
        (Stage.RETAINED, "Piekarnia Kłos"),
    ]
    assert the_path.headline_on(D(2026, 3, 3)) == Stage.RETAINED


def test_a_person_still_waiting_after_years(world):
    person = PersonFactory()
    WaitingListEntryFactory(
        person=person, organiser=world.workshop.organiser,
        applied_on=D(2019, 5, 6), approved_on=D(2019, 6, 3),
    )  # fmt: skip
    the_path = path(person)
    waiting = the_path.steps[-1]
    assert (waiting.stage, waiting.ends_on) == (Stage.WAITING, None)
    assert waiting.days(TODAY) == (TODAY - D(2019, 6, 3)).days + 1
    assert the_path.headline_on(TODAY) == Stage.WAITING


def test_admitted_and_leaving_on_the_same_day(world):
    person = PersonFactory()
    enrolment = admitted(
        world, person, D(2024, 2, 29), applied_on=D(2024, 1, 2), approved_on=D(2024, 1, 15)
    )
    enrolment.exited_on, enrolment.exit_reason = D(2024, 2, 29), Enrolment.ExitReason.RESIGNATION
    enrolment.save()
    the_path = path(person)
    therapy = next(s for s in the_path.steps if s.stage == Stage.THERAPY)
    assert therapy.days(TODAY) == 1
    assert the_path.headline_on(D(2024, 2, 28)) == Stage.WAITING
    assert the_path.headline_on(D(2024, 2, 29)) == Stage.THERAPY
    assert the_path.headline_on(D(2024, 3, 1)) is None


def test_a_record_corrected_backwards_in_time_changes_the_past(therapy_to_work):
    person, _enrolment, hired = therapy_to_work
    assert path(person).headline_on(D(2024, 6, 15)) == Stage.READY
    hired.starts_on = D(2024, 6, 3)  # the contract really began earlier
    hired.save()
    assert path(person).headline_on(D(2024, 6, 15)) == Stage.EMPLOYED
    assert path(person).headline_on(D(2025, 6, 3)) == Stage.RETAINED


def test_a_contract_continued_without_a_gap_is_no_exit(world):
    person = PersonFactory()
    employed(person, world.cooperative, D(2024, 1, 2), D(2024, 12, 31), end_reason="fixed_term")
    employed(person, world.cooperative, D(2025, 1, 1))
    the_path = path(person)
    assert the_path.side_exits == []
    assert the_path.headline_on(D(2025, 1, 2)) == Stage.RETAINED  # twelve months across both


def test_a_council_that_withdraws_readiness_ends_the_ready_stage(world):
    person = PersonFactory()
    enrolment = admitted(
        world, person, D(2023, 3, 1), applied_on=D(2023, 1, 2), approved_on=D(2023, 1, 2)
    )
    Readiness.objects.create(enrolment=enrolment, decided_on=D(2024, 1, 15), skills_summary="—")
    Readiness.objects.create(
        enrolment=enrolment, decided_on=D(2024, 7, 1), is_ready=False, skills_summary="—"
    )
    the_path = path(person)
    assert the_path.headline_on(D(2024, 6, 30)) == Stage.READY
    assert the_path.headline_on(D(2024, 7, 1)) == Stage.THERAPY


def test_many_paths_in_a_fixed_number_of_queries(world, therapy_to_work):
    people = [therapy_to_work[0].pk]
    with CaptureQueriesContext(connection) as few:
        paths_for(people, today=TODAY)
    for _ in range(5):
        person = PersonFactory()
        admitted(world, person, D(2023, 3, 1), applied_on=D(2023, 1, 2), approved_on=D(2023, 2, 1))
        employed(person, world.cooperative, D(2026, 1, 2))
        people.append(person.pk)
    with CaptureQueriesContext(connection) as many:
        found = paths_for(people, today=TODAY)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert {p: found[p].headline_on(TODAY) for p in people[1:]} == dict.fromkeys(
        people[1:], Stage.EMPLOYED
    )


def test_the_manager_reads_only_the_cooperatives_steps(world, therapy_to_work):
    person, _enrolment, _hired = therapy_to_work
    seen = path_of(person.pk, user=world.manager, today=TODAY)
    assert {s.stage for s in seen.steps} == {Stage.PRACTICE, Stage.EMPLOYED, Stage.RETAINED}
    assert path_of(person.pk, user=world.officer, today=TODAY).steps == []


def test_an_admission_recorded_without_closing_the_entry_still_ends_the_wait(world):
    person = PersonFactory()
    enrolment = admitted(
        world, person, D(2024, 3, 1), applied_on=D(2024, 1, 2), approved_on=D(2024, 1, 15)
    )
    WaitingListEntry.objects.filter(pk=enrolment.application_id).update(closed_on=None)
    the_path = path(person)
    assert the_path.headline_on(D(2024, 2, 29)) == Stage.WAITING
    assert the_path.stages_on(D(2024, 3, 1)) == {Stage.THERAPY}


def test_a_first_admission_after_work_elsewhere_is_no_return(world):
    person = PersonFactory()
    employed(person, world.cooperative, D(2015, 1, 2), D(2016, 12, 31), end_reason="fixed_term")
    admitted(world, person, D(2024, 3, 1), applied_on=D(2024, 1, 2), approved_on=D(2024, 1, 15))
    assert path(person).returns == []
