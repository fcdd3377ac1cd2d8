"""The assumptions of the public balance of the moves to work, with their sources: contribution
and tax rates as they apply to an ordinary monthly wage. Officers may change each on the report
page for a what-if; an administrator records a new value when the law changes.

The income tax is seeded from 1 July 2022 (12 %, 300 zł a month, health contribution no longer
deductible): earlier rules do not fit the same formula, and the balance says so for earlier
periods."""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
ROWS = [
    (
        "balance.employee_social_percent",
        "13.71",
        D(2012, 2, 1),
        "Ustawa o systemie ubezpieczeń społecznych art. 22 ust. 1 (emerytalne 9,76 %, "
        "rentowe 1,5 %, chorobowe 2,45 %)",
        "M",
        "",
    ),
    (
        "balance.employer_social_percent",
        "20.48",
        D(2018, 4, 1),
        "Ustawa o systemie ubezpieczeń społecznych art. 22 ust. 1 (emerytalne 9,76 %, rentowe "
        "6,5 %); ustawa wypadkowa art. 28 (wypadkowe 1,67 %); Fundusz Pracy 2,45 %; FGŚP 0,10 %",
        "M",
        "Wypadkowe 1,67 % to stopa pracodawcy zgłaszającego do 9 ubezpieczonych; większy "
        "pracodawca ma własną.",
    ),
    (
        "balance.health_percent",
        "9.00",
        D(2007, 1, 1),
        "Ustawa o świadczeniach opieki zdrowotnej finansowanych ze środków publicznych art. 79 "
        "ust. 1",
        "M",
        "",
    ),
    (
        "balance.pit_percent",
        "12.00",
        D(2022, 7, 1),
        "Ustawa o podatku dochodowym od osób fizycznych art. 27 ust. 1",
        "M",
        "Od 1 lipca 2022 r.; składka zdrowotna nie jest już odliczana od podatku.",
    ),
    (
        "balance.pit_monthly_costs",
        "250.00",
        D(2022, 7, 1),
        "Ustawa o podatku dochodowym od osób fizycznych art. 22 ust. 2 pkt 1",
        "M",
        "Koszty dla pracownika zatrudnionego w miejscowości zamieszkania.",
    ),
    (
        "balance.pit_monthly_reduction",
        "300.00",
        D(2022, 7, 1),
        "Ustawa o podatku dochodowym od osób fizycznych art. 27 ust. 1 i art. 32 ust. 3 "
        "(kwota zmniejszająca 3 600 zł rocznie)",
        "M",
        "Przy złożonym oświadczeniu PIT-2.",
    ),
    (
        "balance.benefit_saved_monthly",
        "0.00",
        D(2007, 1, 1),
        "Założenie: brak danych o świadczeniach wstrzymanych po podjęciu pracy",
        "practice",
        "Renta socjalna i zasiłki zależą od dochodu; bez danych liczymy zero.",
    ),
]


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    for key, value, start, source, evidence, note in ROWS:
        parameter.objects.create(
            key=key,
            value=Decimal(value),
            valid_from=start,
            known_on=start,
            scope="national",
            legal_source=source,
            evidence=evidence,
            note=note,
        )


def unseed(apps, schema_editor):
    apps.get_model("organisations", "PolicyParameter").objects.filter(
        key__in=[row[0] for row in ROWS], scope="national"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0014_balance_assumptions")]

    operations = [migrations.RunPython(seed, unseed)]
