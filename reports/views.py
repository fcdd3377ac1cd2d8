from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.dashboard import build, may_read_outcomes
from reports.export import FORMATS, as_csv, as_xlsx, filename
from reports.periods import QUARTER, Period, default_period, latest_quarter
from reports.query import read_query
from reports.selectors import workshop_places


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
    dashboard = build(query.territory, query.period, today, by_gmina=query.by_gmina)
    context = {
        "dashboard": dashboard,
        "query": query,
        "errors": errors,
        "asked_period": request.GET.get("period", query.period.key) if errors else query.period.key,
        "period_choices": period_choices(today, query.period),
        "report": workshop_places(request.user, today),
    }
    status = 400 if errors else 200
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
        # The page says what is wrong with the period, and offers the export again.
        return redirect(f"{reverse('reports:index')}?{request.GET.urlencode()}")
    dashboard = build(query.territory, query.period, today, by_gmina=query.by_gmina)
    headers = [str(_("Section")), str(_("Figure")), str(_("Column")), str(_("Value"))]
    title = f"{dashboard.territory.name} {dashboard.period.key}"
    if file_format == "csv":
        response = HttpResponse(as_csv(dashboard, headers), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(dashboard, headers, title),
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
