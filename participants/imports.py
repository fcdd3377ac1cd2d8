"""Import of a workshop's existing participant list from a spreadsheet (XLSX or CSV).

Each row becomes what hand entry would record — the person, their certificate, the approved
application on the organiser's reserve list and the admission — through the same services, so
every rule of hand entry applies. The whole file is one transaction: a dry run, or any row that
fails, rolls everything back, and the answer lists each row's errors by column.
"""

import bisect
import copy
import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common import formats
from common.signals import records_changed
from common.text import fold
from organisations.models import Organisation, Territory
from organisations.policy import policy_snapshot
from participants import rules, services
from participants.models import (
    CauseSymbol,
    DisabilityCertificate,
    Enrolment,
    Indication,
    Person,
    PersonRegistration,
    RoomAssignment,
    Vacancy,
    WaitingListEntry,
)
from wtz.models import Room, Workshop

MAX_ROWS = 1000
MAX_LINES = 3 * MAX_ROWS  # empty lines between participants are skipped, up to this many lines
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
PROGRESS_EVERY = 50  # rows between two reports of a background import's progress
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
YES = {"tak", "t", "yes", "y", "1", "x", "true", "prawda"}
NO = {"nie", "n", "no", "0", "false", "fałsz", ""}


def _choice(value: str, choices, aliases=None) -> str:
    """A choice's code, given the code or its label in Polish or English."""
    if not value:
        return value
    wanted = value.strip().casefold()
    for code, label in choices:
        spellings = {str(code).casefold(), *(aliases or {}).get(code, ())}
        for language in ("pl", "en"):
            with translation.override(language):
                spellings.add(str(label).casefold())
        if wanted in spellings:
            return code
    raise ValidationError(
        _("“%(value)s” is not one of: %(choices)s."),
        params={"value": value, "choices": ", ".join(str(label) for _code, label in choices)},
    )


def _yes_no(value: str) -> bool:
    wanted = value.strip().casefold()
    if wanted in YES:
        return True
    if wanted in NO:
        return False
    raise ValidationError(_("Write tak or nie."))


