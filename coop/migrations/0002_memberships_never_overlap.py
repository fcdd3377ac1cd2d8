"""On PostgreSQL the database itself refuses two memberships of one person in one cooperative
whose periods overlap (an exclusion constraint), so that no two saves at the same moment can
both pass the model's check. SQLite writes one transaction at a time, so the check holds there."""

from django.db import migrations

NAME = "coop_membership_no_overlap"


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE coop_personmembership ADD CONSTRAINT {NAME} EXCLUDE USING gist "
        "(person_id WITH =, cooperative_id WITH =, daterange(starts_on, ends_on, '[]') WITH &&)"
    )


def drop_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE coop_personmembership DROP CONSTRAINT {NAME}")


class Migration(migrations.Migration):
    dependencies = [("coop", "0001_initial")]

    operations = [migrations.RunPython(add_constraint, drop_constraint)]
