"""Stored figures: a voivodeship's protected blocks computed ahead, so that a dashboard of a large
instance reads a few hundred small rows instead of counting a voivodeship's whole history.

Counting a block is the same code either way (``indicators.flow_blocks`` and ``stock_blocks``):
a refresh runs it for every year since the first record and for every first and last day of a
published month, and stores each unit's figures of each period with their protection. A
dashboard whose years are all stored reads them (``read``); anything else is counted live, as a
small instance always is. So a stored dashboard is exactly the live one of the day it was stored.

Stored figures are kept in step by the services: a change of a record the reports count marks
its voivodeship changed and queues its refresh (``reports.tasks``), and the scheduler refreshes
every stored voivodeship each night, when newly ended periods are released. They are switched on
per voivodeship by ``manage.py refresh_reports`` (DEPLOYMENT.md); until then nothing is stored.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from common import dates
from organisations.models import Territory
from reports import indicators, money
from reports.indicators import Block, Tree
from reports.models import FigureRefresh, StoredFigures
from reports.suppression import SHOWN, Cell

COUNTRY = "PL"  # where the country's medians and balance are stored (``refresh_country``)
MEDIAN = "median."  # the stored medians' names: not figures of a block
BALANCE = "balance@recorded."  # the public balance at the recorded assumptions, and those
BALANCE_FIELDS = (
    "people",
    "person_months",
    "wages",
    "employee_social",
    "health",
    "income_tax",
    "employer_social",
    "subsidies",
    "places",
    "benefits",
    "allowance",
)
BATCH = 2000
STORED_YEARS = 5  # this year, the last, and the three years of quarters before the last


def first_year(today: datetime.date) -> int:
    """The first year stored: enough for a dashboard of any period of this year or the last, with
    its three years of quarters — also where the records start later (a voivodeship that joined
    lately), whose earlier years are stored as the zeros they are counted as. An older period is
    counted live."""
    return today.year - STORED_YEARS + 1


def stock_days(years: range, today: datetime.date) -> list[datetime.date]:
    """The first and last day of every month of ``years`` that has ended: the days a published
    period starts or ends on."""
    days = []
    for year in years:
        for month in range(1, 13):
            first = datetime.date(year, month, 1)
            last = dates.last_day_of_month(first)
            if last < today:
                days += [first, last]
    return days


def refresh(root: Territory, today: datetime.date) -> FigureRefresh:
    """Counts and protects every block of the voivodeship ``root`` as of ``today`` and stores it,
    replacing what was stored."""
    started = timezone.now()
    threshold = indicators.minimum_cell(today)
    tree = Tree.read(root)
    years = range(first_year(today), today.year + 1)
    flows = indicators.flow_blocks(tree, years, today, threshold)
    stocks = indicators.stock_blocks(tree, stock_days(years, today) or [today], today, threshold)
    grouped = defaultdict(dict)  # (unit, period key or day) -> {indicator: [value, status]}
    for block in (*flows.values(), *stocks.values()):
        for (indicator, unit, key), cell in block.cells.items():
            status = block.status.get((indicator, unit, key), SHOWN)
            grouped[(unit, key)][indicator] = [_stored(cell.value), status]
    _add_medians_and_balance(grouped, tree, years)
    return _store(root.code, grouped, years, today, started)


def _store(root: str, grouped: dict, years: range, today, started) -> FigureRefresh:
    with transaction.atomic():
        StoredFigures.objects.filter(root=root).delete()
        StoredFigures.objects.bulk_create(
            (
                StoredFigures(root=root, unit=unit, key=key, figures=figures)
                for (unit, key), figures in grouped.items()
            ),
            batch_size=BATCH,
        )
        stored, _created = FigureRefresh.objects.update_or_create(
            root=root,
            defaults={
                "computed_for": today,
                "first_year": years[0],
                "last_year": years[-1],
                "started_at": started,
                "finished_at": timezone.now(),
                # A change made while this refresh was counting is not in it: its own refresh,
                # queued then, clears the mark.
                "changed_at": FigureRefresh.objects.filter(root=root, changed_at__gt=started)
                .values_list("changed_at", flat=True)
                .first(),
            },
        )
    return stored


def refresh_country(today: datetime.date) -> FigureRefresh:
    """Stores what the country's dashboard cannot add up from its voivodeships' stored figures:
    the medians and the public balance of the whole country, for every period of the stored
    years (``COUNTRY``). Its figures are the voivodeships' sums (``dashboard.country_blocks``)."""
    started = timezone.now()
    tree = indicators.CountryTree.read()
    years = range(first_year(today), today.year + 1)
    grouped = defaultdict(dict)
    _add_medians_and_balance(grouped, tree, years)
    return _store(COUNTRY, grouped, years, today, started)


