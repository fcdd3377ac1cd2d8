"""The national demo: every workshop in Poland in one database, for the benchmark and for trying
the reports at the scale of a national federation.

The demo world (4 workshops in 2 powiats, a cooperative, three years of history built by the apps'
own services) is the template. It is copied in bulk, inside PostgreSQL, once for every pair of
real powiats of one voivodeship (TERYT, ``organisations/data/teryt.csv``): the copy's workshops,
organisers, people and everything they did, with every key shifted past the template's and every
territory mapped to the pair's gminas. Then each copy gets names of its own (workshops,
organisers, people, PESEL and NIP numbers), and the database's constraints and the path service
check the result.

So the national demo has what the demo has, in the proportions of DOMAIN.md §6.4: 732 workshops,
about 35 people attending each (some 25,600 at a time; the statistics say 28,000) and 64,000
people on record. Its change history is the template's only (copies are written
as a bulk load, not as edits), and nobody but the template's four demo accounts can sign in.
"""

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Q

from common.text import fold
from organisations import teryt
from organisations.models import Organisation, Territory
from participants.demo import FEMALE_NAMES, MALE_NAMES, SURNAMES, pesel_for
from participants.models import AttendanceDay, Enrolment, Person, ProgressNote
from paths.services import paths_for
from wtz.models import Workshop

WORKSHOPS = 730  # DOMAIN.md §6.4: 726 workshops in 2022
CLONED_APPS = {"accounts", "organisations", "wtz", "participants", "employment", "coop"}
# Reference tables every copy shares, and what is never copied: change history, the access log,
# sign-in records, tokens and second factors belong to the template's real accounts.
SHARED_MODELS = {
    "organisations.territory",
    "organisations.policyparameter",
    "participants.causesymbol",
    "participants.indication",
}
NOT_COPIED_MODELS = {
    "participants.accesslog",
    "participants.anonymisation",
    "accounts.submittedform",
    "accounts.savedview",
}
TEMPLATE_POWIATS = ("3002", "3005")  # the demo's: the first holds three workshops and the officer
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
SAMPLE = 40  # people whose paths are compared with their template's
RANDOM_SEED = 20240101


class NationalError(Exception):
    pass


@dataclass
class Table:
    model: type
    name: str
    stride: int  # keys of copy k are the template's plus k × stride
    rows: int


class Progress:
    """A progress bar on a terminal, one line per step elsewhere (a log, a CI run)."""

    def __init__(self, total: int, stream=None, width: int = 30):
        self.total, self.done, self.stream, self.width = max(total, 1), 0, stream, width
        self.started = time.monotonic()

    def advance(self, amount: int, label: str) -> None:
        self.done += amount
        if self.stream is None:
            return
        share = min(self.done / self.total, 1)
        filled = round(share * self.width)
        seconds = int(time.monotonic() - self.started)
        bar = "#" * filled + "." * (self.width - filled)
        line = f"[{bar}] {share:4.0%} {seconds // 60:2d}:{seconds % 60:02d} {label}"
        if self.stream.isatty():
            self.stream.write("\r" + line.ljust(100))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def finish(self) -> None:
        if self.stream is not None and self.stream.isatty():
            self.stream.write("\n")


def built() -> bool:
    """Whether the copies are there: the template's workshops are all in one voivodeship."""
    return Workshop.objects.exclude(territory__code__startswith="30").exists()