class RowForm(forms.Form):
    """One row of the list. Field labels are the column headers of the template; the form turns
    text into values, and the services then apply the rules of hand entry."""

    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=100)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=100)
    pesel = forms.CharField(label=gettext_lazy("PESEL"), required=False, max_length=11)
    no_pesel_reason = forms.CharField(
        label=gettext_lazy("Why there is no PESEL"), required=False, max_length=255
    )
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"), required=False, input_formats=DATE_FORMATS
    )
    sex = forms.CharField(label=gettext_lazy("Sex"), required=False)
    residence = forms.CharField(label=gettext_lazy("Place of residence (TERYT code)"))
    legal_capacity = forms.CharField(label=gettext_lazy("Legal capacity"), required=False)
    applied_on = forms.DateField(label=gettext_lazy("Applied on"), input_formats=DATE_FORMATS)
    approved_on = forms.DateField(
        label=gettext_lazy("Approved with the PCPR on"), input_formats=DATE_FORMATS
    )
    pcpr_reference = forms.CharField(label=gettext_lazy("PCPR agreement reference"))
    admitted_on = forms.DateField(label=gettext_lazy("Admitted on"), input_formats=DATE_FORMATS)
    room = forms.CharField(label=gettext_lazy("Room"), required=False)
    certificate_kind = forms.CharField(label=gettext_lazy("Certificate: kind"), required=False)
    certificate_degree = forms.CharField(label=gettext_lazy("Certificate: degree"), required=False)
    certificate_number = forms.CharField(
        label=gettext_lazy("Certificate: decision number"), required=False, max_length=64
    )
    certificate_issuing_board = forms.CharField(
        label=gettext_lazy("Certificate: issued by"), required=False, max_length=200
    )
    certificate_issued_on = forms.DateField(
        label=gettext_lazy("Certificate: issued on"), required=False, input_formats=DATE_FORMATS
    )
    certificate_valid_until = forms.DateField(
        label=gettext_lazy("Certificate: valid until"), required=False, input_formats=DATE_FORMATS
    )
    certificate_permanent = forms.CharField(
        label=gettext_lazy("Certificate: permanent"), required=False
    )
    certificate_symbols = forms.CharField(
        label=gettext_lazy("Certificate: cause symbols"), required=False
    )
    certificate_indicates_therapy = forms.CharField(
        label=gettext_lazy("Certificate: indicates occupational therapy"), required=False
    )
    certificate_override_reason = forms.CharField(
        label=gettext_lazy("Admitted without such a certificate because"), required=False
    )

    def __init__(self, *args, workshop: Workshop, lookups: "Lookups | None" = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.lookups = lookups

    def clean_sex(self):
        return _choice(self.cleaned_data["sex"], Person.Sex.choices, {"F": {"k"}})

    def clean_legal_capacity(self):
        return _choice(self.cleaned_data["legal_capacity"], Person.LegalCapacity.choices)

    def clean_certificate_kind(self):
        return _choice(self.cleaned_data["certificate_kind"], DisabilityCertificate.Kind.choices)

    def clean_certificate_degree(self):
        return _choice(
            self.cleaned_data["certificate_degree"], DisabilityCertificate.Degree.choices
        )

    def clean_certificate_permanent(self):
        return _yes_no(self.cleaned_data["certificate_permanent"])

    def clean_certificate_indicates_therapy(self):
        return _yes_no(self.cleaned_data["certificate_indicates_therapy"])

    def clean_residence(self):
        value = self.cleaned_data["residence"].strip()
        if self.lookups is not None:
            matches = self.lookups.territories(value)
        else:
            matches = list(Territory.objects.filter(code=value)) or list(
                Territory.objects.filter(name__iexact=value, level=Territory.Level.GMINA)
            )
        if len(matches) != 1:
            raise ValidationError(
                _("no gmina with the code or name “%(value)s”; give its TERYT code."),
                params={"value": value},
            )
        return matches[0]

    def clean_room(self):
        value = self.cleaned_data["room"].strip()
        if not value:
            return None
        if self.lookups is not None:
            room = self.lookups.room(value)
        else:
            room = Room.objects.filter(workshop=self.workshop, name__iexact=value).first()
        if room is None:
            raise ValidationError(
                _("%(workshop)s has no room “%(value)s”."),
                params={"workshop": self.workshop, "value": value},
            )
        return room

    def clean_certificate_symbols(self):
        codes = [
            code.strip().upper()
            for code in self.cleaned_data["certificate_symbols"].replace(";", ",").split(",")
        ]
        codes = [code for code in codes if code]
        if self.lookups is not None:
            symbols = self.lookups.symbols
        else:
            symbols = {symbol.code: symbol for symbol in CauseSymbol.objects.filter(code__in=codes)}
        unknown = [code for code in codes if code not in symbols]
        if unknown:
            raise ValidationError(
                _("unknown cause symbols: %(codes)s."), params={"codes": ", ".join(unknown)}
            )
        return [symbols[code] for code in codes]

    @property
    def has_certificate(self) -> bool:
        return any(
            self.data.get(name, "").strip()
            for name in (
                "certificate_number",
                "certificate_issuing_board",
                "certificate_issued_on",
                "certificate_valid_until",
                "certificate_degree",
                "certificate_symbols",
            )
        )


COLUMNS = tuple(RowForm.base_fields)
MAX_COLUMNS = len(COLUMNS) + 10  # a few columns of the user's own are read, and named unknown

# What the instructions sheet of the template says about a column beyond its label.
COLUMN_HELP = {
    "pesel": gettext_lazy("11 digits; without it, fill in the next three columns."),
    "birth_date": gettext_lazy("Only without a PESEL."),
    "residence": gettext_lazy("The gmina's TERYT code (7 digits) or its exact name."),
    "room": gettext_lazy("The name of one of the workshop's rooms; may stay empty."),
    "certificate_symbols": gettext_lazy("Codes separated by commas, e.g. 01-U, 02-P."),
    "certificate_permanent": gettext_lazy("tak or nie; a permanent certificate has no date."),
    "certificate_indicates_therapy": gettext_lazy("tak or nie."),
    "certificate_override_reason": gettext_lazy(
        "Only when the person attends without a certificate indicating occupational therapy."
    ),
}

# Model field → column, for turning a refusal into the column the user should fix. The person's,
# the application's and the admission's fields are named like their columns; the certificate's
# carry a prefix.
SAME_NAMES = {name: name for name in COLUMNS}
CERTIFICATE_FIELDS = {
    "kind": "certificate_kind",
    "degree": "certificate_degree",
    "number": "certificate_number",
    "issuing_board": "certificate_issuing_board",
    "issued_on": "certificate_issued_on",
    "valid_until": "certificate_valid_until",
    "is_permanent": "certificate_permanent",
    "symbols": "certificate_symbols",
}


CHOICES = {
    "sex": Person.Sex.choices,
    "legal_capacity": Person.LegalCapacity.choices,
    "certificate_kind": DisabilityCertificate.Kind.choices,
    "certificate_degree": DisabilityCertificate.Degree.choices,
}


def column_label(name: str) -> str:
    return str(RowForm.base_fields[name].label)


def column_help(name: str) -> str:
    form_field = RowForm.base_fields[name]
    parts = [str(COLUMN_HELP[name])] if name in COLUMN_HELP else []
    if name in CHOICES:
        parts.append(
            _("One of: %(choices)s.")
            % {"choices": ", ".join(str(label) for _code, label in CHOICES[name])}
        )
    if isinstance(form_field, forms.DateField):
        parts.append(_("A date: YYYY-MM-DD or DD.MM.YYYY."))
    return " ".join(parts)


def template_csv() -> bytes:
    """The header row, separated by semicolons as Excel in Poland expects, with a BOM so that
    Excel reads the Polish letters as UTF-8."""
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerow(column_label(name) for name in COLUMNS)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    """A workbook whose first sheet has the column headers (required ones in bold, PESEL typed
    as text so leading zeros stay) and whose second sheet explains each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")[:31]
    instructions = workbook.create_sheet(_("Instructions")[:31])
    instructions.append([_("Column"), _("Required"), _("What to write")])
    for cell in instructions[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(COLUMNS, start=1):
        form_field = RowForm.base_fields[name]
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index, value=column_label(name))
        header.font = Font(bold=form_field.required)
        sheet.column_dimensions[letter].width = max(14, len(column_label(name)) + 2)
        if name == "pesel":
            for row in range(2, MAX_ROWS + 2):
                sheet.cell(row=row, column=index).number_format = "@"
        instructions.append(
            [column_label(name), _("yes") if form_field.required else "", column_help(name)]
        )
    instructions.column_dimensions["A"].width = 45
    instructions.column_dimensions["C"].width = 100
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _header_names() -> dict[str, str]:
    """Every way a column may be headed: its name, or its label in Polish or English."""
    names = {}
    for name, form_field in RowForm.base_fields.items():
        names[name.casefold()] = name
        for language in ("pl", "en"):
            with translation.override(language):
                names[str(form_field.label).casefold()] = name
    return names


def _text(value, column: str) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and column == "pesel":
        return f"{value:011d}"  # a spreadsheet drops the leading zero of a 2000s PESEL
    return str(value).strip()


def _check_unpacked_size(content: bytes) -> None:
    """An XLSX file is a zip: a small file can unpack to gigabytes of XML. Its members' sizes are
    read from the zip's directory before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise ValidationError(_("The file is not an XLSX workbook.")) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(
            _("The workbook unpacks to more than %(size)d MB; save a smaller list.")
            % {"size": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )


def _xlsx_lines(content: bytes) -> Iterator[tuple]:
    """The first sheet's rows, one at a time (openpyxl's read-only mode streams the XML), and
    never more columns than the template has."""
    from openpyxl import load_workbook

    _check_unpacked_size(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValidationError(_("The file is not an XLSX workbook.")) from error
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    finally:
        workbook.close()


def _csv_lines(content: bytes) -> Iterator[list]:
    for encoding in ("utf-8-sig", "cp1250"):  # Excel in Poland saves CSV as Windows-1250
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The file is not a text CSV file (UTF-8 or Windows-1250)."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    for cells in csv.reader(io.StringIO(text), delimiter=delimiter):
        yield cells[:MAX_COLUMNS]


@dataclass(frozen=True)
class SheetRow:
    line: int
    values: dict[str, str]


def _columns(header) -> list[str | None]:
    known = _header_names()
    columns = []
    unknown = []
    for cell in header:
        text = _text(cell, "").rstrip("*").strip()
        columns.append(known.get(text.casefold()) if text else None)
        if text and text.casefold() not in known:
            unknown.append(text)
    missing = [
        column_label(name)
        for name, form_field in RowForm.base_fields.items()
        if form_field.required and name not in columns
    ]
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("unknown columns: %s") % ", ".join(unknown))
        if missing:
            problems.append(_("missing columns: %s") % ", ".join(missing))
        raise ValidationError(
            _("The first row must hold the template's column headers (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )
    return columns


def _too_many_rows() -> ValidationError:
    return ValidationError(
        _("The file has more than %(max)d rows; import at most %(max)d at a time.")
        % {"max": MAX_ROWS}
    )


def read_sheet(uploaded) -> list[SheetRow]:
    """Reads the first sheet of an XLSX file or a CSV file into rows keyed by column name.

    The rows are read as a stream and the reading stops at the limits — at most ``MAX_ROWS``
    participants, and ``MAX_LINES`` lines in all, empty ones included — so that no file, however
    it was built, ties up the server for longer than a full list takes.
    """
    if uploaded.size > MAX_FILE_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    content = uploaded.read()
    name = uploaded.name.lower()
    if name.endswith(".xlsx"):
        lines = _xlsx_lines(content)
    elif name.endswith(".csv"):
        lines = _csv_lines(content)
    else:
        raise ValidationError(_("Choose an XLSX or CSV file."))
    header = next(lines, None)
    if header is None:
        raise ValidationError(_("The file is empty."))
    columns = _columns(header)
    rows = []
    for line, cells in enumerate(lines, start=2):
        if line > MAX_LINES:
            raise _too_many_rows()
        values = {
            column: _text(cell, column)
            for column, cell in zip(columns, cells, strict=False)
            if column is not None
        }
        if any(values.values()):
            if len(rows) == MAX_ROWS:
                raise _too_many_rows()
            rows.append(SheetRow(line=line, values=values))
    if not rows:
        raise ValidationError(_("The file has no participants below its header row."))
    return rows


@dataclass
class RowResult:
    line: int
    name: str
    errors: list[str] = field(default_factory=list)
    known_person_id: int | None = None  # the organisation's own record this row matched


@dataclass
class ImportResult:
    rows: list[RowResult]
    saved: bool

    @property
    def is_valid(self) -> bool:
        return not any(row.errors for row in self.rows)

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]


def _messages(error: ValidationError, columns: dict[str, str]) -> list[str]:
    if not hasattr(error, "error_dict"):
        return list(error.messages)
    messages = []
    for model_field, errors in error.message_dict.items():
        column = columns.get(model_field)
        for message in errors:
            if column and model_field != NON_FIELD_ERRORS:
                messages.append(f"{column_label(column)}: {message}")
            else:
                messages.append(message)
    return messages


def _stage(action, columns: dict[str, str] = SAME_NAMES):
    try:
        return action()
    except ValidationError as error:
        raise ValidationError(_messages(error, columns)) from error


class Lookups:
    """What the rows' columns name, read once for the whole file: the gminas, the workshop's
    rooms and the cause symbols (a few queries, however many rows)."""

    NAMES_PER_QUERY = 200  # SQLite parses a long OR as deep as it is long

    def __init__(self, workshop: Workshop, rows: list[SheetRow]):
        values = {row.values.get("residence", "").strip() for row in rows} - {""}
        by_code = {
            territory.code: territory for territory in Territory.objects.filter(code__in=values)
        }
        self._by_code = by_code
        names = sorted(values - set(by_code))
        self._gminas = []
        for start in range(0, len(names), self.NAMES_PER_QUERY):
            wanted = Q()
            for name in names[start : start + self.NAMES_PER_QUERY]:
                wanted |= Q(name__iexact=name)
            self._gminas += Territory.objects.filter(wanted, level=Territory.Level.GMINA)
        self._rooms: dict[str, Room] = {}
        for room in Room.objects.filter(workshop=workshop):  # the model's order: the first wins
            self._rooms.setdefault(room.name.casefold(), room)
        self.symbols = {symbol.code: symbol for symbol in CauseSymbol.objects.all()}

    def territories(self, value: str) -> list[Territory]:
        if value in self._by_code:
            return [self._by_code[value]]
        return [gmina for gmina in self._gminas if gmina.name.casefold() == value.casefold()]

    def room(self, value: str) -> Room | None:
        return self._rooms.get(value.casefold())


@dataclass
class Records:
    """What the organisation's records say about the file's people and the workshop, read in a
    fixed number of queries: everything the rules of admission ask of the database."""

    persons: dict[str, Person]  # the organisation's own records, by PESEL
    registered: set[int]  # people already on the workshop's books
    open_applications: set[int]  # people with an open application to the organiser
    attending: set[int]  # people attending any workshop
    last_exit_to_work: dict[int, datetime.date]
    certificates: dict[int, list[tuple]]  # (issued_on, order, certificate, indicates therapy)
    enrolments: list[tuple[datetime.date, datetime.date | None]]  # the workshop's, that count
    contracts: list[tuple[datetime.date, int]]  # (from, places), oldest first
    vacancies: list[Vacancy]  # unfilled, oldest first
    waiting: list[WaitingListEntry]  # approved applications the workshop may take from


def read_records(workshop: Workshop, forms_by_row: list[RowForm | None]) -> Records:
    organiser = workshop.organiser
    cleaned = [form.cleaned_data for form in forms_by_row if form is not None and form.is_valid()]
    pesels = {data["pesel"] for data in cleaned if data["pesel"]}
    persons = {
        person.pesel: person for person in Person.objects.filter(holder=organiser, pesel__in=pesels)
    }
    known = [person.pk for person in persons.values()]
    days = [data["admitted_on"] for data in cleaned] or [datetime.date.max]
    first_day, last_day = min(days), max(days)
    occupational_therapy = Indication.objects.filter(code=Indication.OCCUPATIONAL_THERAPY)
    certificates: dict[int, list[tuple]] = {}
    for certificate in DisabilityCertificate.objects.filter(
        person__in=known, workshop__organiser=organiser
    ).annotate(indicates_therapy=Exists(occupational_therapy.filter(certificates=OuterRef("pk")))):
        certificates.setdefault(certificate.person_id, []).append(
            (certificate.issued_on, certificate.pk, certificate, certificate.indicates_therapy)
        )
    exits = (
        Enrolment.objects.filter(
            person__in=known, workshop__organiser=organiser, exit_reason__in=Enrolment.WORK_REASONS
        )
        .values("person")
        .annotate(last=Max("exited_on"))
    )
    return Records(
        persons=persons,
        registered=set(
            PersonRegistration.objects.filter(person__in=known, workshop=workshop).values_list(
                "person", flat=True
            )
        ),
        open_applications=set(
            WaitingListEntry.objects.filter(person__in=known, organiser=organiser)
            .open()
            .values_list("person", flat=True)
        ),
        attending=set(
            Enrolment.objects.filter(person__in=known, exited_on__isnull=True).values_list(
                "person", flat=True
            )
        ),
        last_exit_to_work={row["person"]: row["last"] for row in exits},
        certificates=certificates,
        enrolments=list(
            Enrolment.objects.filter(workshop=workshop)
            .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=first_day))
            .values_list("admitted_on", "exited_on")
        ),
        contracts=list(
            workshop.contracted_places.order_by("starts_on").values_list("starts_on", "places")
        ),
        vacancies=list(
            Vacancy.objects.filter(workshop=workshop, opened_on__lte=last_day)
            .unfilled()
            .order_by("opened_on", "pk")
        ),
        waiting=list(
            WaitingListEntry.objects.filter(
                Q(preferred_workshop__isnull=True) | Q(preferred_workshop=workshop),
                organiser=organiser,
                status=WaitingListEntry.Status.WAITING,
                approved_on__lte=last_day,
            )
        ),
    )


