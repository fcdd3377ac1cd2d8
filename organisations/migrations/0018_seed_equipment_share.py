"""WTZ-19: equipment may be replaced from up to 3 % of a workshop's yearly PFRON funds, with the
powiat's consent (WTZ Reg. § 19)."""

import datetime
from decimal import Decimal

from django.db import migrations

KEY = "wtz.equipment_max_share_percent"


def seed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.create(
        key=KEY,
        value=Decimal(3),
        valid_from=datetime.date(2004, 1, 1),
        known_on=datetime.date(2004, 1, 1),
        scope="national",
        legal_source="Rozporządzenie w sprawie warsztatów terapii zajęciowej § 19",
        evidence="V",
        note="",
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        key=KEY, scope="national"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0017_equipment_share_key")]

    operations = [migrations.RunPython(seed, unseed)]
