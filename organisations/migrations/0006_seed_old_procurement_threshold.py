"""The procurement threshold of the previous public procurement law, so that orders a cooperative
enters from before 2021 are judged by the law of their day (JST-02).

Until 31 December 2020 the Pzp of 29 January 2004 did not apply to contracts whose value did not
exceed the equivalent of 30,000 euro (art. 4 pkt 8), converted at the average rate the Prime
Minister's regulation under art. 35 ust. 3 set for each two-year period: 4.3117 zł for 2018-2019
(Dz.U. 2017 poz. 2477), 4.2693 zł for 2020 (Dz.U. 2019 poz. 2453). "Not exceeding" is "below"
one grosz more, which is how the rule compares. The brief does not give these figures: they are
tagged [U] until an administrator checks them against the regulations. Earlier periods are not seeded: an order awarded
before 2018 is recorded without this judgement, and its page says so.
"""

import datetime
from decimal import Decimal

from django.db import migrations

KEY = "jst.pzp_threshold_net"
SOURCE = "Pzp 2004 art. 4 pkt 8 (30 000 euro; average rate per art. 35 ust. 3)"
ROWS = [
    # value (zł, one grosz above 30,000 euro), in force from, until, the rate's regulation
    ("129351.01", datetime.date(2018, 1, 1), datetime.date(2019, 12, 31), "Dz.U. 2017 poz. 2477"),
    ("128079.01", datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), "Dz.U. 2019 poz. 2453"),
]


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    parameter.objects.bulk_create(
        parameter(
            key=KEY,
            value=Decimal(value),
            valid_from=start,
            valid_to=end,
            known_on=start,
            scope="national",
            legal_source=SOURCE,
            evidence="U",
            note=f"30 000 euro at the rate of {regulation}; not exceeding it is outside the Pzp.",
        )
        for value, start, end, regulation in ROWS
    )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        scope="national", key=KEY, valid_to__isnull=False, valid_from__lt=datetime.date(2021, 1, 1)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0005_seed_compliance_keys")]

    operations = [migrations.RunPython(seed, unseed)]
