"""The indicators of the path, counted for every territory of a voivodeship and every fixed
period of a year (flows) or for every day asked (stocks), then protected as one block.

docs/REPORTS.md defines each figure: what counts, which date decides the period and which
territory a figure belongs to. In short, a person's figures belong to the gmina they live in (or,
where no residence is recorded, to the seat of the workshop, employer, host or organiser the record
names); a freed place belongs to its workshop's seat; a cooperative's workforce to its seat.

The database reads the events of the years asked with their month, territory (TERYT code) and
person, so that each figure knows how many different people it is about; the sums over gminas,
powiats, quarters and the year are added up here, so that every published figure is exactly the
sum an attacker would compute, and protected with it (``suppression``).
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections
from django.db.models import (
    Aggregate,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext

from common import dates
from coop.models import PersonMembership, SocialStatus
from coop.statuses import SOCIAL_COOPERATIVES_ACT, Status, StatusBook
from employment.models import DisabilityFacts, Employment, Placement
from employment.rules import continuous_employment
from organisations.models import Territory
from organisations.policy import Key, policy_int
from participants.models import Enrolment, Vacancy
from paths.services import PRECEDENCE
from reports.periods import Period, year_periods
from reports.stages import (
    entries_with_closing,
    is_open_on,
    people_in,
    stage_counts,
    stage_counts_by_paths,
)
from reports.suppression import SHOWN, Cell, exact_sums, protect
from reports.suppression import Sum as Relation

WORK = Enrolment.ExitReason
EXIT_GROUPS = {
    "exits.work": (
        WORK.WORK_OPEN_MARKET,
        WORK.WORK_SOCIAL_COOPERATIVE,
        WORK.WORK_ZAZ,
        WORK.WORK_ZPCHR,
        WORK.SELF_EMPLOYMENT,
    ),
    "exits.support": (WORK.SUPPORT_CENTRE, WORK.CARE_HOME),
    "exits.health": (WORK.HEALTH, WORK.DEATH),
    "exits.personal": (WORK.RESIGNATION, WORK.MOVED),
    "exits.rules": (WORK.CERTIFICATE_EXPIRED, WORK.REMOVED),
    "exits.other": (WORK.OTHER,),
}
WORK_EMPLOYERS = {
    "exits.work.cooperative": (WORK.WORK_SOCIAL_COOPERATIVE,),
    "exits.work.open": (WORK.WORK_OPEN_MARKET, WORK.SELF_EMPLOYMENT),
    "exits.work.sheltered": (WORK.WORK_ZAZ, WORK.WORK_ZPCHR),
}
PLACEMENT_KINDS = tuple(Placement.Kind.values)
RETENTION_MONTHS = (3, 6, 12)
LED_TO_JOB_MONTHS = 6
STAGES = tuple(stage.value for stage in reversed(PRECEDENCE))

# The exact sums of the published tables: a total and the parts that add up to it.
FLOW_SUMS = {
    "exits": tuple(EXIT_GROUPS),
    "exits.work": tuple(WORK_EMPLOYERS),
    "placements.started": tuple(f"placements.{kind}.started" for kind in PLACEMENT_KINDS),
    "placements.ended": tuple(f"placements.{kind}.ended" for kind in PLACEMENT_KINDS),
    "placements.completed": tuple(f"placements.{kind}.completed" for kind in PLACEMENT_KINDS),
    "placements.hours": tuple(f"placements.{kind}.hours" for kind in PLACEMENT_KINDS),
    "placements.led_to_job": tuple(f"placements.{kind}.led_to_job" for kind in PLACEMENT_KINDS),
}
# Up to this many days a query per day counts the stages; beyond, reading everyone's path once
# is faster (the stored figures' hundred-odd days).
DAYS_COUNTED_IN_SQL = 20
STOCK_SUMS = {"stages": tuple(f"stage.{stage}" for stage in STAGES)}

FLOWS = (
    "admissions",
    "exits",
    *EXIT_GROUPS,
    *WORK_EMPLOYERS,
    "person_days",
    "refills.after_work",
    "first_jobs",
    *(f"retention.{months}.{what}" for months in RETENTION_MONTHS for what in ("reached", "held")),
    *(f"placements.{what}" for what in ("started", "ended", "completed", "hours", "led_to_job")),
    *(
        f"placements.{kind}.{what}"
        for kind in PLACEMENT_KINDS
        for what in ("started", "ended", "completed", "hours", "led_to_job")
    ),
    "balance.person_days",
)
STOCKS = (
    "participants",
    "reserve",
    "stages",
    *STOCK_SUMS["stages"],
    "coop.headcount",
    "coop.fte",
    "coop.disabled",
    "coop.disadvantaged",
    "coop.members",
)
# Flows known only some months after their event: unpublished until that many months have passed
# since the period ended (retention is counted on the day its mark is reached, so it is known as
# soon as the period ends).
MEASURED_AFTER = {
    "placements.led_to_job": LED_TO_JOB_MONTHS,
    **{f"placements.{kind}.led_to_job": LED_TO_JOB_MONTHS for kind in PLACEMENT_KINDS},
}


def published_on(indicator: str, period: Period) -> datetime.date:
    """The first day a figure of ``period`` may be shown: the day after the period, or after the
    months it takes to be known."""
    return dates.add_months(period.last_day, MEASURED_AFTER.get(indicator, 0)) + dates.ONE_DAY


@dataclass
class Tree:
    """A voivodeship's territories by TERYT code; a figure counts in its unit and every unit
    above it."""

    root: Territory
    units: dict[str, Territory] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, root: Territory) -> "Tree":
        tree = cls(root)
        for unit in Territory.objects.filter(code__startswith=root.code).order_by("code"):
            tree.units[unit.code] = unit
            if unit.code != root.code:
                tree.children[unit.code[: 2 if len(unit.code) == 4 else 4]].append(unit.code)
        return tree

    def chain(self, code: str | None) -> list[str]:
        """The unit with ``code`` and the units above it (nothing for a code outside the tree)."""
        if not code or code not in self.units:
            return []
        return [prefix for prefix in {code, code[:4], code[:2]} if prefix in self.units]


def country() -> Territory:
    """Poland, above the voivodeships: not a TERYT unit and never stored. Its code is the empty
    prefix that every territory's code starts with, so what counts a territory by the prefix of
    its code counts the whole country for it."""
    return Territory(code="", name=gettext("Poland"), level="country")


class CountryTree(Tree):
    """The country as one unit: every record with a territory counts in it."""

    @classmethod
    def read(cls) -> "CountryTree":
        whole = country()
        return cls(whole, units={"": whole})

    def chain(self, code: str | None) -> list[str]:
        return [""] if code else []


@dataclass
class Block:
    """Every figure of one protection block, with its status (``suppression``)."""

    cells: dict
    status: dict

    def get(self, key) -> tuple:
        return self.cells.get(key, Cell()), self.status.get(key, SHOWN)


def _where(*fields: str):
    return Coalesce(*fields)


def _month_rows(queryset, territory_expr, date_field: str, prefix: str, years: range):
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    return (
        queryset.annotate(code=territory_expr, month=TruncMonth(date_field))
        .filter(code__startswith=prefix, **{f"{date_field}__range": (first, last)})
        .values("code", "month")
    )


def flow_blocks(tree: Tree, years: range, today: datetime.date, threshold: int) -> dict:
    """The flow figures of ``years`` (each year a block), every territory and every period."""
    prefix = tree.root.code
    per_month: dict = defaultdict(Cell)  # (indicator, leaf code, year, month) -> cell

    def add(indicator, code, day, person, value=1):
        """One event of ``person``: a figure counts the events, and is protected by how many
        different people they are (one person's five practices are one person's)."""
        if code and day and years[0] <= day.year <= years[-1]:
            per_month[(indicator, code, day.year, day.month)].add(value, {person})

    enrolment_where = _where("person__residence__code", "workshop__territory__code")
    admissions = _month_rows(Enrolment.objects.all(), enrolment_where, "admitted_on", prefix, years)
    for code, month, person in admissions.values_list("code", "month", "person"):
        add("admissions", code, month, person)
    exits = _month_rows(Enrolment.objects.all(), enrolment_where, "exited_on", prefix, years)
    for code, month, reason, person in exits.values_list("code", "month", "exit_reason", "person"):
        add("exits", code, month, person)
        for group, reasons in (*EXIT_GROUPS.items(), *WORK_EMPLOYERS.items()):
            if reason in reasons:
                add(group, code, month, person)
    vacancies = Vacancy.objects.filter(freed_by__exit_reason__in=Enrolment.WORK_REASONS)
    refills = _month_rows(vacancies, F("workshop__territory__code"), "filled_on", prefix, years)
    for code, month, person in refills.values_list("code", "month", "filled_by__person"):
        add("refills.after_work", code, month, person)
    for job in first_jobs(prefix, years):
        add("first_jobs", job["code"], job["starts_on"], job["person"])
    for job in _jobs(prefix):
        for months in RETENTION_MONTHS:
            mark = dates.add_months(job.start, months)
            add(f"retention.{months}.reached", job.code, mark, job.person)
            if job.end is None or job.end >= mark:
                add(f"retention.{months}.held", job.code, mark, job.person)
    for placement in _placements(prefix, years):
        kind, last, person = placement["kind"], placement["last"], placement["person"]
        add(f"placements.{kind}.started", placement["code"], placement["starts_on"], person)
        add(f"placements.{kind}.ended", placement["code"], last, person)
        hours = (
            placement["weekly_hours"] * ((last - placement["starts_on"]).days + 1) / 7
        ).quantize(Decimal("0.1"))
        add(f"placements.{kind}.hours", placement["code"], last, person, hours)
        if placement["outcome"] in (Placement.Outcome.COMPLETED, Placement.Outcome.HIRED):
            add(f"placements.{kind}.completed", placement["code"], last, person)
        if placement["hired_on"] and placement["hired_on"] <= dates.add_months(
            last, LED_TO_JOB_MONTHS
        ):
            add(f"placements.{kind}.led_to_job", placement["code"], last, person)
    for (indicator, code, year, month), cell in list(per_month.items()):
        kind_total = _placement_total(indicator)
        if kind_total:
            per_month[(kind_total, code, year, month)].add(cell.value, cell.people)

    blocks = {}
    for year in years:
        cells: dict = {}
        release: dict = {}  # cell -> the day it is first shown
        periods = year_periods(year)
        for indicator in FLOWS:
            for period in periods:
                day = published_on(indicator, period)
                if day <= today:
                    for code in tree.units:
                        cells[(indicator, code, period.key)] = Cell()
                        release[(indicator, code, period.key)] = day
        for (indicator, code, y, month), cell in per_month.items():
            if y != year:
                continue
            month_period = Period(year, "month", month)
            for period in (month_period, month_period.parent, month_period.parent.parent):
                for unit in tree.chain(code):
                    key = (indicator, unit, period.key)
                    if key in cells:
                        cells[key].add(cell.value, cell.people)
        _person_days(cells, tree, year, periods)
        _work_days(cells, tree, year, periods)
        sums = _sums(tree, FLOW_SUMS, [p.key for p in periods], flows=periods)
        blocks[year] = Block(cells, protect_as_released(cells, sums, threshold, release))
    return blocks


def protect_as_released(cells: dict, sums, threshold: int, release: dict) -> dict:
    """Protection replayed in the order the figures came out: what was shown on an earlier day
    stays shown, what was hidden stays hidden, and each release hides only among its own new
    figures — so today's page never hides a figure an earlier page showed."""
    status: dict = {}
    by_day = defaultdict(list)  # each sum applies from the day its last member comes out
    for relation in exact_sums(cells, sums):
        by_day[max(release[key] for key in relation.members)].append(relation)
    exact = []
    for day in sorted(set(release.values())):
        released = {key: cell for key, cell in cells.items() if release[key] <= day}
        exact += by_day[day]
        status = protect(released, sums, threshold, fixed=status, exact=exact)
    return status


