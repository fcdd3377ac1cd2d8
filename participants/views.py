import datetime
import tempfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy

from accounts import once
from common import dates, formats
from common.ids import is_id
from common.spreadsheets import sheet_names, write_xlsx
from participants import annual_report, import_runs, imports, pending_imports, services, tasks
from participants.access import (
    import_checks_left,
    log_import_check,
    log_person_ids,
    log_reads,
    person_label_for,
)
from participants.forms import ImportForm, QuickNoteForm, current_goals, people_to_note
from participants.models import AccessLog, AttendanceDay, DisabilityCertificate, ProgressNote
from wtz.models import Room, Workshop


@login_required
def certificate_scan(request, pk):
    """Streams a certificate's scan to staff who may see the certificate; 404 to anyone else."""
    certificate = get_object_or_404(DisabilityCertificate.objects.visible_to(request.user), pk=pk)
    if not certificate.scan:
        raise Http404
    log_reads(request, [certificate], kind=AccessLog.Kind.RECORD)
    return FileResponse(certificate.scan.open("rb"), as_attachment=False)


# How many people the quick note lists at once: a workshop's day fits; for more, a search.
PEOPLE_LISTED = 60


@login_required
def note_quick(request):
    """Log progress in seconds, from a phone too: choose the person (those the user may write
    about now, a bounded list by name, or a search), then one of their goals, a rating, a line;
    after saving, the people again, ready for the next note. The page reads only the people it
    shows, in a number of queries that does not grow with them."""
    if not request.user.has_perm("participants.add_progressnote"):
        raise PermissionDenied
    chosen = request.POST.get("person") if request.method == "POST" else request.GET.get("person")
    if chosen:
        return _note_about(request, chosen)
    if request.method == "POST":
        raise Http404  # a note about nobody
    return _people_to_note(request)


def _people_to_note(request):
    """The first step: whom the note is about, from a bounded list or a search."""
    recent = _latest_notes(request.user)
    query = request.GET.get("q", "").strip()
    people = list(people_to_note(request.user, query)[: PEOPLE_LISTED + 1])
    shown = people[:PEOPLE_LISTED]
    listed = {person.pk for person in shown} | {note.enrolment.person_id for note in recent}
    log_person_ids(request, listed, kind=AccessLog.Kind.LIST)
    label = person_label_for(request.user)
    context = {
        "recent": recent,
        "people": [(person, label(person)) for person in shown],
        "more": len(people) > PEOPLE_LISTED,
        "query": query,
    }
    return render(request, "participants/note_quick.html", context)


def _note_about(request, chosen: str):
    """The second step: the note about the chosen person, against one of their current goals;
    404 for anyone the user may not write about."""
    if not is_id(chosen):
        raise Http404
    # The person's goals in one query, scoped as every goal is: none for anyone the user may
    # not write about (outside their workshops, or without an approved programme).
    goals = list(current_goals(request.user).filter(version__programme__enrolment__person=chosen))
    if not goals:
        raise Http404
    person = goals[0].version.programme.enrolment.person
    form = QuickNoteForm(request.POST or None, person=person, goals=goals)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if not once.claim(request):  # a double click: the note is saved already
                messages.info(request, _("This note was already saved; not again."))
                return redirect("participants:note_quick")
            goal = form.cleaned_data["goal"]
            note = ProgressNote(
                enrolment=goal.version.programme.enrolment,
                goal=goal,
                rating=form.cleaned_data["rating"],
                text=form.cleaned_data["text"],
                written_on=form.cleaned_data["written_on"],
                author=request.user,
            )
            note.full_clean()
            note.save()
        messages.success(
            request,
            _("Saved: %(person)s, %(rating)s.")
            % {"person": person, "rating": note.get_rating_display()},
        )
        return redirect("participants:note_quick")
    recent = _latest_notes(request.user)
    others = {note.enrolment.person_id for note in recent} - {person.pk}
    log_person_ids(request, [person.pk], kind=AccessLog.Kind.RECORD)
    log_person_ids(request, others, kind=AccessLog.Kind.LIST)
    context = {
        "recent": recent,
        "person": person,
        "person_label": person_label_for(request.user)(person),
        "form": form,
        "form_token": once.new_token(),
    }
    return render(request, "participants/note_quick.html", context)


