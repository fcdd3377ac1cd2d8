"""Rules of DOMAIN.md §11 enforced by the employment app: vocational practice (WTZ-13, WTZ-14),
the hand-over to the workshop (WTZ-16), and the employment of disabled persons (EMP-01..10).

Checks read every threshold from the dated policy parameters on the date of the fact. A check
that refuses raises a ValidationError naming its rule; a warning is returned as text.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.rules import Severity, register
from coop import rules as coop_rules
from coop.policy import Key, MissingPolicyParameter, policy_int, policy_value
from participants.models import DisabilityCertificate
from participants.rules import add_months

WTZ_13 = register(
    "WTZ-13",
    severity=Severity.BLOCK,
    title=gettext_lazy(
        "A vocational practice rests on the IPR, has a host, is unpaid, and keeps to the weekly "
        "hours and the months allowed (one extension)."
    ),
)
WTZ_14 = register(
    "WTZ-14",
    severity=Severity.BLOCK,
    title=gettext_lazy("On any day, at most half of a workshop's participants are on practice."),
)
WTZ_16 = register(
    "WTZ-16",
    severity=Severity.TASK,
    title=gettext_lazy("A participant's new job starts the workshop's exit to work."),
)
EMP_01 = register(
    "EMP-01",
    severity=Severity.BLOCK,
    title=gettext_lazy("A disabled employee works at most 8 hours a day and 40 a week."),
)
EMP_02 = register(
    "EMP-02",
    severity=Severity.BLOCK,
    title=gettext_lazy("A significant or moderate degree: at most 7 hours a day and 35 a week."),
)
EMP_03 = register(
    "EMP-03",
    severity=Severity.BLOCK,
    title=gettext_lazy("No night work and no overtime for a disabled employee."),
)
EMP_04 = register(
    "EMP-04",
    severity=Severity.RULE,
    title=gettext_lazy(
        "The limits are lifted only for guarding, or by a doctor's consent at the employee's "
        "request, kept with its date."
    ),
)
EMP_05 = register(
    "EMP-05",
    severity=Severity.WARN,
    title=gettext_lazy("The schedule includes the extra paid 15-minute break."),
)
EMP_06 = register(
    "EMP-06",
    severity=Severity.RULE,
    title=gettext_lazy("Significant or moderate degree: 10 extra days of leave a year."),
)
EMP_07 = register(
    "EMP-07",
    severity=Severity.WARN,
    title=gettext_lazy("The shortened norm does not lower the pay."),
)
EMP_08 = register(
    "EMP-08",
    severity=Severity.RULE,
    title=gettext_lazy(
        "The wage subsidy: by degree and special conditions, times FTE, for employment "
        "contracts only."
    ),
)
EMP_09 = register(
    "EMP-09",
    severity=Severity.WARN,
    title=gettext_lazy(
        "An employer of 25 FTE or more employs at least 6 per cent disabled people."
    ),
)
EMP_10 = register(
    "EMP-10",
    severity=Severity.TASK,
    title=gettext_lazy("The monthly wage-subsidy application is filed on time."),
)

SEVERE = DisabilityCertificate.SEVERE
NOT_DISADVANTAGED = "none"  # Employment.DisadvantagedGroup.NONE (the models import this module)
ONE_DAY = datetime.timedelta(days=1)


# --- Vocational practice -----------------------------------------------------------------------


def check_practice(placement) -> None:
    """WTZ-13 and WTZ-14 for a vocational practice arranged by the workshop."""
    errors = {}
    if not (placement.starts_on and placement.ends_on):
        return  # the missing dates are reported by their fields
    enrolment = placement.enrolment if placement.enrolment_id else None
    if enrolment is None:
        errors["enrolment"] = WTZ_13.error(_("a practice is part of a workshop participation."))
    elif not (
        enrolment.admitted_on <= placement.starts_on
        and (enrolment.exited_on is None or placement.last_day <= enrolment.exited_on)
    ):
        errors["enrolment"] = WTZ_13.error(
            _("the practice must fall within the person's participation in the workshop.")
        )
    elif placement.person_id and placement.person_id != enrolment.person_id:
        errors["person"] = _("The participation belongs to another person.")
    version = placement.programme if placement.programme_id else None
    if enrolment is not None and (
        version is None
        or version.programme.enrolment_id != enrolment.pk
        or version.approved_on is None
        or version.valid_from > placement.starts_on
    ):
        errors["programme"] = WTZ_13.error(
            _("a practice rests on the participant's approved programme (IPR) in force.")
        )
    if placement.weekly_hours is not None:
        cap = policy_value(Key.WTZ_PRACTICE_MAX_WEEKLY_HOURS, placement.starts_on)
        if placement.weekly_hours > cap:
            errors["weekly_hours"] = WTZ_13.error(
                _("a practice takes at most %(cap)s hours a week."), params={"cap": cap}
            )
    months = policy_int(Key.WTZ_PRACTICE_MAX_MONTHS, placement.starts_on)
    total = policy_int(Key.WTZ_PRACTICE_MAX_TOTAL_MONTHS, placement.starts_on)
    if placement.ends_on > add_months(placement.starts_on, months) - ONE_DAY:
        errors["ends_on"] = WTZ_13.error(
            _("a practice lasts at most %(months)d months; extend it once if needed."),
            params={"months": months},
        )
    if (
        placement.extended_until
        and placement.extended_until > add_months(placement.starts_on, total) - ONE_DAY
    ):
        errors["extended_until"] = WTZ_13.error(
            _("with its extension a practice lasts at most %(months)d months."),
            params={"months": total},
        )
    if errors:
        raise ValidationError(errors)
    breaches = practice_share_breaches(
        enrolment.workshop, placement.starts_on, placement.last_day, adding=placement
    )
    if breaches:
        day, on_practice, attending = breaches[0]
        raise ValidationError(
            WTZ_14.error(
                _(
                    "on %(date)s %(count)d of the workshop's %(total)d participants would be on "
                    "practice, more than %(share)s%%."
                ),
                params={
                    "date": day,
                    "count": on_practice,
                    "total": attending,
                    "share": policy_value(Key.WTZ_PRACTICE_MAX_SHARE, day),
                },
            )
        )


def practice_share_breaches(workshop, start, end, *, adding=None) -> list[tuple]:
    """WTZ-14: the days within ``start``–``end`` on which the workshop's participants on practice
    (with ``adding``, a practice being arranged) would exceed the share in force; each as
    ``(day, on practice, participants)``. Counts change only where a practice starts or a
    participant's exit takes effect, so only those days are checked. Two queries."""
    placement_model = apps.get_model("employment", "Placement")
    enrolment_model = apps.get_model("participants", "Enrolment")
    practices = placement_model.objects.filter(
        kind=placement_model.Kind.PRACTICE, enrolment__workshop=workshop
    ).overlapping(start, end)
    if adding is not None and adding.pk:
        practices = practices.exclude(pk=adding.pk)
    intervals = [
        (p.starts_on, p.last_day)
        for p in practices.only("starts_on", "ends_on", "extended_until", "ended_on")
    ]
    if adding is not None:
        intervals.append((adding.starts_on, adding.last_day))
    attendance = list(
        enrolment_model.objects.filter(workshop=workshop, admitted_on__lte=end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
        .values_list("admitted_on", "exited_on")
    )
    days = {start} | {first for first, _last in intervals if start <= first <= end}
    days |= {
        left + ONE_DAY for _admitted, left in attendance if left and start <= left + ONE_DAY <= end
    }
    breaches = []
    for day in sorted(days):
        on_practice = sum(1 for first, last in intervals if first <= day <= last)
        attending = sum(
            1 for admitted, left in attendance if admitted <= day and (left is None or left >= day)
        )
        share = policy_value(Key.WTZ_PRACTICE_MAX_SHARE, day)
        if on_practice and on_practice * 100 > share * attending:
            breaches.append((day, on_practice, attending))
    return breaches


# --- Working time (EMP-01..04) -------------------------------------------------------------------


def _in_force(records, on):
    covering = [record for record in records if record.covers(on)]
    return max(covering, key=lambda record: record.applies_from) if covering else None


def working_time_limits(on, facts, waivers):
    """``(rule, hours a day, hours a week)`` binding on ``on``, or None: without disability facts
    the employer knows of no disability, and an art. 16 waiver lifts the limits (EMP-04)."""
    if any(waiver.covers(on) for waiver in waivers):
        return None
    current = _in_force(facts, on)
    if current is None:
        return None
    if current.degree in SEVERE:
        return (
            EMP_02,
            policy_value(Key.EMP_MAX_DAILY_HOURS_SEVERE, on),
            policy_value(Key.EMP_MAX_WEEKLY_HOURS_SEVERE, on),
        )
    return (
        EMP_01,
        policy_value(Key.EMP_MAX_DAILY_HOURS, on),
        policy_value(Key.EMP_MAX_WEEKLY_HOURS, on),
    )


def other_jobs_with_the_employer(employment) -> list:
    """The person's other contracts with the same employer that overlap this one: the limits
    hold for the hours worked for one employer, however many contracts they are spread over.
    One query."""
    if not (employment.person_id and employment.employer_id and employment.starts_on):
        return []
    others = (
        type(employment)
        .objects.filter(person_id=employment.person_id, employer_id=employment.employer_id)
        .exclude(pk=employment.pk)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=employment.starts_on))
    )
    if employment.ends_on:
        others = others.filter(starts_on__lte=employment.ends_on)
    return list(others.only("starts_on", "ends_on", "daily_hours", "weekly_hours"))


