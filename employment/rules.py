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
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates, formats
from common.formats import amount
from common.models import times_share
from common.rules import Severity, register
from organisations.policy import (
    Key,
    MissingPolicyParameter,
    policy_int,
    policy_parameter,
    policy_value,
)
from participants.models import DisabilityCertificate

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
ONE_DAY = datetime.timedelta(days=1)


def continuous_employment(job, jobs) -> tuple[datetime.date, datetime.date | None]:
    """The first and last day (None: open) of the person's unbroken employment with ``job``'s
    employer that ``job`` is part of: employment-type contracts one after another, each starting
    no later than the day after the one before ends. A fixed-term contract followed by an
    indefinite one is one employment; a day's gap starts a new one. ``jobs`` may hold anyone's."""
    chain = [
        other
        for other in jobs
        if other.person_id == job.person_id
        and other.employer_id == job.employer_id
        and other.contract_type in other.SUBSIDISED_CONTRACTS
    ]
    start, end = job.starts_on, job.ends_on
    grown = True
    while grown:
        grown = False
        for other in chain:
            reaches_start = other.ends_on is None or other.ends_on >= start - ONE_DAY
            if other.starts_on < start and reaches_start:
                start, grown = other.starts_on, True
            goes_on = other.ends_on is None or (end is not None and other.ends_on > end)
            if end is not None and other.starts_on <= end + ONE_DAY and goes_on:
                end, grown = other.ends_on, True
    return start, end


# --- Vocational practice -----------------------------------------------------------------------


