"""The cooperative's compliance on a chosen day: every threshold the law holds it to, each line with
its rule, its figure, the threshold and that threshold's source.

Everything is read in a fixed number of queries — the cooperative's jobs, members, plans, grants,
orders and surplus, and each threshold once — and counted in Python, so the page costs the same
whatever the size of the workforce.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from common.formats import amount, number, share_percent
from coop import rules
from coop.models import (
    GrantedJob,
    Order,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SurplusAllocation,
)
from coop.statuses import (
    PROCUREMENT_ACT,
    SOCIAL_COOPERATIVES_ACT,
    SOCIAL_ECONOMY_ACT,
    Act,
    StatusBook,
)
from employment.models import Employment
from organisations.policy import Key, MissingPolicyParameter, policy_parameter


@dataclass(frozen=True)
class Line:
    rule: str
    what: str
    figure: str
    threshold: str
    source: str
    ok: bool | None  # None: not applicable on that day, or a date to keep
    people: tuple[int, ...] = field(default=(), compare=False)  # whom it names (the access log)


class Thresholds:
    """Each parameter read once for the page, with its legal source."""

    def __init__(self, on):
        self.on = on
        self.rows = {}

    def row(self, key):
        if key not in self.rows:
            try:
                self.rows[key] = policy_parameter(key, self.on)
            except MissingPolicyParameter as missing:
                self.rows[key] = missing
        found = self.rows[key]
        return None if isinstance(found, MissingPolicyParameter) else found

    def value(self, key):
        """The value in force; a threshold with none on the day stops its line (``lines_for``
        shows the line with what is missing instead)."""
        if self.row(key) is None:
            raise self.rows[key]
        return self.row(key).value

    def value_or_none(self, key):
        row = self.row(key)
        return row.value if row else None

    def source(self, *keys):
        return "; ".join(dict.fromkeys(self.row(k).legal_source for k in keys if self.row(k)))


def _percent(part, whole) -> str:
    if not whole:
        return "—"
    return f"{number(part)} / {number(whole)} ({share_percent(part, whole)} %)"


def _with_act(source: str, act: Act) -> str:
    """A threshold's source and the act whose list of groups the line counts."""
    return "; ".join(filter(None, (source, act.source)))


@dataclass
class Records:
    """The cooperative's records the lines are counted from, each read once for the page."""

    cooperative: object
    on: datetime.date
    jobs: list
    people: list
    organisations: list
    plans: set
    grants: list
    orders: list
    surplus: object
    book: StatusBook

    @classmethod
    def read(cls, cooperative, on: datetime.date) -> "Records":
        """Nine queries, whatever the size of the workforce."""
        return cls(
            cooperative=cooperative,
            on=on,
            book=StatusBook.read(cooperative),
            jobs=list(Employment.objects.filter(cooperative=cooperative).select_related("person")),
            people=list(PersonMembership.objects.filter(cooperative=cooperative)),
            organisations=list(
                OrganisationMembership.objects.filter(cooperative=cooperative).select_related(
                    "organisation"
                )
            ),
            plans=set(
                ReintegrationPlan.objects.filter(employment__cooperative=cooperative)
                .current_on(on)
                .values_list("employment", flat=True)
            ),
            grants=list(
                GrantedJob.objects.filter(agreement__cooperative=cooperative).select_related(
                    "employment"
                )
            ),
            orders=list(
                Order.objects.filter(
                    cooperative=cooperative, route=Order.Route.RESERVED, starts_on__lte=on
                )
            ),
            surplus=(
                SurplusAllocation.objects.filter(cooperative=cooperative, year__lt=on.year)
                .order_by("-year")
                .first()
            ),
        )

    @cached_property
    def working(self) -> list:
        return [job for job in self.jobs if job.is_active_on(self.on)]

    @cached_property
    def contracts(self) -> list:
        """The jobs on employment-type contracts."""
        return [job for job in self.working if job.contract_type in job.SUBSIDISED_CONTRACTS]

    @cached_property
    def counts(self) -> dict:
        return rules.member_counts(self.cooperative, self.organisations, self.people, self.on)

    @cached_property
    def members_outside_groups(self) -> int:
        return rules.members_outside_groups(self.people, self.on, self.book)

    def counted(self, act: Act, jobs) -> list:
        """The jobs whose holders ``act`` counts among its groups on the day."""
        return [job for job in jobs if self.book.counted(act, job.person_id, self.on)]

    @property
    def of_legal_persons(self) -> bool:
        return self.cooperative.founder_kind == self.cooperative.FounderKind.LEGAL_PERSONS

    @property
    def is_enterprise(self) -> bool:
        return self.cooperative.is_social_enterprise_on(self.on)


