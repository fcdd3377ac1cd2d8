"""DIS-10: how long personal data are kept once what they were kept for has ended."""

import datetime
from decimal import Decimal

from django.db import migrations

PERIODS = [
    (
        "retention.workshop_records_years",
        5,
        "Praktyka WTZ: dokumentacja uczestnika przechowywana 5 lat od zakończenia uczestnictwa "
        "(kategoria archiwalna B5 w jednolitym rzeczowym wykazie akt organizatora); "
        "RODO art. 5 ust. 1 lit. e",
        "practice",
    ),
    (
        "retention.employment_records_years",
        10,
        "Kodeks pracy art. 94 pkt 9b: dokumentacja pracownicza przechowywana 10 lat od końca roku "
        "ustania zatrudnienia (zatrudnienie od 1 stycznia 2019 r.); RODO art. 5 ust. 1 lit. e",
        "M",
    ),
    (
        "retention.access_log_years",
        5,
        "RODO art. 5 ust. 2 i art. 32 (rozliczalność, bezpieczeństwo przetwarzania): dziennik "
        "odczytów przechowywany tak długo jak dokumentacja uczestnika",
        "U",
    ),
]


def seed(apps, schema_editor):
    PolicyParameter = apps.get_model("organisations", "PolicyParameter")
    for key, years, source, evidence in PERIODS:
        PolicyParameter.objects.create(
            key=key,
            value=Decimal(years),
            valid_from=datetime.date(2018, 5, 25),  # the GDPR applies from this day
            known_on=datetime.date(2018, 5, 25),
            scope="national",
            legal_source=source,
            evidence=evidence,
            note="",
        )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        key__in=[key for key, *_rest in PERIODS], scope="national"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0019_retention_keys")]

    operations = [migrations.RunPython(seed, unseed)]