def _placement_total(indicator: str) -> str | None:
    parts = indicator.split(".")
    if len(parts) == 3 and parts[0] == "placements" and parts[1] in PLACEMENT_KINDS:
        return f"placements.{parts[2]}"
    return None


def _person_days(cells: dict, tree: Tree, year: int, periods) -> None:
    """Days of participation in each period, and how many participations they come from."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    stays = (
        Enrolment.objects.annotate(
            code=_where("person__residence__code", "workshop__territory__code")
        )
        .filter(code__startswith=tree.root.code, admitted_on__lte=last)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))
        .values_list("code", "admitted_on", "exited_on", "person")
    )
    published = [
        period for period in periods if ("person_days", tree.root.code, period.key) in cells
    ]
    for code, admitted_on, exited_on, person in stays:
        for period in published:
            start = max(admitted_on, period.first_day)
            end = min(exited_on or period.last_day, period.last_day)
            if end >= start:
                for unit in tree.chain(code):
                    cells[("person_days", unit, period.key)].add((end - start).days + 1, {person})


def _work_days(cells: dict, tree: Tree, year: int, periods) -> None:
    """Days of paid work of the people who came from the workshops (``balance_jobs``): the base
    every money figure of the public balance is shown on, and protected by."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    published = [
        period for period in periods if ("balance.person_days", tree.root.code, period.key) in cells
    ]
    for (person, code), spans in work_spans(balance_jobs(tree.root.code, first, last)).items():
        for period in published:
            days = days_within(spans, period.first_day, period.last_day)
            if days:
                for unit in tree.chain(code):
                    cells[("balance.person_days", unit, period.key)].add(days, {person})


