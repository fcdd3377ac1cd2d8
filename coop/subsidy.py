"""The cooperative's PFRON wage subsidy month by month (EMP-08): for each disabled employee the
degree the employer holds evidence of, the FTE, the pay and wage costs of the month and the
subsidy to expect, totalled by degree as the monthly application (Wn-D) asks — and what to put
right before it is filed.

Only the employer's own disability facts count (DIS-05): the workshop's certificates are never
read here."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from common import dates, formats
from employment.models import DisabilityFacts, Employment
from employment.rules import expected_subsidy, facts_in_force, subsidy_filing_due
from organisations.models import Cooperative
from organisations.policy import Key, MissingPolicyParameter, policy_snapshot, policy_value

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
USUAL_CAP_PERCENT = Decimal(90)  # of wage costs; some employers' cap is lower (DOMAIN 5.3, [U])


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    """One employee's month."""

    employment: Employment
    facts: DisabilityFacts | None
    days: int
    pay: Decimal
    wage_costs: Decimal | None
    subsidy: Decimal | None
    problems: list[str] = field(default_factory=list)

    @property
    def degree(self) -> str:
        return self.facts.get_degree_display() if self.facts else "—"

    @property
    def special_conditions(self) -> bool:
        return bool(self.facts and self.facts.special_conditions)


@dataclass
class Group:
    """The application's totals for one degree, with or without special conditions."""

    degree: str
    special_conditions: bool
    people: int = 0
    fte: Decimal = Decimal(0)
    wage_costs: Decimal = Decimal(0)
    subsidy: Decimal = Decimal(0)


@dataclass
class MonthlySubsidy:
    cooperative: Cooperative
    month: datetime.date  # its first day
    due_on: datetime.date | None
    employer_rate: Decimal | None
    lines: list[Line]
    groups: list[Group]

    @property
    def total(self) -> Decimal:
        return sum((line.subsidy or Decimal(0) for line in self.lines), Decimal(0))

    @property
    def wage_costs(self) -> Decimal:
        """Of the employees the subsidy is claimed for."""
        return sum(
            (line.wage_costs or Decimal(0) for line in self.lines if line.subsidy is not None),
            Decimal(0),
        )

    @property
    def problems(self) -> list[tuple[Line, str]]:
        return [(line, problem) for line in self.lines for problem in line.problems]


def monthly_subsidy(cooperative: Cooperative, month: datetime.date) -> MonthlySubsidy:
    """Every employment-type job at ``cooperative`` in ``month`` whose employee has shown the
    cooperative evidence of a disability. Three queries and the policy table."""
    first, last = dates.month_period(month)
    jobs = list(
        Employment.objects.filter(
            cooperative=cooperative,
            contract_type__in=Employment.SUBSIDISED_CONTRACTS,
            starts_on__lte=last,
            disability_facts__isnull=False,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .select_related("person")
        .distinct()
        .order_by("person__last_name", "person__first_name", "pk")
    )
    facts = defaultdict(list)
    for record in DisabilityFacts.objects.filter(employment__in=jobs).order_by("applies_from"):
        facts[record.employment_id].append(record)
    with policy_snapshot():
        due_on = _due_on(last)
        try:
            employer_rate = policy_value(Key.BALANCE_EMPLOYER_SOCIAL, first)
        except MissingPolicyParameter:
            employer_rate = None
        lines = [_line(job, facts[job.pk], first, last, employer_rate) for job in jobs]
    return MonthlySubsidy(cooperative, first, due_on, employer_rate, lines, _groups(lines))


def _due_on(last: datetime.date) -> datetime.date | None:
    try:
        return subsidy_filing_due(last)
    except MissingPolicyParameter:
        return None


def _line(job: Employment, records, first, last, employer_rate) -> Line:
    start, end = max(job.starts_on, first), min(job.ends_on or last, last)
    days = (end - start).days + 1
    pay = cents(job.monthly_wage * days / Decimal(last.day))
    wage_costs = cents(pay * (1 + employer_rate / HUNDRED)) if employer_rate is not None else None
    current = facts_in_force(records, start)
    subsidy = expected_subsidy(job, first, records)
    problems = []
    if current is None:
        ended = [r for r in records if r.valid_until and r.valid_until < start]
        if ended:
            problems.append(
                _("The degree ran out on %(day)s: no subsidy without new evidence.")
                % {"day": formats.day(max(r.valid_until for r in ended))}
            )
        else:
            problems.append(_("No disability facts in force this month: no subsidy."))
    else:
        if current.evidence_shown_on > last:
            problems.append(
                _("The evidence was shown only on %(day)s, after this month.")
                % {"day": formats.day(current.evidence_shown_on)}
            )
        if current.valid_until and current.valid_until < last:
            problems.append(
                _("The degree runs out on %(day)s: ask for the new decision now.")
                % {"day": formats.day(current.valid_until)}
            )
    if subsidy is not None and wage_costs and subsidy > wage_costs * USUAL_CAP_PERCENT / HUNDRED:
        problems.append(
            _("The subsidy is more than %(cap)s %% of the wage costs: check the employer's cap.")
            % {"cap": formats.number(USUAL_CAP_PERCENT)}
        )
    return Line(job, current, days, pay, wage_costs, subsidy, problems)


def _groups(lines: list[Line]) -> list[Group]:
    groups: dict = {}
    for line in lines:
        if line.facts is None or line.subsidy is None:
            continue
        key = (line.facts.degree, line.facts.special_conditions)
        group = groups.setdefault(key, Group(line.degree, line.facts.special_conditions))
        group.people += 1
        group.fte += line.employment.fte
        group.wage_costs += line.wage_costs or Decimal(0)
        group.subsidy += line.subsidy
    order = list(DisabilityFacts.Degree.values)
    return [
        groups[key] for key in sorted(groups, key=lambda key: (order.index(key[0]), not key[1]))
    ]


def sheet_rows(data: MonthlySubsidy) -> list[list]:
    """The month as the XLSX holds it: a row per employee, then the totals by degree."""
    rows = [
        [
            _("Employee"),
            _("PESEL"),
            _("Degree"),
            _("Special conditions"),
            _("FTE"),
            _("Days employed"),
            _("Pay (zł)"),
            _("Wage costs (zł)"),
            _("Expected subsidy (zł)"),
            _("To check"),
        ]
    ]
    for line in data.lines:
        person = line.employment.person
        rows.append(
            [
                f"{person.last_name} {person.first_name}",
                person.pesel,
                line.degree,
                _("yes") if line.special_conditions else _("no"),
                float(line.employment.fte),
                line.days,
                float(line.pay),
                None if line.wage_costs is None else float(line.wage_costs),
                None if line.subsidy is None else float(line.subsidy),
                " ".join(line.problems),
            ]
        )
    rows.append([])
    rows.append([_("Totals by degree"), "", "", "", _("FTE"), _("People"), "", "", "", ""])
    for group in data.groups:
        rows.append(
            [
                group.degree,
                "",
                "",
                _("yes") if group.special_conditions else _("no"),
                float(group.fte),
                group.people,
                "",
                float(group.wage_costs),
                float(group.subsidy),
                "",
            ]
        )
    rows.append([_("Total"), "", "", "", "", "", "", float(data.wage_costs), float(data.total), ""])
    return rows
