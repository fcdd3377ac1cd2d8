"""The outcomes dashboard of one territory and one fixed period, as the page and the API show it:
protected figures only (``indicators``, ``suppression``), never a row of a person."""

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.formats import amount, number
from common.replica import replica_reads
from organisations.models import Territory
from organisations.scoping import aggregate_scope, managed_cooperative_ids, may_read_reports
from paths.services import Stage
from reports import indicators, money, stored
from reports.indicators import (
    EXIT_GROUPS,
    PLACEMENT_KINDS,
    RETENTION_MONTHS,
    STAGES,
    WORK_EMPLOYERS,
)
from reports.periods import QUARTER, ROMAN, Period
from reports.suppression import HIDDEN, SHOWN, SMALL, Cell
from wtz.models import Workshop
from wtz.scoping import workshop_ids_managed_by

PENDING = "pending"  # not measurable yet
COUNTRY = stored.COUNTRY  # the country's code in an address: it has no TERYT code
ZLOTY = "zł"
TREND_QUARTERS = 12
LABELS = {
    "participants.start": _("participants on the first day"),
    "participants.end": _("participants on the last day"),
    "participants.average": _("average number of participants"),
    "admissions": _("admissions"),
    "exits": _("exits, all reasons"),
    "exits.work": _("to paid work"),
    "exits.support": _("to a support centre or a care home"),
    "exits.health": _("health or death"),
    "exits.personal": _("resignation or moving away"),
    "exits.rules": _("certificate expired or removed under the rules"),
    "exits.other": _("other reasons"),
    "stay_months": _("median length of stay of those who left (months)"),
    "exits.work.total": _("moves from the workshop to paid work"),
    "exits.work.cooperative": _("to the social cooperative"),
    "exits.work.open": _("to the open labour market or self-employment"),
    "exits.work.sheltered": _("to sheltered work (ZAZ, ZPChr)"),
    "work_rate": _("moves to work per 100 average participants"),
    "first_jobs": _("first paid jobs started"),
    "months_to_job": _("median months from first admission to first paid job"),
    "reserve.end": _("people on reserve lists on the last day"),
    "wait_days": _("median days from approval to admission"),
    "refills.after_work": _("admissions into places freed by exits to work"),
    "refill_days": _("median days from the exit to work to the refill"),
    "coop.headcount": _("people working in the cooperatives on the last day"),
    "coop.fte": _("full-time equivalents"),
    "coop.disabled": _("of them disabled workers"),
    "coop.disabled_share": _("share of disabled workers (%)"),
    "coop.members": _("members (natural persons)"),
    "coop.disadvantaged": _("of them from disadvantaged groups"),
    "coop.disadvantaged_share": _("share from disadvantaged groups (%)"),
}


@dataclass
class Figure:
    key: str
    label: str
    value: Decimal | int | None
    # shown, small (fewer people than the threshold), hidden (protects a small one), pending
    status: str

    @property
    def display(self) -> str:
        if self.status == SMALL:
            return f"<{self.threshold}"
        if self.status == HIDDEN:
            return "×"
        if self.status == PENDING or self.value is None:
            return "—"
        if self.is_money:
            return f"{amount(self.value)}\xa0zł"
        return number(self.value)

    threshold: int = 5
    unit: str = ""  # "zł" for money

    @property
    def is_money(self) -> bool:
        return self.unit == ZLOTY

    def as_json(self) -> dict:
        value = self.value if self.status == SHOWN else None
        if isinstance(value, Decimal):
            value = float(value)
        data = {"key": self.key, "label": str(self.label), "value": value, "status": self.status}
        if self.unit:
            data["unit"] = self.unit
        return data


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # a table: a row per figure, a column each
    rows: list[tuple[str, list[Figure]]] = field(default_factory=list)
    note: str = ""
    charts: list["Chart"] = field(default_factory=list)
    assumptions: list[money.Used] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)  # what a figure leaves out

    def as_json(self) -> dict:
        data = {"key": self.key, "title": str(self.title)}
        if self.note:
            data["note"] = str(self.note)
        if self.assumptions:
            data["assumptions"] = [
                {
                    "key": used.assumption.field,
                    "label": used.assumption.label,
                    "unit": used.assumption.unit,
                    "value": None if used.value is None else float(used.value),
                    "recorded": None if used.default is None else float(used.default.value),
                    "source": used.default.legal_source if used.default else None,
                }
                for used in self.assumptions
            ]
        if self.remarks:
            data["not_counted"] = [str(remark) for remark in self.remarks]
        if self.figures:
            data["figures"] = [figure.as_json() for figure in self.figures]
        if self.rows:
            data["columns"] = [str(column) for column in self.columns]
            data["rows"] = [
                {"label": str(label), "figures": [figure.as_json() for figure in figures]}
                for label, figures in self.rows
            ]
        return data