def practice_chain_warning(placement, practices) -> str | None:
    """WTZ-13 on a sequence: practices of one participation at one host, each starting no later
    than a month after the one before ends, are one practice for the cap — the law's months and one
    extension keep a practice from becoming unpaid work. ``practices``: the participation's."""
    if placement.kind != placement.Kind.PRACTICE or not (placement.starts_on and placement.ends_on):
        return None
    chain = [p for p in practices if p.host_id == placement.host_id and p.pk != placement.pk]
    first, last = placement.starts_on, placement.last_day
    grown = True
    while grown:
        grown = False
        for other in chain:
            close = (
                dates.add_months(other.last_day, 1) >= first
                and dates.add_months(last, 1) >= other.starts_on
            )
            if close and (other.starts_on < first or other.last_day > last):
                first, last = min(first, other.starts_on), max(last, other.last_day)
                grown = True
    total = policy_int(Key.WTZ_PRACTICE_MAX_TOTAL_MONTHS, first)
    if last <= dates.last_day_of_period(first, total):
        return None
    return str(
        WTZ_13.error(
            _(
                "practices at %(host)s follow one another from %(first)s to %(last)s, longer "
                "than the %(months)d months one practice may last with its extension."
            ),
            params={
                "host": placement.host,
                "first": date_format(first),
                "last": date_format(last),
                "months": total,
            },
        ).messages[0]
    )


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
    if placement.ends_on > dates.last_day_of_period(placement.starts_on, months):
        errors["ends_on"] = WTZ_13.error(
            _("a practice lasts at most %(months)d months; extend it once if needed."),
            params={"months": months},
        )
    if placement.extended_until and placement.extended_until > dates.last_day_of_period(
        placement.starts_on, total
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
                    "date": formats.day(day),
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


def facts_in_force(facts, on):
    """The employer's disability facts in force on ``on``: the record that applies last by then,
    if it has not run out. A newer record supersedes the older one, and when it runs out the
    older does not come back — the employer needs new evidence (DIS-05), and until it has some
    it knows of no disability: no limits and no subsidy."""
    started = [record for record in facts if record.applies_from <= on]
    if not started:
        return None
    latest = max(started, key=lambda record: record.applies_from)
    return latest if latest.covers(on) else None


def working_time_limits(on, facts, waivers):
    """``(rule, hours a day, hours a week)`` binding on ``on``, or None: without disability facts
    the employer knows of no disability, and an art. 16 waiver lifts the limits (EMP-04)."""
    if any(waiver.covers(on) for waiver in waivers):
        return None
    current = facts_in_force(facts, on)
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
        f.valid_until + ONE_DAY for f in facts if f.valid_until and start <= f.valid_until < end
    }
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
            params = {"date": formats.day(day), "daily": daily, "weekly": weekly}
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
                    params={"date": formats.day(day)},
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
    current = facts_in_force(facts, on)
    if current is None or current.degree not in SEVERE or employment.other_extra_leave:
        return 0
    if employment.ordinary_leave_days > policy_int(Key.EMP_EXTRA_LEAVE_MAX_BASE_DAYS, on):
        return 0
    if current.assessed_since and on < dates.add_months(
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
    first, last = dates.month_period(month)
    if employment.starts_on > last or (employment.ends_on and employment.ends_on < first):
        return None
    day = max(first, employment.starts_on)
    current = facts_in_force(facts, day)
    if current is None:
        return None
    base_key, extra_key = SUBSIDY_KEYS[current.degree]
    amount = lookup(base_key, day)
    if current.special_conditions:
        amount += lookup(extra_key, day)
    return times_share(amount, employment.fte)


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
    current = facts_in_force(facts, on)
    if (
        current is not None
        and current.degree in SEVERE
        and employment.full_norm_wage
        and employment.monthly_wage < times_share(employment.full_norm_wage, employment.fte)
    ):
        warnings.append(
            str(
                EMP_07.error(
                    _(
                        "%(wage)s zł is less than %(full)s zł the post pays at the general norm "
                        "for this FTE: the shortened norm must not lower the pay."
                    ),
                    params={
                        "wage": amount(employment.monthly_wage),
                        "full": amount(times_share(employment.full_norm_wage, employment.fte)),
                    },
                ).messages[0]
            )
        )
    warnings += benefit_warnings(employment.monthly_wage, on)
    return warnings


def benefit_warnings(monthly_wage, on: datetime.date) -> list[str]:
    """DOMAIN.md §5.6: what a job's pay may cost the person in benefits, each benefit compared with
    its own income threshold in force on the job's start. Whether the person receives the benefit
    is not recorded here; the warning says what to talk over. A threshold with no value on that
    day is said to be missing (the social pension's changes every quarter), never skipped."""
    warnings = []
    for key, above, missing in (
        (
            Key.EMP_SOCIAL_PENSION_INCOME_LIMIT,
            _(
                "%(wage)s zł a month is above %(limit)s zł, the income above which the social "
                "pension (renta socjalna) is suspended from %(since)s (%(source)s): if the person "
                "receives it, talk it over with them and their family first."
            ),
            _(
                "The income above which the social pension (renta socjalna) is suspended is not "
                "recorded for %(date)s (ZUS announces it every quarter): check it before agreeing "
                "the pay."
            ),
        ),
        (
            Key.EMP_PERMANENT_ALLOWANCE_CRITERION,
            _(
                "%(wage)s zł a month is above %(limit)s zł, the income criterion of the permanent "
                "allowance (zasiłek stały) for a person living alone from %(since)s (%(source)s): "
                "if the person receives it, it may stop; talk it over with them first."
            ),
            _(
                "The income criterion of the permanent allowance (zasiłek stały) is not recorded "
                "for %(date)s: check it before agreeing the pay."
            ),
        ),
    ):
        try:
            limit = policy_parameter(key, on)
        except MissingPolicyParameter:
            warnings.append(missing % {"date": date_format(on)})
            continue
        if monthly_wage > limit.value:
            warnings.append(
                above
                % {
                    "wage": amount(monthly_wage),
                    "limit": amount(limit.value),
                    "since": date_format(limit.valid_from),
                    "source": limit.legal_source,
                }
            )
    return warnings


def employer_share(employments, on, *, facts_by_employment) -> tuple[Decimal, Decimal]:
    """EMP-09: the employer's FTE on ``on`` and the disabled employees' FTE among them."""
    total = disabled = Decimal(0)
    for employment in employments:
        if not employment.is_active_on(on):
            continue
        total += employment.fte
        if facts_in_force(facts_by_employment.get(employment.pk, []), on) is not None:
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
    following = dates.add_months(dates.first_day_of_month(month), 1)
    return dates.day_of_month(following, policy_int(Key.EMP_SUBSIDY_FILING_DAY, following))


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
