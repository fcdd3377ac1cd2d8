"""The months of unbroken work after which a person's path counts them as keeping the job
(``retained``): twelve, the last follow-up after a hire. A design rule, not law; the start covers
historic data."""

import datetime
from decimal import Decimal

from django.db import migrations

KEY = "path.retained_after_months"


def seed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.create(
        key=KEY,
        value=Decimal(12),
        valid_from=datetime.date(1998, 1, 1),
        known_on=datetime.date(1998, 1, 1),
        scope="national",
        legal_source="Design rule (the path; the 365-day follow-up)",
        evidence="practice",
        note="Design rule, not law; start set to 1998-01-01 to cover historic data.",
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        key=KEY, scope="national"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0011_path_retained_key")]

    operations = [migrations.RunPython(seed, unseed)]