@dataclass
class Bar:
    x: int
    y: int
    height: int
    label: str
    figure: Figure

    @property
    def shown(self) -> bool:
        return self.figure.status == SHOWN and self.figure.value is not None


@dataclass
class Chart:
    """A column of a table drawn as bars by Chart.js (vendored, ``static/js/report-charts.js``):
    a hidden figure is a gap, never a zero bar, so the chart reveals no more than the table
    beside it. One series, so no colour has to be told apart; the canvas's text alternative
    lists every value with its mark."""

    key: str
    title: str
    bars: list[Bar]
    horizontal: bool = False

    WIDTH, HEIGHT, STEP, BAR = 360, 100, 30, 20

    @classmethod
    def of(cls, key, title, labelled: list[tuple[str, Figure]], *, horizontal=False) -> "Chart":
        values = [f.value for _label, f in labelled if f.status == SHOWN and f.value is not None]
        top = max(values, default=0) or 1
        bars = []
        for index, (label, figure) in enumerate(labelled):
            shown = figure.status == SHOWN and figure.value is not None
            height = round(cls.HEIGHT * figure.value / top) if shown else 0
            bars.append(Bar(index * cls.STEP + 5, 20 + cls.HEIGHT - height, height, label, figure))
        return cls(key, title, bars, horizontal)

    @property
    def description(self) -> str:
        values = ", ".join(f"{bar.label} {bar.figure.display}" for bar in self.bars)
        return f"{str(self.title)[:1].upper()}{str(self.title)[1:]}: {values}"

    def spec(self) -> dict:
        """What the script draws: labels, values (None for a hidden figure) and marks."""
        money_chart = any(bar.figure.is_money for bar in self.bars)
        return {
            "id": f"chart-{self.key}",
            "title": str(self.title),
            "labels": [str(bar.label) for bar in self.bars],
            "values": [float(bar.figure.value) if bar.shown else None for bar in self.bars],
            "marks": [bar.figure.display for bar in self.bars],
            "horizontal": self.horizontal,
            "unit": ZLOTY if money_chart else "",
        }


@dataclass
class Dashboard:
    territory: Territory
    period: Period
    threshold: int
    sections: list[Section]
    headline: list[Figure]
    by_gmina: bool = True
    counted_on: datetime.date | None = None  # the day of the stored figures, else today

    @property
    def chart_specs(self) -> list[dict]:
        return [chart.spec() for section in self.sections for chart in section.charts]

    def as_json(self) -> dict:
        return {
            "territory": {
                "code": report_code(self.territory),
                "name": self.territory.name,
                "level": self.territory.level,
            },
            "period": {
                "key": self.period.key,
                "label": self.period.label,
                "first_day": self.period.first_day.isoformat(),
                "last_day": self.period.last_day.isoformat(),
            },
            "threshold": self.threshold,
            "by_gmina": self.by_gmina,
            "headline": [figure.as_json() for figure in self.headline],
            "sections": [section.as_json() for section in self.sections],
        }


def report_roots(user) -> list[Territory]:
    """The territories a user reads reports on, each with everything inside it: an officer's
    assignments, every voivodeship for an administrator, and the powiats of the workshops a WTZ
    manager heads and of the cooperatives a cooperative manager runs."""
    roots = list(aggregate_scope(user))
    if user.is_superuser or not user.is_authenticated:
        return sorted(roots, key=lambda t: t.code)
    seats = Workshop.objects.filter(pk__in=workshop_ids_managed_by(user)).values_list(
        "territory__code", flat=True
    )
    cooperatives = Territory.objects.filter(
        organisations__cooperative__in=managed_cooperative_ids(user)
    ).values_list("code", flat=True)
    powiats = {code[:4] for code in (*seats, *cooperatives) if code}
    if powiats:
        roots += list(Territory.objects.filter(code__in=powiats))
    unique = {root.code: root for root in roots}
    return [
        unique[code]
        for code in sorted(unique)
        if not any(code != other and code.startswith(other) for other in unique)
    ]