def build(*, today: datetime.date, stream=None, workshops: int = WORKSHOPS) -> dict:
    """Copies the demo world (already in the database, and nothing else) over the country, until
    there are at least ``workshops``."""
    if connection.vendor != "postgresql":
        raise NationalError(
            "The national demo is built with PostgreSQL's bulk statements: set DATABASE_URL to a "
            "PostgreSQL database."
        )
    if built():
        return figures()
    if Workshop.objects.count() != 4:
        raise NationalError(
            "The national demo is built from the demo scale on an empty database; this one holds "
            "other data. Use a new database."
        )
    with transaction.atomic():
        teryt.load()
        pairs = _powiat_pairs()
        copies = -(-workshops // Workshop.objects.count()) - 1  # the template is the first
        if len(pairs) < copies:
            raise NationalError("Not enough powiats for the national demo.")
        pairs = pairs[:copies]
        tables = _tables()
        progress = Progress(sum(t.rows for t in tables) * copies + 4, stream)
        with connection.cursor() as cursor:
            # Checks still waiting in this transaction run now, before their keys are dropped.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            cursor.execute("SET LOCAL synchronous_commit = off")
            _territory_map(cursor, pairs)
            dropped = _drop_keys_and_indexes(cursor, tables)
            for table in tables:
                _copy(cursor, table, tables, copies, progress)
            cursor.execute("DROP TABLE national_territory_map")
            progress.advance(1, "names, PESEL and NIP numbers")
            _rename(cursor, tables)
            progress.advance(1, "indexes and constraints (every row checked again)")
            _restore(cursor, dropped)
            for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
                cursor.execute(sql)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        progress.advance(1, "the path service on a sample")
        _check_paths(tables, copies, today)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress.advance(1, "done")
    progress.finish()
    return figures()


def figures() -> dict:
    """What the national demo holds, counted."""
    return {
        "voivodeships": Territory.objects.filter(level=Territory.Level.VOIVODESHIP).count(),
        "powiats with a workshop": len(
            {code[:4] for code in Workshop.objects.values_list("territory__code", flat=True)}
        ),
        "workshops": Workshop.objects.count(),
        "people": Person.objects.count(),
        "people attending": Enrolment.objects.filter(exited_on=None).count(),
        "progress notes": ProgressNote.objects.count(),
        "attendance days": AttendanceDay.objects.count(),
    }


def _powiat_pairs() -> list[tuple[Territory, Territory]]:
    """Pairs of powiats of one voivodeship, every powiat in at most one pair, the template's own
    left out; in a fixed random order so that the copies spread over the whole country."""
    by_voivodeship = defaultdict(list)
    for powiat in Territory.objects.filter(level=Territory.Level.POWIAT).order_by("code"):
        if powiat.code not in TEMPLATE_POWIATS:
            by_voivodeship[powiat.code[:2]].append(powiat)
    pairs = []
    for powiats in by_voivodeship.values():
        pairs += [(powiats[i], powiats[i + 1]) for i in range(0, len(powiats) - 1, 2)]
    random.Random(RANDOM_SEED).shuffle(pairs)
    return pairs


def _tables() -> list[Table]:
    """Every table of the template world to copy, with its row count and key stride."""
    tables = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            label = model._meta.label_lower
            if (
                model._meta.app_label not in CLONED_APPS
                or label in SHARED_MODELS | NOT_COPIED_MODELS
                or model._meta.proxy
                or not model._meta.managed
                or model.__name__.startswith("Historical")
                or model._meta.pk.name != "id"
            ):
                continue
            cursor.execute(f'SELECT count(*), coalesce(max(id), 0) FROM "{model._meta.db_table}"')
            rows, highest = cursor.fetchone()
            if rows:
                tables.append(Table(model, model._meta.db_table, highest + 1, rows))
    return tables


def _territory_map(cursor, pairs) -> None:
    """For copy k: the template's voivodeship, powiats and gminas → the pair's; the template's
    gminas of a powiat go round the pair's gminas (a city with powiat rights is its own gmina)."""
    template = {
        t.code: t
        for t in Territory.objects.filter(
            Q(code="30")
            | Q(code__startswith=TEMPLATE_POWIATS[0])
            | Q(code__startswith=TEMPLATE_POWIATS[1])
        )
    }
    gminas = defaultdict(list)
    for gmina in Territory.objects.filter(level=Territory.Level.GMINA).order_by("code"):
        gminas[gmina.code[:4]].append(gmina)
    rows = []
    for copy, pair in enumerate(pairs, start=1):
        targets = dict(zip(TEMPLATE_POWIATS, pair, strict=True))
        rows.append((copy, template["30"].pk, pair[0].parent_id))
        for code, powiat in targets.items():
            rows.append((copy, template[code].pk, powiat.pk))
            own = [t for c, t in sorted(template.items()) if len(c) == 7 and c.startswith(code)]
            for number, gmina in enumerate(own):
                choices = gminas[powiat.code] or [powiat]
                rows.append((copy, gmina.pk, choices[number % len(choices)].pk))
    cursor.execute(
        "CREATE TEMPORARY TABLE national_territory_map "
        "(copy integer, old_id bigint, new_id bigint, PRIMARY KEY (copy, old_id))"
    )
    _copy_rows(cursor, "national_territory_map", ("copy", "old_id", "new_id"), rows)


def _copy_rows(cursor, table: str, columns, rows) -> None:
    data = StringIO("".join("\t".join(map(str, row)) + "\n" for row in rows))
    cursor.cursor.copy_from(data, table, columns=columns)


def _drop_keys_and_indexes(cursor, tables) -> dict:
    """Foreign keys touching the copied tables, their unique constraints and indexes: dropped for
    the load and made again after it, which checks every row at once."""
    names = [t.name for t in tables]
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
        "FROM pg_constraint WHERE contype IN ('f', 'u') "
        "AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))",
        [names, names],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.tablename, i.indexname, i.indexdef FROM pg_indexes i "
        "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [names],
    )
    indexes = cursor.fetchall()
    for table, name, _definition, _kind in sorted(constraints, key=lambda c: c[3]):  # f before u
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for _table, name, _definition in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return {"constraints": constraints, "indexes": indexes}