def read_country(period, today: datetime.date) -> "Kept | None":
    """The country's stored medians and balance of ``period`` (``refresh_country``), or None
    where they are not stored for it. Two queries."""
    stored = _serving(COUNTRY, period, range(period.year, period.year + 1), today)
    if stored is None:
        return None
    figures = (
        StoredFigures.objects.filter(root=COUNTRY, unit="", key=period.key)
        .values_list("figures", flat=True)
        .first()
    )
    if figures is None:
        return None
    medians = {
        name.removeprefix(MEDIAN): (_value(value), count)
        for name, (value, count) in figures.items()
        if name.startswith(MEDIAN)
    }
    return Kept({}, {}, medians or None, _balance(figures), stored.computed_for)


def _add_medians_and_balance(grouped: dict, tree, years: range) -> None:
    """The medians of every unit and period, as [value, how many values it is taken over], and
    the public balance at the assumptions recorded for each period, with those assumptions (a
    dashboard at other ones — a what-if, or a value recorded anew since — counts it live)."""
    for (unit, key), taken in indicators.all_medians(tree, years).items():
        for name, (value, count) in taken.items():
            grouped[(unit, key)][MEDIAN + name] = [_stored(value), count]
    balances, rates = money.all_balances(tree, years)
    for (unit, key), counted in balances.items():
        grouped[(unit, key)].update(_balance_entries(counted, rates[key]))


def _balance_entries(counted: money.Balance, rates: dict) -> dict:
    entries = {BALANCE + name: [_stored(getattr(counted, name)), None] for name in BALANCE_FIELDS}
    entries[BALANCE + "rates"] = [{name: _stored(value) for name, value in rates.items()}, None]
    return entries


def _balance(entries: dict) -> tuple[money.Balance, dict] | None:
    if BALANCE + "rates" not in entries:
        return None
    rates = {name: _value(value) for name, value in entries[BALANCE + "rates"][0].items()}
    counted = money.Balance(
        **{name: _value(entries[BALANCE + name][0]) for name in BALANCE_FIELDS}, missing=[]
    )
    return counted, rates


def _serving(root: str, period, years: range, today: datetime.date) -> FigureRefresh | None:
    """The refresh of ``root`` stored on or before ``today`` that holds ``period`` and ``years``,
    or None: figures switched off (nothing keeps them in step), never stored, a period published
    after they were stored, or a year they do not hold. One query."""
    if not settings.REPORTS_STORED_FIGURES:
        return None
    stored = FigureRefresh.objects.filter(root=root, computed_for__lte=today).first()
    if (
        stored is None
        or period.last_day >= stored.computed_for  # published after the figures were stored
        or years[0] < stored.first_year
        or years[-1] > stored.last_year
    ):
        return None
    return stored


def _stored(value):
    return str(value) if isinstance(value, Decimal) else value


def _value(stored):
    return Decimal(stored) if isinstance(stored, str) else stored


@dataclass
class Kept:
    """What a dashboard reads of the stored figures (``read``)."""

    flows: dict  # year -> Block
    stocks: dict  # day -> Block
    medians: dict | None  # of the unit in the period; None where not stored
    balance: tuple[money.Balance, dict] | None  # of the unit in the period, and its assumptions
    computed_for: datetime.date

    def balance_at(self, rates: dict) -> money.Balance | None:
        """The stored balance, if it was counted at ``rates``."""
        if self.balance is None or self.balance[1] != rates:
            return None
        return self.balance[0]