def reads_gminas(user) -> bool:
    """Officers and administrators read each gmina. Managers, who already know their own people
    one by one, read their powiats' totals only: a gmina's small figures minus the people a
    manager knows would leave too few."""
    return user.is_superuser or may_read_reports(user)


def may_read_outcomes(user) -> bool:
    """Officers and administrators, and managers for the powiats of what they run."""
    if not user.is_authenticated or not user.is_active:
        return False
    return may_read_reports(user) or bool(report_roots(user))


country = indicators.country


def reads_country(roots: list[Territory]) -> bool:
    """A user reads the country when they read every voivodeship of an instance that holds
    more than one (with one, the country would pass for all of Poland)."""
    codes = {root.code for root in roots}
    voivodeships = set(
        Territory.objects.filter(level=Territory.Level.VOIVODESHIP).values_list("code", flat=True)
    )
    return len(voivodeships) > 1 and voivodeships <= codes


def report_code(territory: Territory) -> str:
    """The territory's code in an address and in the API: its TERYT code, or ``PL``."""
    return territory.code or COUNTRY


def country_blocks(period, trend, days, years, today, threshold):
    """The country's figures beside its voivodeships': each voivodeship's own (stored, or counted
    live where nothing is stored), and the country's their sum. A voivodeship's figure keeps the
    status its own dashboard gives it; the country's is shown only when every voivodeship's figure
    it adds up is, so it is a sum of published figures and tells nothing they do not (a figure
    hidden in one voivodeship hides the country's). Two queries per voivodeship, stored; the
    country's medians and balance, which are no sums, are stored for the country
    (``stored.refresh_country``)."""
    tree = indicators.CountryTree.read()
    flows = {year: indicators.Block({}, {}) for year in years}
    stocks = {day: indicators.Block({}, {}) for day in days}
    counted_on = today
    for root in Territory.objects.filter(level=Territory.Level.VOIVODESHIP).order_by("code"):
        tree.units[root.code] = root
        tree.children[""].append(root.code)
        kept = stored.read(
            indicators.Tree(root), root.code, [], period, trend, days, today, TREND_FIGURES
        )
        if kept is None:
            voivodeship = indicators.Tree.read(root)
            own_flows = indicators.flow_blocks(voivodeship, years, today, threshold)
            own_stocks = indicators.stock_blocks(voivodeship, days, today, threshold)
        else:
            own_flows, own_stocks = kept.flows, kept.stocks
            counted_on = min(counted_on, kept.computed_for)
        for blocks, own in ((flows, own_flows), (stocks, own_stocks)):
            for block_key, block in blocks.items():
                _add_voivodeship(block, own[block_key], root.code)
    return tree, flows, stocks, counted_on


def _add_voivodeship(block, own, code: str) -> None:
    for (indicator, unit, key), cell in own.cells.items():
        if unit != code:
            continue
        state = own.status.get((indicator, unit, key), SHOWN)
        block.cells[(indicator, code, key)] = cell
        block.status[(indicator, code, key)] = state
        total = (indicator, "", key)
        if total not in block.cells:
            block.cells[total] = Cell()
            block.status[total] = SHOWN
        block.cells[total] = Cell(block.cells[total].value + cell.value)
        if state != SHOWN:
            block.status[total] = HIDDEN