BALANCE_CONTRACTS = (
    Employment.ContractType.EMPLOYMENT,
    Employment.ContractType.COOPERATIVE_EMPLOYMENT,
    Employment.ContractType.CIVIL_LAW,
)


def balance_jobs(prefix: str, first: datetime.date, last: datetime.date) -> list[dict]:
    """The paid jobs (employment, cooperative employment or civil-law contracts) held between
    ``first`` and ``last`` by people who had left a workshop for paid work, with ``came_on``:
    the day of their first exit to work; a job counts from the day after it."""
    came = (
        Enrolment.objects.filter(person=OuterRef("person"), exit_reason__in=Enrolment.WORK_REASONS)
        .order_by("exited_on")
        .values("exited_on")[:1]
    )
    return list(
        Employment.objects.annotate(
            code=_where("person__residence__code", "employer__territory__code"),
            came_on=Subquery(came),
        )
        .filter(
            code__startswith=prefix,
            came_on__lt=last,
            contract_type__in=BALANCE_CONTRACTS,
            starts_on__lte=last,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first))
        .values(
            "pk",
            "person",
            "code",
            "came_on",
            "starts_on",
            "ends_on",
            "monthly_wage",
            "fte",
            "contract_type",
        )
        .order_by("pk")
    )


def counted_span(job: dict, first: datetime.date, last: datetime.date):
    """The days of ``job`` between ``first`` and ``last`` that count for the balance, or None."""
    start = max(job["starts_on"], job["came_on"] + dates.ONE_DAY, first)
    end = min(job["ends_on"] or last, last)
    return (start, end) if start <= end else None