def working_time_problems(employment, facts, waivers, others=None) -> list[ValidationError]:
    """EMP-01..03 on every day the facts, the waivers or the person's other contracts with the
    same employer change during the employment; the hours of all of them count together."""
    if others is None:
        others = other_jobs_with_the_employer(employment)
    start, end = employment.starts_on, employment.ends_on or datetime.date.max
    days = {start}
    days |= {f.applies_from for f in facts if start < f.applies_from <= end}
    days |= {
        w.valid_until + ONE_DAY for w in waivers if w.valid_until and start <= w.valid_until < end
    }
    days |= {other.starts_on for other in others if start < other.starts_on <= end}
    days |= {o.ends_on + ONE_DAY for o in others if o.ends_on and start <= o.ends_on < end}
    problems, seen = [], set()
    for day in sorted(days):
        limits = working_time_limits(day, facts, waivers)
        if limits is None:
            continue
        rule, daily, weekly = limits
        alongside = [other for other in others if other.is_active_on(day)]
        day_hours = (employment.daily_hours or 0) + sum(o.daily_hours for o in alongside)
        week_hours = (employment.weekly_hours or 0) + sum(o.weekly_hours for o in alongside)
        over = day_hours > daily or week_hours > weekly
        if over and (rule.id, daily, weekly, bool(alongside)) not in seen:
            seen.add((rule.id, daily, weekly, bool(alongside)))
            params = {"date": day, "daily": daily, "weekly": weekly}
            if alongside:
                message = _(
                    "from %(date)s the employee may work at most %(daily)s hours a day and "
                    "%(weekly)s a week for this employer, and with their other contracts here "
                    "they would work %(day_hours)s and %(week_hours)s; beyond that only with an "
                    "art. 16 waiver."
                )
                params |= {"day_hours": day_hours, "week_hours": week_hours}
            else:
                message = _(
                    "from %(date)s the employee may work at most %(daily)s hours a day and "
                    "%(weekly)s a week; beyond that only with an art. 16 waiver."
                )
            problems.append(rule.error(message, params=params))
        if (employment.night_work or employment.overtime) and EMP_03.id not in seen:
            seen.add(EMP_03.id)
            problems.append(
                EMP_03.error(
                    _("from %(date)s no night work and no overtime without an art. 16 waiver."),
                    params={"date": day},
                )
            )
    return problems


