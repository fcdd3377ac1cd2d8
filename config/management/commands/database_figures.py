"""``manage.py database_figures``: what the database holds, as JSON — the row count of every
table and the outcomes dashboard of every voivodeship as an administrator reads it — so that two
databases (production and its restored backup) can be compared with ``diff``
(``scripts/restore-check``, docs/BACKUPS.md)."""

import datetime
import json

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.utils import timezone, translation

from organisations.models import Territory
from reports.dashboard import build
from reports.periods import PeriodError, default_period, parse_period


def table_counts() -> dict[str, int | None]:
    """Rows of every table the models declare and every table the database has, in one query;
    a model's table the database lacks counts ``None`` (a restore that lost it)."""
    model_tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        tables = sorted(model_tables | present)
        counted = [table for table in tables if table in present]
        counts = {}
        if counted:
            quote = connection.ops.quote_name
            cursor.execute(
                " UNION ALL ".join(f"SELECT %s, COUNT(*) FROM {quote(table)}" for table in counted),
                counted,
            )
            counts = dict(cursor.fetchall())
    return {table: counts.get(table) for table in tables}


def stored_files() -> list[str]:
    """The names of every upload the database points to, for checking that a restored uploads
    folder holds them all."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                names.update(
                    model._base_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return sorted(names)


def dashboards(period_text: str | None, today: datetime.date) -> dict:
    """Every voivodeship's dashboard, built by the function the page and the API use, with the
    recorded assumptions and the table of units under it: what an administrator sees at the
    top of each voivodeship. The dashboard has no level above a voivodeship; together they
    cover the country."""
    try:
        period = parse_period(period_text, today) if period_text else default_period(today)
    except PeriodError as error:
        raise CommandError(f"--period: {error}") from error
    voivodeships = Territory.objects.filter(level=Territory.Level.VOIVODESHIP).order_by("code")
    return {
        "period": period.key,
        "territories": {
            territory.code: build(territory, period, today, by_gmina=True).as_json()
            for territory in voivodeships
        },
    }


class Command(BaseCommand):
    help = (
        "Prints as JSON the row count of every table and the outcomes dashboard of every "
        "voivodeship, to compare two databases."
    )
    # It reads whatever database it is pointed at, a scratch restore included; `check` is run
    # on its own where it matters (scripts/restore-check).
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            help="the dashboards' period: 2025, 2025-Q3 or 2025-07 (default: the last full year)",
        )
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="read the figures as of this day, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--files",
            action="store_true",
            help="print instead the name of every upload the database points to, one a line",
        )
        parser.add_argument(
            "--snapshot",
            help="PostgreSQL: read the database as this exported snapshot shows it "
            "(pg_export_snapshot(), the one pg_dump --snapshot was given)",
        )

    def handle(self, *args, period=None, today=None, snapshot=None, files=False, **options):
        postgresql = connection.vendor == "postgresql"
        if snapshot and not postgresql:
            raise CommandError("--snapshot needs PostgreSQL.")
        if postgresql:
            # An operator's run over every table is not a web request: a statement time limit
            # meant for pages must not cut a count of a large table short.
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
        today = today or timezone.localdate()
        # The labels are part of what is compared: the same language on both sides.
        with translation.override("en"), transaction.atomic():
            if snapshot:
                # The figures of exactly what the dump holds, however busy the database is.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
            if files:
                self.stdout.write("\n".join(stored_files()))
                return
            figures = {
                "today": today.isoformat(),
                "tables": table_counts(),
                "dashboards": dashboards(period, today),
            }
        self.stdout.write(json.dumps(figures, cls=DjangoJSONEncoder, indent=1, sort_keys=True))