@replica_reads()  # aggregates tolerate a replica's lag: spare the primary
def build(
    territory: Territory,
    period: Period,
    today: datetime.date,
    *,
    by_gmina: bool = True,
    assumptions: list[money.Used] | None = None,
) -> Dashboard:
    """The whole dashboard; a fixed number of queries whatever the data. ``by_gmina``: the
    table by territory lists the units under ``territory``. ``assumptions``: the balance's, as
    recorded unless given (``money.read_assumptions``)."""
    if assumptions is None:
        assumptions, _form = money.read_assumptions({}, period)
    threshold = indicators.minimum_cell(today)
    trend = [period_end_quarter(period)]
    for _index in range(TREND_QUARTERS - 1):
        trend.insert(0, trend[0].previous())
    years = range(min(trend[0].year, period.year), period.year + 1)
    days = sorted({period.first_day, period.last_day, *(q.last_day for q in trend)})
    code = territory.code
    stored_medians = stored_balance = None
    if not code:
        tree, flows, stocks, counted_on = country_blocks(
            period, trend, days, years, today, threshold
        )
        kept = None
        extras = stored.read_country(period, today)
        if extras is not None:
            stored_medians = extras.medians
            stored_balance = extras.balance_at(
                {row.assumption.field: row.value for row in assumptions}
            )
            counted_on = min(counted_on, extras.computed_for)
    else:
        tree = indicators.Tree.read(Territory.objects.get(code=territory.code[:2]))
        children = tree.children.get(code, []) if by_gmina else []
        kept = stored.read(tree, code, children, period, trend, days, today, TREND_FIGURES)
    if code and kept is None:
        flows = indicators.flow_blocks(tree, years, today, threshold)
        stocks = indicators.stock_blocks(tree, days, today, threshold)
        counted_on = today
    elif kept is not None:
        flows, stocks, stored_medians, counted_on = (
            kept.flows,
            kept.stocks,
            kept.medians,
            kept.computed_for,
        )
        stored_balance = kept.balance_at({row.assumption.field: row.value for row in assumptions})

    def flow(indicator, of=period, unit=code, label=None):
        key = (indicator, unit, of.key)
        block = flows[of.year]
        label = label or LABELS.get(indicator, indicator)
        if key not in block.cells:
            return Figure(indicator, label, None, PENDING, threshold)
        cell, state = block.get(key)
        return Figure(indicator, label, cell.value, state, threshold)

    def stock(indicator, day, unit=code, label=None, key=None):
        cell, state = stocks[day].get((indicator, unit, day.isoformat()))
        name = key or indicator
        return Figure(name, label or LABELS.get(name, indicator), cell.value, state, threshold)

    person_days = flow("person_days")
    average = derived(
        "participants.average",
        person_days,
        lambda days: Decimal(days) / period.days,
        threshold,
    )
    to_work = flow("exits.work", label=LABELS["exits.work.total"])
    rate = ratio("work_rate", to_work, average, threshold)
    median_values = stored_medians or indicators.medians(territory, period)

    def median(key, basis: Figure):
        """Shown over enough values, and only beside its count: an empty median next to a
        hidden count would say that count is zero."""
        value, count = median_values[key]
        # A median over too few people is hidden; "<5" would read as a value below five.
        enough = count >= threshold or not count
        state = SHOWN if enough and basis.status == SHOWN else HIDDEN
        rounded = (
            None
            if value is None
            else Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        )
        return Figure(key, LABELS[key], rounded if state == SHOWN else None, state, threshold)

    admissions, exits, first = flow("admissions"), flow("exits"), flow("first_jobs")
    reserve_end = stock("reserve", period.last_day, key="reserve.end")
    headcount = stock("coop.headcount", period.last_day)
    disabled = stock("coop.disabled", period.last_day)
    disadvantaged = stock("coop.disadvantaged", period.last_day)
    participants_end = stock("participants", period.last_day, key="participants.end")
    refills = flow("refills.after_work")
    sections = [
        Section(
            "participants",
            _("Participants of the workshops"),
            [
                stock("participants", period.first_day, key="participants.start"),
                participants_end,
                average,
                admissions,
                exits,
                *(flow(group) for group in EXIT_GROUPS),
                median("stay_months", exits),
            ],
        ),
        stages_section(
            [
                stock(f"stage.{stage}", period.last_day, label=Stage(stage).label)
                for stage in STAGES
            ],
            stock("stages", period.last_day, label=_("everyone on the path")),
        ),
        Section(
            "work",
            _("From therapy to paid work"),
            [
                to_work,
                *(flow(kind) for kind in WORK_EMPLOYERS),
                rate,
                first,
                median("months_to_job", first),
            ],
        ),
        retention_section(flow, threshold),
        placements_section(flow),
        Section(
            "reserve",
            _("Reserve lists and freed places"),
            [reserve_end, median("wait_days", admissions), refills, median("refill_days", refills)],
        ),
        Section(
            "cooperative",
            _("The social cooperatives"),
            [
                headcount,
                stock("coop.fte", period.last_day),
                disabled,
                ratio("coop.disabled_share", disabled, headcount, threshold, per=100),
                disadvantaged,
                ratio("coop.disadvantaged_share", disadvantaged, headcount, threshold, per=100),
                stock("coop.members", period.last_day),
            ],
        ),
        orders_section(money.orders(territory, period)),
        commissioned_section(period, territory),
        balance_section(
            money.balance(territory, period, assumptions)
            if stored_balance is None
            else replace(
                stored_balance,
                missing=[row.assumption.label for row in assumptions if row.value is None],
            ),
            flow("balance.person_days"),
            assumptions,
            threshold,
        ),
        territories_section(tree, territory, period, flow, stock, by_gmina=by_gmina),
        trends_section(trend, flow, stock),
    ]
    headline = [participants_end, to_work, rate, reserve_end, refills, headcount]
    return Dashboard(territory, period, threshold, sections, headline, by_gmina, counted_on)


