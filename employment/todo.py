"""To-do items on the way to work.

For WTZ staff: a participant's new job (WTZ-16: record the exit to work, offer club activities), a
person back from a lost job (WTZ-02 with the returnee's priority, WTZ-04: put them on the reserve
list), practices ending without a recorded outcome, and the practice share re-checked as people
leave (WTZ-14). The cooperative never writes
these records; the items carry the dates the workshop needs.

For cooperative managers: follow-ups due, the monthly wage-subsidy application (EMP-10), the
disabled employees' share (EMP-09), and disability documents running out (DIS-04).
"""

import datetime
from urllib.parse import urlencode

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import dates, formats
from common.rules import Severity
from common.todo import TodoItem
from employment import rules, services
from employment.models import Employment, FollowUp, Placement
from organisations.models import Cooperative
from organisations.policy import Key, policy_int
from organisations.scoping import managed_cooperative_ids
from participants import rules as participants_rules
from participants.models import Enrolment, WaitingListEntry
from wtz.todo import assigned_workshops

EXIT_REASON = {
    Employment.EmployerKind.COOPERATIVE: Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE,
    Employment.EmployerKind.ZAZ: Enrolment.ExitReason.WORK_ZAZ,
    Employment.EmployerKind.ZPCHR: Enrolment.ExitReason.WORK_ZPCHR,
    Employment.EmployerKind.OPEN_MARKET: Enrolment.ExitReason.WORK_OPEN_MARKET,
}
DAY = datetime.timedelta(days=1)


def _exit_items(workshops, on) -> list[TodoItem]:
    """WTZ-16: each job that starts while the person still attends one of the workshops."""
    attending = Enrolment.objects.filter(workshop__in=workshops, exited_on__isnull=True)
    jobs = (
        Employment.objects.filter(person__in=attending.values("person"))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .select_related("person", "employer")
    )
    enrolments = {
        enrolment.person_id: enrolment
        for enrolment in attending.filter(person__in=jobs.values("person"))
    }
    items = []
    for job in jobs:
        enrolment = enrolments.get(job.person_id)
        if enrolment is None or job.starts_on < enrolment.admitted_on:
            continue
        query = urlencode(
            {
                "exited_on": (job.starts_on - DAY).isoformat(),
                "reason": EXIT_REASON[job.employer_kind],
                "employer": job.employer_id,
                "contract_type": job.contract_type,
            }
        )
        items.append(
            TodoItem(
                rules.WTZ_16.id,
                rules.WTZ_16.severity,
                _(
                    "%(person)s starts work at %(employer)s on %(date)s (%(contract)s): record "
                    "the exit to work and offer the club activities."
                )
                % {
                    "person": job.person,
                    "employer": job.employer,
                    "date": date_format(job.starts_on),
                    "contract": job.get_contract_type_display(),
                },
                url=reverse("admin:participants_enrolment_exit", args=[enrolment.pk]) + f"?{query}",
                due_on=job.starts_on - DAY,
                people=(job.person_id,),
            )
        )
    return items