def check_employment(employment, *, facts=None, waivers=None) -> None:
    """Refuses hours over the limits for the cooperative's own employees (EMP-01..03); for an
    outside employer the same problems are warnings (``employment_warnings``)."""
    if not (employment.starts_on and employment.limits_are_binding):
        return
    problems = working_time_problems(employment, *_records(employment, facts, waivers))
    if problems:
        raise ValidationError(problems)


def _records(employment, facts=None, waivers=None):
    if facts is None:
        facts = list(employment.disability_facts.all()) if employment.pk else []
    if waivers is None:
        waivers = list(employment.waivers.all()) if employment.pk else []
    return facts, waivers


def check_waiver(waiver) -> None:
    """EMP-04: a doctor's consent is kept as a document with its date."""
    if waiver.ground == waiver.Ground.DOCTOR and not waiver.document:
        raise ValidationError(
            {"document": EMP_04.error(_("attach the doctor's consent, the employee's request."))}
        )


# --- Pay, leave, subsidy (EMP-05..10) ------------------------------------------------------------


def extra_leave_days(employment, facts, on) -> int:
    """EMP-06: the extra leave due in the year of ``on``."""
    current = _in_force(facts, on)
    if current is None or current.degree not in SEVERE or employment.other_extra_leave:
        return 0
    if employment.ordinary_leave_days > policy_int(Key.EMP_EXTRA_LEAVE_MAX_BASE_DAYS, on):
        return 0
    if current.assessed_since and on < add_months(
        current.assessed_since, policy_int(Key.EMP_EXTRA_LEAVE_AFTER_MONTHS, on)
    ):
        return 0
    return policy_int(Key.EMP_EXTRA_LEAVE_DAYS, on)


