"""What the path is worth in money, for one territory and one fixed period: the orders the
cooperatives seated there were given (money that stayed local), and the public balance of the
moves from the workshops to paid work, with every assumption shown and changeable for a what-if.

docs/REPORTS.md defines each figure. The balance is computed over the same people and days as
the protected figure ``balance.person_days`` and is shown exactly when that figure is: money adds
up over gminas and months like the days do, so the days' protection covers it (a hidden figure
stays undetermined by the sums of the shown ones, whatever amount each day carries).
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import dates
from common.formats import amount, number
from coop.models import Order
from employment.models import Employment
from employment.rules import expected_subsidy
from employment.services import facts_by_employment
from organisations.models import LocalBudget, Organisation, PolicyParameter, Territory
from organisations.policy import Key, MissingPolicyParameter, policy_parameter, policy_snapshot
from participants.models import AllowancePayment
from reports.indicators import balance_jobs, counted_span, days_within, work_spans
from reports.periods import Period, year_periods

CENT = Decimal("0.01")
ZLOTY = Decimal(1)
HUNDRED = Decimal(100)

Kind = Organisation.Kind
CLIENT_GROUPS = {
    "gmina": (Kind.GMINA,),
    "powiat": (Kind.POWIAT,),
    "public": (Kind.VOIVODESHIP, Kind.PUBLIC_BODY),
    "business": (Kind.COMPANY, Kind.COOPERATIVE),
    "other": (Kind.NGO, Kind.CHURCH, Kind.OWES, Kind.OTHER),
}
CLIENT_LABELS = {
    "gmina": gettext_lazy("gminas"),
    "powiat": gettext_lazy("powiats"),
    "public": gettext_lazy("other public bodies"),
    "business": gettext_lazy("businesses"),
    "other": gettext_lazy("foundations, associations and others"),
}


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


# --- Orders: money that stayed local -----------------------------------------------------------


@dataclass
class Orders:
    """Net value of the orders awarded in the period to the cooperatives seated in the territory:
    by procurement route and client group, and the part the territory's own local governments
    ordered."""

    values: dict  # (route, client group) -> Decimal
    counts: dict  # (route, client group) -> int
    local: Decimal  # ordered by the local governments of the territory

    @property
    def total(self) -> Decimal:
        return sum(self.values.values(), Decimal(0))

    @property
    def count(self) -> int:
        return sum(self.counts.values())

    def value(self, route=None, group=None) -> Decimal:
        return sum(
            (
                value
                for (r, g), value in self.values.items()
                if route in (None, r) and group in (None, g)
            ),
            Decimal(0),
        )

    @property
    def local_share(self) -> Decimal | None:
        if not self.total:
            return None
        return (self.local * HUNDRED / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def client_group(kind: str) -> str:
    return next(group for group, kinds in CLIENT_GROUPS.items() if kind in kinds)


def governs(client_code: str, territory_code: str) -> bool:
    """A local government of the territory: one governing it, a part of it, or the area it lies
    in (a gmina's powiat and voivodeship)."""
    return client_code.startswith(territory_code) or territory_code.startswith(client_code)


def orders(territory: Territory, period: Period) -> Orders:
    """One query: the orders' route, client and value, summed here by group."""
    rows = (
        Order.objects.filter(
            cooperative__organisation__territory__code__startswith=territory.code,
            awarded_on__range=(period.first_day, period.last_day),
        )
        .values_list("route", "client__kind", "client__territory__code")
        .annotate(value=Sum("net_value"), number=Count("pk"))
        .order_by()
    )
    values, counts, local = defaultdict(Decimal), defaultdict(int), Decimal(0)
    for route, kind, client_code, value, count in rows:
        group = client_group(kind)
        values[(route, group)] += value
        counts[(route, group)] += count
        if kind in Organisation.LOCAL_GOVERNMENT and governs(client_code, territory.code):
            local += value
    return Orders(dict(values), dict(counts), local)


@dataclass
class Commissioned:
    """KPRES: one local government of the territory with its budget recorded for the year, what
    it ordered from the cooperatives kept here, and the share of its expenditure that is."""

    organisation: Organisation
    ordered: Decimal
    budget: Decimal
    source: str

    @property
    def share(self) -> Decimal | None:
        if not self.budget:
            return None
        return (self.ordered * HUNDRED / self.budget).quantize(Decimal("0.001"), ROUND_HALF_UP)


def commissioned(territory: Territory, year: int) -> list[Commissioned]:
    """The local governments of ``territory`` (as ``governs`` says) whose budget for ``year`` is
    recorded, each with the net value of the orders it awarded in that year to any cooperative
    recorded here. Two queries."""
    code = territory.code
    budgets = list(
        LocalBudget.objects.filter(year=year)
        .filter(
            Q(organisation__territory__code__startswith=code)
            | Q(organisation__territory__code__in={code[:2], code[:4], code})
        )
        .select_related("organisation")
        .order_by("organisation__territory__code", "organisation__name")
    )
    ordered = dict(
        Order.objects.filter(
            client__in=[budget.organisation_id for budget in budgets], awarded_on__year=year
        )
        .values_list("client")
        .annotate(value=Sum("net_value"))
        .order_by()
    )
    return [
        Commissioned(
            budget.organisation,
            ordered.get(budget.organisation_id, Decimal(0)),
            budget.expenditure,
            budget.source,
        )
        for budget in budgets
    ]


# --- The public balance: assumptions ----------------------------------------------------------


@dataclass(frozen=True)
class Assumption:
    """One assumption of the balance: the field an officer may change, the policy parameter it
    defaults to, and its unit."""

    field: str
    key: str
    unit: str  # "%" or "zł"
    help: str = ""

    @property
    def label(self) -> str:
        return str(ASSUMPTION_LABELS[self.field])


ASSUMPTIONS = (
    Assumption("employee_social", Key.BALANCE_EMPLOYEE_SOCIAL, "%"),
    Assumption("employer_social", Key.BALANCE_EMPLOYER_SOCIAL, "%"),
    Assumption("health", Key.BALANCE_HEALTH, "%"),
    Assumption("income_tax", Key.BALANCE_PIT_RATE, "%"),
    Assumption("tax_costs", Key.BALANCE_PIT_COSTS, "zł"),
    Assumption("tax_reduction", Key.BALANCE_PIT_REDUCTION, "zł"),
    Assumption("place_amount", Key.WTZ_PFRON_AMOUNT_PER_PLACE, "zł"),
    Assumption("benefit_saved", Key.BALANCE_BENEFIT_SAVED, "zł"),
)
ASSUMPTION_LABELS = {
    "employee_social": gettext_lazy(
        "employee's social insurance contributions (percentage of pay)"
    ),
    "employer_social": gettext_lazy(
        "employer's contributions with the Labour Fund and FGŚP (percentage of pay)"
    ),
    "health": gettext_lazy("health insurance (percentage of pay after social contributions)"),
    "income_tax": gettext_lazy("income tax rate (%)"),
    "tax_costs": gettext_lazy("monthly costs of earning income (zł)"),
    "tax_reduction": gettext_lazy("monthly amount reducing the tax (zł)"),
    "place_amount": gettext_lazy("PFRON amount per workshop place per year (zł)"),
    "benefit_saved": gettext_lazy("benefits no longer paid, per person per month of work (zł)"),
}


@dataclass
class Used:
    """An assumption as the balance used it: its value, the recorded default and its source."""

    assumption: Assumption
    value: Decimal | None
    default: PolicyParameter | None

    @property
    def changed(self) -> bool:
        return self.default is None or self.value != self.default.value

    @property
    def label(self) -> str:
        return self.assumption.label

    @property
    def source(self) -> str:
        return self.default.legal_source if self.default else "—"

    @property
    def display(self) -> str:
        if self.value is None:
            return "—"
        text = number(self.value.normalize())
        return f"{text}\xa0%" if self.assumption.unit == "%" else f"{amount(self.value)}\xa0zł"

    @property
    def default_display(self) -> str:
        if self.default is None:
            return "—"
        value = self.default.value
        unit = "%" if self.assumption.unit == "%" else "zł"
        text = number(value.normalize()) if unit == "%" else amount(value)
        return f"{text}\xa0{unit}"


class AssumptionsForm(forms.Form):
    """The what-if: any assumption may be given in the address; an empty one keeps the recorded
    value. Nothing is saved."""

    def __init__(self, data=None, defaults: dict | None = None):
        super().__init__(data)
        for assumption in ASSUMPTIONS:
            default = (defaults or {}).get(assumption.field)
            self.fields[assumption.field] = forms.DecimalField(
                label=ASSUMPTION_LABELS[assumption.field],
                required=False,
                localize=True,
                max_digits=12,
                decimal_places=2,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 10}),
                initial=default,
            )

    def clean(self):
        cleaned = super().clean()
        errors = {}
        for assumption in ASSUMPTIONS:
            value = cleaned.get(assumption.field)
            if value is None:
                continue
            if value < 0:
                errors[assumption.field] = _("“%(name)s” cannot be negative.") % {
                    "name": assumption.label
                }
            elif assumption.unit == "%" and value > HUNDRED:
                errors[assumption.field] = _("“%(name)s” cannot be more than 100 %%.") % {
                    "name": assumption.label
                }
        if errors:
            raise ValidationError(errors)
        return cleaned


