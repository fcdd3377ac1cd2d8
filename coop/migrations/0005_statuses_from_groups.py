"""The group once written on each job and membership becomes the person's dated status, with its
evidence: a job's group held from its start to its end, a member's from joining to leaving, and the
periods of one person's same group that overlap or touch merged into one status. "Not from a
disadvantaged group" becomes no status at all."""

import datetime
from collections import defaultdict

from django.db import migrations

# The old single list, by the status it named.
GROUP_TO_STATUS = {
    "disabled": "disabled",
    "unemployed": "unemployed",
    "social_employment": "social_employment",
    "job_seeker_age": "job_seeker_age",
    "carer": "carer",
    "foster_care": "foster_care",
    "at_risk": "at_risk",
}
EVIDENCE_UNKNOWN = "—"


def merged(periods):
    """``(start, end, evidence)`` periods, overlapping or touching ones joined (end None: open)."""
    joined = []
    for start, end, evidence in sorted(periods, key=lambda period: period[0]):
        if joined and (joined[-1][1] is None or start <= joined[-1][1] + datetime.timedelta(1)):
            last_start, last_end, last_evidence = joined[-1]
            end = None if last_end is None or end is None else max(last_end, end)
            joined[-1] = (last_start, end, last_evidence or evidence)
        else:
            joined.append((start, end, evidence))
    return joined


def forwards(apps, schema_editor):
    status_model = apps.get_model("coop", "SocialStatus")
    employment_model = apps.get_model("employment", "Employment")
    membership_model = apps.get_model("coop", "PersonMembership")
    periods = defaultdict(list)
    for record in [
        *employment_model.objects.filter(cooperative__isnull=False),
        *membership_model.objects.all(),
    ]:
        kind = GROUP_TO_STATUS.get(record.disadvantaged_group)
        if kind is not None:
            key = (record.cooperative_id, record.person_id, kind)
            periods[key].append((record.starts_on, record.ends_on, record.disadvantaged_evidence))
    status_model.objects.bulk_create(
        status_model(
            cooperative_id=cooperative,
            person_id=person,
            kind=kind,
            starts_on=start,
            ends_on=end,
            evidence=evidence or EVIDENCE_UNKNOWN,
        )
        for (cooperative, person, kind), records in periods.items()
        for start, end, evidence in merged(records)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("coop", "0004_social_statuses"),
        ("employment", "0002_fte_as_contracts_write_it"),
    ]
    # The fields it reads are removed by these.
    run_before = [("employment", "0003_statuses_recorded_once")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