SUBSIDY_KEYS = {
    DisabilityCertificate.Degree.SIGNIFICANT: (
        Key.SUBSIDY_BASE_SIGNIFICANT,
        Key.SUBSIDY_EXTRA_SIGNIFICANT,
    ),
    DisabilityCertificate.Degree.MODERATE: (Key.SUBSIDY_BASE_MODERATE, Key.SUBSIDY_EXTRA_MODERATE),
    DisabilityCertificate.Degree.MILD: (Key.SUBSIDY_BASE_MILD, Key.SUBSIDY_EXTRA_MILD),
}


def expected_subsidy(
    employment, month: datetime.date, facts, *, lookup=policy_value
) -> Decimal | None:
    """EMP-08: the PFRON wage subsidy expected for ``month`` — the dated base amount for the
    degree, plus the special-conditions extra, times FTE — or None: not an employment-type
    contract, not employed that month, or no disability facts known for it. The facts and
    amounts are those in force on the month's first day of employment (DIS-05). ``lookup``
    reads the amounts (a list of jobs passes a memoised one)."""
    if employment.contract_type not in employment.SUBSIDISED_CONTRACTS:
        return None
    first = month.replace(day=1)
    last = add_months(first, 1) - ONE_DAY
    if employment.starts_on > last or (employment.ends_on and employment.ends_on < first):
        return None
    day = max(first, employment.starts_on)
    current = _in_force(facts, day)
    if current is None:
        return None
    base_key, extra_key = SUBSIDY_KEYS[current.degree]
    amount = lookup(base_key, day)
    if current.special_conditions:
        amount += lookup(extra_key, day)
    return (amount * employment.fte).quantize(Decimal("0.01"))


