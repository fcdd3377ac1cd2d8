"""Reports as they were sent: a dashboard frozen with its figures and assumptions, shown again
exactly as it was, and what would differ if it were made today."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from common.formats import amount, number
from reports.dashboard import Dashboard, Figure, Section, build, reads_gminas, report_roots
from reports.models import ReportRun
from reports.money import changed_assumptions, read_assumptions
from reports.periods import parse_period
from reports.query import ReportQuery


def freeze(user, query: ReportQuery, purpose: str, today: datetime.date) -> ReportRun:
    """Stores the report the user sees now: its figures as the API gives them, the assumptions
    a what-if changed, who, when, and why."""
    dashboard = query.dashboard(today)
    with transaction.atomic():
        return ReportRun.objects.create(
            territory=query.territory,
            period=query.period.key,
            purpose=purpose,
            assumptions=changed_assumptions(query.assumptions),
            figures=dashboard.as_json(),
            frozen_by=user,
            frozen_on=today,
        )


def runs_for(user):
    """The frozen reports a user may open: of the territories they read reports on; a run with
    the gminas' rows only for those who read gminas (managers read their powiats' totals)."""
    runs = ReportRun.objects.readable_by([root.code for root in report_roots(user)])
    if not reads_gminas(user):
        runs = runs.filter(figures__by_gmina=False)
    return runs.select_related("territory", "frozen_by")


@dataclass
class FrozenAssumption:
    label: str
    display: str
    default_display: str
    source: str


def _money(value, unit: str) -> str:
    if value is None:
        return "—"
    decimal = Decimal(str(value))
    return f"{number(decimal.normalize())}\xa0%" if unit == "%" else f"{amount(decimal)}\xa0zł"


def _figure(data: dict, threshold: int) -> Figure:
    value = data["value"]
    if isinstance(value, float):
        value = Decimal(str(value))
    return Figure(
        data["key"], data["label"], value, data["status"], threshold, data.get("unit", "")
    )


def stored_dashboard(run: ReportRun) -> Dashboard:
    """The run's dashboard as it was frozen, for its page and its downloads."""
    data = run.figures
    threshold = data["threshold"]
    sections = []
    for section in data["sections"]:
        sections.append(
            Section(
                section["key"],
                section["title"],
                figures=[_figure(figure, threshold) for figure in section.get("figures", [])],
                columns=section.get("columns", []),
                rows=[
                    (row["label"], [_figure(figure, threshold) for figure in row["figures"]])
                    for row in section.get("rows", [])
                ],
                note=section.get("note", ""),
                assumptions=[
                    FrozenAssumption(
                        item["label"],
                        _money(item["value"], item["unit"]),
                        _money(item["recorded"], item["unit"]),
                        item["source"] or "—",
                    )
                    for item in section.get("assumptions", [])
                ],
                remarks=section.get("not_counted", []),
            )
        )
    period = parse_period(run.period, run.frozen_on)
    headline = [_figure(figure, threshold) for figure in data["headline"]]
    return Dashboard(run.territory, period, threshold, sections, headline, data["by_gmina"])


@dataclass
class Difference:
    section: str
    label: str
    then: str
    now: str


def differences(run: ReportRun, today: datetime.date) -> list[Difference]:
    """Every figure that would be different if the report were made today with the same
    assumptions: later corrections of the data, values published later, a changed threshold."""
    frozen = stored_dashboard(run)
    used, _form = read_assumptions(run.assumptions, frozen.period)
    current = build(run.territory, frozen.period, today, by_gmina=frozen.by_gmina, assumptions=used)
    now = {}
    for section in current.sections:
        for label, figure in _labelled(section):
            now[(section.key, label, figure.key)] = figure
    found = []
    for section in frozen.sections:
        for label, figure in _labelled(section):
            other = now.get((section.key, label, figure.key))
            then_text = figure.display
            now_text = other.display if other else "—"
            if then_text != now_text:
                found.append(Difference(str(section.title), label, then_text, now_text))
    return found


def _labelled(section: Section):
    for figure in section.figures:
        yield str(figure.label), figure
    for row_label, figures in section.rows:
        for figure in figures:
            yield f"{row_label} — {figure.label}", figure