ROUTE_LABELS = {
    "reserved": _("reserved contracts (Pzp art. 94)"),
    "reserved_social": _("reserved social-services contracts (Pzp art. 361)"),
    "social_clause": _("contracts with a social clause"),
    "below_threshold": _("below 130,000 zł"),
    "grant": _("grants (commissioned public tasks)"),
    "other": _("other"),
}


def orders_section(data: "money.Orders") -> Section:
    """Order values concern organisations, not people: shown as they are, nothing suppressed."""
    groups = list(money.CLIENT_GROUPS)
    columns = [*(money.CLIENT_LABELS[group] for group in groups), _("all clients")]

    def value(key, label, number_value):
        return Figure(key, label, money.cents(number_value), SHOWN, unit=ZLOTY)

    rows = []
    for route in (*ROUTE_LABELS, None):
        label = ROUTE_LABELS[route] if route else _("all routes")
        rows.append(
            (
                label,
                [
                    *(
                        value(f"orders.{route or 'all'}.{group}", column, data.value(route, group))
                        for group, column in zip(groups, columns, strict=False)
                    ),
                    value(f"orders.{route or 'all'}.all", columns[-1], data.value(route)),
                ],
            )
        )
    share = data.local_share
    figures = [
        Figure("orders.count", _("orders awarded"), data.count, SHOWN),
        value("orders.total", _("their net value"), data.total),
        value("orders.local", _("ordered by the local governments of the territory"), data.local),
        Figure(
            "orders.local_share",
            _("share ordered by the local governments of the territory (%)"),
            share,
            SHOWN,
        ),
    ]
    by_route = Chart.of(
        "orders-by-route",
        _("net value by procurement route"),
        [(label, figures_of_row[-1]) for label, figures_of_row in rows[:-1]],
        horizontal=True,
    )
    return Section(
        "orders",
        _("Money that stayed local: orders to the social cooperatives"),
        figures=figures,
        columns=columns,
        rows=rows,
        charts=[by_route],
        note=_(
            "Net value of the orders awarded in the period to the cooperatives seated in the "
            "territory, by procurement route and client. The local governments of the territory "
            "are those governing it, a part of it, or the area it lies in."
        ),
    )


def commissioned_section(period: Period, territory: Territory) -> Section:
    """KPRES: a local government's budget share commissioned to social-economy entities, for the
    local governments whose yearly budget is recorded. Public money of public bodies: nothing
    suppressed."""
    columns = [
        _("ordered from the cooperatives"),
        _("total budget expenditure"),
        _("share of the budget (%)"),
    ]
    rows = []
    note = _(
        "The national social-economy programme's indicator (KPRES; target 2 %): the share of a "
        "local government's budget it commissions to social-economy entities. Only orders to "
        "the cooperatives kept in Ścieżka count, so the share is a lower bound; a local "
        "government is listed once its year's expenditure is recorded."
    )
    if period.kind != "year":
        note = f"{note} " + _("Budgets are yearly: choose a year to see the shares.")
    else:
        for row in money.commissioned(territory, period.year):
            key = f"kpres.{row.organisation.pk}"
            rows.append(
                (
                    row.organisation.name,
                    [
                        Figure(f"{key}.ordered", columns[0], row.ordered, SHOWN, unit=ZLOTY),
                        Figure(f"{key}.budget", columns[1], row.budget, SHOWN, unit=ZLOTY),
                        Figure(f"{key}.share", columns[2], row.share, SHOWN),
                    ],
                )
            )
        if not rows:
            note = f"{note} " + _(
                "No budget of a local government of this territory is recorded for the year."
            )
    return Section(
        "commissioned",
        _("Share of local budgets commissioned to the cooperatives"),
        columns=columns,
        rows=rows,
        note=note,
    )


