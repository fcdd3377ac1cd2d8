"""The cooperative's compliance on a chosen day: every threshold the law holds it to, each line with
its rule, its figure, the threshold and that threshold's source.

Everything is read in a fixed number of queries — the cooperative's jobs, members, plans, grants,
orders and surplus, and each threshold once — and counted in Python, so the page costs the same
whatever the size of the workforce.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from coop import rules
from coop.models import (
    GrantedJob,
    Order,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SurplusAllocation,
)
from employment.models import Employment
from organisations.policy import Key, MissingPolicyParameter, policy_parameter
from participants.rules import add_months


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
            except MissingPolicyParameter:
                self.rows[key] = None
        return self.rows[key]

    def value(self, key):
        row = self.row(key)
        return row.value if row else None

    def source(self, *keys):
        return "; ".join(dict.fromkeys(self.row(k).legal_source for k in keys if self.row(k)))


def _percent(part, whole) -> str:
    if not whole:
        return "—"
    return f"{_number(part)} / {_number(whole)} ({Decimal(part * 100) / whole:.1f} %)"


def _number(value) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def lines_for(cooperative, on: datetime.date) -> list[Line]:
    t = Thresholds(on)
    jobs = list(Employment.objects.filter(cooperative=cooperative).select_related("person"))
    working = [job for job in jobs if job.is_active_on(on)]
    contracts = [job for job in working if job.contract_type in job.SUBSIDISED_CONTRACTS]
    people = list(PersonMembership.objects.filter(cooperative=cooperative))
    organisations = list(
        OrganisationMembership.objects.filter(cooperative=cooperative).select_related(
            "organisation"
        )
    )
    plans = set(
        ReintegrationPlan.objects.filter(employment__cooperative=cooperative)
        .current_on(on)
        .values_list("employment", flat=True)
    )
    grants = list(
        GrantedJob.objects.filter(agreement__cooperative=cooperative).select_related("employment")
    )
    orders = list(
        Order.objects.filter(cooperative=cooperative, route=Order.Route.RESERVED, starts_on__lte=on)
    )
    surplus = (
        SurplusAllocation.objects.filter(cooperative=cooperative, year__lt=on.year)
        .order_by("-year")
        .first()
    )
    if t.value(Key.SC_MAX_MEMBERS) is None:
        return []  # no thresholds were in force that day
    counts = rules.member_counts(cooperative, organisations, people, on)
    lines = []

    # SC-04: the number of members.
    legal_kind = cooperative.founder_kind == cooperative.FounderKind.LEGAL_PERSONS
    minimum_key = Key.SC_MIN_LEGAL_MEMBERS if legal_kind else Key.SC_MIN_NATURAL_MEMBERS
    minimum, most = t.value(minimum_key), t.value(Key.SC_MAX_MEMBERS)
    counted = counts["legal"] if legal_kind else counts["natural"]
    total = counts["legal"] + counts["natural"]
    lines.append(
        Line(
            "SC-04",
            _("members (legal persons / people)"),
            f"{counts['legal']} / {counts['natural']}",
            _("≥ %(min)s %(kind)s, ≤ %(max)s in all")
            % {
                "min": _number(minimum),
                "kind": _("legal persons") if legal_kind else _("people"),
                "max": _number(most),
            },
            t.source(minimum_key, Key.SC_MAX_MEMBERS),
            counted >= minimum and total <= most,
        )
    )
    # SC-03: members from outside the disadvantaged groups.
    share = t.value(Key.SC_MAX_NON_DISADVANTAGED_SHARE)
    outside, natural = counts["not_disadvantaged"], counts["natural"]
    lines.append(
        Line(
            "SC-03",
            _("members not from a disadvantaged group"),
            _percent(outside, natural),
            f"≤ {_number(share)} %",
            t.source(Key.SC_MAX_NON_DISADVANTAGED_SHARE),
            outside * 100 <= share * natural if natural else None,
        )
    )
    # SC-05: the workforce from disadvantaged groups, on the base in force.
    base = contracts if t.value(Key.SC_WORKFORCE_SHARE_BASE) == 1 else working
    from_groups = [job for job in base if job.disadvantaged_group != rules.NOT_DISADVANTAGED]
    minimum = t.value(Key.SC_MIN_DISADVANTAGED_WORKFORCE_SHARE)
    lines.append(
        Line(
            "SC-05",
            _("workforce from disadvantaged groups")
            + (_(" (employment contracts)") if base is contracts else _(" (everyone who works)")),
            _percent(len(from_groups), len(base)),
            f"≥ {_number(minimum)} %",
            t.source(Key.SC_MIN_DISADVANTAGED_WORKFORCE_SHARE, Key.SC_WORKFORCE_SHARE_BASE),
            len(from_groups) * 100 >= minimum * len(base) if base else None,
        )
    )
    # SC-06: a cooperative of legal persons employs enough disadvantaged persons.
    if legal_kind and cooperative.registered_on:
        needed = t.value(Key.SC_LEGAL_MIN_EMPLOYEES)
        deadline = add_months(
            cooperative.registered_on, int(t.value(Key.SC_LEGAL_EMPLOYEES_DEADLINE_MONTHS))
        )
        employed = len(
            {
                job.person_id
                for job in contracts
                if job.disadvantaged_group != rules.NOT_DISADVANTAGED
            }
        )
        lines.append(
            Line(
                "SC-06",
                _("disadvantaged persons employed"),
                str(employed),
                _("≥ %(min)s from %(date)s")
                % {"min": _number(needed), "date": date_format(deadline)},
                t.source(Key.SC_LEGAL_MIN_EMPLOYEES, Key.SC_LEGAL_EMPLOYEES_DEADLINE_MONTHS),
                None if on < deadline else employed >= needed,
            )
        )
    # PS-01, PS-02, PS-04: the social enterprise's conditions.
    enterprise = cooperative.is_social_enterprise_on(on)
    min_fte = t.value(Key.PS_MIN_FTE)
    counted_jobs = [job for job in contracts if job.fte >= min_fte]
    needed = t.value(Key.PS_MIN_EMPLOYEES)
    persons = len({job.person_id for job in counted_jobs})
    lines.append(
        Line(
            "PS-01",
            _("people on employment contracts of at least %(fte)s FTE") % {"fte": _number(min_fte)},
            str(persons),
            f"≥ {_number(needed)}",
            t.source(Key.PS_MIN_EMPLOYEES, Key.PS_MIN_FTE),
            persons >= needed if enterprise else None,
        )
    )
    at_risk = {
        job.person_id for job in counted_jobs if job.disadvantaged_group != rules.NOT_DISADVANTAGED
    }
    everyone = {job.person_id for job in working}
    minimum = t.value(Key.PS_MIN_AT_RISK_SHARE)
    lines.append(
        Line(
            "PS-02",
            _("employed people at risk of exclusion (contracts of at least %(fte)s FTE)")
            % {"fte": _number(min_fte)},
            _percent(len(at_risk), len(everyone)),
            f"≥ {_number(minimum)} %",
            t.source(Key.PS_MIN_AT_RISK_SHARE),
            len(at_risk) * 100 >= minimum * len(everyone) if enterprise and everyone else None,
        )
    )
    average, multiple = t.value(Key.PS_AVERAGE_WAGE), t.value(Key.PS_PAY_CAP_MULTIPLE)
    highest = max((job.monthly_wage for job in working), default=Decimal(0))
    lines.append(
        Line(
            "PS-04",
            _("highest monthly pay (zł)"),
            _number(highest),
            f"≤ {_number(multiple)} × {_number(average)}"
            if average is not None
            else _("≤ %(multiple)s × the average wage, not recorded")
            % {"multiple": _number(multiple)},
            t.source(Key.PS_PAY_CAP_MULTIPLE, Key.PS_AVERAGE_WAGE),
            highest <= multiple * average if enterprise and average is not None else None,
        )
    )
    local_government = [
        m
        for m in organisations
        if m.is_active_on(on) and m.organisation.kind in m.organisation.LOCAL_GOVERNMENT
    ]
    lines.append(
        Line(
            "PS-06",
            _("control by a local government"),
            _("founded by legal persons: exempt")
            if legal_kind
            else _("local governments among the members: %(count)d")
            % {"count": len(local_government)},
            _("UES art. 3 ust. 2"),
            "UES art. 3 ust. 2",
            (legal_kind or not local_government) if enterprise else None,
        )
    )
    report_month = int(t.value(Key.PS_ANNUAL_REPORT_DUE_MONTH))
    report_due = add_months(datetime.date(on.year, report_month, 1), 1) - datetime.timedelta(1)
    lines.append(
        Line(
            "PS-05",
            _("annual report to the voivode"),
            _("due by %(date)s") % {"date": date_format(report_due)},
            _("the end of month %(month)d") % {"month": report_month},
            t.source(Key.PS_ANNUAL_REPORT_DUE_MONTH),
            None,
        )
    )
    # PS-03: a current reintegration plan for each employee at risk.
    missing = rules.employees_without_plan(working, plans, on)
    lines.append(
        Line(
            "PS-03",
            _("employees at risk of exclusion without a current reintegration plan"),
            f"{len(missing)}: " + ", ".join(str(job.person) for job in missing) if missing else "0",
            "0",
            "UES",
            not missing if enterprise else None,
            people=tuple(job.person_id for job in missing),
        )
    )
    # SC-10: the latest surplus allocation.
    if surplus is not None:
        reserve = t.value(Key.SC_SURPLUS_RESERVE_SHARE)
        reintegration = t.value(Key.SC_SURPLUS_REINTEGRATION_SHARE)
        lines.append(
            Line(
                "SC-10",
                _("surplus %(year)d: reserve fund / reintegration") % {"year": surplus.year},
                f"{_percent(surplus.reserve_fund, surplus.surplus)} / "
                f"{_percent(surplus.reintegration, surplus.surplus)}",
                f"≥ {_number(reserve)} % / ≥ {_number(reintegration)} %",
                t.source(Key.SC_SURPLUS_RESERVE_SHARE, Key.SC_SURPLUS_REINTEGRATION_SHARE),
                not surplus.surplus
                or (
                    surplus.reserve_fund * 100 >= reserve * surplus.surplus
                    and surplus.reintegration * 100 >= reintegration * surplus.surplus
                ),
            )
        )
    # SC-11: the audit.
    due = rules.audit_due_on(cooperative)
    lines.append(
        Line(
            "SC-11",
            _("next cooperative audit (lustracja)"),
            date_format(due) if due else "—",
            _("every %(years)s years") % {"years": _number(t.value(Key.SC_AUDIT_INTERVAL_YEARS))},
            t.source(Key.SC_AUDIT_INTERVAL_YEARS),
            due >= on if due else None,
        )
    )
    # OWES-01: jobs created with grants still within their retention.
    at_stake = [g for g in grants if g.employment.starts_on <= on <= g.keep_until]
    risks = [g for g in at_stake if rules.grant_at_risk(g, on)]
    lines.append(
        Line(
            "OWES-01",
            _("granted jobs to keep / at risk"),
            f"{len(at_stake)} / {len(risks)}",
            "0",
            t.source(Key.OWES_RETENTION_MONTHS),
            not risks if at_stake else None,
        )
    )
    # JST-01: reserved contracts being carried out, as judged on their bid day.
    for order in orders:
        if order.ends_on and order.ends_on < on:
            continue
        listed, total_employees, day = rules.reserved_contract_share(order, jobs)
        minimum = policy_parameter(Key.JST_RESERVED_MIN_SHARE, day)
        lines.append(
            Line(
                "JST-01",
                _("%(order)s: employees from the listed groups on %(date)s")
                % {"order": order.title, "date": date_format(day)},
                _percent(listed, total_employees),
                f"≥ {_number(minimum.value)} %",
                minimum.legal_source,
                bool(total_employees) and listed * 100 >= minimum.value * total_employees,
            )
        )
    return lines