def assumption_defaults(period: Period) -> dict[str, PolicyParameter | None]:
    """The recorded value of each assumption in force on the period's last day."""
    defaults = {}
    with policy_snapshot():
        for assumption in ASSUMPTIONS:
            try:
                defaults[assumption.field] = policy_parameter(assumption.key, period.last_day)
            except MissingPolicyParameter:
                defaults[assumption.field] = None
    return defaults


def read_assumptions(data, period: Period) -> tuple[list[Used], AssumptionsForm]:
    """The assumptions the balance uses — the recorded ones, or those the address changes — and
    the bound form. A value out of its sensible range leaves the form with an error naming that
    assumption, and the balance on the recorded values."""
    defaults = assumption_defaults(period)
    form = AssumptionsForm(
        {name: data[name] for name in data if name in ASSUMPTION_LABELS},
        {name: row.value if row else None for name, row in defaults.items()},
    )
    valid = form.is_valid()
    used = []
    for assumption in ASSUMPTIONS:
        given = form.cleaned_data.get(assumption.field) if valid else None
        default = defaults[assumption.field]
        value = given if given is not None else (default.value if default else None)
        used.append(Used(assumption, value, default))
    return used, form


def changed_assumptions(used: list[Used]) -> dict[str, str]:
    """The assumptions that differ from the recorded ones, as the address carries them."""
    return {
        row.assumption.field: str(row.value)
        for row in used
        if row.value is not None and row.changed
    }