def read(
    tree: Tree,
    unit: str,
    children: list[str],
    period,
    trend,
    days,
    today: datetime.date,
    trend_figures=None,
) -> Kept | None:
    """The flow blocks (by year) and stock blocks (by day) a dashboard of ``unit`` reads, the
    medians and the balance of ``unit`` in ``period`` and the day they were counted for, from
    what was stored on or before ``today``; None when the period or a year it reads is not
    stored, and where figures are not stored (REPORTS_STORED_FIGURES off: nothing keeps them in
    step). ``trend_figures``: the only figures read of the trend's quarters and days (all where
    None). Two queries."""
    years = range(min(trend[0].year, period.year), period.year + 1)
    stored = _serving(tree.root.code, period, years, today)
    if stored is None:
        return None
    wanted = {(unit, q.key) for q in (period, *trend)}
    wanted |= {(unit, day.isoformat()) for day in days}
    wanted |= {(child, key) for child in children for key in (period.key, _day(period.last_day))}
    rows = StoredFigures.objects.filter(
        root=tree.root.code,
        unit__in={u for u, _key in wanted},
        key__in={key for _u, key in wanted},
    ).values_list("unit", "key", "figures")
    cells, status = defaultdict(dict), defaultdict(dict)
    medians, balance = {}, None
    whole = {period.key, _day(period.first_day), _day(period.last_day)}
    for row_unit, key, figures in rows:
        if (row_unit, key) not in wanted:
            continue
        if (row_unit, key) == (unit, period.key):
            balance = _balance(figures)
        block = key if len(key) == 10 and key[4] == "-" and key[7] == "-" else key[:4]
        entries = (
            figures.items()
            if trend_figures is None or key in whole
            else ((name, figures[name]) for name in trend_figures if name in figures)
        )
        for indicator, (value, state) in entries:
            if indicator.startswith(BALANCE):
                continue
            if indicator.startswith(MEDIAN):
                if (row_unit, key) == (unit, period.key):
                    medians[indicator.removeprefix(MEDIAN)] = (_value(value), state)
                continue
            cells[block][(indicator, row_unit, key)] = Cell(_value(value))
            status[block][(indicator, row_unit, key)] = state
    flows = {year: Block(cells[str(year)], status[str(year)]) for year in years}
    stocks = {day: Block(cells[_day(day)], status[_day(day)]) for day in days}
    return Kept(flows, stocks, medians or None, balance, stored.computed_for)


def _day(day: datetime.date) -> str:
    return day.isoformat()


COUNTED_PATHS = (
    # Where a counted record's figures belong (indicators: residence first, then the seat).
    "person__residence__code",
    "residence__code",
    "territory__code",
    "workshop__territory__code",
    "organiser__territory__code",
    "enrolment__person__residence__code",
    "enrolment__workshop__territory__code",
    "freed_by__workshop__territory__code",
    "organisation__territory__code",
    "cooperative__organisation__territory__code",
    "employment__person__residence__code",
    "employment__cooperative__organisation__territory__code",
    "employer__territory__code",
    "host__territory__code",
)


def counted_paths(model) -> list[str]:
    """The ``COUNTED_PATHS`` a record of ``model`` has."""
    paths = []
    for path in COUNTED_PATHS:
        try:
            _resolve(model, path)
        except LookupError:
            continue
        paths.append(path)
    return paths


def roots_of(model, pks) -> set[str]:
    """The voivodeships whose figures records of ``model`` count in. One query."""
    paths = counted_paths(model)
    if not paths:
        return set()
    rows = model._default_manager.filter(pk__in=pks).values_list(*paths).distinct()
    return {code[:2] for row in rows for code in row if code}


def _resolve(model, path: str) -> None:
    for name in path.split("__")[:-1]:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise LookupError(path) from error
        if not field.is_relation:
            raise LookupError(path)
        model = field.related_model
    try:
        model._meta.get_field(path.split("__")[-1])
    except FieldDoesNotExist as error:
        raise LookupError(path) from error


def mark_changed(roots: set[str]) -> list[str]:
    """Notes that the figures of ``roots`` no longer hold what the records say; returns the roots
    changed for the first time since their refresh, whose refresh is to be queued. Of two
    concurrent changes, one updates the row and queues; the other finds it marked."""
    now = timezone.now()
    unmarked = FigureRefresh.objects.filter(changed_at=None)
    return [root for root in sorted(roots) if unmarked.filter(root=root).update(changed_at=now)]