def work_spans(jobs: list[dict]) -> dict:
    """Each person's counted days (per territory they count in) as disjoint spans: two jobs on
    the same day are one day of work."""
    spans = defaultdict(list)
    for job in jobs:
        span = counted_span(job, datetime.date.min, datetime.date.max)
        if span:
            spans[(job["person"], job["code"])].append(span)
    merged = {}
    for key, items in spans.items():
        items.sort()
        joined = [list(items[0])]
        for start, end in items[1:]:
            if start <= joined[-1][1] + dates.ONE_DAY:
                joined[-1][1] = max(joined[-1][1], end)
            else:
                joined.append([start, end])
        merged[key] = [tuple(span) for span in joined]
    return merged


def days_within(spans, first: datetime.date, last: datetime.date) -> int:
    return sum(max(0, (min(end, last) - max(start, first)).days + 1) for start, end in spans)


def _sums(tree: Tree, table_sums: dict, keys, *, flows=None) -> list[Relation]:
    """Every exact sum of the block: table parts, units under their parent, periods in theirs."""
    indicators = FLOWS if flows else STOCKS
    relations = []
    for key in keys:
        for code in tree.units:
            for total, parts in table_sums.items():
                relations.append(
                    Relation((total, code, key), tuple((part, code, key) for part in parts))
                )
        for indicator in indicators:
            for parent, children in tree.children.items():
                relations.append(
                    Relation(
                        (indicator, parent, key),
                        tuple((indicator, child, key) for child in children),
                        total_first=len(parent) == 2,
                    )
                )
    if flows:
        for indicator in indicators:
            for code in tree.units:
                for period in flows:
                    if period.children:
                        relations.append(
                            Relation(
                                (indicator, code, period.key),
                                tuple((indicator, code, child.key) for child in period.children),
                            )
                        )
    return relations


