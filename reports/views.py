from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from organisations.scoping import may_read_reports
from reports.selectors import workshop_places


@login_required
def index(request):
    if not may_read_reports(request.user):
        raise PermissionDenied
    report = workshop_places(request.user, timezone.localdate())
    return render(request, "reports/index.html", {"report": report})