def members_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-04: the number of members."""
    minimum_key = Key.SC_MIN_LEGAL_MEMBERS if r.of_legal_persons else Key.SC_MIN_NATURAL_MEMBERS
    minimum, most = t.value(minimum_key), t.value(Key.SC_MAX_MEMBERS)
    counted = r.counts["legal"] if r.of_legal_persons else r.counts["natural"]
    total = r.counts["legal"] + r.counts["natural"]
    return [
        Line(
            "SC-04",
            _("members (legal persons / people)"),
            f"{r.counts['legal']} / {r.counts['natural']}",
            _("≥ %(min)s %(kind)s, ≤ %(max)s in all")
            % {
                "min": number(minimum),
                "kind": _("legal persons") if r.of_legal_persons else _("people"),
                "max": number(most),
            },
            t.source(minimum_key, Key.SC_MAX_MEMBERS),
            counted >= minimum and total <= most,
        )
    ]


def outside_members_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-03: members from outside the disadvantaged groups."""
    share = t.value(Key.SC_MAX_NON_DISADVANTAGED_SHARE)
    outside, natural = r.members_outside_groups, r.counts["natural"]
    return [
        Line(
            "SC-03",
            _("members not from a disadvantaged group"),
            _percent(outside, natural),
            f"≤ {number(share)} %",
            _with_act(t.source(Key.SC_MAX_NON_DISADVANTAGED_SHARE), SOCIAL_COOPERATIVES_ACT),
            outside * 100 <= share * natural if natural else None,
        )
    ]


def workforce_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-05: the workforce from disadvantaged groups, on the base in force."""
    on_contracts = t.value(Key.SC_WORKFORCE_SHARE_BASE) == 1
    base = r.contracts if on_contracts else r.working
    from_groups = r.counted(SOCIAL_COOPERATIVES_ACT, base)
    minimum = t.value(Key.SC_MIN_DISADVANTAGED_WORKFORCE_SHARE)
    return [
        Line(
            "SC-05",
            _("workforce from disadvantaged groups")
            + (_(" (employment contracts)") if on_contracts else _(" (everyone who works)")),
            _percent(len(from_groups), len(base)),
            f"≥ {number(minimum)} %",
            _with_act(
                t.source(Key.SC_MIN_DISADVANTAGED_WORKFORCE_SHARE, Key.SC_WORKFORCE_SHARE_BASE),
                SOCIAL_COOPERATIVES_ACT,
            ),
            len(from_groups) * 100 >= minimum * len(base) if base else None,
        )
    ]


def disadvantaged_employees_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-06: a cooperative of legal persons employs enough disadvantaged persons."""
    if not (r.of_legal_persons and r.cooperative.registered_on):
        return []
    needed = t.value(Key.SC_LEGAL_MIN_EMPLOYEES)
    deadline = dates.add_months(
        r.cooperative.registered_on, int(t.value(Key.SC_LEGAL_EMPLOYEES_DEADLINE_MONTHS))
    )
    employed = len({job.person_id for job in r.counted(SOCIAL_COOPERATIVES_ACT, r.contracts)})
    return [
        Line(
            "SC-06",
            _("disadvantaged persons employed"),
            str(employed),
            _("≥ %(min)s from %(date)s") % {"min": number(needed), "date": date_format(deadline)},
            _with_act(
                t.source(Key.SC_LEGAL_MIN_EMPLOYEES, Key.SC_LEGAL_EMPLOYEES_DEADLINE_MONTHS),
                SOCIAL_COOPERATIVES_ACT,
            ),
            None if r.on < deadline else employed >= needed,
        )
    ]


def _counted_jobs(r: Records, t: Thresholds) -> list:
    """The contracts a social enterprise's conditions count: of at least the minimum FTE."""
    return [job for job in r.contracts if job.fte >= t.value(Key.PS_MIN_FTE)]


