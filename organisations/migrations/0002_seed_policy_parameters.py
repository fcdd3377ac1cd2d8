"""Seed the national PolicyParameter rows from the domain brief (/work/shared/DOMAIN.md).

Every key of PolicyParameter.Key gets at least one national row; none is left out, because the
brief gives a number for each of them (some only as [U] or as a design rule; see the notes).

Deliberately NOT seeded:
- wtz.pfron_amount_per_place_year for 2026: 38,496 zł was only proposed (draft amendment of the
  Algorithm Reg. in consultation in Nov 2025, adoption [U], brief § 2.15 and § 8 item 13). The
  2025 row (35,196 zł) is therefore left open-ended; add a 2026 row once the amount is adopted.
- The WTZ reform UD348 (brief § 2.16: 6 h/30 h classes, yearly evaluation, paid practice) is not
  adopted; none of its numbers is seeded.

Conventions:
- Dates the brief does not give: WTZ Reg. items start 2004-01-01, 1997-Act items 1998-01-01;
  design rules (no legal source) also start 1998-01-01 so that they cover all historic data.
  The note of each such row says that the start date is not from the brief.
- known_on is the date of the amending act where the brief gives it (the value was known once
  the act was passed), otherwise valid_from.
- Percent keys hold the percent number (50 means 50 %); months and years are whole numbers.
"""

import datetime
from decimal import Decimal

from django.db import migrations

D = datetime.date

# Frequently used dates and notes.
WTZ_REG = D(2004, 1, 1)  # WTZ Reg. of 25.03.2004; in-force date not in the brief
ACT_1997 = D(1998, 1, 1)  # 1997 Act; in-force date not in the brief
ACT_2018_SC = D(2018, 3, 31)  # Act of 15.12.2017 (Dz.U. 2017 poz. 2494) in force
ACT_2018_SC_KNOWN = D(2017, 12, 15)
ZA_ZYCIEM = D(2018, 6, 6)  # "Za życiem" amending act of 10.05.2018 (Dz.U. 2018 poz. 1076)
ZA_ZYCIEM_KNOWN = D(2018, 5, 10)
UES = D(2022, 10, 30)  # UES of 5.08.2022 in force
UES_KNOWN = D(2022, 8, 5)
SC_ACT = D(2006, 4, 27)  # date of the SC Act; in-force date not in the brief
PZP_2019 = D(2021, 1, 1)  # Pzp of 11.09.2019; in-force date not in the brief
SUBSIDY_OLD_FROM = D(2018, 1, 1)
SUBSIDY_NEW_FROM = D(2024, 7, 1)  # act of 5.12.2024, retroactive to 1.07.2024
SUBSIDY_NEW_KNOWN = D(2024, 12, 5)

NO_START = "Start date not from the brief."
NO_START_WTZ = "Start date not from the brief (WTZ Reg. of 25.03.2004)."
NO_START_1997 = "Start date not from the brief (1997 Act)."
NO_START_SC = "Start date not from the brief (date of the SC Act of 27.04.2006)."
NO_START_PZP = "Start date not from the brief (assumed in-force date of the 2019 Pzp)."
DESIGN_START = "Design rule, not law; start set to 1998-01-01 to cover historic data."
SC_2018 = "Rule as after the 2018 amendment (in force 31.03.2018)."


def _row(key, value, valid_from, *, source, evidence, note="", valid_to=None, known_on=None):
    return {
        "key": key,
        "value": Decimal(value),
        "valid_from": valid_from,
        "valid_to": valid_to,
        "known_on": known_on or valid_from,
        "legal_source": source,
        "evidence": evidence,
        "note": note,
    }


def _pfron_year(year, value, *, source="Algorithm Reg.", known_on=None, note=""):
    return _row(
        "wtz.pfron_amount_per_place_year",
        value,
        D(year, 1, 1),
        valid_to=D(year, 12, 31),
        known_on=known_on,
        source=source,
        evidence="S",
        note=note,
    )


def _subsidy(degree, kind, old, new):
    key = f"emp.subsidy_{kind}_{degree}"
    label = "base" if kind == "base" else "special-conditions extra"
    return [
        _row(
            key,
            old,
            SUBSIDY_OLD_FROM,
            source="1997 Act art. 26a",
            evidence="S",
            note=(
                f"Previous {label} amount. Start 2018-01-01 is not from the brief. Left open: the "
                "newer row wins from 1.07.2024, and what was known before 5.12.2024 still finds "
                "this one."
            ),
        ),
        _row(
            key,
            new,
            SUBSIDY_NEW_FROM,
            known_on=SUBSIDY_NEW_KNOWN,
            source="1997 Act art. 26a (act of 5.12.2024)",
            evidence="S",
            note=(
                f"New {label} amount, retroactive to 1.07.2024 by the act of 5.12.2024; "
                "reported unchanged for 2026. Proportional to FTE."
            ),
        ),
    ]


