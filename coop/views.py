import datetime
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common import dates
from common.spreadsheets import sheet_names, write_xlsx
from coop import compliance, subsidy
from organisations.models import Cooperative
from participants.access import log_person_ids
from participants.models import AccessLog


@login_required
def compliance_view(request):
    """The cooperative's compliance on a chosen day, line by line."""
    cooperatives, cooperative = _chosen_cooperative(request)
    try:
        on = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on = timezone.localdate()
    lines = compliance.lines_for(cooperative, on)
    log_person_ids(request, {pk for line in lines for pk in line.people}, kind=AccessLog.Kind.LIST)
    context = {"cooperatives": cooperatives, "cooperative": cooperative, "on": on, "lines": lines}
    return render(request, "coop/compliance.html", context)


def _chosen_cooperative(request):
    cooperatives = Cooperative.objects.visible_to(request.user).select_related("organisation")
    if not request.user.has_perm("organisations.view_cooperative") or not cooperatives.exists():
        raise PermissionDenied
    chosen = request.GET.get("cooperative", "")
    cooperative = (
        get_object_or_404(cooperatives, pk=chosen) if chosen.isdigit() else cooperatives.first()
    )
    return cooperatives, cooperative


def _chosen_month(request) -> tuple[datetime.date, str]:
    """The month asked (``2025-11``), or the last one ended; a malformed one is said so."""
    text = request.GET.get("month", "")
    default = dates.first_day_of_month(
        dates.first_day_of_month(timezone.localdate()) - dates.ONE_DAY
    )
    if not text:
        return default, ""
    try:
        return datetime.date.fromisoformat(f"{text}-01"), ""
    except ValueError:
        return default, _("“%(text)s” is not a month: write it as 2025-11.") % {"text": text}


@login_required
def subsidy_view(request):
    """The month's PFRON wage subsidy figures of the cooperative, and what to check first."""
    cooperatives, cooperative = _chosen_cooperative(request)
    month, error = _chosen_month(request)
    data = subsidy.monthly_subsidy(cooperative, month)
    log_person_ids(
        request, {line.employment.person_id for line in data.lines}, kind=AccessLog.Kind.LIST
    )
    context = {
        "cooperatives": cooperatives,
        "cooperative": cooperative,
        "data": data,
        "error": error,
    }
    return render(request, "coop/subsidy.html", context, status=400 if error else 200)


@login_required
def subsidy_xlsx(request):
    """The same month as an XLSX to transfer into PFRON's system."""
    _cooperatives, cooperative = _chosen_cooperative(request)
    month, error = _chosen_month(request)
    if error:
        return redirect(f"{reverse('coop:subsidy')}?{request.GET.urlencode()}")
    data = subsidy.monthly_subsidy(cooperative, month)
    log_person_ids(
        request, {line.employment.person_id for line in data.lines}, kind=AccessLog.Kind.EXPORT
    )
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    title = sheet_names([_("Subsidy %(month)s") % {"month": month.strftime("%Y-%m")}])[0]
    write_xlsx([(title, subsidy.sheet_rows(data))], out)
    out.seek(0)
    name = f"dofinansowanie-{slugify(cooperative.organisation.name)}-{month:%Y-%m}.xlsx"
    return FileResponse(
        out,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