def _latest_notes(user) -> list[ProgressNote]:
    """The user's own latest notes, under the form: what was just saved, at a glance."""
    return list(
        ProgressNote.objects.visible_to(user)
        .filter(author=user)
        .select_related("enrolment__person", "goal")[:10]
    )


@login_required
def attendance_grid(request):
    """One room, one day: everyone assigned to the room that day, saved in one submit."""
    if not request.user.has_perm("participants.add_attendanceday"):
        raise PermissionDenied
    rooms = Room.objects.visible_to(request.user).filter(is_active=True).select_related("workshop")
    room_id = request.GET.get("room") or request.POST.get("room")
    room = get_object_or_404(rooms, pk=room_id) if room_id else rooms.first()
    try:
        day = datetime.date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        day = timezone.localdate()
    roster = services.room_roster(room, day) if room else []
    if request.method == "POST" and room is not None and "whole_workshop_closed" in request.POST:
        marked = services.workshop_closed(workshop=room.workshop, day=day, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(workshop)s closed on %(day)s: %(count)d person marked.",
                "%(workshop)s closed on %(day)s: %(count)d people marked.",
                marked,
            )
            % {"workshop": room.workshop, "day": formats.day(day), "count": marked},
        )
        return redirect(f"{reverse('participants:attendance')}?room={room.pk}&day={day}")
    if request.method == "POST" and room is not None:
        codes = {enrolment.pk: request.POST.get(f"code-{enrolment.pk}", "") for enrolment in roster}
        try:
            warnings = services.attendance_record(room=room, day=day, codes=codes, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, _("The register is saved."))
            return redirect(f"{reverse('participants:attendance')}?room={room.pk}&day={day}")
    recorded = dict(
        AttendanceDay.objects.filter(enrolment__in=roster, day=day).values_list("enrolment", "code")
    )
    rows = [
        (enrolment, recorded.get(enrolment.pk, AttendanceDay.Code.PRESENT)) for enrolment in roster
    ]
    log_reads(request, roster, kind=AccessLog.Kind.LIST)
    context = {
        "rooms": rooms,
        "room": room,
        "day": day,
        "month_label": formats.month(day),
        "rows": rows,
        "codes": AttendanceDay.Code.choices,
        "is_recorded": bool(recorded),
    }
    return render(request, "participants/attendance.html", context)


# One letter or two for each attendance code, as a paper register has room for.
ATTENDANCE_MARKS = {
    AttendanceDay.Code.PRESENT: pgettext_lazy("attendance mark", "P"),
    AttendanceDay.Code.PRACTICE: pgettext_lazy("attendance mark", "VP"),
    AttendanceDay.Code.EXCUSED: pgettext_lazy("attendance mark", "E"),
    AttendanceDay.Code.UNEXCUSED: pgettext_lazy("attendance mark", "U"),
    AttendanceDay.Code.CLOSED: pgettext_lazy("attendance mark", "C"),
    AttendanceDay.Code.REMOTE: pgettext_lazy("attendance mark", "R"),
}


def _month_asked(request) -> datetime.date:
    """The month in ``?month=YYYY-MM``; the one just ended when none (or none readable)."""
    try:
        return datetime.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return dates.add_months(dates.first_day_of_month(timezone.localdate()), -1)


@login_required
def attendance_sheet(request):
    """A room's register for a month, to print and keep: a mark for each recorded day, empty
    cells to fill in by hand, the marks explained."""
    if not request.user.has_perm("participants.view_attendanceday"):
        raise PermissionDenied
    rooms = Room.objects.visible_to(request.user).select_related("workshop")
    room_id = request.GET.get("room", "")
    room = get_object_or_404(rooms, pk=room_id) if is_id(room_id) else rooms.first()
    if room is None:
        raise Http404
    month = _month_asked(request)
    enrolments, days, codes = services.room_month_register(room, month)
    log_reads(request, enrolments, kind=AccessLog.Kind.LIST)
    rows = [
        (enrolment, [ATTENDANCE_MARKS.get(codes.get((enrolment.pk, day)), "") for day in days])
        for enrolment in enrolments
    ]
    context = {
        "room": room,
        "month": month,
        "month_label": formats.month(month),
        "days": days,
        "rows": rows,
        "marks": [(ATTENDANCE_MARKS[code], code.label) for code in AttendanceDay.Code],
    }
    return render(request, "participants/attendance_sheet.html", context)