def employment_warnings(employment, facts, waivers) -> list[str]:
    """What to flag without refusing: the limits for an outside employer, the extra break
    (EMP-05), pay under the shortened norm (EMP-07), and a benefit the pay may cost (DOMAIN 5.6)."""
    on = employment.starts_on
    warnings = []
    if not employment.limits_are_binding:
        warnings += [
            str(message)
            for problem in working_time_problems(employment, facts, waivers)
            for message in problem.messages
        ]
    if not employment.extra_break:
        warnings.append(
            str(EMP_05.error(_("the schedule lacks the extra paid 15-minute break.")).messages[0])
        )
    current = _in_force(facts, on)
    if (
        current is not None
        and current.degree in SEVERE
        and employment.full_norm_wage
        and employment.monthly_wage < employment.full_norm_wage * employment.fte
    ):
        warnings.append(
            str(
                EMP_07.error(
                    _(
                        "%(wage)s zł is less than %(full)s zł the post pays at the general norm "
                        "for this FTE: the shortened norm must not lower the pay."
                    ),
                    params={
                        "wage": employment.monthly_wage,
                        "full": (employment.full_norm_wage * employment.fte).quantize(
                            Decimal("0.01")
                        ),
                    },
                ).messages[0]
            )
        )
    try:
        threshold = policy_value(Key.EMP_BENEFIT_INCOME_THRESHOLD, on)
    except MissingPolicyParameter:
        threshold = None
    if threshold is not None and employment.monthly_wage > threshold:
        warnings.append(
            _(
                "%(wage)s zł a month is above %(threshold)s zł: a means-tested benefit (such as "
                "the social pension) may be cut or suspended; talk it over with the person first."
            )
            % {"wage": employment.monthly_wage, "threshold": threshold}
        )
    return warnings


def employer_share(employments, on, *, facts_by_employment) -> tuple[Decimal, Decimal]:
    """EMP-09: the employer's FTE on ``on`` and the disabled employees' FTE among them."""
    total = disabled = Decimal(0)
    for employment in employments:
        if not employment.is_active_on(on):
            continue
        total += employment.fte
        if _in_force(facts_by_employment.get(employment.pk, []), on) is not None:
            disabled += employment.fte
    return total, disabled


def share_warning(total: Decimal, disabled: Decimal, on) -> str | None:
    if total < policy_value(Key.EMPLOYER_SHARE_THRESHOLD_FTE, on):
        return None
    minimum = policy_value(Key.EMPLOYER_MIN_DISABLED_SHARE, on)
    if disabled * 100 >= minimum * total:
        return None
    return str(
        EMP_09.error(
            _(
                "%(disabled)s of %(total)s FTE are disabled employees, under %(min)s%%: the wage "
                "subsidy may be refused and the PFRON levy is due."
            ),
            params={"disabled": disabled, "total": total, "min": minimum},
        ).messages[0]
    )


def memoised_policy():
    """``policy_value`` that reads each (key, day) once: for a page of jobs."""
    known = {}

    def lookup(key, on):
        if (key, on) not in known:
            known[key, on] = policy_value(key, on)
        return known[key, on]

    return lookup


def subsidy_filing_due(month: datetime.date) -> datetime.date:
    """EMP-10: the day the application for ``month`` is due, in the next month."""
    following = add_months(month.replace(day=1), 1)
    return following.replace(day=policy_int(Key.EMP_SUBSIDY_FILING_DAY, following))


def check_follow_up(follow_up) -> None:
    outcome = follow_up.Outcome
    if follow_up.outcome and not follow_up.held_on:
        raise ValidationError({"held_on": _("Give the day the follow-up was held.")})
    if follow_up.held_on and follow_up.held_on < follow_up.employment.starts_on:
        raise ValidationError({"held_on": _("A follow-up comes after the job started.")})
    if follow_up.outcome in (outcome.LEFT_JOB, outcome.RETURNED_TO_WTZ) and not (
        follow_up.left_reason.strip()
    ):
        raise ValidationError({"left_reason": _("Say why the job ended.")})


# --- The cooperative's orders (JST-01, SC-08) ----------------------------------------------------

JST_01 = register(
    "JST-01",
    severity=Severity.WARN,
    title=gettext_lazy(
        "A reserved contract (Pzp art. 94): at least 30 per cent of the contractor's employees "
        "come from the listed groups on the day of the bid."
    ),
)
SC_08 = register(
    "SC-08",
    severity=Severity.BLOCK,
    title=gettext_lazy("Volunteers are never assigned to the cooperative's business activity."),
)


