"""The base of the cooperative's workforce share (SC-05) and the social enterprise's annual report
(PS-05, by 31 March).

The base of the percentage is uncertain in the brief (DOMAIN.md 4.4, [U]): it is seeded as the
persons on employment-type contracts, the reading the ministry's guidance uses most; an
administrator can date another reading. Not seeded: the average enterprise-sector wage of PS-04,
which the brief does not give — the compliance view says so until it is recorded.
"""

import datetime

from django.db import migrations

UES = datetime.date(2022, 10, 30)
SC_2018 = datetime.date(2018, 3, 31)
ROWS = [
    ("sc.workforce_share_base", "1", SC_2018, "SC Act art. 5a ust. 1", "U",
     "Base of the 50 % share: 1 = persons on employment-type contracts. [U] in the brief."),
    ("ps.annual_report_due_month", "3", UES, "UES (annual report to the voivode)", "S",
     "Due by 31 March."),
]  # fmt: skip


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    parameter.objects.bulk_create(
        parameter(
            key=key,
            value=value,
            valid_from=start,
            known_on=start,
            scope="national",
            legal_source=source,
            evidence=evidence,
            note=note,
        )
        for key, value, start, source, evidence, note in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        scope="national", key__in=[row[0] for row in ROWS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0004_seed_employment_keys")]

    operations = [migrations.RunPython(seed, unseed)]