class Places:
    """WTZ-03 for a whole file: the places contracted on each day less the participants
    enrolled that day — those on record and those the file's earlier rows admit."""

    def __init__(self, records: Records):
        self.contracts = records.contracts
        self.enrolments = records.enrolments
        self.later_days = sorted({admitted for admitted, _exited in records.enrolments})
        self.added: list[datetime.date] = []  # the file's admissions (none has left)
        self._recorded_on: dict[datetime.date, int] = {}

    def places_on(self, day: datetime.date) -> int:
        places = 0
        for starts_on, count in self.contracts:
            if starts_on <= day:
                places = count
        return places

    def enrolled_on(self, day: datetime.date) -> int:
        if day not in self._recorded_on:
            self._recorded_on[day] = sum(
                1
                for admitted, exited in self.enrolments
                if admitted <= day and (exited is None or exited >= day)
            )
        return self._recorded_on[day] + bisect.bisect_right(self.added, day)

    def first_day_without_a_place(self, admitted_on: datetime.date) -> datetime.date | None:
        """As ``services._first_day_without_a_place``: the admission day, a later day when an
        admission recorded for the future starts, or a day the contract changes."""
        later = {day for day in self.later_days if day > admitted_on}
        later |= {day for day in self.added if day > admitted_on}
        later |= {starts_on for starts_on, _count in self.contracts if starts_on > admitted_on}
        for day in sorted({admitted_on, *later}):
            if self.places_on(day) - self.enrolled_on(day) <= 0:
                return day
        return None

    def take(self, admitted_on: datetime.date) -> None:
        bisect.insort(self.added, admitted_on)