def _restore(cursor, dropped) -> None:
    for _table, _name, definition in dropped["indexes"]:
        cursor.execute(definition)
    for table, name, definition, _kind in sorted(dropped["constraints"], key=lambda c: c[3])[::-1]:
        cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _copy(cursor, table: Table, tables, copies: int, progress: Progress) -> None:
    strides = {t.model: t.stride for t in tables}
    user_model = get_user_model()
    administrators = list(user_model.objects.filter(is_superuser=True).values_list("pk", flat=True))
    columns, values = [], []
    for field in table.model._meta.local_concrete_fields:
        column = f'"{field.column}"'
        columns.append(column)
        target = field.related_model if field.is_relation else None
        if field.primary_key:
            values.append(f"{column} + k * {table.stride}")
        elif target is Territory:
            values.append(
                f"(SELECT new_id FROM national_territory_map m "
                f"WHERE m.copy = k AND m.old_id = {column})"
            )
        elif target is user_model:
            # The template's administrators are everybody's; their rows are not copied.
            values.append(
                f"CASE WHEN {column} = ANY(ARRAY{administrators or [0]}::bigint[]) "
                f"THEN {column} ELSE {column} + k * {strides[target]} END"
            )
        elif target in strides:
            values.append(f"{column} + k * {strides[target]}")
        elif table.model is user_model and field.name == "username":
            values.append(f"{column} || '-' || k")
        elif table.model is user_model and field.name == "password":
            values.append("'!' || md5(random()::text)")  # unusable, as Django writes it
        else:
            values.append(column)
    condition = "WHERE NOT is_superuser" if table.model is user_model else ""
    batch = max(1, 2_000_000 // table.rows)  # copies per statement: a bar that moves
    for first in range(1, copies + 1, batch):
        last = min(first + batch - 1, copies)
        cursor.execute(
            f'INSERT INTO "{table.name}" ({", ".join(columns)}) '
            f'SELECT {", ".join(values)} FROM "{table.name}" '
            f"CROSS JOIN generate_series(%s, %s) AS k {condition} "
            f"{'AND' if condition else 'WHERE'} id < %s",
            [first, last, table.stride],
        )
        progress.advance(table.rows * (last - first + 1), f"{table.name} ({last}/{copies})")


def _rename(cursor, tables) -> None:
    """Every copy's workshops and organisations named after where they are, its people given
    names and PESEL numbers of their own, its organisations NIP numbers of their own."""
    stride = {t.model: t.stride for t in tables}
    rng = random.Random(RANDOM_SEED)
    territories = {t.pk: t for t in Territory.objects.all()}

    workshops = []
    for number, (pk, territory_id) in enumerate(
        Workshop.objects.filter(pk__gte=stride[Workshop])
        .order_by("pk")
        .values_list("pk", "territory_id"),
        start=Workshop.objects.filter(pk__lt=stride[Workshop]).count() + 1,
    ):
        workshops.append((pk, f"WTZ nr {number} — {territories[territory_id].name}"))
    _update(cursor, Workshop._meta.db_table, ("name",), workshops)

    organisations, nips = [], _nips()
    for pk, kind, name, territory_id, nip in Organisation.objects.filter(
        pk__gte=stride[Organisation]
    ).values_list("pk", "kind", "name", "territory_id", "nip"):
        place = territories[territory_id]
        if kind == Organisation.Kind.POWIAT:
            name = (
                f"Miasto {place.name}"
                if place.is_city_with_powiat_rights
                else (f"Powiat {place.name}")
            )
        elif kind == Organisation.Kind.GMINA:
            name = f"Gmina {place.name}"
        else:
            name = f"{name} — {place.name}"
        organisations.append((pk, name[:200], next(nips) if nip else ""))
    _update(cursor, Organisation._meta.db_table, ("name", "nip"), organisations)

    people, taken = [], set()
    for pk, holder, birth_date, sex, pesel in Person.objects.filter(
        pk__gte=stride[Person]
    ).values_list("pk", "holder_id", "birth_date", "sex", "pesel"):
        female = sex == Person.Sex.FEMALE
        first = rng.choice(FEMALE_NAMES if female else MALE_NAMES)
        last = rng.choice(SURNAMES)[1 if female else 0]
        if pesel:
            while True:
                pesel = pesel_for(birth_date, female=female, serial=rng.randrange(1000))
                if (holder, pesel) not in taken:
                    taken.add((holder, pesel))
                    break
        search_key = fold(f"{last} {first} {pesel or ''}")
        people.append((pk, first, last, pesel or "\\N", search_key))
    _update(
        cursor, Person._meta.db_table, ("first_name", "last_name", "pesel", "search_key"), people
    )


def _update(cursor, table: str, columns, rows) -> None:
    names = ", ".join(f'"{c}"' for c in ("id", *columns))
    cursor.execute(
        f'CREATE TEMPORARY TABLE national_names AS SELECT {names} FROM "{table}" LIMIT 0'
    )
    _copy_rows(cursor, "national_names", ("id", *columns), rows)
    assignments = ", ".join(f'"{c}" = n."{c}"' for c in columns)
    cursor.execute(f'UPDATE "{table}" t SET {assignments} FROM national_names n WHERE t.id = n.id')
    cursor.execute("DROP TABLE national_names")


def _nips():
    """Valid, distinct NIP numbers (tax identifiers) from a range no real office issues from."""
    number = 0
    while True:
        number += 1
        digits = f"999{number:06d}"
        check = sum(int(d) * w for d, w in zip(digits, NIP_WEIGHTS, strict=True)) % 11
        if check != 10:
            yield digits + str(check)


def _check_paths(tables, copies: int, today: datetime.date) -> None:
    """A sample of copied people has the path of the person each was copied from, step by step."""
    stride = {t.model: t.stride for t in tables}[Person]
    rng = random.Random(RANDOM_SEED)
    template = list(Person.objects.filter(pk__lt=stride).values_list("pk", flat=True))
    sample = [(pk, pk + rng.randint(1, copies) * stride) for pk in rng.sample(template, SAMPLE)]
    paths = paths_for([pk for pair in sample for pk in pair], today=today)
    for original, copy in sample:
        if _shape(paths[original]) != _shape(paths[copy]):
            raise NationalError(f"Person {copy} does not have the path of person {original}.")


def _shape(path) -> list[tuple]:
    return [
        (step.stage, step.starts_on, step.ends_on, step.exit_reason, step.is_return, step.record[0])
        for step in path.steps
    ]
