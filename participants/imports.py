"""Import of a workshop's existing participant list from a spreadsheet (XLSX or CSV).

Each row becomes what hand entry would record — the person, their certificate, the approved
application on the organiser's reserve list and the admission — through the same services, so
every rule of hand entry applies. The whole file is one transaction: a dry run, or any row that
fails, rolls everything back, and the answer lists each row's errors by column.
"""

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organisations.models import Territory
from participants import rules, services
from participants.models import CauseSymbol, DisabilityCertificate, Indication, Person
from wtz.models import Room, Workshop

MAX_ROWS = 1000
MAX_LINES = 3 * MAX_ROWS  # empty lines between participants are skipped, up to this many lines
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
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

    def __init__(self, *args, workshop: Workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop

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


def _certificate(form: RowForm, person: Person, workshop: Workshop):
    data = form.cleaned_data
    certificate = DisabilityCertificate(
        person=person,
        workshop=workshop,
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
        certificate.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if data["certificate_issued_on"]:
        try:
            rules.check_symbols(data["certificate_symbols"], data["certificate_issued_on"])
        except ValidationError as error:
            errors.setdefault("symbols", []).extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    certificate.save()
    certificate.symbols.set(data["certificate_symbols"])
    if data["certificate_indicates_therapy"]:
        certificate.indications.add(Indication.objects.get(code=Indication.OCCUPATIONAL_THERAPY))
    return certificate


def _import_row(values: dict[str, str], workshop: Workshop, by) -> tuple[str, int | None]:
    form = RowForm(values, workshop=workshop)
    if not form.is_valid():
        raise ValidationError(_messages(ValidationError(form.errors.as_data()), SAME_NAMES))
    data = form.cleaned_data
    person, created = _stage(
        lambda: services.person_register(
            workshop=workshop,
            on=data["admitted_on"],
            by=by,
            pesel=data["pesel"] or None,
            first_name=data["first_name"],
            last_name=data["last_name"],
            no_pesel_reason=data["no_pesel_reason"],
            birth_date=data["birth_date"],
            sex=data["sex"],
            residence=data["residence"],
            legal_capacity=data["legal_capacity"] or Person.LegalCapacity.FULL,
        ),
    )
    if form.has_certificate:
        _stage(lambda: _certificate(form, person, workshop), CERTIFICATE_FIELDS)
    entry = _stage(
        lambda: services.reserve_list_apply(
            person=person,
            organiser=workshop.organiser,
            applied_on=data["applied_on"],
            preferred_workshop=workshop,
        ),
    )
    _stage(
        lambda: services.reserve_list_approve(
            entry=entry, approved_on=data["approved_on"], pcpr_reference=data["pcpr_reference"]
        ),
    )
    _stage(
        lambda: services.enrolment_admit(
            entry=entry,
            workshop=workshop,
            admitted_on=data["admitted_on"],
            by=by,
            certificate_override_reason=data["certificate_override_reason"],
            # They attend already: the list's order applied when they were admitted.
            order_override_reason=_("taken over with the workshop's list of participants"),
            room=data["room"],
        ),
    )
    return str(person), None if created else person.pk


def import_participants(
    *, workshop: Workshop, rows: list[SheetRow], by, commit: bool
) -> ImportResult:
    """Runs every row through the services in one transaction. Later rows see what earlier rows
    recorded (a place taken, a PESEL registered). Nothing stays unless ``commit`` is set and
    every row passed.

    A row is checked against the workshop's own organisation's records only (``person_register``
    keeps each organisation's record of a PESEL apart), so no row's errors, and no name shown,
    depend on what another organisation holds."""
    results = []
    with transaction.atomic():
        for row in rows:
            name = f"{row.values.get('last_name', '')} {row.values.get('first_name', '')}".strip()
            savepoint = transaction.savepoint()
            try:
                name, known_person_id = _import_row(row.values, workshop, by)
            except ValidationError as error:
                transaction.savepoint_rollback(savepoint)
                results.append(RowResult(row.line, name, list(error.messages)))
            else:
                transaction.savepoint_commit(savepoint)
                results.append(RowResult(row.line, name, known_person_id=known_person_id))
        result = ImportResult(results, saved=False)
        if commit and result.is_valid:
            result.saved = True
        else:
            transaction.set_rollback(True)
    return result