@dataclass
class Planned:
    """One row's records, checked and waiting to be written with the others."""

    person: Person
    created: bool
    registration: PersonRegistration | None
    certificate: DisabilityCertificate | None
    symbols: list
    indicates_therapy: bool
    entry: WaitingListEntry
    enrolment: Enrolment
    vacancy: Vacancy | None
    room_assignment: RoomAssignment | None


_UNSAVED = (
    0  # stands for the id of a person the file registers, while a rule asks whether one is set
)


def _clean(instance, *, references=(), exclude=(), unsaved=None) -> None:
    """``full_clean`` without its queries: the related records in ``references`` were read in
    bulk, and a unique constraint was checked against the records read in bulk. ``unsaved``
    names a relation to a record the file creates: its rules run as they would once it is
    saved."""
    errors: dict = {}
    try:
        instance.clean_fields(exclude=[*references, *exclude])
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for name in references:
        field_ = instance._meta.get_field(name)
        related = getattr(instance, name)
        if related is None or name in errors:
            continue
        allowed = field_.get_limit_choices_to()
        if allowed and not _matches(related, allowed):
            errors.setdefault(name, []).append(
                ValidationError(
                    field_.error_messages["invalid"],
                    code="invalid",
                    params={
                        "model": field_.remote_field.model._meta.verbose_name,
                        "pk": related.pk,
                        "field": field_.remote_field.field_name,
                        "value": related.pk,
                    },
                )
            )
    order = [field_.name for field_ in instance._meta.fields]
    errors = dict(sorted(errors.items(), key=lambda item: order.index(item[0])))
    try:
        if unsaved is not None and getattr(instance, unsaved).pk is None:
            _clean_as_saved(instance, unsaved)
        else:
            instance.clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _clean_as_saved(instance, name: str) -> None:
    field_ = instance._meta.get_field(name)
    related = getattr(instance, name)
    setattr(instance, field_.attname, _UNSAVED)
    field_.set_cached_value(instance, related)
    try:
        instance.clean()
    finally:
        setattr(instance, field_.attname, None)
        field_.set_cached_value(instance, related)