def enterprise_employees_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-01: a social enterprise employs enough people on such contracts."""
    min_fte, needed = t.value(Key.PS_MIN_FTE), t.value(Key.PS_MIN_EMPLOYEES)
    persons = len({job.person_id for job in _counted_jobs(r, t)})
    return [
        Line(
            "PS-01",
            _("people on employment contracts of at least %(fte)s FTE") % {"fte": number(min_fte)},
            str(persons),
            f"≥ {number(needed)}",
            t.source(Key.PS_MIN_EMPLOYEES, Key.PS_MIN_FTE),
            persons >= needed if r.is_enterprise else None,
        )
    ]


def at_risk_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-02: the share of those employed who are at risk of exclusion."""
    at_risk = {job.person_id for job in r.counted(SOCIAL_ECONOMY_ACT, _counted_jobs(r, t))}
    everyone = {job.person_id for job in r.working}
    minimum = t.value(Key.PS_MIN_AT_RISK_SHARE)
    return [
        Line(
            "PS-02",
            _("employed people at risk of exclusion (contracts of at least %(fte)s FTE)")
            % {"fte": number(t.value(Key.PS_MIN_FTE))},
            _percent(len(at_risk), len(everyone)),
            f"≥ {number(minimum)} %",
            _with_act(t.source(Key.PS_MIN_AT_RISK_SHARE), SOCIAL_ECONOMY_ACT),
            len(at_risk) * 100 >= minimum * len(everyone) if r.is_enterprise and everyone else None,
        )
    ]


def pay_cap_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-04: nobody's monthly pay above the multiple of the average wage."""
    average, multiple = t.value_or_none(Key.PS_AVERAGE_WAGE), t.value(Key.PS_PAY_CAP_MULTIPLE)
    highest = max((job.monthly_wage for job in r.working), default=Decimal(0))
    return [
        Line(
            "PS-04",
            _("highest monthly pay (zł)"),
            number(highest),
            (
                _("≤ %(multiple)s × %(average)s (the average wage of %(year)d)")
                if average is not None
                else _("≤ %(multiple)s × the average wage of %(year)d, not recorded")
            )
            % {
                "multiple": number(multiple),
                "average": amount(average or 0),
                "year": r.on.year - 1,
            },
            t.source(Key.PS_PAY_CAP_MULTIPLE, Key.PS_AVERAGE_WAGE),
            highest <= multiple * average if r.is_enterprise and average is not None else None,
        )
    ]


def control_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-06: control by a local government (a cooperative of legal persons is exempt)."""
    local_government = [
        m
        for m in r.organisations
        if m.is_active_on(r.on) and m.organisation.kind in m.organisation.LOCAL_GOVERNMENT
    ]
    return [
        Line(
            "PS-06",
            _("control by a local government"),
            _("founded by legal persons: exempt")
            if r.of_legal_persons
            else _("local governments among the members: %(count)d")
            % {"count": len(local_government)},
            _("UES art. 3 ust. 2"),
            "UES art. 3 ust. 2",
            (r.of_legal_persons or not local_government) if r.is_enterprise else None,
        )
    ]


def annual_report_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-05: the annual report to the voivode, due by the end of the month in force."""
    report_month = int(t.value(Key.PS_ANNUAL_REPORT_DUE_MONTH))
    report_due = dates.last_day_of_month(datetime.date(r.on.year, report_month, 1))
    return [
        Line(
            "PS-05",
            _("annual report to the voivode"),
            _("due by %(date)s") % {"date": date_format(report_due)},
            _("the end of month %(month)d") % {"month": report_month},
            t.source(Key.PS_ANNUAL_REPORT_DUE_MONTH),
            None,
        )
    ]


def reintegration_plans_line(r: Records, t: Thresholds) -> list[Line]:
    """PS-03: a current reintegration plan for each employee at risk."""
    missing = rules.employees_without_plan(r.working, r.plans, r.on, r.book)
    return [
        Line(
            "PS-03",
            _("employees at risk of exclusion without a current reintegration plan"),
            f"{len(missing)}: " + ", ".join(str(job.person) for job in missing) if missing else "0",
            "0",
            SOCIAL_ECONOMY_ACT.source,
            not missing if r.is_enterprise else None,
            people=tuple(job.person_id for job in missing),
        )
    ]


