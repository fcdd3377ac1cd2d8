from dataclasses import replace
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from common import formats
from reports import frozen
from reports.dashboard import build, may_read_outcomes, report_code
from reports.export import FORMATS, as_csv, as_xlsx, filename
from reports.models import PublicReport
from reports.money import ASSUMPTIONS, changed_assumptions
from reports.periods import (
    QUARTER,
    Period,
    PeriodError,
    default_period,
    latest_quarter,
    parse_period,
)
from reports.query import read_query
from reports.selectors import workshop_places


def css_string(text: str) -> str:
    """``text`` as the inside of a CSS string: quotes, backslashes, control characters and
    ``<>&`` written as CSS escapes, so no text can end the string or the rule."""
    return "".join(
        f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 0x20 else char for char in text
    )


def print_footer(dashboard, day) -> str:
    """The foot of every printed page: the territory, the period, the day, aggregates only."""
    return _("Ścieżka — outcomes: %(territory)s, %(period)s; as of %(day)s; aggregates only") % {
        "territory": dashboard.territory.name,
        "period": dashboard.period.label,
        "day": formats.day(day),
    }


PRINT_FOOT_LENGTH = 300


@require_GET
def print_foot_css(request):
    """The printed report's page foot as a style sheet: the Content-Security-Policy admits no
    inline style, and the text of the foot differs by report. It echoes only the text the page
    asked for, escaped, so it needs no sign-in (the public page uses it too)."""
    text = css_string(request.GET.get("foot", "")[:PRINT_FOOT_LENGTH])
    response = HttpResponse(
        f'@page {{ @bottom-left {{ content: "{text}"; font-size: 8pt; }} }}\n',
        content_type="text/css; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


# Figures that make up the one above them, indented under it.
PART_KEYS = (
    "balance.employee_social",
    "balance.health",
    "balance.income_tax",
    "balance.employer_social",
)


@login_required
def index(request):
    """The outcomes of a territory in a fixed period; the choice lives in the query string, so a
    view can be bookmarked."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    errors = {}
    try:
        query = read_query(request.user, request.GET, today)
    except ValidationError as error:
        errors = {field: " ".join(messages) for field, messages in error.message_dict.items()}
        params = {"territory": request.GET.get("territory", "")}
        query = read_query(request.user, params, today)
    dashboard = query.dashboard(today)
    context = {
        "dashboard": dashboard,
        "query": query,
        "errors": errors,
        "asked_period": request.GET.get("period", query.period.key) if errors else query.period.key,
        "period_choices": period_choices(today, query.period),
        "report": workshop_places(request.user, today, query.territory),
        "assumption_rows": [
            (used, query.assumptions_form[used.assumption.field]) for used in query.assumptions
        ],
        "part_keys": PART_KEYS,
        "today": today,
        "print_footer": print_footer(dashboard, today),
        "freeze_params": {
            "territory": report_code(query.territory),
            "period": query.period.key,
            **changed_assumptions(query.assumptions),
        },
    }
    status = 400 if errors or query.assumptions_form.errors else 200
    return render(request, "reports/index.html", context, status=status)


@login_required
def export(request, file_format):
    """What the page shows for the territory and period asked, as CSV or XLSX."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    if file_format not in FORMATS:
        raise Http404
    today = timezone.localdate()
    try:
        query = read_query(request.user, request.GET, today)
    except ValidationError:
        query = None
    if query is None or query.assumptions_form.errors:
        # The page says what is wrong with the period or an assumption, and offers the export
        # again.
        return redirect(f"{reverse('reports:index')}?{request.GET.urlencode()}")
    dashboard = query.dashboard(today)
    return _download(dashboard, file_format)


def _download(dashboard, file_format: str):
    headers = [str(_("Section")), str(_("Figure")), str(_("Column")), str(_("Value"))]
    if file_format == "csv":
        response = HttpResponse(as_csv(dashboard, headers), content_type="text/csv; charset=utf-8")
    else:
        response = FileResponse(
            as_xlsx(dashboard),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename(dashboard, file_format)}"'
    return response


def period_choices(today, chosen: Period) -> list[tuple[str, list[Period]]]:
    """Recent periods to pick from: five years, twelve quarters, twenty-four months (any other
    ended period can be asked for in the address)."""
    year = default_period(today)
    years = [Period(year.year - back) for back in range(5)]
    quarters = [latest_quarter(today)]
    months = [Period(today.year, "month", today.month).previous()]
    while len(quarters) < 12:
        quarters.append(quarters[-1].previous())
    while len(months) < 24:
        months.append(months[-1].previous())
    groups = [(_("Years"), years), (_("Quarters"), quarters), (_("Months"), months)]
    if chosen not in (*years, *quarters, *months):
        groups[{"year": 0, QUARTER: 1}.get(chosen.kind, 2)][1].insert(0, chosen)
    return groups


@login_required
@require_POST
def freeze_report(request):
    """Stores the report as it is now (``frozen.freeze``), for an official purpose the user
    names."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    back = f"{reverse('reports:index')}?{urlencode(_report_params(request.POST))}"
    try:
        query = read_query(request.user, request.POST, today)
    except ValidationError:
        return redirect(back)
    if not query.territory.code:
        # A frozen report belongs to a territory of the register; the country is not one.
        messages.error(request, _("A report of the whole country cannot be frozen."))
        return redirect(back)
    purpose = (request.POST.get("purpose") or "").strip()
    if query.assumptions_form.errors or not purpose:
        messages.error(request, _("Say what the report is for before freezing it."))
        return redirect(back)
    run = frozen.freeze(request.user, query, purpose[:255], today)
    messages.success(request, _("The report is frozen: it will stay as it is now."))
    return redirect("reports:run", pk=run.pk)


def _report_params(data) -> dict:
    keep = ("territory", "period", *(a.field for a in ASSUMPTIONS))
    return {name: data[name] for name in keep if data.get(name)}


@login_required
def runs(request):
    """The frozen reports of the user's territories, newest first, 25 a page."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    page = Paginator(frozen.runs_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "reports/runs.html", {"page": page})


@login_required
def run(request, pk):
    """A frozen report as it was sent, and what would differ if it were made today."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    stored = get_object_or_404(frozen.runs_for(request.user), pk=pk)
    today = timezone.localdate()
    dashboard = frozen.stored_dashboard(stored)
    context = {
        "run": stored,
        "dashboard": dashboard,
        "differences": frozen.differences(stored, today),
        "today": today,
        "print_footer": print_footer(dashboard, stored.frozen_on),
        "part_keys": PART_KEYS,
    }
    return render(request, "reports/run.html", context)


@login_required
def run_export(request, pk, file_format):
    """A frozen report's figures as CSV or XLSX, as they were frozen."""
    if not may_read_outcomes(request.user):
        raise PermissionDenied
    if file_format not in FORMATS:
        raise Http404
    stored = get_object_or_404(frozen.runs_for(request.user), pk=pk)
    return _download(frozen.stored_dashboard(stored), file_format)


PUBLIC_KEYS = ("orders.total", "orders.local_share", "balance.people", "balance.total")
# On their own, away from their section, some figures need a longer name.
PUBLIC_LABELS = {"orders.total": _("net value of the orders to the social cooperatives")}


def public(request, code):
    """A territory's headline figures for councillors and citizens, without logging in, once an
    administrator has switched the page on; the same protection as the officers' page, the
    territory's own totals only."""
    report = get_object_or_404(
        PublicReport.objects.select_related("territory"), territory__code=code
    )
    today = timezone.localdate()
    error = ""
    try:
        period = parse_period(request.GET["period"], today) if request.GET.get("period") else None
    except PeriodError as refused:
        error, period = str(refused), None
    period = period or default_period(today)
    dashboard = build(report.territory, period, today, by_gmina=False)
    extra = {
        figure.key: replace(figure, label=PUBLIC_LABELS.get(figure.key, figure.label))
        for section in dashboard.sections
        for figure in section.figures
        if figure.key in PUBLIC_KEYS
    }
    context = {
        "dashboard": dashboard,
        "figures": [*dashboard.headline, *(extra[key] for key in PUBLIC_KEYS if key in extra)],
        "years": [Period(default_period(today).year - back) for back in range(5)],
        "error": error,
        "today": today,
        "print_footer": print_footer(dashboard, today),
    }
    return render(request, "reports/public.html", context, status=400 if error else 200)