def first_jobs(prefix: str, years: range) -> list[dict]:
    """People whose first paid job started in ``years``, with their first admission."""
    first_job = (
        Employment.objects.filter(person=OuterRef("person"))
        .order_by("starts_on")
        .values("starts_on")[:1]
    )
    first_admission = (
        Enrolment.objects.filter(person=OuterRef("person"))
        .order_by("admitted_on")
        .values("admitted_on")[:1]
    )
    return list(
        Employment.objects.annotate(
            code=_where("person__residence__code", "employer__territory__code"),
            first=Subquery(first_job),
            admitted_on=Subquery(first_admission),
        )
        .filter(
            code__startswith=prefix,
            starts_on=F("first"),
            starts_on__year__gte=years[0],
            starts_on__year__lte=years[-1],
        )
        .values("person", "code", "starts_on", "admitted_on")
        .distinct()
    )


@dataclass(frozen=True)
class Job:
    code: str
    person: int
    start: datetime.date
    end: datetime.date | None


def _jobs(prefix: str) -> list[Job]:
    """Each unbroken employment once (``continuous_employment``): its start and its end."""
    rows = list(
        Employment.objects.annotate(
            code=_where("person__residence__code", "employer__territory__code")
        ).filter(code__startswith=prefix)
    )
    by_person = defaultdict(list)
    for job in rows:
        by_person[job.person_id].append(job)
    chains = {}
    for job in rows:
        start, end = continuous_employment(job, by_person[job.person_id])
        # A contract of another kind joins the employment it runs into, but not the other way
        # round: the two readings share their end, and the earlier start is the employment's.
        key = (job.person_id, job.employer_id, end)
        if key not in chains or start < chains[key].start:
            chains[key] = Job(job.code, job.person_id, start, end)
    return list(chains.values())


def _placements(prefix: str, years: range) -> list[dict]:
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    hired = Employment.objects.filter(
        person=OuterRef("person"), starts_on__gt=OuterRef("last")
    ).order_by("starts_on")
    return list(
        Placement.objects.annotate(
            code=_where("person__residence__code", "host__territory__code"),
            last=Coalesce("ended_on", "extended_until", "ends_on"),
        )
        .annotate(hired_on=Subquery(hired.values("starts_on")[:1]))
        .filter(code__startswith=prefix)
        .filter(Q(starts_on__range=(first, last)) | Q(last__range=(first, last)))
        .values(
            "kind", "person", "code", "starts_on", "last", "weekly_hours", "outcome", "hired_on"
        )
    )


def stock_blocks(tree: Tree, days: list[datetime.date], today: datetime.date, threshold: int):
    """The stock figures on each of ``days`` (each day a block), for every territory."""
    prefix = tree.root.code
    per_day: dict = defaultdict(Cell)

    def add(indicator, code, day, value=1, people=(), others=0):
        if code:
            per_day[(indicator, code, day)].add(value, people, others)

    first, last = min(days), max(days)
    participations = (
        Enrolment.objects.annotate(
            code=_where("person__residence__code", "workshop__territory__code")
        )
        .filter(code__startswith=prefix, admitted_on__lte=last)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first))
        .values_list("code", "person", "admitted_on", "exited_on")
    )
    for code, person, admitted_on, exited_on in participations:
        for day in days:
            if admitted_on <= day and (exited_on is None or exited_on >= day):
                add("participants", code, day, 0, {person})
    applications = (
        entries_with_closing()
        .annotate(code=_where("person__residence__code", "organiser__territory__code"))
        .filter(code__startswith=prefix, approved_on__lte=last)
        .filter(Q(closed__isnull=True) | Q(closed__gte=first))
        .values_list("code", "person", "approved_on", "status", "closed")
    )
    for code, person, approved_on, status, closed in applications:
        for day in days:
            if approved_on <= day and is_open_on(status, closed, day):
                add("reserve", code, day, 0, {person})
    for cell_key, cell in per_day.items():
        if cell_key[0] in ("participants", "reserve"):
            cell.value = cell.persons  # people, each once, whatever their applications
    _stages(add, prefix, days, today)
    _cooperatives(add, prefix, days)

    blocks = {}
    for day in days:
        cells = {
            (indicator, code, day.isoformat()): Cell()
            for indicator in STOCKS
            for code in tree.units
        }
        for (indicator, code, d), cell in per_day.items():
            if d == day:
                for unit in tree.chain(code):
                    cells[(indicator, unit, day.isoformat())].add(
                        cell.value, cell.people, cell.others
                    )
        sums = _sums(tree, STOCK_SUMS, [day.isoformat()])
        blocks[day] = Block(cells, protect(cells, sums, threshold))
    return blocks


