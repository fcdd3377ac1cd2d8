import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from coop import compliance
from organisations.models import Cooperative
from participants.access import log_person_ids
from participants.models import AccessLog


@login_required
def compliance_view(request):
    """The cooperative's compliance on a chosen day, line by line."""
    cooperatives = Cooperative.objects.visible_to(request.user).select_related("organisation")
    if not request.user.has_perm("organisations.view_cooperative") or not cooperatives.exists():
        raise PermissionDenied
    chosen = request.GET.get("cooperative", "")
    cooperative = (
        get_object_or_404(cooperatives, pk=chosen) if chosen.isdigit() else cooperatives.first()
    )
    try:
        on = datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        on = timezone.localdate()
    lines = compliance.lines_for(cooperative, on)
    log_person_ids(request, {pk for line in lines for pk in line.people}, kind=AccessLog.Kind.LIST)
    context = {"cooperatives": cooperatives, "cooperative": cooperative, "on": on, "lines": lines}
    return render(request, "coop/compliance.html", context)