def surplus_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-10: the latest surplus allocation."""
    surplus = r.surplus
    if surplus is None:
        return []
    reserve = t.value(Key.SC_SURPLUS_RESERVE_SHARE)
    reintegration = t.value(Key.SC_SURPLUS_REINTEGRATION_SHARE)
    return [
        Line(
            "SC-10",
            _("surplus %(year)d: reserve fund / reintegration") % {"year": surplus.year},
            f"{_percent(surplus.reserve_fund, surplus.surplus)} / "
            f"{_percent(surplus.reintegration, surplus.surplus)}",
            f"≥ {number(reserve)} % / ≥ {number(reintegration)} %",
            t.source(Key.SC_SURPLUS_RESERVE_SHARE, Key.SC_SURPLUS_REINTEGRATION_SHARE),
            not surplus.surplus
            or (
                surplus.reserve_fund * 100 >= reserve * surplus.surplus
                and surplus.reintegration * 100 >= reintegration * surplus.surplus
            ),
        )
    ]


def audit_line(r: Records, t: Thresholds) -> list[Line]:
    """SC-11: the next cooperative audit."""
    due = rules.audit_due_on(r.cooperative)
    return [
        Line(
            "SC-11",
            _("next cooperative audit (lustracja)"),
            date_format(due) if due else "—",
            _("every %(years)s years") % {"years": number(t.value(Key.SC_AUDIT_INTERVAL_YEARS))},
            t.source(Key.SC_AUDIT_INTERVAL_YEARS),
            due >= r.on if due else None,
        )
    ]


def granted_jobs_line(r: Records, t: Thresholds) -> list[Line]:
    """OWES-01: jobs created with grants still within their retention."""
    at_stake = [g for g in r.grants if g.employment.starts_on <= r.on <= g.keep_until]
    risks = [g for g in at_stake if rules.grant_at_risk(g, r.on, r.jobs)]
    return [
        Line(
            "OWES-01",
            _("granted jobs to keep / at risk"),
            f"{len(at_stake)} / {len(risks)}",
            "0",
            t.source(Key.OWES_RETENTION_MONTHS),
            not risks if at_stake else None,
        )
    ]


def reserved_contract_lines(r: Records, t: Thresholds) -> list[Line]:
    """JST-01: reserved contracts being carried out, as judged on their bid day."""
    lines = []
    for order in r.orders:
        if order.ends_on and order.ends_on < r.on:
            continue
        listed, total_employees, day = rules.reserved_contract_share(order, r.jobs, r.book)
        what = _("%(order)s: employees from the listed groups on %(date)s") % {
            "order": order.title,
            "date": date_format(day),
        }
        try:
            minimum = policy_parameter(Key.JST_RESERVED_MIN_SHARE, day)
        except MissingPolicyParameter as missing:
            lines.append(Line("JST-01", what, "—", missing.messages[0], "", None))
            continue
        lines.append(
            Line(
                "JST-01",
                what,
                _percent(listed, total_employees),
                f"≥ {number(minimum.value)} %",
                _with_act(minimum.legal_source, PROCUREMENT_ACT),
                bool(total_employees) and listed * 100 >= minimum.value * total_employees,
            )
        )
    return lines


# The lines of the page, in the order it shows them: one function per rule, with the rule and
# what the line shows when a threshold it needs had no value on the day.
LINES = (
    (members_line, "SC-04", gettext_lazy("members")),
    (outside_members_line, "SC-03", gettext_lazy("members not from a disadvantaged group")),
    (workforce_line, "SC-05", gettext_lazy("workforce from disadvantaged groups")),
    (disadvantaged_employees_line, "SC-06", gettext_lazy("disadvantaged persons employed")),
    (enterprise_employees_line, "PS-01", gettext_lazy("people on employment contracts")),
    (at_risk_line, "PS-02", gettext_lazy("employed people at risk of exclusion")),
    (pay_cap_line, "PS-04", gettext_lazy("highest monthly pay (zł)")),
    (control_line, "PS-06", gettext_lazy("control by a local government")),
    (annual_report_line, "PS-05", gettext_lazy("annual report to the voivode")),
    (
        reintegration_plans_line,
        "PS-03",
        gettext_lazy("employees at risk of exclusion without a current reintegration plan"),
    ),
    (surplus_line, "SC-10", gettext_lazy("surplus: reserve fund / reintegration")),
    (audit_line, "SC-11", gettext_lazy("next cooperative audit (lustracja)")),
    (granted_jobs_line, "OWES-01", gettext_lazy("granted jobs to keep / at risk")),
    (reserved_contract_lines, "JST-01", gettext_lazy("reserved contracts")),
)


def lines_for(cooperative, on: datetime.date) -> list[Line]:
    """Every line of the cooperative's compliance on ``on``; none before the rules existed. A
    line whose threshold had no value that day (a rule that came later) says which."""
    thresholds = Thresholds(on)
    records = Records.read(cooperative, on)
    if thresholds.value_or_none(Key.SC_MAX_MEMBERS) is None:
        return []  # no thresholds were in force that day
    lines = []
    for line_of, rule, what in LINES:
        try:
            lines.extend(line_of(records, thresholds))
        except MissingPolicyParameter as missing:
            lines.append(Line(rule, str(what), "—", missing.messages[0], "", None))
    return lines