def _matches(obj, condition: Q) -> bool:
    """A ``limit_choices_to`` of plain equalities, evaluated on an object read already."""
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(_matches(obj, child))
        else:
            name, value = child
            results.append(getattr(obj, name) == value)
    outcome = any(results) if condition.connector == Q.OR else all(results)
    return not outcome if condition.negated else outcome


def _approval_before_application(entry: WaitingListEntry) -> None:
    """The reserve list's check constraint, as its validation words it."""
    if entry.approved_on and entry.approved_on < entry.applied_on:
        constraint = next(
            constraint
            for constraint in WaitingListEntry._meta.constraints
            if constraint.name == "participants_waitinglist_approved_after_applied"
        )
        raise ValidationError({NON_FIELD_ERRORS: [constraint.get_validation_error_message()]})


def _open_application(entry: WaitingListEntry, records: Records) -> None:
    if entry.person.pk in records.open_applications:
        raise ValidationError({"person": _("The person is already on this organiser's list.")})


class _Checker:
    """The rules of hand entry, applied to every row in turn against the records read once and
    the rows before it — the order the services would see them in."""

    def __init__(self, workshop: Workshop, by, records: Records, indication: Indication | None):
        self.workshop = workshop
        self.organiser = workshop.organiser
        self.by = by
        self.records = records
        self.places = Places(records)
        self.vacancies = list(records.vacancies)
        self.indication = indication
        self.new_persons: dict[str, Person] = {}  # registered by an earlier row, by PESEL
        self.new_certificates: dict[int, list[tuple]] = {}  # by id(person)
        self.admitted: set[int] = set()  # id(person) of people an earlier row admitted
        self.registered: set[int] = set()
        self.sequence = 0

    def person(self, data) -> tuple[Person, bool]:
        candidate = Person(
            holder=self.organiser,
            pesel=data["pesel"] or None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            no_pesel_reason=data["no_pesel_reason"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            residence=data["residence"],
            legal_capacity=data["legal_capacity"] or Person.LegalCapacity.FULL,
        )
        _clean(candidate, references=["residence"], exclude=["holder"])
        if candidate.pesel:
            existing = self.records.persons.get(candidate.pesel) or self.new_persons.get(
                candidate.pesel
            )
            if existing is not None:
                return existing, False
        return candidate, True

    def certificate(self, form: RowForm, person: Person) -> DisabilityCertificate:
        data = form.cleaned_data
        certificate = DisabilityCertificate(
            person=person,
            workshop=self.workshop,
            kind=data["certificate_kind"] or DisabilityCertificate.Kind.DEGREE,
            degree=data["certificate_degree"],
            number=data["certificate_number"],
            issuing_board=data["certificate_issuing_board"],
            issued_on=data["certificate_issued_on"],
            valid_until=data["certificate_valid_until"],
            is_permanent=data["certificate_permanent"],
        )
        errors = {}
        try:
            _clean(certificate, references=["person", "workshop"], unsaved="person")
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if data["certificate_issued_on"]:
            try:
                rules.check_symbols(data["certificate_symbols"], data["certificate_issued_on"])
            except ValidationError as error:
                errors.setdefault("symbols", []).extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return certificate

    def application(self, person: Person, data) -> WaitingListEntry:
        entry = WaitingListEntry(
            person=person,
            organiser=self.organiser,
            applied_on=data["applied_on"],
            preferred_workshop=self.workshop,
            left_workshop_for_work_on=self.records.last_exit_to_work.get(person.pk)
            if person.pk
            else None,
        )
        self._clean_application(entry)
        entry.has_priority = services.returnee_has_priority(entry)
        return entry

    def _clean_application(self, entry: WaitingListEntry) -> None:
        errors = {}
        try:
            entry.clean_fields(exclude=["person", "organiser", "preferred_workshop"])
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for check in (
            lambda: rules.check_held_by(entry.person, entry.organiser_id),
            lambda: rules.check_approval(entry),
            lambda: _open_application(entry, self.records),
        ):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if not errors:
            _approval_before_application(entry)
        if errors:
            raise ValidationError(errors)

    def approval(self, entry: WaitingListEntry, data) -> None:
        entry.approved_on = data["approved_on"]
        entry.pcpr_reference = data["pcpr_reference"].strip()
        entry.status = WaitingListEntry.Status.WAITING
        self._clean_application(entry)

    def governing_certificate(self, person: Person, on: datetime.date):
        """DIS-05 over the records and the file's certificates of the person (``services
        .governing_certificate``): the one issued last by then, newest record first."""
        candidates = [
            *(self.records.certificates.get(person.pk, []) if person.pk else []),
            *self.new_certificates.get(id(person), []),
        ]
        issued = [candidate for candidate in candidates if candidate[0] <= on]
        if not issued:
            return None, False
        _issued_on, _order, certificate, indicates = max(issued, key=lambda c: (c[0], c[1]))
        return (certificate, indicates) if certificate.is_valid_on(on) else (None, False)

    def admission(self, person, entry, data, certificate_of_row) -> Planned:
        admitted_on = data["admitted_on"]
        override = data["certificate_override_reason"]
        errors = services.approval_errors(entry, admitted_on)
        if (person.pk and person.pk in self.records.attending) or id(person) in self.admitted:
            errors.append(ValidationError(_("The person already attends a workshop.")))
        certificate, indicates_therapy = self.governing_certificate(person, admitted_on)
        if not indicates_therapy and not override.strip():
            errors.append(
                rules.WTZ_01.error(
                    _(
                        "on %(date)s the person has no valid certificate indicating occupational "
                        "therapy; admit without it only with a stated reason."
                    ),
                    params={"date": formats.day(admitted_on)},
                )
            )
        if self.places.first_day_without_a_place(admitted_on) is not None:
            errors.append(
                rules.WTZ_03.error(
                    _(
                        "%(workshop)s has no free place on %(date)s: the person stays on the "
                        "reserve list."
                    ),
                    params={"workshop": self.workshop, "date": formats.day(admitted_on)},
                )
            )
        if errors:
            raise ValidationError(errors)
        certificate = certificate if indicates_therapy else None
        passed_over = self._first_proposed(entry, admitted_on)
        reason = _order_override_reason()
        enrolment = Enrolment(
            person=person,
            workshop=self.workshop,
            application=entry,
            admitted_on=admitted_on,
            certificate=certificate,
            certificate_override_reason="" if certificate else override.strip(),
            passed_over=passed_over,
            order_override_reason=reason if passed_over else "",
            admitted_by=self.by,
        )
        _clean(
            enrolment,
            references=[
                "person",
                "workshop",
                "application",
                "certificate",
                "passed_over",
                "admitted_by",
                "exit_employer",
            ],
            unsaved="person",
        )
        room = data["room"]
        room_assignment = None
        if room is not None:
            room_assignment = RoomAssignment(enrolment=enrolment, room=room, starts_on=admitted_on)
            _clean(room_assignment, references=["enrolment", "room"], unsaved="enrolment")
        return Planned(
            person=person,
            created=False,
            registration=None,
            certificate=certificate_of_row,
            symbols=[],
            indicates_therapy=False,
            entry=entry,
            enrolment=enrolment,
            vacancy=None,
            room_assignment=room_assignment,
        )

    def _first_proposed(self, entry, admitted_on) -> WaitingListEntry | None:
        """WTZ-03/WTZ-04 (``services.reserve_list_proposal``): the application the list
        proposes first that day, when it is not the row's own — returnees first, then the
        organiser's order."""
        order = self.organiser.reserve_list_order
        newest = float("inf")  # the row's application would be saved last
        waiting = [e for e in self.records.waiting if e.approved_on <= admitted_on] + [entry]

        def pk(e):
            return newest if e is entry else e.pk

        returnees = [e for e in waiting if e.has_priority]
        if returnees:
            first = min(returnees, key=lambda e: (e.applied_on, pk(e)))
        else:
            first = min(waiting, key=lambda e: (getattr(e, order), e.applied_on, pk(e)))
        return None if first is entry else first

    def row(self, form: RowForm) -> tuple[Planned, str, int | None]:
        """Every stage of a row, each refusing with its own errors as the services would; the
        row's records count for the rows after it only once the whole row passed."""
        data = form.cleaned_data
        person, created = _stage(lambda: self.person(data))
        certificate = None
        if form.has_certificate:
            certificate = _stage(lambda: self.certificate(form, person), CERTIFICATE_FIELDS)
        entry = _stage(lambda: self.application(person, data))
        _stage(lambda: self.approval(entry, data))
        self.sequence += 1
        order = (1 << 62) + self.sequence  # saved after every certificate on record
        if certificate is not None:
            self.new_certificates.setdefault(id(person), []).append(
                (certificate.issued_on, order, certificate, data["certificate_indicates_therapy"])
            )
        try:
            planned = _stage(lambda: self.admission(person, entry, data, certificate))
        except ValidationError:
            if certificate is not None:
                self.new_certificates[id(person)].pop()
            raise
        planned.created = created
        planned.symbols = data["certificate_symbols"] if certificate is not None else []
        planned.indicates_therapy = bool(certificate and data["certificate_indicates_therapy"])
        entry.status = WaitingListEntry.Status.ADMITTED
        entry.closed_on = data["admitted_on"]
        already = (person.pk and person.pk in self.records.registered) or id(
            person
        ) in self.registered
        if not already:
            planned.registration = PersonRegistration(
                person=person,
                workshop=self.workshop,
                registered_on=data["admitted_on"],
                registered_by=self.by,
            )
            self.registered.add(id(person))
        planned.vacancy = next(
            (v for v in self.vacancies if v.opened_on <= data["admitted_on"]), None
        )
        if planned.vacancy is not None:
            self.vacancies.remove(planned.vacancy)
            planned.vacancy.filled_by = planned.enrolment
            planned.vacancy.filled_on = data["admitted_on"]
        if created and person.pesel:
            self.new_persons[person.pesel] = person
        self.admitted.add(id(person))
        self.places.take(data["admitted_on"])
        return planned, str(person), None if created else person.pk


def _order_override_reason() -> str:
    # They attend already: the list's order applied when they were admitted.
    return _("taken over with the workshop's list of participants")


def _form_errors(form: RowForm) -> list[str]:
    return _messages(ValidationError(form.errors.as_data()), SAME_NAMES)


def _lock_for_writing(workshop: Workshop) -> None:
    """The locks hand entry takes, in its order: the organisation for registering new PESELs
    (``person_register``), then the workshop for its places (``enrolment_admit``). Held only
    while the rows are checked against the records once more and written."""
    Organisation.objects.select_for_update().filter(pk=workshop.organiser_id).first()
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()


def _check_rows(workshop, by, forms_by_row, rows, names) -> tuple[list, list[RowResult]]:
    records = read_records(workshop, forms_by_row)
    indication = Indication.objects.filter(code=Indication.OCCUPATIONAL_THERAPY).first()
    checker = _Checker(workshop, by, records, indication)
    planned, results = [], []
    for row, form, name in zip(rows, forms_by_row, names, strict=True):
        if form is None or form.errors:
            errors = _form_errors(form) if form is not None else []
            results.append(RowResult(row.line, name, errors))
            continue
        try:
            one, shown, known = checker.row(form)
        except ValidationError as error:
            results.append(RowResult(row.line, name, list(error.messages)))
        else:
            planned.append(one)
            results.append(RowResult(row.line, shown, known_person_id=known))
    return planned, results


def _history_copy(instance, **changes):
    copy_ = copy.copy(instance)
    for name, value in changes.items():
        setattr(copy_, name, value)
    return copy_


def _write(planned: list[Planned], by, indication: Indication | None) -> None:
    """The checked rows' records in a few statements per table, each with its history."""
    now = timezone.now()
    persons = [p.person for p in planned if p.created]
    for person in persons:
        person.search_key = fold(f"{person.last_name} {person.first_name} {person.pesel or ''}")
    bulk_create_with_history(persons, Person, default_user=by, default_date=now)
    PersonRegistration.objects.bulk_create(
        [p.registration for p in planned if p.registration is not None]
    )
    certificates = [p.certificate for p in planned if p.certificate is not None]
    bulk_create_with_history(certificates, DisabilityCertificate, default_user=by, default_date=now)
    Symbols = DisabilityCertificate.symbols.through  # noqa: N806
    Symbols.objects.bulk_create(
        Symbols(disabilitycertificate_id=p.certificate.pk, causesymbol_id=symbol.pk)
        for p in planned
        if p.certificate is not None
        for symbol in p.symbols
    )
    if indication is not None:
        Indications = DisabilityCertificate.indications.through  # noqa: N806
        Indications.objects.bulk_create(
            Indications(disabilitycertificate_id=p.certificate.pk, indication_id=indication.pk)
            for p in planned
            if p.indicates_therapy
        )
    # An application is applied for, approved and closed by the admission: three saves by hand,
    # so three versions in its history.
    entries = [p.entry for p in planned]
    for entry in entries:
        entry.version = 3
    WaitingListEntry.objects.bulk_create(entries)
    history = WaitingListEntry.history
    applied = [
        _history_copy(
            e,
            version=1,
            status=WaitingListEntry.Status.APPLIED,
            approved_on=None,
            pcpr_reference="",
            closed_on=None,
        )
        for e in entries
    ]
    approved = [
        _history_copy(e, version=2, status=WaitingListEntry.Status.WAITING, closed_on=None)
        for e in entries
    ]
    history.bulk_history_create(applied, default_user=by, default_date=now)
    history.bulk_history_create(approved, update=True, default_user=by, default_date=now)
    history.bulk_history_create(entries, update=True, default_user=by, default_date=now)
    enrolments = [p.enrolment for p in planned]
    bulk_create_with_history(enrolments, Enrolment, default_user=by, default_date=now)
    vacancies = [p.vacancy for p in planned if p.vacancy is not None]
    if vacancies:
        bulk_update_with_history(
            vacancies, Vacancy, ["filled_by", "filled_on"], default_user=by, default_date=now
        )
    bulk_create_with_history(
        [p.room_assignment for p in planned if p.room_assignment is not None],
        RoomAssignment,
        default_user=by,
        default_date=now,
    )
    # Written in bulk, with no post_save: said once for the reports' stored figures.
    records_changed.send(sender=Enrolment, pks=[enrolment.pk for enrolment in enrolments])


def import_participants(
    *,
    workshop: Workshop,
    rows: list[SheetRow],
    by,
    commit: bool,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Checks every row by the rules of hand entry and, with ``commit`` and no row refused,
    records them all. Later rows see what earlier rows would record (a place taken, a PESEL
    registered). Nothing is saved unless every row passed.

    The work is done for the whole file at once: the columns' values and the records the rules
    ask about are read in a fixed number of queries, the rules run in memory, and the records
    are written a table at a time — so a thousand rows take seconds. The rows' own values are
    checked first without any lock; only the check against the records and the writing hold the
    organisation's and the workshop's locks, as hand entry does, so that a place or a PESEL
    cannot be taken twice meanwhile and an admission by hand waits only for the writing.

    A row is checked against the workshop's own organisation's records only, so no row's errors,
    and no name shown, depend on what another organisation holds."""
    total = len(rows)
    with policy_snapshot():
        lookups = Lookups(workshop, rows)
        forms_by_row, names = [], []
        for done, row in enumerate(rows, start=1):
            names.append(
                f"{row.values.get('last_name', '')} {row.values.get('first_name', '')}".strip()
            )
            form = RowForm(row.values, workshop=workshop, lookups=lookups)
            form.is_valid()
            forms_by_row.append(form)
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)
        if not commit:
            _planned, results = _check_rows(workshop, by, forms_by_row, rows, names)
            return ImportResult(results, saved=False)
        with transaction.atomic():
            _lock_for_writing(workshop)
            planned, results = _check_rows(workshop, by, forms_by_row, rows, names)
            result = ImportResult(results, saved=False)
            if result.is_valid:
                indication = Indication.objects.filter(code=Indication.OCCUPATIONAL_THERAPY).first()
                _write(planned, by, indication)
                result.saved = True
            else:
                transaction.set_rollback(True)
    return result
