"""Rules of DOMAIN.md §11 about the cooperative's own business: its founders, members and name
(SC-01..04, SC-07, SC-09, DIS-07), its workforce (SC-05, SC-06), volunteers (SC-08), surplus
(SC-10) and audit (SC-11), the social-enterprise conditions (PS-01..06), OWES grants (OWES-01)
and the public contracts it wins (JST-01..03).

Checks read every threshold from the dated policy parameters on the date of the fact. A check
that refuses raises a ValidationError naming its rule; a warning is returned as text.
"""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from common import dates, formats
from common.formats import amount, number
from common.models import share_label
from common.rules import Severity, register
from coop.statuses import (
    PROCUREMENT_ACT,
    SOCIAL_COOPERATIVES_ACT,
    SOCIAL_ECONOMY_ACT,
    StatusBook,
)
from employment.rules import continuous_employment
from organisations.policy import Key, MissingPolicyParameter, policy_int, policy_value

ONE_DAY = datetime.timedelta(days=1)

JST_02 = register(
    "JST-02",
    severity=Severity.RULE,
    title=_("Below 130,000 zł net a contract is outside the Pzp procedures; route and value kept."),
)
JST_03 = register(
    "JST-03",
    severity=Severity.WARN,
    title=_(
        "A reserved social-services contract is not awarded again to the same contractor by the "
        "same authority within 3 years."
    ),
)


def not_judged(rule, missing: MissingPolicyParameter) -> str:
    """The warning for a record dated before any known value of a threshold its rule needs: it is
    kept, and the page says what it could not be judged against."""
    return str(
        rule.error(gettext("not judged: %(why)s"), params={"why": missing.messages[0]}).messages[0]
    )


def check_order(order) -> None:
    """JST-02: the below-threshold route is for a value under the threshold in force on the day
    of the award (an award before any known threshold is kept, and warned as not judged)."""

    if order.route != order.Route.BELOW_THRESHOLD or not order.awarded_on:
        return
    if order.net_value is None:
        return
    try:
        threshold = policy_value(Key.JST_PZP_THRESHOLD, order.awarded_on)
    except MissingPolicyParameter:
        return
    if order.net_value >= threshold:
        raise ValidationError(
            {
                "net_value": JST_02.error(
                    gettext(
                        "%(value)s zł net is not below the Pzp threshold of %(threshold)s zł: "
                        "choose the route it was awarded by."
                    ),
                    params={"value": amount(order.net_value), "threshold": amount(threshold)},
                )
            }
        )


def order_warnings(order) -> list[str]:
    """JST-03: the same authority's earlier reserved social-services award to this cooperative
    within the years in force; and JST-02 or JST-03 not judged for an award before any known
    value of their thresholds."""

    if not order.awarded_on:
        return []
    if order.route == order.Route.BELOW_THRESHOLD:
        try:
            policy_value(Key.JST_PZP_THRESHOLD, order.awarded_on)
        except MissingPolicyParameter as missing:
            return [not_judged(JST_02, missing)]
    if order.route != order.Route.RESERVED_SOCIAL:
        return []
    try:
        years = policy_int(Key.JST_RESERVED_REPEAT_YEARS, order.awarded_on)
    except MissingPolicyParameter as missing:
        return [not_judged(JST_03, missing)]
    since = dates.add_years(order.awarded_on, -years)
    earlier = (
        apps.get_model("coop", "Order")
        .objects.filter(
            cooperative=order.cooperative_id,
            client=order.client_id,
            route=order.Route.RESERVED_SOCIAL,
            awarded_on__gt=since,
            awarded_on__lte=order.awarded_on,
        )
        .exclude(pk=order.pk)
        .order_by("-awarded_on")
        .first()
    )
    if earlier is None:
        return []
    return [
        str(
            JST_03.error(
                gettext(
                    "%(client)s already awarded a reserved social-services contract to the "
                    "cooperative on %(date)s, less than %(years)d years before."
                ),
                params={
                    "client": order.client,
                    "date": formats.day(earlier.awarded_on),
                    "years": years,
                },
            ).messages[0]
        )
    ]


SC_01 = register(
    "SC-01",
    severity=Severity.BLOCK,
    title=_(
        "Founders: at least 5 natural persons, or 3 who admit 2 more within 12 months, or at "
        "least 2 legal persons of the allowed kinds."
    ),
)
SC_09 = register(
    "SC-09",
    severity=Severity.BLOCK,
    title=_("The name contains “spółdzielnia socjalna”."),
)
SC_11 = register(
    "SC-11",
    severity=Severity.TASK,
    title=_("The cooperative audit (lustracja) is due within the years in force."),
)


def check_cooperative_name(name: str) -> None:
    """SC-09."""
    if "spółdzielnia socjalna" not in name.casefold():
        raise ValidationError(
            SC_09.error(gettext("the name must contain “spółdzielnia socjalna”."))
        )


