"""The administrator's and the workshop manager's tools for the people whose data these are:
everything held on a person, handed over; a person anonymised; what has outlived its retention.
Served by the admin site (``config.admin``)."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheets import sheet_names, write_xlsx
from config import personal_data, retention
from organisations.policy import policy_parameter
from participants.access import log_person_ids, log_reads
from participants.models import AccessLog, Anonymisation, Person
from participants.scoping import may_anonymise, may_hand_over_data

RETENTION_PAGE_ROWS = 100


def _person(request, pk) -> Person:
    # Found through the user's scope first: another scope's person is a 404, like a missing one.
    return get_object_or_404(Person.objects.visible_to(request.user), pk=pk)


def personal_data_view(site, request, pk, file_format):
    """``/admin/personal-data/<id>/<json|xlsx>/``: everything held on the person, with its
    history and who read it — itself logged as an export of the person's data."""
    if file_format not in ("json", "xlsx"):
        raise Http404
    person = _person(request, pk)
    if not may_hand_over_data(request.user, person):
        raise PermissionDenied
    data = personal_data.subject_data(person, request.user)
    log_reads(request, [person], kind=AccessLog.Kind.EXPORT)
    stem = _("personal-data-%(number)d-%(day)s") % {
        "number": person.pk,
        "day": f"{timezone.localdate():%Y-%m-%d}",
    }
    if file_format == "json":
        response = HttpResponse(
            personal_data.as_json(data), content_type="application/json; charset=utf-8"
        )
    else:
        sheets = list(personal_data.as_sheets(data))
        names = sheet_names([_("Contents"), *(title for title, _rows in sheets)])
        # A sheet's name holds 31 characters: the contents name each sheet in full.
        contents = [
            [_("sheet"), _("records"), _("rows")],
            *(
                [name, title, len(rows) - 1]
                for name, (title, rows) in zip(names[1:], sheets, strict=True)
            ),
        ]
        out = io.BytesIO()
        write_xlsx(
            [(names[0], contents), *zip(names[1:], (rows for _t, rows in sheets), strict=True)],
            out,
        )
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    response["Cache-Control"] = "no-store"
    return response


def anonymise_view(site, request, pk):
    """``/admin/personal-data/<id>/anonymise/``: asks first, says what stays and what goes."""
    if not may_anonymise(request.user):
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    person = _person(request, pk)
    change_url = reverse("admin:participants_person_change", args=[person.pk])
    if person.anonymised_on is not None:
        messages.info(request, _("This person is already anonymised."))
        return redirect(change_url)
    if request.method == "POST":
        if request.POST.get("confirm") == str(person.pk):
            with transaction.atomic():
                if site.claim_form(request):
                    personal_data.anonymise(
                        [person.pk], reason=Anonymisation.Reason.REQUEST, by=request.user
                    )
            messages.success(
                request,
                _(
                    "The person was anonymised: the reports still count them, nobody can tell "
                    "who they were."
                ),
            )
            return redirect(change_url)
        messages.error(request, _("Tick the confirmation to anonymise the person."))
    log_reads(request, [person], kind=AccessLog.Kind.RECORD)
    context = {
        **site.each_context(request),
        "title": _("Anonymise %(person)s") % {"person": person},
        "person": person,
        "change_url": change_url,
        "form_token": site.new_form_token(),
    }
    return TemplateResponse(request, "admin/anonymise.html", context)


def retention_view(site, request):
    """``/admin/retention/``: the periods in force, who is due, the reads no longer kept; the
    administrator may apply it to the people shown (the daily run applies it to everyone)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    today = timezone.localdate()
    periods = retention.Periods.on(today)
    if request.method == "POST":
        with transaction.atomic():
            if site.claim_form(request):
                anonymised, deleted = retention.apply(
                    today, by=request.user, limit=RETENTION_PAGE_ROWS
                )
                messages.success(
                    request,
                    _("Anonymised: %(people)d; log entries deleted: %(reads)d.")
                    % {"people": anonymised, "reads": deleted},
                )
        return redirect("admin:retention")
    people = retention.due(today, periods)
    shown = list(people[:RETENTION_PAGE_ROWS])
    log_person_ids(request, [person.pk for person in shown], kind=AccessLog.Kind.LIST)
    context = {
        **site.each_context(request),
        "title": _("Retention of personal data"),
        "periods": periods,
        "parameters": [
            policy_parameter(key, today)
            for key in (
                retention.WORKSHOP_YEARS,
                retention.EMPLOYMENT_YEARS,
                retention.ACCESS_LOG_YEARS,
            )
        ],
        "rows": [(person, retention.kept_until(person, periods)) for person in shown],
        "count": people.count(),
        "reads": retention.old_reads(today, periods).count(),
        "reads_kept_from": periods.access_log_kept_from(today),
        "recent": Anonymisation.objects.select_related("done_by")[:20],
        "form_token": site.new_form_token(),
        "page_rows": RETENTION_PAGE_ROWS,
    }
    return TemplateResponse(request, "admin/retention.html", context)
