"""Employment rules whose numbers the brief gives: the extra leave of art. 19 (after a year from
the assessment, not with ordinary leave above 26 days), the monthly subsidy filing (the 25th of
the next month, [U]), and the follow-ups after a hire at 30/90/180/365 days (practice).

Not seeded: the income threshold of means-tested benefits — the brief has no verified value
(DOMAIN.md 5.6, [U]); an administrator records it, and the warning stays silent until then.
"""

import datetime

from django.db import migrations

ACT_1997 = datetime.date(1998, 1, 1)
NO_START = "Start date not from the brief (1997 Act)."
DESIGN = "Design rule, not law; start set to 1998-01-01 to cover historic data."
ROWS = [
    ("emp.extra_leave_after_months", "12", "1997 Act art. 19", "S", NO_START),
    ("emp.extra_leave_max_base_days", "26", "1997 Act art. 19", "S", NO_START),
    ("emp.subsidy_filing_day", "25", "1997 Act art. 26c", "U", NO_START),
    ("emp.follow_up_first_days", "30", "Design rule (follow-up after a hire)", "practice", DESIGN),
    ("emp.follow_up_second_days", "90", "Design rule (follow-up after a hire)", "practice", DESIGN),
    ("emp.follow_up_third_days", "180", "Design rule (follow-up after a hire)", "practice", DESIGN),
    ("emp.follow_up_fourth_days", "365", "Design rule (follow-up after a hire)", "practice", DESIGN),
]


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    parameter.objects.bulk_create(
        parameter(
            key=key,
            value=value,
            valid_from=ACT_1997,
            known_on=ACT_1997,
            scope="national",
            legal_source=source,
            evidence=evidence,
            note=note,
        )
        for key, value, source, evidence, note in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        scope="national", key__in=[row[0] for row in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0003_seed_annual_report_deadline")]

    operations = [migrations.RunPython(seed, unseed)]