def founders_problem(founder_kind: str, natural: int, legal: int, on) -> str | None:
    """SC-01 on the founders recorded: ``None`` when they may found the cooperative."""

    try:
        policy_int(Key.SC_MIN_LEGAL_MEMBERS, on)
    except MissingPolicyParameter:
        return None  # founded before the rule was law
    if founder_kind == "legal":
        minimum = policy_int(Key.SC_MIN_LEGAL_MEMBERS, on)
        if legal >= minimum:
            return None
        return str(
            SC_01.error(
                gettext("a cooperative of legal persons has at least %(min)d founders, not %(n)d."),
                params={"min": minimum, "n": legal},
            ).messages[0]
        )
    minimum = policy_int(Key.SC_MIN_NATURAL_MEMBERS, on)
    if natural >= 3:  # fewer than the minimum only with the SC-02 deadline to admit two more
        return None
    return str(
        SC_01.error(
            gettext("natural-person founders are at least %(min)d, or 3; not %(n)d."),
            params={"min": minimum, "n": natural},
        ).messages[0]
    )


def audit_due_on(cooperative):
    """SC-11: the last audit (or the KRS entry) plus the years in force."""

    start = cooperative.last_audit_on or cooperative.registered_on
    if start is None:
        return None
    return dates.add_years(start, policy_int(Key.SC_AUDIT_INTERVAL_YEARS, start))


SC_10 = register(
    "SC-10",
    severity=Severity.WARN,
    title=_("The surplus goes to the reserve fund, reintegration and jobs by the statutory split."),
)
PS_05 = register(
    "PS-05",
    severity=Severity.TASK,
    title=_("A social enterprise reports to the voivode every year by 31 March."),
)
PS_06 = register(
    "PS-06",
    severity=Severity.BLOCK,
    title=_(
        "An entity controlled by a local government holds no social-enterprise status, unless it "
        "is a social cooperative founded by legal persons."
    ),
)


def surplus_warnings(allocation) -> list[str]:
    """SC-10: the reserve fund's and reintegration's shares against those in force at the end of
    the financial year."""
    import datetime

    if not allocation.surplus:
        return []
    on = datetime.date(allocation.year, 12, 31)
    warnings = []
    try:
        policy_value(Key.SC_SURPLUS_RESERVE_SHARE, on)
    except MissingPolicyParameter:
        return []  # a year before the split was law
    for part, key, label in (
        (allocation.reserve_fund, Key.SC_SURPLUS_RESERVE_SHARE, _("the reserve fund")),
        (
            allocation.reintegration,
            Key.SC_SURPLUS_REINTEGRATION_SHARE,
            _("social and vocational reintegration"),
        ),
    ):
        minimum = policy_value(key, on)
        if part * 100 < minimum * allocation.surplus:
            warnings.append(
                str(
                    SC_10.error(
                        gettext("%(part)s zł to %(label)s is under %(min)s%% of the surplus."),
                        params={"part": amount(part), "label": label, "min": number(minimum)},
                    ).messages[0]
                )
            )
    return warnings


def check_social_enterprise_control(cooperative) -> None:
    """PS-06: a cooperative of natural persons with a local government among its members is
    controlled by it and cannot hold the status; one of legal persons is exempt."""
    if cooperative.founder_kind == cooperative.FounderKind.LEGAL_PERSONS:
        return
    local_government = cooperative.organisation_members.active_on().filter(
        organisation__kind__in=["gmina", "powiat", "voivodeship"]
    )
    if local_government.exists():
        raise ValidationError(
            {
                "social_enterprise_since": PS_06.error(
                    gettext(
                        "a cooperative controlled by a local government holds the status only if "
                        "it was founded by legal persons."
                    )
                )
            }
        )


def check_cooperative(cooperative) -> None:
    """The rules about the cooperative itself, applied by its ``full_clean``: SC-09 on its name,
    PS-06 on who may control it as a social enterprise."""
    if cooperative.organisation_id:
        check_cooperative_name(cooperative.organisation.name)
    if cooperative.pk and cooperative.social_enterprise_since:
        check_social_enterprise_control(cooperative)


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


def reserved_contract_share(order, employments, book: StatusBook) -> tuple[int, int, datetime.date]:
    """JST-01: ``(employees from the groups Pzp art. 94 lists, all employees, the day)`` of the
    cooperative on the day of the bid (or of the award, when no bid date is known)."""
    day = order.bid_on or order.awarded_on
    employees = {
        job.person_id
        for job in employments
        if job.cooperative_id == order.cooperative_id
        and job.contract_type in job.SUBSIDISED_CONTRACTS
        and job.is_active_on(day)
    }
    listed = [person for person in employees if book.counted(PROCUREMENT_ACT, person, day)]
    return len(listed), len(employees), day


