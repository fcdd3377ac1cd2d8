"""A person's path from the first application to a kept job, derived from the dated records — the
reserve list, participations, the council's readiness positions, placements and jobs — and never
typed in by hand, so it can be told for any day and counted for any period.

Stages run concurrently (a practice during therapy, a job while the exit is not yet recorded,
waiting at one organiser's workshops while attending another's), so the stages of a day are a set;
the headline stage of a day is the one furthest along the way (``PRECEDENCE``):

    retained > employed > internship > training > practice > ready > therapy > waiting > candidate

A step that ends off the way to work carries its reason (a side exit); a participation that begins
after a job, or after leaving a workshop for one, is a return.

``paths_for`` reads the paths of many people in a fixed number of queries (the reports count
stages with it). Given a user, it reads only what that user may see — a cooperative's manager gets
the placements and jobs the cooperative took part in, never a participation or a council's
position — so the same function serves every page.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common import dates
from employment.models import Employment, Placement
from employment.rules import continuous_employment
from organisations.policy import Key, policy_int
from participants.models import Enrolment, Readiness, WaitingListEntry

ONE_DAY = datetime.timedelta(days=1)


class Stage(models.TextChoices):
    CANDIDATE = "candidate", _("applied")
    WAITING = "waiting", _("on the reserve list")
    THERAPY = "therapy", _("in the workshop")
    READY = "ready", pgettext_lazy("path stage", "ready for work")
    PRACTICE = "practice", _("vocational practice")
    TRAINING = "training", _("work training")
    INTERNSHIP = "internship", _("internship")
    EMPLOYED = "employed", _("in a paid job")
    RETAINED = "retained", _("keeps the job")


PRECEDENCE = (
    Stage.RETAINED,
    Stage.EMPLOYED,
    Stage.INTERNSHIP,
    Stage.TRAINING,
    Stage.PRACTICE,
    Stage.READY,
    Stage.THERAPY,
    Stage.WAITING,
    Stage.CANDIDATE,
)
RANK = {stage: rank for rank, stage in enumerate(PRECEDENCE)}


@dataclass(frozen=True)
class Step:
    """One stretch of one stage, both ends inclusive (no end: it goes on)."""

    stage: Stage
    starts_on: datetime.date
    ends_on: datetime.date | None
    where: str = ""
    exit_reason: str = ""  # why the step ended off the way to work
    is_return: bool = False  # a participation after a job, or after leaving one for work
    record: tuple[str, int] = ("", 0)  # the model and row it comes from

    def covers(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def days(self, today: datetime.date) -> int:
        """The days spent in it by ``today`` (0 for a step that has not begun)."""
        last = today if self.ends_on is None else min(self.ends_on, today)
        return max(0, (last - self.starts_on).days + 1)


@dataclass
class PersonPath:
    person_id: int
    steps: list[Step] = field(default_factory=list)

    def stages_on(self, day: datetime.date) -> set[Stage]:
        return {step.stage for step in self.steps if step.covers(day)}

    def headline_on(self, day: datetime.date) -> Stage | None:
        stages = self.stages_on(day)
        return min(stages, key=RANK.__getitem__) if stages else None

    @property
    def first_day(self) -> datetime.date | None:
        return min((step.starts_on for step in self.steps), default=None)

    @property
    def side_exits(self) -> list[Step]:
        return [step for step in self.steps if step.exit_reason]

    @property
    def returns(self) -> list[Step]:
        return [step for step in self.steps if step.is_return]


def _visible(queryset, user):
    return queryset if user is None else queryset.visible_to(user)


def paths_for(person_ids, *, user=None, today: datetime.date) -> dict[int, PersonPath]:
    """The paths of ``person_ids`` (ids or a queryset of them): six queries, whatever their
    number and the length of their histories. ``user``: read only what they may see; None reads
    everything (for aggregates that never show a row)."""
    entries = _visible(WaitingListEntry.objects.filter(person__in=person_ids), user)
    enrolments = _visible(Enrolment.objects.filter(person__in=person_ids), user)
    readiness = _visible(Readiness.objects.filter(enrolment__person__in=person_ids), user)
    placements = _visible(Placement.objects.filter(person__in=person_ids), user)
    jobs = _visible(Employment.objects.filter(person__in=person_ids), user)
    records = defaultdict(lambda: defaultdict(list))
    for name, queryset in (
        ("entries", entries.select_related("organiser")),
        ("enrolments", enrolments.select_related("workshop")),
        ("readiness", readiness.select_related("enrolment")),
        ("placements", placements.select_related("host")),
        ("jobs", jobs.select_related("employer")),
    ):
        for row in queryset:
            person = row.enrolment.person_id if name == "readiness" else row.person_id
            records[person][name].append(row)
    retained_after = policy_int(Key.PATH_RETAINED_AFTER_MONTHS, today)
    return {
        person: PersonPath(person, _steps(records[person], retained_after, today))
        for person in (records if not isinstance(person_ids, list | tuple | set) else person_ids)
    }


def path_of(person_id: int, *, user=None, today: datetime.date) -> PersonPath:
    return paths_for([person_id], user=user, today=today)[person_id]


def _steps(records, retained_after: int, today: datetime.date) -> list[Step]:
    enrolments = sorted(records["enrolments"], key=lambda e: (e.admitted_on, e.pk))
    steps = [
        *_application_steps(records["entries"], enrolments),
        *_participation_steps(enrolments, records["jobs"]),
        *_readiness_steps(records["readiness"], enrolments),
        *_placement_steps(records["placements"]),
        *_job_steps(records["jobs"], retained_after, today),
    ]
    return sorted(steps, key=lambda s: (s.starts_on, RANK[s.stage], s.record))


def _application_steps(entries, enrolments) -> list[Step]:
    """An application is ``candidate`` until approved, then ``waiting`` until the admission (the
    day before it) or until the entry is closed — a side exit with the reason it was closed."""
    admissions = {e.application_id: e.admitted_on for e in enrolments if e.application_id}
    steps = []
    for entry in entries:
        where = str(entry.organiser)
        record = ("participants.waitinglistentry", entry.pk)
        admitted = entry.status == entry.Status.ADMITTED
        # An admission closes the entry on its day; an entry from before that was recorded
        # is closed by the participation it led to.
        closed = entry.closed_on or (admissions.get(entry.pk) if admitted else None)
        end = (closed - ONE_DAY if admitted else closed) if closed else None
        if entry.approved_on is None:
            if end is None or end >= entry.applied_on:
                steps.append(Step(Stage.CANDIDATE, entry.applied_on, end, where, record=record))
            continue
        if entry.approved_on > entry.applied_on:
            candidate_end = entry.approved_on - ONE_DAY
            steps.append(
                Step(Stage.CANDIDATE, entry.applied_on, candidate_end, where, record=record)
            )
        if end is None or end >= entry.approved_on:
            reason = "" if admitted or not closed else entry.close_reason or _("closed")
            steps.append(
                Step(
                    Stage.WAITING,
                    entry.approved_on,
                    end,
                    where,
                    exit_reason=reason,
                    is_return=entry.has_priority,
                    record=record,
                )
            )
    return steps


def _participation_steps(enrolments, jobs) -> list[Step]:
    """A participation is ``therapy`` from admission to exit; an exit for any reason but work is a
    side exit. A participation is a return when the person had left an earlier one for work, or
    had held a job since an earlier one, before it began."""
    steps = []
    for enrolment in enrolments:
        earlier = [e for e in enrolments if e.exited_on and e.exited_on < enrolment.admitted_on]
        # Back after leaving a workshop for work, or after a job held since an earlier
        # participation — not a first admission of someone who once worked elsewhere.
        left_for_work = any(e.exit_reason in Enrolment.WORK_REASONS for e in earlier) or any(
            e.admitted_on <= job.starts_on < enrolment.admitted_on for e in earlier for job in jobs
        )
        to_work = enrolment.exit_reason in Enrolment.WORK_REASONS
        steps.append(
            Step(
                Stage.THERAPY,
                enrolment.admitted_on,
                enrolment.exited_on,
                str(enrolment.workshop),
                exit_reason=""
                if not enrolment.exited_on or to_work
                else enrolment.get_exit_reason_display(),
                is_return=left_for_work,
                record=("participants.enrolment", enrolment.pk),
            )
        )
    return steps


def _readiness_steps(positions, enrolments) -> list[Step]:
    """``ready`` from a council's position that the participant is ready, until a later position
    says otherwise or the participation ends (and never before it began)."""
    participation = {enrolment.pk: enrolment for enrolment in enrolments}
    by_enrolment = defaultdict(list)
    for position in positions:
        by_enrolment[position.enrolment_id].append(position)
    steps = []
    for enrolment_id, decisions in by_enrolment.items():
        enrolment = participation.get(enrolment_id)
        decisions.sort(key=lambda d: (d.decided_on, d.pk))
        stretches, start = [], None
        for decision in decisions:
            if decision.is_ready and start is None:
                start = decision
            elif not decision.is_ready and start is not None:
                stretches.append((start, decision.decided_on - ONE_DAY))
                start = None
        if start is not None:
            stretches.append((start, enrolment.exited_on if enrolment else None))
        for decision, ends_on in stretches:
            first = max(
                decision.decided_on, enrolment.admitted_on if enrolment else decision.decided_on
            )
            if ends_on is None or ends_on >= first:
                steps.append(
                    Step(
                        Stage.READY, first, ends_on, record=("participants.readiness", decision.pk)
                    )
                )
    return steps


def _placement_steps(placements) -> list[Step]:
    return [
        Step(
            Stage(placement.kind),
            placement.starts_on,
            placement.last_day,
            str(placement.host),
            exit_reason=placement.get_outcome_display()
            if placement.outcome == placement.Outcome.ENDED_EARLY
            else "",
            record=("employment.placement", placement.pk),
        )
        for placement in placements
    ]


def _job_steps(jobs, retained_after: int, today: datetime.date) -> list[Step]:
    """``employed`` for each contract; a contract that ends without another following it at the
    same employer is a side exit with its reason. ``retained`` from the day the unbroken
    employment has lasted the months in force, while it lasts — once that day has come."""
    steps = []
    chains = set()
    for job in jobs:
        start, end = continuous_employment(job, jobs)
        continued = job.ends_on is not None and (end is None or end > job.ends_on)
        steps.append(
            Step(
                Stage.EMPLOYED,
                job.starts_on,
                job.ends_on,
                str(job.employer),
                exit_reason=(job.get_end_reason_display() or _("ended"))
                if job.ends_on and not continued
                else "",
                record=("employment.employment", job.pk),
            )
        )
        retained_from = dates.add_months(start, retained_after)
        reached = retained_from <= today and (end is None or retained_from <= end)
        if (job.employer_id, start) not in chains and reached:
            chains.add((job.employer_id, start))
            steps.append(
                Step(
                    Stage.RETAINED,
                    retained_from,
                    end,
                    str(job.employer),
                    record=("employment.employment", job.pk),
                )
            )
    return steps
