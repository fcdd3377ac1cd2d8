"""Poland's territorial division as the TERC register of Statistics Poland (GUS) lists it on
1 January 2024: 16 voivodeships, 380 powiats (66 of them cities with powiat rights, stored once as a
powiat, as the Territory model says) and 2,411 other gminas. Shipped in ``data/teryt.csv`` so that
a deployment, and the national demo, start from the real map without a network."""

import csv
from pathlib import Path

from organisations.models import Territory

TERYT_FILE = Path(__file__).resolve().parent / "data" / "teryt.csv"
SOURCE = "TERC, GUS, stan na 2024-01-01"


def read() -> list[dict]:
    with TERYT_FILE.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def load() -> int:
    """Adds every unit not yet stored, parents first; keeps the ones already there (with the
    names they were given). Returns how many were added."""
    rows = read()
    known = dict(Territory.objects.values_list("code", "pk"))
    added = 0
    for level in (Territory.Level.VOIVODESHIP, Territory.Level.POWIAT, Territory.Level.GMINA):
        parent_length = Territory.CODE_LENGTH.get(Territory.PARENT_LEVEL.get(level))
        new = [
            Territory(
                code=row["code"],
                name=row["name"],
                level=level,
                parent_id=known[row["code"][:parent_length]] if parent_length else None,
                is_city_with_powiat_rights=row["city_with_powiat_rights"] == "1",
            )
            for row in rows
            if row["level"] == level and row["code"] not in known
        ]
        Territory.objects.bulk_create(new, batch_size=1000)
        added += len(new)
        known = dict(Territory.objects.values_list("code", "pk"))
    return added