@login_required
def allowance_list(request):
    """A workshop's allowances for a month as a list to sign on receipt: the settled amounts (or
    what the rules give, where nothing is settled yet) and a column for each signature."""
    if not request.user.has_perm("participants.view_allowancepayment"):
        raise PermissionDenied
    workshops = Workshop.objects.visible_to(request.user)
    workshop_id = request.GET.get("workshop", "")
    workshop = (
        get_object_or_404(workshops, pk=workshop_id) if is_id(workshop_id) else workshops.first()
    )
    if workshop is None:
        raise Http404
    month = _month_asked(request)
    rows = services.allowance_sheet(workshop, month)
    log_reads(request, [row.enrolment for row in rows], kind=AccessLog.Kind.LIST)
    amounts = [row.payment.amount if row.payment is not None else row.due for row in rows]
    context = {
        "workshop": workshop,
        "month": month,
        "month_label": formats.month(month),
        "rows": list(zip(rows, amounts, strict=True)),
        "total": sum(amount for amount in amounts if amount is not None),
        "all_settled": bool(rows) and all(row.payment is not None for row in rows),
    }
    return render(request, "participants/allowance_list.html", context)


@login_required
def allowance_month(request):
    """One workshop, one month: the economic-training allowances under the organiser's rules,
    settled in one submit."""
    if not request.user.has_perm("participants.add_allowancepayment"):
        raise PermissionDenied
    workshops = Workshop.objects.visible_to(request.user)
    workshop_id = request.GET.get("workshop") or request.POST.get("workshop")
    workshop = get_object_or_404(workshops, pk=workshop_id) if workshop_id else workshops.first()
    try:
        month = datetime.date.fromisoformat(
            (request.GET.get("month") or request.POST.get("month") or "") + "-01"
        )
    except ValueError:
        # The month just ended: the current one is not over yet.
        month = dates.add_months(dates.first_day_of_month(timezone.localdate()), -1)
    rows = services.allowance_sheet(workshop, month) if workshop else []
    typed, unreadable = {}, []
    if request.method == "POST" and workshop is not None:
        amounts = {}
        for row in rows:
            typed[row.enrolment.pk] = request.POST.get(f"amount-{row.enrolment.pk}", "")
            try:
                amounts[row.enrolment.pk] = parse_amount(typed[row.enrolment.pk])
            except InvalidOperation:
                unreadable.append(row.enrolment.pk)
        if unreadable:
            names = ", ".join(
                str(row.enrolment.person) for row in rows if row.enrolment.pk in unreadable
            )
            messages.error(
                request,
                _("Write each amount as a number, e.g. 120,50 — not understood for: %(people)s.")
                % {"people": names},
            )
        else:
            try:
                warnings = services.allowance_settle(
                    workshop=workshop, month=month, amounts=amounts, by=request.user
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(
                    request,
                    _("The allowances of %(month)s at %(workshop)s are settled.")
                    % {"month": formats.month(month), "workshop": workshop},
                )
                url = reverse("participants:allowance")
                return redirect(f"{url}?workshop={workshop.pk}&month={month:%Y-%m}")
    log_reads(request, [row.enrolment for row in rows], kind=AccessLog.Kind.LIST)
    context = {
        "workshops": workshops,
        "workshop": workshop,
        "month": month,
        "month_label": formats.month(month),
        "rows": [
            (row, typed.get(row.enrolment.pk), row.enrolment.pk in unreadable) for row in rows
        ],
        "settled": sum(1 for row in rows if row.payment is not None),
        "rules_missing": any(row.due is None for row in rows),
    }
    return render(request, "participants/allowance.html", context)


def parse_amount(text: str) -> Decimal:
    """An amount as people type it: "120,50", "120.50", "1 234,50" (a space or a non-breaking
    space between thousands). Raises InvalidOperation for anything else."""
    cleaned = text.strip().replace("\xa0", "").replace(" ", "").replace(",", ".")
    if not cleaned or cleaned.count(".") > 1:
        raise InvalidOperation(text)
    amount = Decimal(cleaned)
    if not amount.is_finite():
        raise InvalidOperation(text)
    return amount


IMPORT_PERMISSIONS = (
    "participants.add_person",
    "participants.add_disabilitycertificate",
    "participants.add_waitinglistentry",
    "participants.add_enrolment",
)
IMPORT_SESSION_KEY = "participant_import"


@login_required
def import_template(request, file_format):
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    if file_format == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        content = imports.template_xlsx()
    else:
        content_type = "text/csv; charset=utf-8"
        content = imports.template_csv()
    response = HttpResponse(content, content_type=content_type)
    filename = _("participants") + f".{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def import_participants(request):
    """A workshop's existing participant list from a spreadsheet: checked first as a dry run that
    saves nothing, then imported on confirmation — all rows or none."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    workshops = Workshop.objects.visible_to(request.user).select_related("organiser")
    form = ImportForm(request.POST or None, request.FILES or None, workshops=workshops)
    result = None
    token = None
    status = 200
    if request.method == "POST" and "confirm" not in request.POST:
        # Another file checked: the preview before it can no longer be confirmed.
        pending_imports.discard(request.session.pop(IMPORT_SESSION_KEY, None))
        pending_imports.discard_stale()
        import_runs.discard_stale()
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(IMPORT_SESSION_KEY) or {}
        workshop = workshops.filter(pk=pending.get("workshop")).first()
        rows = None
        if pending.get("token") == request.POST["confirm"] and workshop is not None:
            rows = pending_imports.read(pending, user=request.user)
        if rows is None:
            messages.error(request, _("Check the file again: this preview is no longer current."))
            return redirect("participants:import")
        if len(rows) >= BACKGROUND_FROM_ROWS:
            # The task reads the rows from the waiting file and deletes it when done.
            request.session.pop(IMPORT_SESSION_KEY, None)
            return _in_background(request, workshop, pending, len(rows), commit=True)
        result = imports.import_participants(
            workshop=workshop, rows=rows, by=request.user, commit=True
        )
        # The check was counted when the file was first read; the records read again are logged.
        log_person_ids(
            request, [row.known_person_id for row in result.rows], kind=AccessLog.Kind.IMPORT
        )
        # Imported or refused now, the file is done with: a refused one is offered no import.
        pending_imports.discard(request.session.pop(IMPORT_SESSION_KEY, None))
        if result.saved:
            messages.success(
                request,
                ngettext(
                    "%(count)d participant was admitted to %(workshop)s.",
                    "%(count)d participants were admitted to %(workshop)s.",
                    len(rows),
                )
                % {"count": len(rows), "workshop": workshop},
            )
            url = reverse("admin:participants_person_changelist")
            return redirect(f"{url}?status=attending&workshop={workshop.pk}")
        form = ImportForm(initial={"workshop": workshop}, workshops=workshops)
    elif request.method == "POST" and not import_checks_left(request.user):
        form.add_error(
            None,
            _("You have checked the hour's limit of %(count)d files; try again in an hour.")
            % {"count": settings.IMPORT_CHECKS_PER_HOUR},
        )
        status = 429
    elif request.method == "POST" and form.is_valid():
        workshop = form.cleaned_data["workshop"]
        rows = form.cleaned_data["file"]
        if len(rows) >= BACKGROUND_FROM_ROWS:
            pending = pending_imports.keep(rows, user=request.user, workshop=workshop)
            request.session[IMPORT_SESSION_KEY] = pending
            log_import_check(request, [])  # the records it reads are logged by the task
            return _in_background(request, workshop, pending, len(rows), commit=False)
        result = imports.import_participants(
            workshop=workshop, rows=rows, by=request.user, commit=False
        )
        log_import_check(request, [row.known_person_id for row in result.rows])
        if result.is_valid:
            pending = pending_imports.keep(rows, user=request.user, workshop=workshop)
            request.session[IMPORT_SESSION_KEY] = pending
            token = pending["token"]
    context = {
        "form": form,
        "result": result,
        "token": token,
        "columns": imports.COLUMNS,
        "runs": import_runs.recent(request.user),
    }
    return render(request, "participants/import.html", context, status=status)


# A file of this many rows is checked and imported by the task worker, the page showing its
# progress; a smaller one takes a second or two and is answered at once.
BACKGROUND_FROM_ROWS = 200


def _in_background(request, workshop, pending: dict, total: int, *, commit: bool):
    run = import_runs.start(
        user=request.user,
        workshop=workshop,
        kind=import_runs.IMPORT if commit else import_runs.CHECK,
        total=total,
        pending=pending,
    )
    tasks.run_import.enqueue(
        run=run,
        user_id=request.user.pk,
        pending=pending,
        commit=commit,
        language=translation.get_language(),
        where=request.get_full_path(),
    )
    return redirect("participants:import_run", run=run)


@login_required
def import_run(request, run):
    """A background check or import: its progress while it runs (the page reloads itself), then
    the same result as a file checked at once. Only the user who started it finds it."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    state = import_runs.read(run, user=request.user)
    if state is None:
        raise Http404
    result = import_runs.result_of(state)
    pending = request.session.get(IMPORT_SESSION_KEY) or {}
    token = None
    if (
        result is not None
        and state["kind"] == import_runs.CHECK
        and result.is_valid
        and state["token"]
        and pending.get("token") == state["token"]
    ):
        token = state["token"]
    running = state["status"] in (import_runs.QUEUED, import_runs.RUNNING)
    context = {
        "state": state,
        "result": result,
        "token": token,
        "running": running,
        "people_url": f"{reverse('admin:participants_person_changelist')}"
        f"?status=attending&workshop={state['workshop']}",
    }
    return render(request, "participants/import_run.html", context)


@login_required
def import_runs_list(request):
    """The user's checks and imports of the last hour, running or done."""
    if not request.user.has_perms(IMPORT_PERMISSIONS):
        raise PermissionDenied
    context = {"runs": import_runs.recent(request.user)}
    return render(request, "participants/import_runs.html", context)


def _annual_report_choice(request):
    """The workshop (of those the user heads) and the year asked; the last year by default."""
    workshops = Workshop.objects.managed_by(request.user).order_by("name")
    if not workshops.exists():
        raise PermissionDenied
    chosen = request.GET.get("workshop", "")
    workshop = get_object_or_404(workshops, pk=chosen) if is_id(chosen) else workshops.first()
    this_year = timezone.localdate().year
    text = request.GET.get("year", "")
    error = ""
    year = this_year - 1
    if text:
        if text.isdigit() and 1999 <= int(text) <= this_year:
            year = int(text)
        else:
            error = _("“%(text)s” is not a year of the report: choose one up to %(last)d.") % {
                "text": text,
                "last": this_year,
            }
    return workshops, workshop, year, error


@login_required
def annual_report_view(request):
    """The annual report to the powiat (WTZ Reg. § 21) for a workshop the user heads."""
    workshops, workshop, year, error = _annual_report_choice(request)
    report = annual_report.annual_report(workshop, year)
    log_person_ids(request, report.people, kind=AccessLog.Kind.LIST)
    context = {
        "workshops": workshops,
        "workshop": workshop,
        "report": report,
        "error": error,
        "years": list(range(timezone.localdate().year, timezone.localdate().year - 6, -1)),
        "finance_rows": _finance_rows(report.finance),
    }
    return render(request, "participants/annual_report.html", context, status=400 if error else 200)


@login_required
def annual_report_xlsx(request):
    """The annual report as an XLSX ready to send, a sheet per part."""
    _workshops, workshop, year, error = _annual_report_choice(request)
    if error:
        return redirect(f"{reverse('participants:annual_report')}?{request.GET.urlencode()}")
    report = annual_report.annual_report(workshop, year)
    log_person_ids(request, report.people, kind=AccessLog.Kind.EXPORT)
    parts = annual_report.sheets(report)
    names = sheet_names([name for name, _rows in parts])
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    write_xlsx(list(zip(names, [rows for _name, rows in parts], strict=True)), out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"sprawozdanie-{slugify(workshop.name)}-{year}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _finance_rows(finance) -> list[tuple[str, Decimal]]:
    if finance is None:
        return []
    return [
        (finance._meta.get_field(name).verbose_name, getattr(finance, name))
        for name in finance.AMOUNT_FIELDS
    ]
