"""The dashboard on screen as a spreadsheet, with the same protection (a hidden figure is
exported as its mark, never as its value), and the definitions: territory, period, protection,
the assumptions the balance was computed with (each with its source) and what it leaves out.

XLSX: one sheet per table of the page and a sheet of definitions, written row by row (openpyxl's
write-only mode, into a temporary file): memory does not grow with the rows. CSV: one file, a
row per figure with its section. Text a spreadsheet would read as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading apostrophe, so a
name typed into the system never runs in the officer's spreadsheet."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.spreadsheets import neutralised, sheet_names, write_xlsx
from reports.dashboard import Dashboard, Figure, Section
from reports.suppression import SHOWN

FORMATS = ("csv", "xlsx")


def cell_value(figure: Figure):
    """A shown figure as a number a spreadsheet can add; any other as its mark."""
    if figure.status == SHOWN and figure.value is not None:
        return float(figure.value)
    return figure.display


def figure_rows(dashboard: Dashboard) -> list[tuple[str, str, str, Figure]]:
    """(section, row, column, figure) for every figure of the dashboard, in page order."""
    rows = []
    for section in dashboard.sections:
        for figure in section.figures:
            rows.append((str(section.title), str(figure.label), "", figure))
        for label, figures in section.rows:
            for figure in figures:
                rows.append((str(section.title), str(label), str(figure.label), figure))
    return rows


def section_rows(section: Section) -> Iterator[list]:
    """A section as the page shows it: its figures as label and value, then its table with its
    header."""
    for figure in section.figures:
        yield [str(figure.label), cell_value(figure)]
    if section.rows:
        if section.figures:
            yield []
        yield ["", *(str(column) for column in section.columns)]
        for label, figures in section.rows:
            yield [str(label), *(cell_value(figure) for figure in figures)]


def definition_rows(dashboard: Dashboard) -> list[list[str]]:
    rows = [
        [_("Territory"), dashboard.territory.name, dashboard.territory.code or "PL"],
        [_("Period"), dashboard.period.label, dashboard.period.key],
        [
            _("Protection"),
            _("“<%(n)d”: 1 to %(below)d people; “×”: hidden so that it cannot be worked out")
            % {"n": dashboard.threshold, "below": dashboard.threshold - 1},
            "",
        ],
    ]
    for section in dashboard.sections:
        for used in section.assumptions:
            rows.append(
                [
                    used.label,
                    used.display,
                    _("recorded: %(value)s; %(source)s")
                    % {"value": used.default_display, "source": used.source},
                ]
            )
        for remark in section.remarks:
            rows.append([_("Not counted"), str(remark), ""])
    return rows


def dashboard_sheets(dashboard: Dashboard) -> list[tuple[str, Iterable[list]]]:
    header = [dashboard.territory.name, dashboard.period.label]
    sections = dashboard.sections
    names = sheet_names([*(section.title for section in sections), _("Definitions")])
    sheets = [
        (name, _with_title(str(section.title), header, section_rows(section)))
        for name, section in zip(names, sections, strict=False)
    ]
    sheets.append((names[-1], definition_rows(dashboard)))
    return sheets


def _with_title(title: str, header: list[str], rows: Iterable[list]) -> Iterator[list]:
    yield [title]
    yield header
    yield []
    yield from rows


def filename(dashboard: Dashboard, file_format: str) -> str:
    return f"{slugify(dashboard.territory.name)}-{dashboard.period.key}.{file_format}"


def as_csv(dashboard: Dashboard, headers: list[str]) -> bytes:
    out = io.StringIO()
    # Semicolons and a byte-order mark, as Excel in Poland opens it; numbers as the page writes
    # them ("1 234,5").
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    for section, row, column, figure in figure_rows(dashboard):
        writer.writerow([neutralised(text) for text in (section, row, column, figure.display)])
    writer.writerow([])
    for row in definition_rows(dashboard):
        writer.writerow([neutralised(text) for text in (_("Definitions"), *row)])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(dashboard: Dashboard):
    """The XLSX in a temporary file, rewound, for a streaming response."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it once sent)
    write_xlsx(dashboard_sheets(dashboard), out)
    out.seek(0)
    return out