def check_assignment(assignment) -> None:
    """SC-08, and that an assignment rests on the person's job, training or internship at the
    cooperative on its first day."""
    order, role = assignment.order, assignment.Role
    day = assignment.starts_on
    if assignment.role == role.VOLUNTEER and order.is_business_activity:
        raise ValidationError(
            {"role": SC_08.error(_("a volunteer cannot work on the cooperative's business."))}
        )
    if day < order.starts_on or (order.ends_on and day > order.ends_on):
        raise ValidationError({"starts_on": _("The assignment starts outside the order's dates.")})
    if assignment.role == role.EMPLOYEE:
        job = assignment.employment if assignment.employment_id else None
        if (
            job is None
            or job.person_id != assignment.person_id
            or job.cooperative_id != order.cooperative_id
            or not job.is_active_on(day)
        ):
            raise ValidationError(
                {"employment": _("Choose the person's job with the cooperative on that day.")}
            )
    elif assignment.role in (role.TRAINEE, role.INTERN):
        kind = "training" if assignment.role == role.TRAINEE else "internship"
        placement = assignment.placement if assignment.placement_id else None
        if (
            placement is None
            or placement.kind != kind
            or placement.person_id != assignment.person_id
            or placement.cooperative_id != order.cooperative_id
            or not placement.starts_on <= day <= placement.last_day
        ):
            raise ValidationError(
                {"placement": _("Choose the person's training or internship on that day.")}
            )


def check_order_volunteers(order) -> None:
    """SC-08 when an order becomes business activity after volunteers were assigned to it."""
    if (
        order.pk
        and order.is_business_activity
        and order.assignments.filter(role="volunteer").exists()
    ):
        raise ValidationError(
            {
                "is_business_activity": SC_08.error(
                    _("volunteers work on this order; take them off it first.")
                )
            }
        )


def reserved_contract_share(order, employments) -> tuple[int, int, datetime.date]:
    """JST-01: ``(employees from the listed groups, all employees, the day)`` of the cooperative
    on the day of the bid (or of the award, when no bid date is known)."""
    day = order.bid_on or order.awarded_on
    employees = [
        job
        for job in employments
        if job.cooperative_id == order.cooperative_id
        and job.contract_type in job.SUBSIDISED_CONTRACTS
        and job.is_active_on(day)
    ]
    listed = [job for job in employees if job.disadvantaged_group != job.DisadvantagedGroup.NONE]
    return len(listed), len(employees), day


def reserved_contract_warning(order, employments) -> str | None:
    if order.route != order.Route.RESERVED:
        return None
    listed, total, day = reserved_contract_share(order, employments)
    minimum = policy_value(Key.JST_RESERVED_MIN_SHARE, day)
    if total and listed * 100 >= minimum * total:
        return None
    return str(
        JST_01.error(
            _(
                "on %(date)s %(listed)d of the cooperative's %(total)d employees came from the "
                "listed groups, under %(min)s%%."
            ),
            params={"date": day, "listed": listed, "total": total, "min": minimum},
        ).messages[0]
    )


# --- Membership (SC-02, SC-03, SC-04, SC-07, DIS-07) ---------------------------------------------

DIS_07 = register(
    "DIS-07",
    severity=Severity.BLOCK,
    title=gettext_lazy("A natural person who founds a cooperative has full legal capacity."),
)
SC_02 = register(
    "SC-02",
    severity=Severity.TASK,
    title=gettext_lazy(
        "A cooperative founded by 3 people admits and employs 2 more disadvantaged persons within "
        "12 months of its KRS entry."
    ),
)
SC_03 = register(
    "SC-03",
    severity=Severity.WARN,
    title=gettext_lazy("Members not from disadvantaged groups are at most half of the members."),
)
SC_04 = register(
    "SC-04",
    severity=Severity.WARN,
    title=gettext_lazy(
        "At most 50 members; below the minimum for more than 3 months is a ground for liquidation."
    ),
)
SC_07 = register(
    "SC-07",
    severity=Severity.TASK,
    title=gettext_lazy("An employee continuously employed for 12 months is offered membership."),
)


def check_founder_capacity(person) -> None:
    """DIS-07."""
    if person.legal_capacity != person.LegalCapacity.FULL:
        raise ValidationError(
            {
                "is_founder": DIS_07.error(
                    _("a founder needs full legal capacity; %(person)s has not."),
                    params={"person": person},
                )
            }
        )


def _active(records, on):
    return [r for r in records if r.starts_on <= on and (r.ends_on is None or r.ends_on >= on)]


