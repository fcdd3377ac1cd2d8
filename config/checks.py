from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def development_settings_check(app_configs, **kwargs):
    if settings.DEBUG and settings.USING_DEVELOPMENT_KEY:
        return [
            Warning(
                "Running with development settings (DJANGO_DEBUG is not false): SQLite by "
                "default, debug pages, and a generated secret key in .dev-secret-key.",
                hint="Set DJANGO_DEBUG=false, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in "
                "production; see .env.example.",
                id="sciezka.W001",
            )
        ]
    return []


PROJECT_APPS = ("accounts", "organisations", "wtz", "participants", "employment", "coop")


@register(Tags.database)
def migration_history_check(app_configs, databases=None, **kwargs):
    """A database built before the apps took their present layout records migrations that no
    longer exist; ``migrate`` would skip the new ones under the same names and leave tables
    missing. Say so before anything runs against it."""
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader

    errors = []
    for alias in databases or ():
        loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
        recorded = {key for key in loader.applied_migrations if key[0] in PROJECT_APPS}
        unknown = sorted(recorded - set(loader.disk_migrations))
        if unknown:
            errors.append(
                Error(
                    f"The database {alias!r} was built by an earlier layout of the apps: it "
                    f"records migrations that no longer exist ({unknown[0][0]}.{unknown[0][1]} "
                    "and others).",
                    hint="For the development database: delete db.sqlite3 and run `make run` "
                    "again (the demo data is rebuilt). Nothing was deployed with that layout.",
                    id="sciezka.E001",
                )
            )
    return errors