def _stages(add, prefix: str, days, today: datetime.date) -> None:
    count = stage_counts if len(days) <= DAYS_COUNTED_IN_SQL else stage_counts_by_paths
    counts = count(people_in(prefix), days, today)
    for (stage, code, day), n in counts.items():  # each person once, with one headline
        add(f"stage.{stage}", code, day, n, others=n)
        add("stages", code, day, n, others=n)


def _cooperatives(add, prefix: str, days) -> None:
    """The cooperatives' workforce on each day: people employed, their FTE, and how many of them
    are disabled (the employer's own disability facts) or from the groups the social
    cooperatives act counts (statuses the cooperative keeps evidence of, or a disability)."""
    jobs = list(
        Employment.objects.filter(
            cooperative__isnull=False,
            cooperative__organisation__territory__code__startswith=prefix,
        )
        .annotate(seat=F("cooperative__organisation__territory__code"))
        .values("pk", "person", "fte", "starts_on", "ends_on", "seat")
    )
    person_of_job = {job["pk"]: job["person"] for job in jobs}
    facts = defaultdict(lambda: defaultdict(list))
    for fact in DisabilityFacts.objects.filter(employment__in=[job["pk"] for job in jobs]):
        facts[person_of_job[fact.employment_id]][fact.employment_id].append(fact)
    book = StatusBook(
        SocialStatus.objects.filter(cooperative__organisation__territory__code__startswith=prefix),
        {person: list(by_job.values()) for person, by_job in facts.items()},
    )
    for day in days:
        workers = defaultdict(Decimal)  # (person, seat) -> FTE
        for job in jobs:
            if job["starts_on"] <= day and (job["ends_on"] is None or job["ends_on"] >= day):
                workers[(job["person"], job["seat"])] += job["fte"]
        for (person, code), fte in workers.items():
            held = book.held_on(person, day)
            add("coop.headcount", code, day, 1, {person})
            add("coop.fte", code, day, fte, {person})  # protected as the people it adds up
            if Status.DISABLED in held:
                add("coop.disabled", code, day, 1, {person})
            if SOCIAL_COOPERATIVES_ACT.counts & held:
                add("coop.disadvantaged", code, day, 1, {person})
    members = PersonMembership.objects.filter(
        cooperative__organisation__territory__code__startswith=prefix
    ).values_list("person", "starts_on", "ends_on", "cooperative__organisation__territory__code")
    for person, starts_on, ends_on, code in members:
        for day in days:
            if starts_on <= day and (ends_on is None or ends_on >= day):
                add("coop.members", code, day, 1, {person})


class DaysBetween(Func):
    """Days from ``start`` to ``end``: a date difference in the database's own arithmetic."""

    output_field = IntegerField()
    arg_joiner = " - "
    template = "(%(expressions)s)"

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        sql = f"CAST(julianday({end[0]}) - julianday({start[0]}) AS INTEGER)"
        return sql, (*end[1], *start[1])