# --- The public balance: figures ---------------------------------------------------------------


@dataclass
class Balance:
    people: int
    person_months: Decimal
    wages: Decimal
    employee_social: Decimal
    health: Decimal
    income_tax: Decimal
    employer_social: Decimal
    subsidies: Decimal
    places: Decimal
    benefits: Decimal
    allowance: Decimal | None  # the average monthly allowance they were paid in the workshop
    missing: list[str]  # assumptions with no value: nothing is computed without them

    @property
    def taxes(self) -> Decimal:
        return self.employee_social + self.health + self.income_tax + self.employer_social

    @property
    def total(self) -> Decimal:
        return self.taxes - self.subsidies + self.places + self.benefits

    @property
    def take_home(self) -> Decimal:
        return self.wages - self.employee_social - self.health - self.income_tax

    def monthly(self, value: Decimal) -> Decimal | None:
        if not self.person_months:
            return None
        return cents(value / self.person_months)


def job_month_taxes(gross: Decimal, rates: dict) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """One month's pay from one job: the employee's social contributions, health insurance,
    the income tax advance (its base and the tax in whole złoty, as payroll rounds them) and the
    employer's contributions."""
    employee = cents(gross * rates["employee_social"] / HUNDRED)
    health = cents((gross - employee) * rates["health"] / HUNDRED)
    base = max(Decimal(0), (gross - employee - rates["tax_costs"]).quantize(ZLOTY, ROUND_HALF_UP))
    tax = max(
        Decimal(0),
        (base * rates["income_tax"] / HUNDRED - rates["tax_reduction"]).quantize(
            ZLOTY, ROUND_HALF_UP
        ),
    )
    employer = cents(gross * rates["employer_social"] / HUNDRED)
    return employee, health, tax, employer