def _return_items(workshops, on) -> list[TodoItem]:
    """WTZ-02/WTZ-04: a person who left one of the workshops for work and, at a follow-up, came
    back: the organiser's reserve list, with both dates behind the returnee's priority."""
    left_for_work = Enrolment.objects.filter(
        workshop__in=workshops, exit_reason__in=Enrolment.WORK_REASONS
    )
    returns = FollowUp.objects.filter(
        outcome=FollowUp.Outcome.RETURNED_TO_WTZ,
        employment__person__in=left_for_work.values("person"),
    ).select_related("employment__person")
    if not returns:
        return []
    last_exit = {}
    for enrolment in left_for_work.filter(
        person__in={r.employment.person_id for r in returns}
    ).select_related("workshop"):
        known = last_exit.get(enrolment.person_id)
        if known is None or enrolment.exited_on > known.exited_on:
            last_exit[enrolment.person_id] = enrolment
    applied = set(
        WaitingListEntry.objects.filter(person__in=last_exit).values_list(
            "person", "organiser", "applied_on"
        )
    )
    items = []
    for follow_up in returns:
        person = follow_up.employment.person
        enrolment = last_exit[person.pk]
        job_lost_on = follow_up.employment.ends_on or follow_up.held_on
        organiser = enrolment.workshop.organiser_id
        if any(p == person.pk and o == organiser and a >= job_lost_on for p, o, a in applied):
            continue
        query = urlencode(
            {
                "person": person.pk,
                "organiser": organiser,
                "preferred_workshop": enrolment.workshop_id,
                "applied_on": follow_up.held_on.isoformat(),
                "left_workshop_for_work_on": enrolment.exited_on.isoformat(),
                "job_lost_on": job_lost_on.isoformat(),
            }
        )
        items.append(
            TodoItem(
                participants_rules.WTZ_02.id,
                Severity.TASK,
                _(
                    "%(person)s lost the job on %(lost)s and wants to come back (left the "
                    "workshop for work on %(left)s): put them on the reserve list — a returnee "
                    "goes first (WTZ-04)."
                )
                % {
                    "person": person,
                    "lost": date_format(job_lost_on),
                    "left": date_format(enrolment.exited_on),
                },
                url=reverse("admin:participants_waitinglistentry_add") + f"?{query}",
                due_on=follow_up.held_on,
                people=(person.pk,),
            )
        )
    return items


def _practice_share_items(workshops, on) -> list[TodoItem]:
    """WTZ-14 again as exits shrink a workshop: the practices already agreed still fit?"""
    items = []
    ongoing = (
        Placement.objects.filter(kind=Placement.Kind.PRACTICE, enrolment__workshop__in=workshops)
        .overlapping(on, datetime.date.max)
        .select_related("enrolment__workshop")
    )
    last_days: dict = {}
    for practice in ongoing:
        workshop = practice.enrolment.workshop
        last_days[workshop] = max(last_days.get(workshop, on), practice.last_day)
    for workshop, last_day in last_days.items():
        breaches = rules.practice_share_breaches(workshop, on, last_day)
        if breaches:
            day, on_practice, attending = breaches[0]
            items.append(
                TodoItem(
                    rules.WTZ_14.id,
                    Severity.WARN,
                    _(
                        "%(workshop)s: on %(date)s %(count)d of %(total)d participants are on "
                        "practice, more than the law allows; shorten or end a practice."
                    )
                    % {
                        "workshop": workshop,
                        "date": date_format(day),
                        "count": on_practice,
                        "total": attending,
                    },
                    due_on=day,
                )
            )
    return items


PRACTICE_ENDING_NOTICE = datetime.timedelta(days=14)


def _practice_ending_items(workshops, on) -> list[TodoItem]:
    """A practice ending within two weeks, or ended, with no outcome recorded: extend it (within
    WTZ-13's cap) or record how it went — the path and the reports count its outcome."""
    ending = (
        Placement.objects.filter(
            kind=Placement.Kind.PRACTICE, enrolment__workshop__in=workshops, outcome=""
        )
        .annotate(last=Coalesce("ended_on", "extended_until", "ends_on"))
        .filter(last__lte=on + PRACTICE_ENDING_NOTICE)
        .select_related("person", "host")
        .order_by("last", "pk")
    )
    return [
        TodoItem(
            "",
            Severity.TASK,
            _(
                "%(person)s: the practice at %(host)s ends on %(date)s — extend it or record "
                "how it went."
            )
            % {
                "person": practice.person,
                "host": practice.host,
                "date": date_format(practice.last),
            },
            url=reverse("admin:employment_placement_change", args=[practice.pk]),
            due_on=practice.last,
            people=(practice.person_id,),
        )
        for practice in ending
    ]


def staff_items(user, on) -> list[TodoItem]:
    workshops = list(assigned_workshops(user))
    if not workshops:
        return []
    return (
        _exit_items(workshops, on)
        + _return_items(workshops, on)
        + _practice_share_items(workshops, on)
        + _practice_ending_items(workshops, on)
        + _follow_up_items(Q(employment__recorded_by_workshop__in=workshops), on)
    )


