"""The dashboard on screen as a spreadsheet: one row per figure, with the same protection (a
hidden figure is exported as its mark, never as its value)."""

import csv
import io

from django.utils.text import slugify

from reports.dashboard import Dashboard, Figure
from reports.suppression import SHOWN

FORMATS = ("csv", "xlsx")


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


def filename(dashboard: Dashboard, file_format: str) -> str:
    return f"{slugify(dashboard.territory.name)}-{dashboard.period.key}.{file_format}"


def as_csv(dashboard: Dashboard, headers: list[str]) -> bytes:
    out = io.StringIO()
    # Semicolons and a byte-order mark, as Excel in Poland opens it; numbers as the page writes
    # them ("1 234,5").
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerow(headers)
    for section, row, column, figure in figure_rows(dashboard):
        writer.writerow([section, row, column, figure.display])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(dashboard: Dashboard, headers: list[str], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for section, row, column, figure in figure_rows(dashboard):
        shown = figure.status == SHOWN and figure.value is not None
        sheet.append([section, row, column, float(figure.value) if shown else figure.display])
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
