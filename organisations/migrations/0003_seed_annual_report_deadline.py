"""The deadline of the workshop's annual report to the powiat (WTZ Reg. § 21): 1 March, with the
task shown from 1 February (28 days before)."""

import datetime

from django.db import migrations

ROWS = [
    ("wtz.annual_report_due_month", "3", "Report due by 1 March of the following year."),
    ("wtz.annual_report_notice_days", "28", "Task from 1 February (practice for the reminder)."),
]


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    parameter.objects.bulk_create(
        parameter(
            key=key,
            value=value,
            valid_from=datetime.date(2004, 1, 1),
            known_on=datetime.date(2004, 1, 1),
            scope="national",
            legal_source="WTZ Reg. § 21",
            evidence="V" if key.endswith("due_month") else "practice",
            note=note + " Start 2004-01-01 is not from the brief.",
        )
        for key, value, note in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        scope="national", key__in=[key for key, _value, _note in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0002_seed_policy_parameters")]

    operations = [migrations.RunPython(seed, unseed)]