def balance(territory: Territory, period: Period, used: list[Used]) -> Balance:
    """The balance of ``period`` in ``territory``; a fixed number of queries (jobs, their
    disability facts, the allowances, the policy table)."""
    rates = {row.assumption.field: row.value for row in used}
    missing = [row.assumption.label for row in used if row.value is None]
    jobs = balance_jobs(territory.code, period.first_day, period.last_day)
    counted = balances(jobs, [territory.code], [(period, rates)], lambda _code: [territory.code])
    return replace(counted[(territory.code, period.key)], missing=missing)


def recorded_rates(period: Period) -> dict[str, Decimal | None]:
    """The assumptions' recorded values in force on the period's last day, by field."""
    return {
        name: (default.value if default else None)
        for name, default in assumption_defaults(period).items()
    }


def all_balances(tree, years: range) -> tuple[dict[tuple[str, str], Balance], dict[str, dict]]:
    """``balance`` at the recorded assumptions of every unit of ``tree`` and every period of
    ``years``, keyed by the unit's code and the period's key, and the assumptions' values of each
    period: the jobs, facts and allowances read once for the voivodeship and every figure added
    up exactly as ``balance`` adds it for one unit and period, so the two agree to the grosz.
    (``missing`` is left empty: its labels are in the reader's language.)"""
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    with policy_snapshot():
        plan = [(period, recorded_rates(period)) for year in years for period in year_periods(year)]
    jobs = balance_jobs(tree.root.code, first, last)
    counted = balances(jobs, list(tree.units), plan, tree.chain)
    return counted, {period.key: rates for period, rates in plan}


def balances(jobs: list[dict], units, plan, units_of) -> dict[tuple[str, str], Balance]:
    """The balance of every unit of ``units`` in every period of ``plan`` (each with the rates it
    is counted at) from ``jobs`` (``balance_jobs``); ``units_of``: the units a job's territory
    code counts in. Each figure of a unit and period is added up in one order — people by their
    key, jobs by their key, months in order — whatever else is counted beside it."""
    months_in = {period.key: _months(period) for period, _rates in plan}
    periods_of_month = defaultdict(list)
    for period, rates in plan:
        missing = any(value is None for value in rates.values())
        for month in months_in[period.key]:
            periods_of_month[month].append((period, rates, missing))
    people = defaultdict(set)
    person_days = defaultdict(int)
    person_months = defaultdict(Decimal)
    for (person, code), items in sorted(work_spans(jobs).items()):
        targets = units_of(code)
        for period, _rates in plan:
            days = days_within(items, period.first_day, period.last_day)
            if not days or not targets:
                continue
            months = Decimal(0)
            for month in months_in[period.key]:
                month_last = dates.last_day_of_month(month)
                months += Decimal(days_within(items, month, month_last)) / Decimal(month_last.day)
            for unit in targets:
                people[(unit, period.key)].add(person)
                person_days[(unit, period.key)] += days
                person_months[(unit, period.key)] += months
    figures = defaultdict(lambda: defaultdict(Decimal))
    employments = {
        job.pk: job
        for job in Employment.objects.filter(pk__in=[job["pk"] for job in jobs]).order_by()
    }
    facts = facts_by_employment(list(employments))
    taxes_of = {}  # (gross, the period's rates) -> the taxes on one month's pay
    with policy_snapshot():
        for job in jobs:
            targets = units_of(job["code"])
            if targets:
                _add_job(
                    figures, job, employments[job["pk"]], facts, periods_of_month, targets, taxes_of
                )
    allowances = _allowances(set().union(*people.values()) if people else set())
    counted = {}
    for unit in units:
        for period, rates in plan:
            key = (unit, period.key)
            added = figures.get(key, {})
            extra = {}
            if not any(value is None for value in rates.values()):
                year_days = Decimal(366 if calendar.isleap(period.year) else 365)
                extra = {
                    "places": cents(
                        Decimal(person_days.get(key, 0)) * rates["place_amount"] / year_days
                    ),
                    "benefits": cents(person_months.get(key, Decimal(0)) * rates["benefit_saved"]),
                }
            paid = [allowances[person] for person in people.get(key, ()) if person in allowances]
            total = sum((amount for amount, _count in paid), Decimal(0))
            count = sum(payments for _amount, payments in paid)
            counted[key] = Balance(
                people=len(people.get(key, ())),
                person_months=person_months.get(key, Decimal(0)),
                wages=added.get("wages", Decimal(0)),
                employee_social=added.get("employee_social", Decimal(0)),
                health=added.get("health", Decimal(0)),
                income_tax=added.get("income_tax", Decimal(0)),
                employer_social=added.get("employer_social", Decimal(0)),
                subsidies=cents(added.get("subsidies", Decimal(0))),
                places=extra.get("places", Decimal(0)),
                benefits=extra.get("benefits", Decimal(0)),
                allowance=cents(total / count) if count else None,
                missing=[],
            )
    return counted