BALANCE_LABELS = {
    "people": _("people who came from the workshops and were paid for work"),
    "person_months": _("months of paid work"),
    "wages": _("pay earned (gross)"),
    "taxes": _("taxes and contributions on it"),
    "employee_social": _("the employee's social insurance contributions"),
    "health": _("health insurance"),
    "income_tax": _("income tax"),
    "employer_social": _("the employer's contributions"),
    "subsidies": _("minus PFRON wage subsidies expected by the employers"),
    "places": _("plus workshop places freed (PFRON amount per place)"),
    "benefits": _("plus benefits no longer paid"),
    "total": _("public balance"),
    "monthly_wage": _("average monthly pay (gross)"),
    "monthly_take_home": _("average monthly take-home pay"),
    "allowance": _("average monthly allowance they were paid in the workshop"),
}


def balance_section(
    data: "money.Balance",
    base: Figure,
    assumptions: list["money.Used"],
    threshold: int,
) -> Section:
    """Shown exactly when its base — the days of work it is computed over, a protected figure —
    is: an amount over too few people is hidden as × (never "<5", which would read as an
    amount)."""
    shown = base.status == SHOWN
    status = SHOWN if shown else (PENDING if base.status == PENDING else HIDDEN)

    def figure(key, value, unit=ZLOTY, *, needs_assumptions=True):
        state = PENDING if status == SHOWN and needs_assumptions and data.missing else status
        value = value if state == SHOWN else None
        return Figure(f"balance.{key}", BALANCE_LABELS[key], value, state, threshold, unit)

    people = Figure(
        "balance.people",
        BALANCE_LABELS["people"],
        data.people if shown else None,
        base.status,
        threshold,
    )
    figures = [
        people,
        figure(
            "person_months",
            data.person_months.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
            "",
            needs_assumptions=False,
        ),
        figure("wages", data.wages, needs_assumptions=False),
        figure("taxes", data.taxes),
        figure("employee_social", data.employee_social),
        figure("health", data.health),
        figure("income_tax", data.income_tax),
        figure("employer_social", data.employer_social),
        figure("subsidies", data.subsidies),
        figure("places", data.places),
        figure("benefits", data.benefits),
        figure("total", data.total),
        figure("monthly_wage", data.monthly(data.wages), needs_assumptions=False),
        figure("monthly_take_home", data.monthly(data.take_home)),
        figure("allowance", data.allowance, needs_assumptions=False),
    ]
    note = _(
        "People who left a workshop for paid work, from the day after they left: their pay and "
        "what it brought the public purse in the period, less the wage subsidies, plus the "
        "workshop places they no longer need (a freed place is either saved or, refilled, "
        "admits someone from the reserve list with no new place paid for)."
    )
    if data.missing:
        note = f"{note} " + _(
            "No value is recorded for %(names)s on the period's last day: enter one below to "
            "compute the balance."
        ) % {"names": ", ".join(f"“{name}”" for name in data.missing)}
    return Section(
        "balance",
        _("What the moves to work are worth: the public balance"),
        figures=figures,
        note=note,
        assumptions=assumptions,
        remarks=money.not_counted(),
    )


def stages_section(stages: list[Figure], everyone: Figure) -> Section:
    chart = Chart.of(
        "stages",
        _("people by stage on the last day"),
        [(figure.label, figure) for figure in stages],
        horizontal=True,
    )
    return Section(
        "stages",
        _("Where people stand on the path on the last day"),
        [*stages, everyone],
        charts=[chart],
    )


