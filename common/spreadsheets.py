"""Spreadsheets Ścieżka hands out (lists, reports, the monthly subsidy figures): text that a
spreadsheet would run as a formula stays text, sheet names are ones a spreadsheet accepts, and an
XLSX is written row by row so that memory does not grow with the rows."""

import re
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def neutralised(value):
    """A text cell as data, never as a formula: "=HYPERLINK(…)" is written "'=HYPERLINK(…)"."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Titles as sheet names: no character a sheet name may not hold, at most 31 characters,
    each different."""
    names = []
    for title in titles:
        name = " ".join(SHEET_NAME_FORBIDDEN.sub(" ", str(title)).split())[:31].strip() or "-"
        base, number = name, 2
        while name.lower() in {existing.lower() for existing in names}:
            suffix = f" ({number})"
            name, number = base[: 31 - len(suffix)] + suffix, number + 1
        names.append(name)
    return names


def write_xlsx(sheets: Iterable[tuple[str, Iterable[list]]], out) -> None:
    """Sheets of rows into ``out`` (a binary file), one row at a time (openpyxl's write-only
    mode); the first row of each sheet in bold, every text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for name, rows in sheets:
        sheet = workbook.create_sheet(name)
        for index, row in enumerate(rows):
            values = [neutralised(value) for value in row]
            if index == 0:
                cells = []
                for value in values:
                    cell = WriteOnlyCell(sheet, value=value)
                    cell.font = bold
                    cells.append(cell)
                values = cells
            sheet.append(values)
    workbook.save(out)