def _follow_up_items(whose: Q, on) -> list[TodoItem]:
    """Follow-ups due and not yet held, of the jobs a side keeps: the cooperative's employees for
    its manager, the outside jobs a workshop recorded for its staff."""
    due = (
        FollowUp.objects.filter(whose, held_on__isnull=True, due_on__lte=on)
        .filter(Q(employment__ends_on__isnull=True) | Q(employment__ends_on__gte=on))
        .select_related("employment__person")
    )
    return [
        TodoItem(
            "",
            Severity.TASK,
            _("%(days)d-day follow-up of %(person)s")
            % {
                "days": follow_up.days_after_start,
                "person": follow_up.employment.person,
            },
            url=reverse("admin:employment_followup_change", args=[follow_up.pk]),
            due_on=follow_up.due_on,
            people=(follow_up.employment.person_id,),
        )
        for follow_up in due
    ]


def _cooperative_items(cooperative, employments, facts, on) -> list[TodoItem]:
    items = []
    previous = dates.add_months(dates.first_day_of_month(on), -1)
    due = rules.subsidy_filing_due(previous)
    amounts = [rules.expected_subsidy(job, previous, facts.get(job.pk, [])) for job in employments]
    amounts = [amount for amount in amounts if amount]
    if amounts and on <= due:
        items.append(
            TodoItem(
                rules.EMP_10.id,
                rules.EMP_10.severity,
                ngettext(
                    "%(cooperative)s: file the wage-subsidy application for %(month)s by "
                    "%(date)s — %(count)d employee, %(total)s zł expected.",
                    "%(cooperative)s: file the wage-subsidy application for %(month)s by "
                    "%(date)s — %(count)d employees, %(total)s zł expected.",
                    len(amounts),
                )
                % {
                    "cooperative": cooperative,
                    "month": date_format(previous, "F Y"),
                    "date": date_format(due),
                    "count": len(amounts),
                    "total": formats.amount(sum(amounts)),
                },
                # The month's figures, employee by employee, and what to check before filing.
                url=f"{reverse('coop:subsidy')}?cooperative={cooperative.pk}&month={previous:%Y-%m}",
                due_on=due,
            )
        )
    total, disabled = rules.employer_share(employments, on, facts_by_employment=facts)
    warning = rules.share_warning(total, disabled, on)
    if warning:
        items.append(TodoItem(rules.EMP_09.id, rules.EMP_09.severity, warning))
    return items


def _document_items(employments, facts, on) -> list[TodoItem]:
    """DIS-04 for the employer: the disability document it was shown runs out."""
    first = policy_int(Key.CERTIFICATE_WARNING_FIRST_DAYS, on)
    items = []
    for job in employments:
        if not job.is_active_on(on):
            continue
        current = max(
            (f for f in facts.get(job.pk, []) if f.covers(on)),
            key=lambda f: f.applies_from,
            default=None,
        )
        if current is None or current.valid_until is None:
            continue
        if (current.valid_until - on).days > first:
            continue
        if any(f.applies_from > current.valid_until for f in facts.get(job.pk, [])):
            continue
        items.append(
            TodoItem(
                participants_rules.DIS_04.id,
                participants_rules.DIS_04.severity,
                _(
                    "%(person)s: the disability document shown to the employer is valid until "
                    "%(date)s; the hours and the subsidy depend on the next one."
                )
                % {"person": job.person, "date": date_format(current.valid_until)},
                url=reverse("admin:employment_employment_change", args=[job.pk]),
                due_on=current.valid_until,
                people=(job.person_id,),
            )
        )
    return items


def manager_items(user, on) -> list[TodoItem]:
    cooperatives = list(Cooperative.objects.filter(pk__in=managed_cooperative_ids(user)))
    if not cooperatives:
        return []
    items = _follow_up_items(Q(employment__cooperative__in=cooperatives), on)
    for cooperative in cooperatives:
        employments = list(
            Employment.objects.filter(cooperative=cooperative)
            .filter(
                Q(ends_on__isnull=True)
                | Q(ends_on__gte=dates.add_months(dates.first_day_of_month(on), -1))
            )
            .select_related("person")
        )
        facts = services.facts_by_employment([job.pk for job in employments])
        items += _cooperative_items(cooperative, employments, facts, on)
        items += _document_items(employments, facts, on)
    return items


def items_for(user, on: datetime.date) -> list[TodoItem]:
    return staff_items(user, on) + manager_items(user, on)