def period_end_quarter(period: Period) -> Period:
    """The last quarter that had ended when ``period`` did (a month inside a quarter: the one
    before)."""
    quarter = Period(period.year, QUARTER, (period.months[-1] - 1) // 3 + 1)
    return quarter if quarter.last_day <= period.last_day else quarter.previous()


def derived(key, basis: Figure, compute, threshold: int) -> Figure:
    """A figure computed from one published figure: shown exactly when its basis is."""
    if basis.status != SHOWN or basis.value is None:
        # "<5" would read as an average below five: a hidden basis hides it as ×.
        status = HIDDEN if basis.status == SMALL else basis.status
        return Figure(key, LABELS[key], None, status, threshold)
    value = Decimal(compute(basis.value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Figure(key, LABELS[key], value, SHOWN, threshold)


def ratio(key, part: Figure, whole: Figure, threshold: int, per: int = 100, label=None) -> Figure:
    """``part`` per ``per`` of ``whole``: shown only when both are, and ``whole`` is not zero —
    a rate never reveals a count that is hidden."""
    label = label or LABELS[key]
    for figure in (part, whole):
        if figure.status != SHOWN:
            return Figure(
                key, label, None, HIDDEN if figure.status == SMALL else figure.status, threshold
            )
    if not whole.value:
        return Figure(key, label, None, SHOWN, threshold)
    value = (Decimal(part.value) * per / Decimal(whole.value)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return Figure(key, label, value, SHOWN, threshold)


def retention_section(flow, threshold: int) -> Section:
    columns = [_("reached the mark"), _("still working"), _("share (%)")]
    rows = []
    for months in RETENTION_MONTHS:
        reached = flow(f"retention.{months}.reached")
        held = flow(f"retention.{months}.held")
        share = ratio(f"retention.{months}.share", held, reached, threshold, label=_("share (%)"))
        label = _("%(months)d months after the start") % {"months": months}
        rows.append((label, [reached, held, share]))
    return Section(
        "retention",
        _("Jobs kept"),
        columns=columns,
        rows=rows,
        note=_(
            "Jobs whose 3-, 6- or 12-month mark fell in the period, and how many were still held "
            "on that day."
        ),
    )


KIND_LABELS = {
    "practice": _("vocational practices"),
    "training": _("work trainings"),
    "internship": _("internships"),
}


PLACEMENT_FIGURES = ("started", "ended", "completed", "hours", "led_to_job")


def placements_section(flow) -> Section:
    columns = [
        _("started"),
        _("ended"),
        _("completed"),
        _("hours (as agreed)"),
        _("led to a job within 6 months"),
    ]
    rows = []
    for kind in (*PLACEMENT_KINDS, None):
        prefix = f"placements.{kind}" if kind else "placements"
        label = KIND_LABELS[kind] if kind else pgettext_lazy("placements", "all")
        rows.append(
            (
                label,
                [
                    flow(f"{prefix}.{what}", label=column)
                    for what, column in zip(PLACEMENT_FIGURES, columns, strict=True)
                ],
            )
        )
    return Section(
        "placements",
        _("Practices, work trainings and internships"),
        columns=columns,
        rows=rows,
        note=_(
            "Hours and outcomes count in the period the placement ended in; whether it led to "
            "a job is known six months after the period."
        ),
    )


def territories_section(
    tree, territory: Territory, period: Period, flow, stock, *, by_gmina: bool
) -> Section:
    columns = [
        _("participants on the last day"),
        _("admissions"),
        _("moves to paid work"),
        _("people on reserve lists"),
    ]
    units = [territory.code, *(tree.children.get(territory.code, []) if by_gmina else [])]
    rows = []
    for unit in units:
        figures = [
            stock("participants", period.last_day, unit=unit, label=columns[0]),
            flow("admissions", unit=unit, label=columns[1]),
            flow("exits.work", unit=unit, label=columns[2]),
            stock("reserve", period.last_day, unit=unit, label=columns[3]),
        ]
        rows.append((tree.units[unit].name, figures))
    return Section(
        "territories",
        _("By territory"),
        columns=columns,
        rows=rows,
        note=_(
            "A person counts where they live (or, with no residence recorded, where their "
            "workshop is); a freed place where its workshop is; a cooperative where its seat is."
        ),
    )


TREND_FIGURES = ("exits.work", "admissions", "reserve")  # all that trends_section reads


def trends_section(trend: list[Period], flow, stock) -> Section:
    columns = [_("moves to paid work"), _("admissions"), _("people on reserve lists")]
    rows = [
        (
            quarter.label,
            [
                flow("exits.work", of=quarter, label=columns[0]),
                flow("admissions", of=quarter, label=columns[1]),
                stock("reserve", quarter.last_day, label=columns[2]),
            ],
        )
        for quarter in trend
    ]
    charts = [
        Chart.of(
            f"trend-{index}",
            column,
            [(short_label(q), row[1][index]) for q, row in zip(trend, rows, strict=True)],
        )
        for index, column in enumerate(columns)
    ]
    title = _("Quarter by quarter, the last three years")
    return Section("trends", title, columns=columns, rows=rows, charts=charts)


def short_label(quarter: Period) -> str:
    """A quarter under a bar: "III 25"."""
    return f"{ROMAN[quarter.number]} {quarter.year % 100:02d}"
