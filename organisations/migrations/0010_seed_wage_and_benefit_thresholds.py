"""The figures PS-04 and the benefit warnings compare with, each with its source.

- The average monthly wage in the enterprise sector of the previous year (PS-04: pay at most three
  times it), in force for the calendar year after the one it measures. The annual figures for 2022
  and 2023 agree with GUS's monthly series for those years (monthly means 6 621,39 zł and
  7 407,29 zł; the annual figure adds payments from profit); they are tagged [U] until an
  administrator checks them against the GUS communiqués. Later years are entered as GUS publishes
  them; until then the line says the figure for that day is not recorded.
- The social pension's income limit (renta socjalna, suspended above 70 % of the average monthly
  wage of the previous quarter; ZUS announces the amount, rounded up to 10 grosze, for the three
  months from the 1st of March, June, September and December). Seeded for the quarters whose base
  GUS published as 7 540,36 zł (Q4 2023) and 8 477,21 zł (Q4 2024).
- The income criterion of the permanent allowance (zasiłek stały) for a person living alone, set
  by the Council of Ministers every three years: 776 zł from 2022, 1 010 zł from 2025 [U].

A value an administrator recorded under the former single key "benefit income threshold" becomes
the social pension's limit, which is what that key was used for.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date
WAGE_SOURCE = "Komunikat Prezesa GUS: przeciętne wynagrodzenie w sektorze przedsiębiorstw, {year}"
PENSION_SOURCE = "Ustawa o rencie socjalnej art. 10 ust. 1 (70 % przeciętnego wynagrodzenia)"
ALLOWANCE_SOURCE = "Ustawa o pomocy społecznej art. 8 ust. 1 pkt 1 (kryterium osoby samotnej)"
ROWS = [
    # key, value, in force from, until, source, evidence, note
    ("ps.average_enterprise_wage", "6653.67", D(2023, 1, 1), D(2023, 12, 31),
     WAGE_SOURCE.format(year=2022), "U", "The figure for 2022, compared in 2023."),
    ("ps.average_enterprise_wage", "7444.39", D(2024, 1, 1), D(2024, 12, 31),
     WAGE_SOURCE.format(year=2023), "U", "The figure for 2023, compared in 2024."),
    ("emp.social_pension_income_limit", "5278.30", D(2024, 3, 1), D(2024, 5, 31),
     PENSION_SOURCE, "S", "70 % of 7 540,36 zł (GUS, Q4 2023), rounded up to 10 grosze."),
    ("emp.social_pension_income_limit", "5934.10", D(2025, 3, 1), D(2025, 5, 31),
     PENSION_SOURCE, "S", "70 % of 8 477,21 zł (GUS, Q4 2024), rounded up to 10 grosze."),
    ("emp.permanent_allowance_income_criterion", "776", D(2022, 1, 1), D(2024, 12, 31),
     ALLOWANCE_SOURCE, "S", "Verified criterion of 2021, in force from 1 January 2022."),
    ("emp.permanent_allowance_income_criterion", "1010", D(2025, 1, 1), None,
     ALLOWANCE_SOURCE, "U", "Verified criterion of 2024, in force from 1 January 2025."),
]  # fmt: skip
FORMER_KEY = "emp.benefit_income_threshold"


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    parameter.objects.filter(key=FORMER_KEY).update(key="emp.social_pension_income_limit")
    parameter.objects.bulk_create(
        parameter(
            key=key,
            value=Decimal(value),
            valid_from=start,
            valid_to=end,
            known_on=start,
            scope="national",
            legal_source=source,
            evidence=evidence,
            note=note,
        )
        for key, value, start, end, source, evidence, note in ROWS
    )


def unseed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    for key, value, start, _end, _source, _evidence, _note in ROWS:
        parameter.objects.filter(
            scope="national", key=key, value=Decimal(value), valid_from=start
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0009_benefit_thresholds_per_benefit")]

    operations = [migrations.RunPython(seed, unseed)]
