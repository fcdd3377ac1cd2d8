"""Peak memory of writing a report's XLSX, by rows: the download is written row by row into a
temporary file, so its peak must not grow between 1 000 and 50 000 rows.

    .venv/bin/python bench/export_memory.py [rows ...]

Prints the peak Python memory (tracemalloc) for each size and fails (exit 1) when the largest
size needs more than 1,5 times the smallest one's peak plus 1 MiB."""

import os
import sys
import tempfile
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from common.spreadsheets import write_xlsx  # noqa: E402

MIB = 1024 * 1024


def rows(count: int):
    """A table like the dashboard's, ``count`` rows long: a label, numbers, marks, and a text a
    spreadsheet would take for a formula."""
    yield ["", "uczestnicy", "przyjęcia", "przejścia do pracy", "listy rezerwowe"]
    for index in range(count):
        yield [f"gmina {index}", index * 1.5, "<5" if index % 7 else "×", index, "=SUM(A1)"]


def peak(count: int) -> int:
    tracemalloc.start()
    with tempfile.TemporaryFile() as out:
        write_xlsx([("Tabela", rows(count)), ("Definicje", [["Teren", "bench"]])], out)
        size = out.tell()
    _current, highest = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{count:>7} rows: peak {highest / MIB:6.2f} MiB, file {size / MIB:6.2f} MiB")
    return highest


def main(sizes: list[int]) -> int:
    peaks = [peak(size) for size in sizes]
    limit = peaks[0] * 1.5 + MIB
    if peaks[-1] > limit:
        print(f"FAIL: {peaks[-1] / MIB:.2f} MiB > {limit / MIB:.2f} MiB")
        return 1
    print("OK: memory does not grow with the rows")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or [1_000, 50_000]))
