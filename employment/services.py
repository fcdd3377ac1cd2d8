"""Writes on the way to work. The admin, the API and the demo data call these functions; each
validates everything first and saves nothing when it refuses. None of them writes a workshop's
record: what the workshop must do next is derived as a task for its staff (employment.todo)."""

import datetime

from django.db import transaction
from django.utils import timezone

from employment import rules
from employment.models import DisabilityFacts, Employment, FollowUp, HoursWaiver, Placement
from organisations.policy import Key, MissingPolicyParameter, policy_int
from participants.models import Enrolment, Person
from wtz.models import Workshop

FOLLOW_UP_KEYS = (
    Key.EMP_FOLLOW_UP_FIRST_DAYS,
    Key.EMP_FOLLOW_UP_SECOND_DAYS,
    Key.EMP_FOLLOW_UP_THIRD_DAYS,
    Key.EMP_FOLLOW_UP_FOURTH_DAYS,
)


def lock_person(person_id) -> None:
    """Rules that add up a person's records (the hours of their contracts with one employer,
    their memberships) are checked one write at a time per person: the row lock makes a second
    write wait, then see the first."""
    Person.objects.select_for_update().filter(pk=person_id).first()


@transaction.atomic
def placement_record(placement: Placement, *, by=None) -> Placement:
    """A practice (WTZ-13, WTZ-14 in the model's validation), a training or an internship, new
    or changed. Practices of one workshop are recorded one at a time: WTZ-14 counts them all."""
    if placement.kind == Placement.Kind.PRACTICE and placement.enrolment_id:
        workshop = placement.enrolment.workshop_id
        Workshop.objects.select_for_update().filter(pk=workshop).first()
    placement.recorded_by = placement.recorded_by or by
    placement.full_clean()
    placement.save()
    return placement


@transaction.atomic
def employment_change(employment: Employment) -> list[str]:
    """Saves a changed job, its hours checked with the person's other contracts with the same
    employer (EMP-01..03); returns the warnings."""
    lock_person(employment.person_id)
    employment.full_clean()
    employment.save()
    return rules.employment_warnings(
        employment, list(employment.disability_facts.all()), list(employment.waivers.all())
    )


EMPLOYER_KIND_OF_EXIT = {
    Enrolment.ExitReason.WORK_OPEN_MARKET: Employment.EmployerKind.OPEN_MARKET,
    Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE: Employment.EmployerKind.COOPERATIVE,
    Enrolment.ExitReason.WORK_ZAZ: Employment.EmployerKind.ZAZ,
    Enrolment.ExitReason.WORK_ZPCHR: Employment.EmployerKind.ZPCHR,
}


def job_from_exit(enrolment: Enrolment) -> dict:
    """What an exit to work already says of the job: who, where, what kind of employer and
    contract, from the day after the last day at the workshop — the rest is the job's own."""
    return {
        "person": enrolment.person_id,
        "employer": enrolment.exit_employer_id,
        "employer_kind": EMPLOYER_KIND_OF_EXIT.get(enrolment.exit_reason, ""),
        "contract_type": enrolment.exit_contract_type,
        "recorded_by_workshop": enrolment.workshop_id,
        "starts_on": enrolment.exited_on + datetime.timedelta(days=1),
    }


def job_recorded_after(enrolment: Enrolment) -> Employment | None:
    """The job an exit to work led to, when it is already recorded."""
    return (
        Employment.objects.filter(
            person_id=enrolment.person_id,
            employer_id=enrolment.exit_employer_id,
            starts_on__gte=enrolment.admitted_on,
        )
        .order_by("starts_on")
        .first()
    )


def follow_up_days(on: datetime.date) -> list[int]:
    days = []
    for key in FOLLOW_UP_KEYS:
        try:
            days.append(policy_int(key, on))
        except MissingPolicyParameter:
            continue
    return sorted(set(days))


@transaction.atomic
def employment_hire(
    employment: Employment,
    *,
    facts: DisabilityFacts | None = None,
    waiver: HoursWaiver | None = None,
    by=None,
) -> tuple[Employment, list[str]]:
    """Records a job with the employer's disability facts and an art. 16 waiver, if any, checked
    together (EMP-01..04), and schedules its follow-ups. Returns the job and its warnings."""
    facts_list = [facts] if facts is not None else []
    waivers = [waiver] if waiver is not None else []
    lock_person(employment.person_id)
    employment.recorded_by = employment.recorded_by or by
    employment.pending_facts, employment.pending_waivers = facts_list, waivers
    employment.full_clean()
    for record in (*facts_list, *waivers):
        record.full_clean(exclude=["employment"])
    employment.pending_facts = employment.pending_waivers = None
    employment.save()
    for record in (*facts_list, *waivers):
        record.employment = employment
        record.save()
    FollowUp.objects.bulk_create(
        FollowUp(
            employment=employment,
            days_after_start=days,
            due_on=employment.starts_on + datetime.timedelta(days=days),
        )
        for days in follow_up_days(employment.starts_on)
    )
    return employment, rules.employment_warnings(employment, facts_list, waivers)


@transaction.atomic
def facts_record(facts: DisabilityFacts) -> DisabilityFacts:
    """New facts shown during the job: the hours are checked again from their date."""
    facts.full_clean()
    facts.save()
    return facts


@transaction.atomic
def follow_up_record(
    follow_up: FollowUp, *, outcome: str, held_on=None, left_reason: str = "", notes: str = "", by
) -> FollowUp:
    """The outcome of a follow-up. A job that ended closes the employment on that day; a return
    to the workshop is the workshop's to record (WTZ-02: a task for its staff)."""
    follow_up.outcome = outcome
    follow_up.held_on = held_on or timezone.localdate()
    follow_up.left_reason = left_reason
    follow_up.notes = notes
    follow_up.recorded_by = by
    follow_up.full_clean()
    follow_up.save()
    employment = follow_up.employment
    ended = outcome in (FollowUp.Outcome.LEFT_JOB, FollowUp.Outcome.RETURNED_TO_WTZ)
    if ended and employment.ends_on is None:
        employment.ends_on = follow_up.held_on
        employment.end_reason = Employment.EndReason.OTHER
        employment.save(update_fields=["ends_on", "end_reason", "updated_at"])
    return follow_up


def monthly_subsidies(employments, month: datetime.date) -> dict[int, object]:
    """EMP-08 for several jobs at once: ``{employment id: amount or None}``. One query."""
    facts = facts_by_employment([e.pk for e in employments])
    lookup = rules.memoised_policy()
    return {
        employment.pk: rules.expected_subsidy(
            employment, month, facts.get(employment.pk, []), lookup=lookup
        )
        for employment in employments
    }


def facts_by_employment(employment_ids) -> dict[int, list[DisabilityFacts]]:
    grouped: dict[int, list[DisabilityFacts]] = {}
    for facts in DisabilityFacts.objects.filter(employment__in=employment_ids):
        grouped.setdefault(facts.employment_id, []).append(facts)
    return grouped