ROWS = [
    # --- WTZ: hours, size, staff (WTZ Reg. § 8, § 13) -------------------------------------------
    _row("wtz.max_daily_hours", "7", WTZ_REG, source="WTZ Reg. § 8 ust. 2", evidence="V",
         note=NO_START_WTZ),
    _row("wtz.max_weekly_hours", "35", WTZ_REG, source="WTZ Reg. § 8 ust. 2", evidence="V",
         note=NO_START_WTZ),
    _row("wtz.full_funding_weekly_hours", "35", WTZ_REG, source="WTZ Reg. § 8 ust. 2",
         evidence="V",
         note="Fewer weekly hours reduce PFRON co-financing proportionally. " + NO_START_WTZ),
    _row("wtz.min_participants", "20", WTZ_REG, source="WTZ Reg. (paragraph not retrieved)",
         evidence="U",
         note="Widely cited minimum; exact paragraph not found [U]. " + NO_START_WTZ),
    _row("wtz.max_participants_per_direct_staff", "5", WTZ_REG, source="WTZ Reg. § 13 ust. 4",
         evidence="V",
         note="Wording 'should not exceed': a compliance warning. " + NO_START_WTZ),
    # --- WTZ: PFRON amount per participant per year (Algorithm Reg., brief § 2.15) -------------
    _pfron_year(2019, "18096"),
    _pfron_year(2020, "20496"),
    _pfron_year(2021, "21696"),
    _pfron_year(2022, "24096", note="= 2,008 zł/month PFRON."),
    _pfron_year(2023, "29496", source="Algorithm Reg. (Dz.U. 2023 poz. 1066)"),
    _pfron_year(2024, "33696", note="Amount first adopted for 2024; later raised to 35,196."),
    _pfron_year(
        2024,
        "35196",
        known_on=D(2024, 11, 1),
        note="Raise adopted late 2024 (exact date not in the brief; known_on approximate).",
    ),
    _row(
        "wtz.pfron_amount_per_place_year",
        "35196",
        D(2025, 1, 1),
        source="Algorithm Reg.",
        evidence="S",
        note="Open-ended: the 2026 amount (38,496 proposed) was not confirmed adopted [U].",
    ),
    # --- WTZ: waiting list, certificate expiry (1997 Act art. 10f) ------------------------------
    _row("wtz.reserve_priority_window_days", "90", ZA_ZYCIEM, known_on=ZA_ZYCIEM_KNOWN,
         source="1997 Act art. 10f ust. 2b", evidence="V",
         note="Added by the 'Za życiem' act of 10.05.2018."),
    _row("wtz.reserve_priority_window_from", "1", ZA_ZYCIEM, known_on=ZA_ZYCIEM_KNOWN,
         source="1997 Act art. 10f ust. 2b", evidence="U",
         note=(
             "1 = from losing the job, 2 = from leaving the WTZ. Which one the act means is "
             "uncertain [U]: store both dates and confirm against the exact wording."
         )),
    _row("wtz.certificate_grace_months", "1", ACT_1997, source="1997 Act art. 10f ust. 4",
         evidence="V",
         note="Until the end of the month following the expiry month. " + NO_START_1997),
    # --- WTZ: evaluations (1997 Act art. 10a ust. 5-6, WTZ Reg. § 14) ---------------------------
    _row("wtz.periodic_evaluation_months", "6", WTZ_REG, source="WTZ Reg. § 14", evidence="S",
         note=(
             "With the participant; statute gives no interval. Reform UD348 (not adopted) "
             "would make it yearly. " + NO_START_WTZ
         )),
    _row("wtz.comprehensive_evaluation_months", "36", ACT_1997,
         source="1997 Act art. 10a ust. 5", evidence="V",
         note="At least every 3 years. " + NO_START_1997),
    _row("wtz.first_comprehensive_min_months", "3", ZA_ZYCIEM, known_on=ZA_ZYCIEM_KNOWN,
         source="1997 Act art. 10a ust. 6", evidence="U",
         note="Secondary source [S]; final wording of art. 10a ust. 6 uncertain [U]."),
    _row("wtz.first_comprehensive_max_months", "6", ZA_ZYCIEM, known_on=ZA_ZYCIEM_KNOWN,
         source="1997 Act art. 10a ust. 6", evidence="U",
         note="Secondary source [S]; final wording of art. 10a ust. 6 uncertain [U]."),
    # --- WTZ: unpaid vocational practice (1997 Act art. 10a ust. 3a-3b) --------------------------
    _row("wtz.practice_max_weekly_hours", "15", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="1997 Act art. 10a ust. 3a", evidence="V",
         note="Added by the act of 15.12.2017 (Dz.U. 2017 poz. 2494)."),
    _row("wtz.practice_max_months", "3", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="1997 Act art. 10a ust. 3a", evidence="V",
         note="Added by the act of 15.12.2017 (Dz.U. 2017 poz. 2494)."),
    _row("wtz.practice_max_total_months", "6", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="1997 Act art. 10a ust. 3a", evidence="V",
         note="Including the extension."),
    _row("wtz.practice_max_share_percent", "50", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="1997 Act art. 10a ust. 3b", evidence="V",
         note="Share of one WTZ's participants on practice at the same time."),
    # --- Disability certificates ---------------------------------------------------------------
    _row("dis.certificate_warning_first_days", "90", ACT_1997,
         source="Design rule WTZ-05 / DIS-04", evidence="practice", note=DESIGN_START),
    _row("dis.certificate_warning_second_days", "60", ACT_1997,
         source="Design rule WTZ-05 / DIS-04", evidence="practice", note=DESIGN_START),
    _row("dis.certificate_warning_third_days", "30", ACT_1997,
         source="Design rule WTZ-05 / DIS-04", evidence="practice", note=DESIGN_START),
    _row("dis.certificate_early_application_months", "2", D(2025, 6, 2),
         source="Dz.U. 2025 poz. 730", evidence="S",
         note=(
             "Exact wording [U]. Start not from the brief: date of the regulation of 2.06.2025 "
             "(gazetaprawna.pl 9823412), which says the 2-month rule came from a 2024 amendment "
             "of the 1997 Act; verify."
         )),
    _row("dis.max_cause_symbols", "3", ACT_1997, source="Certification Reg. § 32",
         evidence="S", note="A certificate lists at most three symbols. " + NO_START_1997),
    _row("dis.degree_certificate_min_age", "16", ACT_1997, source="Certification Reg.",
         evidence="S", note="Under-16 certificates carry no degree. " + NO_START_1997),
    # --- Employment of disabled persons (1997 Act art. 15-19, 26a) ------------------------------
    _row("emp.max_daily_hours", "8", ACT_1997, source="1997 Act art. 15 ust. 1", evidence="S",
         note="Waivable under art. 16. " + NO_START_1997),
    _row("emp.max_weekly_hours", "40", ACT_1997, source="1997 Act art. 15 ust. 1", evidence="S",
         note="Waivable under art. 16. " + NO_START_1997),
    _row("emp.max_daily_hours_significant_moderate", "7", ACT_1997,
         source="1997 Act art. 15 ust. 2", evidence="S",
         note="Automatic from the certificate since 2014 [M]. " + NO_START_1997),
    _row("emp.max_weekly_hours_significant_moderate", "35", ACT_1997,
         source="1997 Act art. 15 ust. 2", evidence="S",
         note="Automatic from the certificate since 2014 [M]. " + NO_START_1997),
    _row("emp.extra_break_minutes", "15", ACT_1997, source="1997 Act art. 17", evidence="S",
         note="Counted as working time; any degree. " + NO_START_1997),
    _row("emp.extra_leave_days", "10", ACT_1997, source="1997 Act art. 19", evidence="S",
         note="Working days; not if already >26 days or other extra leave. " + NO_START_1997),
    *_subsidy("significant", "base", "2400", "2760"),
    *_subsidy("moderate", "base", "1350", "1550"),
    *_subsidy("mild", "base", "500", "575"),
    *_subsidy("significant", "extra", "1200", "1380"),
    *_subsidy("moderate", "extra", "900", "1035"),
    *_subsidy("mild", "extra", "600", "690"),
    _row("emp.share_rule_min_employer_fte", "25", ACT_1997, source="1997 Act art. 26a",
         evidence="S",
         note="Also the PFRON levy threshold (art. 21 [M]). " + NO_START_1997),
    _row("emp.min_disabled_share_percent", "6", ACT_1997, source="1997 Act art. 26a",
         evidence="S",
         note="Also the PFRON levy threshold (art. 21 [M]). " + NO_START_1997),
    # --- Social cooperatives (SC Act) -----------------------------------------------------------
    _row("sc.max_members", "50", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act art. 5, 18", evidence="S",
         note="Exception for SCs converted from cooperatives of disabled/blind persons."),
    _row("sc.min_natural_members", "5", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act art. 5, 18", evidence="S",
         note=SC_2018 + " Founding with 3 is possible (see sc.three_founders_deadline_months)."),
    _row("sc.min_legal_members", "2", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act art. 5, 18", evidence="S", note=SC_2018),
    _row("sc.max_non_disadvantaged_share_percent", "50", ACT_2018_SC,
         known_on=ACT_2018_SC_KNOWN, source="SC Act art. 4", evidence="S",
         note="Of founders/members. " + SC_2018 + " The brief does not date this rule."),
    _row("sc.min_disadvantaged_workforce_share_percent", "50", ACT_2018_SC,
         known_on=ACT_2018_SC_KNOWN, source="SC Act art. 5a ust. 1", evidence="S",
         note="Exact base of the percentage uncertain [U]. " + SC_2018),
    _row("sc.below_minimum_months", "3", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act art. 18", evidence="S",
         note="Longer below the member minimum is a liquidation ground. " + SC_2018),
    _row("sc.legal_min_disadvantaged_employees", "5", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act (per fundacjarc)", evidence="S", note=SC_2018),
    _row("sc.legal_employees_deadline_months", "6", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act (per fundacjarc)", evidence="U",
         note="Often cited 6 months from registration; deadline uncertain [U]. " + SC_2018),
    _row("sc.membership_after_months", "12", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act (per wup.kielce.pl)", evidence="S",
         note="Continuous employment. " + SC_2018),
    _row("sc.three_founders_deadline_months", "12", ACT_2018_SC, known_on=ACT_2018_SC_KNOWN,
         source="SC Act art. 5", evidence="S",
         note="From KRS entry: admit and employ 2 more disadvantaged persons. " + SC_2018),
    _row("sc.surplus_reserve_share_percent", "40", SC_ACT, source="SC Act art. 10",
         evidence="U",
         note="Commonly cited split [M/U]. " + NO_START_SC),
    _row("sc.surplus_reintegration_share_percent", "40", SC_ACT, source="SC Act art. 10",
         evidence="U",
         note="Commonly cited split [M/U]. " + NO_START_SC),
    _row("sc.audit_interval_years", "3", SC_ACT, source="SC Act art. 15c; Coop Law",
         evidence="U",
         note="Frequency under Coop Law [M/U]. " + NO_START_SC),
    # --- Social enterprise (UES, in force 30.10.2022) --------------------------------------------
    _row("ps.min_employees", "3", UES, known_on=UES_KNOWN, source="UES art. 5", evidence="S",
         note="On employment or cooperative employment contracts."),
    _row("ps.min_fte", "0.5", UES, known_on=UES_KNOWN, source="UES art. 5", evidence="S",
         note="Each counted employee at least 1/2 FTE."),
    _row("ps.min_at_risk_share_percent", "30", UES, known_on=UES_KNOWN, source="UES art. 5",
         evidence="S", note="Of all employed persons; reintegration-aim PS only."),
    _row("ps.pay_cap_multiple", "3", UES, known_on=UES_KNOWN,
         source="UES via public-benefit act art. 9 ust. 1 pkt 2", evidence="S",
         note="Of the average enterprise-sector monthly wage of the previous year."),
    # --- OWES grants -----------------------------------------------------------------------------
    _row("owes.retention_months", "6", D(2021, 1, 1), source="OWES grant rules (ESF+ 2021-2027)",
         evidence="S",
         note=(
             "After the support period; regional rules vary, override per region. Start = "
             "2021-2027 programming period, not a date from the brief."
         )),
    # --- Local government and procurement -------------------------------------------------------
    _row("jst.reserved_contract_min_share_percent", "30", PZP_2019, source="Pzp art. 94",
         evidence="S", note="Of the contractor's (or unit's) employees. " + NO_START_PZP),
    _row("jst.pzp_threshold_net", "130000", PZP_2019, source="Pzp", evidence="S",
         note="Below it, Pzp procedures do not apply. " + NO_START_PZP),
    _row("jst.reserved_social_repeat_years", "3", PZP_2019,
         source="Pzp art. 361 (formerly art. 138p)", evidence="M",
         note="[S] for old art. 138p, [M] for art. 361. " + NO_START_PZP),
    _row("jst.report_min_cell", "5", ACT_1997, source="Design rule JST-04 (GDPR art. 5, 9)",
         evidence="M",
         note="Small-cell suppression in JST reports. " + DESIGN_START),
]

SEEDED_KEYS = sorted({row["key"] for row in ROWS})


def seed(apps, schema_editor):
    PolicyParameter = apps.get_model("organisations", "PolicyParameter")
    PolicyParameter.objects.bulk_create(
        [PolicyParameter(scope="national", region=None, organiser=None, **row) for row in ROWS]
    )


def unseed(apps, schema_editor):
    """Delete exactly the seeded national rows; rows added later (e.g. a 2026 amount) stay."""
    PolicyParameter = apps.get_model("organisations", "PolicyParameter")
    seeded = {(row["key"], row["valid_from"], row["known_on"], row["value"]) for row in ROWS}
    national = PolicyParameter.objects.filter(scope="national", key__in=SEEDED_KEYS)
    ids = [
        pk
        for pk, key, valid_from, known_on, value in national.values_list(
            "pk", "key", "valid_from", "known_on", "value"
        )
        if (key, valid_from, known_on, value) in seeded
    ]
    PolicyParameter.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
