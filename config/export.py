"""Any list a user can see, as CSV or XLSX: the rows of the list as it is filtered and searched
(every page of it), the columns it shows, the values as the page writes them.

The rows come from the list's own admin, so an export is scoped exactly as the list is; the
people in it are logged as exported. A cell that a spreadsheet would run as a formula (text
starting with =, +, -, @ or a control character) is written with a leading apostrophe, so a
name typed as "=HYPERLINK(…)" stays text.
"""

import csv
import io

from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import display_for_value, label_for_field, lookup_field
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from common.spreadsheets import neutralised
from participants.access import log_reads
from participants.models import AccessLog

FORMATS = ("csv", "xlsx")
MAX_ROWS = 50_000  # a whole register of a large organiser; more is a report's work
LINK_COLUMNS = {"action_checkbox", "path"}  # links to pages, not data


def _columns(model_admin, request):
    names = [name for name in model_admin.get_list_display(request) if name not in LINK_COLUMNS]
    labels = [
        str(capfirst(label_for_field(name, model_admin.model, model_admin))) for name in names
    ]
    return names, labels


def _cell(name, obj, model_admin) -> str:
    empty = model_admin.get_empty_value_display()
    try:
        field, _attr, value = lookup_field(name, obj, model_admin)
    except (AttributeError, ObjectDoesNotExist):
        return ""
    if field is not None and getattr(field, "flatchoices", None):
        value = dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    text = display_for_value(value, empty) if field is None or not field.is_relation else value
    return neutralised(strip_tags(str(text if text is not None else empty)).strip())


def _printable(text: str) -> str:
    # A control character pasted into a name (from a word processor) has no place in a sheet.
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def export_view(site, request, app_label, model_name, file_format):
    """``/admin/export/<app>/<model>/<csv|xlsx>/?<the list's filters>``."""
    if file_format not in FORMATS:
        raise Http404
    model_admin = next(
        (
            admin
            for model, admin in site._registry.items()
            if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
        ),
        None,
    )
    if model_admin is None:
        raise Http404
    if not model_admin.has_view_or_change_permission(request):
        raise PermissionDenied
    try:
        changelist = model_admin.get_changelist_instance(request)
    except IncorrectLookupParameters:
        # As the list itself answers a filter it cannot apply: the list, with its error mark.
        return HttpResponseRedirect(
            reverse(f"admin:{app_label}_{model_name}_changelist") + f"?{ERROR_FLAG}=1"
        )
    rows = list(changelist.get_queryset(request)[:MAX_ROWS])
    if hasattr(model_admin.model, "person_path"):
        log_reads(request, rows, kind=AccessLog.Kind.EXPORT)
    names, labels = _columns(model_admin, request)
    table = [[_cell(name, obj, model_admin) for name in names] for obj in rows]
    title = str(model_admin.model._meta.verbose_name_plural)
    stem = f"{slugify(title) or model_name}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        out = io.StringIO()
        # Semicolons, as Excel in Poland opens it; every cell quoted, so that a reader set to
        # commas cannot split a cell into one that starts a formula.
        writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
        writer.writerow([neutralised(label) for label in labels])
        writer.writerows(table)
        response = HttpResponse(
            out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            _workbook(title, labels, table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


def _workbook(title: str, labels: list[str], table: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([_printable(neutralised(label)) for label in labels])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table:
        sheet.append([_printable(value) for value in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # every value as the page wrote it, never a formula
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