def member_counts(cooperative, organisations, people, on) -> dict:
    """Members on ``on``: legal persons, natural persons, and natural persons not from a
    disadvantaged group."""
    natural = _active(people, on)
    return {
        "legal": len(_active(organisations, on)),
        "natural": len(natural),
        "not_disadvantaged": sum(1 for m in natural if m.disadvantaged_group == NOT_DISADVANTAGED),
    }


def below_minimum_since(cooperative, organisations, people, on):
    """SC-04: the first day of the stretch, ending on ``on``, during which the members were below
    the minimum for the cooperative's kind; None when they are not below it on ``on``."""
    kind = "legal" if cooperative.founder_kind == "legal" else "natural"
    key = Key.SC_MIN_LEGAL_MEMBERS if kind == "legal" else Key.SC_MIN_NATURAL_MEMBERS

    def below(day):
        try:
            minimum = policy_int(key, day)
        except MissingPolicyParameter:
            return False  # before the rule was law
        return member_counts(cooperative, organisations, people, day)[kind] < minimum

    if not below(on):
        return None
    records = [*organisations, *people]
    changes = sorted(
        {r.starts_on for r in records if r.starts_on <= on}
        | {r.ends_on + ONE_DAY for r in records if r.ends_on and r.ends_on + ONE_DAY <= on},
        reverse=True,
    )
    # The count is constant between two changes: walk back while the day before a change was
    # below the minimum too. Before the first membership there were no members at all.
    since = on
    for day in changes:
        if not below(day - ONE_DAY):
            return day
        since = day
    start = cooperative.registered_on
    return start if start and start < since else since


def membership_problems(cooperative, organisations, people, on) -> list[tuple]:
    """SC-03 and SC-04 on ``on``: ``(rule, message)`` pairs."""
    counts = member_counts(cooperative, organisations, people, on)
    problems = []
    if cooperative.registered_on:
        founders = coop_rules.founders_problem(
            cooperative.founder_kind,
            sum(1 for m in people if m.is_founder),
            sum(1 for m in organisations if m.is_founder),
            cooperative.registered_on,
        )
        if founders:
            problems.append((coop_rules.SC_01, founders.split(": ", 1)[-1]))
    total = counts["legal"] + counts["natural"]
    most = policy_int(Key.SC_MAX_MEMBERS, on)
    if total > most:
        problems.append(
            (
                SC_04,
                _("%(count)d members, more than %(max)d: a ground for liquidation.")
                % {"count": total, "max": most},
            )
        )
    since = below_minimum_since(cooperative, organisations, people, on)
    founding = three_founders_deadline(cooperative, people, [], on)
    if founding is not None and on <= founding[0]:
        since = None  # founded by fewer: the twelve months of SC-02 to reach the minimum
    if since is not None:
        months = policy_int(Key.SC_BELOW_MINIMUM_MONTHS, on)
        problems.append(
            (
                SC_04,
                _(
                    "below the minimum number of members since %(since)s; after %(deadline)s it "
                    "is a ground for liquidation."
                )
                % {"since": since, "deadline": add_months(since, months)},
            )
        )
    share = policy_value(Key.SC_MAX_NON_DISADVANTAGED_SHARE, on)
    if counts["natural"] and counts["not_disadvantaged"] * 100 > share * counts["natural"]:
        problems.append(
            (
                SC_03,
                _(
                    "%(count)d of %(total)d members are not from a disadvantaged group, more than "
                    "%(share)s%%."
                )
                % {
                    "count": counts["not_disadvantaged"],
                    "total": counts["natural"],
                    "share": share,
                },
            )
        )
    return problems


def membership_offers_due(cooperative, employments, people, on) -> list:
    """SC-07: the cooperative's employees continuously employed for the months in force who are
    not members on ``on``."""
    if cooperative.founder_kind != "legal":
        return []
    months = policy_int(Key.SC_MEMBERSHIP_AFTER_MONTHS, on)
    members = {m.person_id for m in _active(people, on)}
    return [
        job
        for job in employments
        if job.is_active_on(on)
        and job.contract_type in job.SUBSIDISED_CONTRACTS
        and add_months(job.starts_on, months) <= on
        and job.person_id not in members
    ]