def reserved_contract_warning(order, employments, book: StatusBook) -> str | None:
    if order.route != order.Route.RESERVED:
        return None
    listed, total, day = reserved_contract_share(order, employments, book)
    try:
        minimum = policy_value(Key.JST_RESERVED_MIN_SHARE, day)
    except MissingPolicyParameter as missing:
        return not_judged(JST_01, missing)
    if total and listed * 100 >= minimum * total:
        return None
    return str(
        JST_01.error(
            _(
                "on %(date)s %(listed)d of the cooperative's %(total)d employees came from the "
                "listed groups, under %(min)s%%."
            ),
            params={"date": formats.day(day), "listed": listed, "total": total, "min": minimum},
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
    also=(Severity.WARN,),
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
    """Members on ``on``: legal persons and natural persons."""
    return {"legal": len(_active(organisations, on)), "natural": len(_active(people, on))}


def members_outside_groups(people, on, book: StatusBook) -> int:
    """SC-03: the natural persons among the members on ``on`` whom the Social Cooperatives Act
    does not count among its groups on that day."""
    return sum(
        1 for m in _active(people, on) if not book.counted(SOCIAL_COOPERATIVES_ACT, m.person_id, on)
    )


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


def membership_problems(cooperative, organisations, people, on, book: StatusBook) -> list[tuple]:
    """SC-03 and SC-04 on ``on``: ``(rule, message)`` pairs."""
    counts = member_counts(cooperative, organisations, people, on)
    outside = members_outside_groups(people, on, book)
    problems = []
    if cooperative.registered_on:
        founders = founders_problem(
            cooperative.founder_kind,
            sum(1 for m in people if m.is_founder),
            sum(1 for m in organisations if m.is_founder),
            cooperative.registered_on,
        )
        if founders:
            problems.append((SC_01, founders.split(": ", 1)[-1]))
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
    founding = three_founders_deadline(cooperative, people, [], on, book)
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
                % {
                    "since": formats.day(since),
                    "deadline": formats.day(dates.add_months(since, months)),
                },
            )
        )
    share = policy_value(Key.SC_MAX_NON_DISADVANTAGED_SHARE, on)
    if counts["natural"] and outside * 100 > share * counts["natural"]:
        problems.append(
            (
                SC_03,
                _(
                    "%(count)d of %(total)d members are not from a disadvantaged group, more than "
                    "%(share)s%%."
                )
                % {
                    "count": outside,
                    "total": counts["natural"],
                    "share": share,
                },
            )
        )
    return problems


def membership_offers_due(cooperative, employments, people, on, offers=()) -> list:
    """SC-07: the cooperative's employees continuously employed for the months in force who are
    not members on ``on`` and have not been offered membership during that employment (an offer
    declined, or not yet answered, is an offer made)."""
    if cooperative.founder_kind != "legal":
        return []
    months = policy_int(Key.SC_MEMBERSHIP_AFTER_MONTHS, on)
    members = {m.person_id for m in _active(people, on)}
    due = []
    for job in employments:
        if not job.is_active_on(on) or job.contract_type not in job.SUBSIDISED_CONTRACTS:
            continue
        since = continuous_employment(job, employments)[0]
        offered = any(
            offer.person_id == job.person_id and since <= offer.offered_on <= on for offer in offers
        )
        if dates.add_months(since, months) <= on and job.person_id not in members and not offered:
            due.append(job)
    return due


def three_founders_deadline(cooperative, people, employments, on, book: StatusBook):
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
    deadline = dates.add_months(cooperative.registered_on, months)
    employed = {job.person_id for job in employments}
    admitted = {
        m.person_id
        for m in people
        if not m.is_founder
        and m.starts_on <= deadline
        and book.counted(SOCIAL_COOPERATIVES_ACT, m.person_id, m.starts_on)
        and m.person_id in employed
    }
    return deadline, len(admitted)


# --- Grants and reintegration plans (OWES-01, PS-03) ---------------------------------------------

OWES_01 = register(
    "OWES-01",
    severity=Severity.WARN,
    also=(Severity.TASK,),
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
    """OWES-01: the months in force on the support's end, counted after it ended (support to 30
    April, six months: until 31 October)."""
    return dates.months_after(support_until, policy_int(Key.OWES_RETENTION_MONTHS, support_until))


def grant_at_risk(granted, on, jobs=()) -> str | None:
    """OWES-01: why the job of ``granted`` is at risk on ``on``, or None. A contract that another
    continues without a gap (``jobs``: the cooperative's) keeps the job."""
    job = granted.employment
    if on > granted.keep_until:
        return None
    ends_on = continuous_employment(job, jobs)[1]
    if ends_on and ends_on < granted.keep_until:
        return _("the job ends on %(date)s, before %(keep)s.") % {
            "date": formats.day(ends_on),
            "keep": formats.day(granted.keep_until),
        }
    if job.fte < granted.fte:
        return _("the job is %(fte)s FTE, less than the %(granted)s granted.") % {
            "fte": share_label(job.fte),
            "granted": share_label(granted.fte),
        }
    return None


def employees_without_plan(employments, plans, on, book: StatusBook) -> list:
    """PS-03: the employees at risk of social exclusion (UES art. 2 pkt 6) working on ``on``
    without a current plan. ``plans`` are the ids of the jobs with one."""
    return [
        job
        for job in employments
        if job.is_active_on(on)
        and book.counted(SOCIAL_ECONOMY_ACT, job.person_id, on)
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