def _allowances(people: set) -> dict[int, tuple[Decimal, int]]:
    """Each person's allowance payments in the workshops: their sum and how many. Summed as
    decimals, so the average is the same on every database."""
    if not people:
        return {}
    return {
        row["enrolment__person"]: (row["total"], row["count"])
        for row in AllowancePayment.objects.filter(enrolment__person__in=people)
        .values("enrolment__person")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
    }


def _months(period: Period) -> list[datetime.date]:
    return [datetime.date(period.year, month, 1) for month in period.months]


def _add_job(figures, job: dict, employment, facts, periods_of_month, units, taxes_of) -> None:
    """One job's months: its pay for the days that count (a month worked in part in proportion
    to its days), the taxes on it at each period's rates and the wage subsidy the employer can
    expect (EMP-08, in the same proportion), added to every period and unit it counts in."""
    for month, periods in periods_of_month.items():
        month_last = dates.last_day_of_month(month)
        span = counted_span(job, month, month_last)
        if span is None:
            continue
        share = Decimal((span[1] - span[0]).days + 1) / Decimal(month_last.day)
        gross = cents(job["monthly_wage"] * share)
        subsidy = expected_subsidy(employment, month, facts.get(job["pk"], []))
        for period, rates, missing in periods:
            taxes = None
            if not missing:
                cached = (gross, period.key)
                if cached not in taxes_of:
                    taxes_of[cached] = job_month_taxes(gross, rates)
                taxes = taxes_of[cached]
            for unit in units:
                added = figures[(unit, period.key)]
                added["wages"] += gross
                if taxes:
                    employee, health, tax, employer = taxes
                    added["employee_social"] += employee
                    added["health"] += health
                    added["income_tax"] += tax
                    added["employer_social"] += employer
                if subsidy:
                    added["subsidies"] += subsidy * share


def not_counted() -> list[str]:
    """What the balance leaves out, said on the page and in the export."""
    return [
        _("VAT and corporate income tax on the cooperatives' sales."),
        _(
            "The cost of the support that made the move possible (job coaches, trainings, the "
            "workshop's own work)."
        ),
        _(
            "Wage subsidies of employers that keep no records here: only subsidies expected "
            "from the disability facts an employer holds are subtracted."
        ),
        _(
            "Benefits the people kept or lost: no records of them are held, so they count only "
            "as the assumption above says."
        ),
        _("Self-employment and other forms of work; civil-law contracts count like employment."),
        _("Health, independence and a life of one's own, which have no price."),
    ]