def three_founders_deadline(cooperative, people, employments, on):
    """SC-02: ``(deadline, admitted)`` for a cooperative of 3 natural founders — the 12 months
    from its KRS entry, and how many more disadvantaged persons it has admitted as members and
    employs; None for any other cooperative."""
    if cooperative.founder_kind != "natural" or not cooperative.registered_on:
        return None
    founders = [m for m in people if m.is_founder]
    try:
        minimum = policy_int(Key.SC_MIN_NATURAL_MEMBERS, cooperative.registered_on)
        months = policy_int(Key.SC_THREE_FOUNDERS_DEADLINE_MONTHS, cooperative.registered_on)
    except MissingPolicyParameter:
        return None  # registered before the rule was law
    if not 3 <= len(founders) < minimum:
        return None
    deadline = add_months(cooperative.registered_on, months)
    employed = {job.person_id for job in employments}
    admitted = {
        m.person_id
        for m in people
        if not m.is_founder
        and m.starts_on <= deadline
        and m.disadvantaged_group != NOT_DISADVANTAGED
        and m.person_id in employed
    }
    return deadline, len(admitted)


# --- Grants and reintegration plans (OWES-01, PS-03) ---------------------------------------------

OWES_01 = register(
    "OWES-01",
    severity=Severity.WARN,
    title=gettext_lazy(
        "A job created with an OWES grant is kept, at its FTE, until the retention date."
    ),
)
PS_03 = register(
    "PS-03",
    severity=Severity.WARN,
    title=gettext_lazy(
        "Each employee at risk of social exclusion has a current individual reintegration plan."
    ),
)


def grant_keep_until(support_until: datetime.date) -> datetime.date:
    """OWES-01: the support's end plus the months in force on that day."""
    return add_months(support_until, policy_int(Key.OWES_RETENTION_MONTHS, support_until))


def grant_at_risk(granted, on) -> str | None:
    """OWES-01: why the job of ``granted`` is at risk on ``on``, or None."""
    job = granted.employment
    if on > granted.keep_until:
        return None
    if job.ends_on and job.ends_on < granted.keep_until:
        return _("the job ends on %(date)s, before %(keep)s.") % {
            "date": job.ends_on,
            "keep": granted.keep_until,
        }
    if job.fte < granted.fte:
        return _("the job is %(fte)s FTE, less than the %(granted)s granted.") % {
            "fte": job.fte,
            "granted": granted.fte,
        }
    return None


def employees_without_plan(employments, plans, on) -> list:
    """PS-03: the employees at risk of social exclusion working on ``on`` without a current plan.
    ``plans`` are the ids of the jobs with one."""
    return [
        job
        for job in employments
        if job.is_active_on(on)
        and job.disadvantaged_group != NOT_DISADVANTAGED
        and job.pk not in plans
    ]


# --- Workforce and social-enterprise conditions: lines of the compliance view -------------------

SC_05 = register(
    "SC-05",
    severity=Severity.WARN,
    title=gettext_lazy(
        "At least half of the cooperative's workforce comes from disadvantaged groups."
    ),
)
SC_06 = register(
    "SC-06",
    severity=Severity.WARN,
    title=gettext_lazy(
        "A cooperative of legal persons employs at least 5 disadvantaged persons after the "
        "deadline."
    ),
)
PS_01 = register(
    "PS-01",
    severity=Severity.WARN,
    title=gettext_lazy(
        "A social enterprise employs at least 3 people on employment contracts of at least ½ FTE."
    ),
)
PS_02 = register(
    "PS-02",
    severity=Severity.WARN,
    title=gettext_lazy(
        "A reintegration social enterprise: at least 30 per cent of those employed are at risk of "
        "exclusion, on such contracts."
    ),
)
PS_04 = register(
    "PS-04",
    severity=Severity.WARN,
    title=gettext_lazy("Nobody's monthly pay exceeds 3 times the average enterprise-sector wage."),
)