class Median(Aggregate):
    """PostgreSQL's continuous median (the mean of the middle two of an even count)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def median_of(queryset, expression) -> tuple:
    """The median of ``expression`` over ``queryset`` and how many values it is taken over: in
    PostgreSQL by ``PERCENTILE_CONT``; SQLite has no percentile, so there the values are read
    and the median taken here. One query either way."""
    if connections[queryset.db].vendor == "postgresql":
        result = queryset.aggregate(median=Median(expression), count=Count("pk"))
        return (result["median"], result["count"])
    return _median(list(queryset.annotate(days=expression).values_list("days", flat=True)))


MEDIANS = ("stay_months", "wait_days", "refill_days", "months_to_job")
DAYS_IN_MONTH = Decimal("30.4375")  # a stay's median in days, told in average months


def _median_sources(prefix: str, first: datetime.date, last: datetime.date) -> dict:
    """What each median is taken over in the units under ``prefix`` between ``first`` and
    ``last``: a queryset and the date field that places a row in a period (the first jobs are
    read apart, ``first_jobs``)."""
    enrolments = Enrolment.objects.annotate(
        code=_where("person__residence__code", "workshop__territory__code")
    ).filter(code__startswith=prefix)
    return {
        "stay_months": (
            enrolments.filter(exited_on__range=(first, last)),
            DaysBetween("exited_on", "admitted_on"),
            "exited_on",
        ),
        "wait_days": (
            enrolments.filter(
                admitted_on__range=(first, last), application__approved_on__isnull=False
            ),
            DaysBetween("admitted_on", "application__approved_on"),
            "admitted_on",
        ),
        "refill_days": (
            Vacancy.objects.annotate(code=F("workshop__territory__code")).filter(
                freed_by__exit_reason__in=Enrolment.WORK_REASONS,
                code__startswith=prefix,
                filled_on__range=(first, last),
            ),
            DaysBetween("filled_on", "freed_by__exited_on"),
            "filled_on",
        ),
    }


def _months_to_job(job) -> int | None:
    """Whole months from the first admission to the first job, as the law counts them
    (``common.dates``), which no database's arithmetic does."""
    if job["admitted_on"] and job["admitted_on"] <= job["starts_on"]:
        return dates.whole_months(job["admitted_on"], job["starts_on"])
    return None


def _in_months(days) -> Decimal | None:
    return None if days is None else Decimal(str(days)) / DAYS_IN_MONTH


def medians(territory: Territory, period: Period) -> dict[str, tuple[Decimal | None, int]]:
    """The medians of ``period`` in ``territory`` (each with how many values it is taken over):
    not sums, so nothing can be subtracted from them; hidden when taken over too few people."""
    first, last = period.first_day, period.last_day
    taken = {
        name: median_of(queryset, expression)
        for name, (queryset, expression, _day) in _median_sources(
            territory.code, first, last
        ).items()
    }
    to_work = [
        months
        for job in first_jobs(territory.code, range(period.year, period.year + 1))
        if first <= job["starts_on"] <= last and (months := _months_to_job(job)) is not None
    ]
    stay_days, stays = taken["stay_months"]
    return {
        "stay_months": (_in_months(stay_days), stays),
        "wait_days": taken["wait_days"],
        "refill_days": taken["refill_days"],
        "months_to_job": _median(to_work),
    }


def all_medians(tree: Tree, years: range) -> dict[tuple[str, str], dict]:
    """``medians`` of every unit of ``tree`` and every period of ``years``, keyed by the unit's
    code and the period's key: the values are read once for the whole voivodeship (four
    queries) and the medians taken here, each over the same values the database takes it over
    for one unit and period — so they agree with ``medians`` exactly."""
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    periods = {year: year_periods(year) for year in years}
    values = defaultdict(lambda: defaultdict(list))  # (unit, period key) -> name -> values

    def add(name, code, day, value):
        for unit in tree.chain(code):
            for period in periods[day.year]:
                if period.first_day <= day <= period.last_day:
                    values[(unit, period.key)][name].append(value)

    for name, (queryset, expression, day) in _median_sources(tree.root.code, first, last).items():
        for code, on, value in queryset.annotate(value=expression).values_list(
            "code", day, "value"
        ):
            add(name, code, on, value)
    for job in first_jobs(tree.root.code, years):
        months = _months_to_job(job)
        if months is not None:
            add("months_to_job", job["code"], job["starts_on"], months)
    taken = {}
    for unit in tree.units:
        for year in years:
            for period in periods[year]:
                found = values.get((unit, period.key), {})
                stay_days, stays = _median(found.get("stay_months", []))
                taken[(unit, period.key)] = {
                    "stay_months": (_in_months(stay_days), stays),
                    **{name: _median(found.get(name, [])) for name in MEDIANS[1:]},
                }
    return taken


def _median(values) -> tuple:
    return (statistics.median(values) if values else None, len(values))


def minimum_cell(today: datetime.date) -> int:
    return policy_int(Key.REPORT_MIN_CELL, today)
