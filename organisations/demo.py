"""Demo data for the ground floor: real territories of Wielkopolska, fictional organisations, the
demo cooperative's identity, and the demo manager's and officer's assignments."""

import datetime
from decimal import Decimal

from organisations.models import (
    Cooperative,
    LocalBudget,
    ManagerAssignment,
    OfficerAssignment,
    Organisation,
    Territory,
)

VOIVODESHIP = ("30", "wielkopolskie")
POWIATS = [("3002", "czarnkowsko-trzcianecki"), ("3005", "grodziski")]
GMINAS = [
    ("3002011", "Czarnków (miasto)"),
    ("3002022", "Czarnków"),
    ("3002052", "Lubasz"),
    ("3002073", "Trzcianka"),
    ("3005023", "Grodzisk Wielkopolski"),
    ("3005043", "Rakoniewice"),
]
OFFICER_POWIAT = "3002"

ORGANISATIONS = [
    # (name, kind, territory code, NIP)
    ("Powiat Czarnkowsko-Trzcianecki", Organisation.Kind.POWIAT, "3002", "7631901431"),
    ("Gmina Czarnków", Organisation.Kind.GMINA, "3002022", "7631018340"),
    ("Gmina Trzcianka", Organisation.Kind.GMINA, "3002073", "7632005870"),
    ("Gmina Rakoniewice", Organisation.Kind.GMINA, "3005043", "7881888207"),
    ("Stowarzyszenie „Razem ku Pracy”", Organisation.Kind.NGO, "3002011", "7632099103"),
    ("Fundacja „Dobry Start”", Organisation.Kind.NGO, "3002052", "7632100561"),
    ("Spółdzielnia Socjalna „Wspólna Droga”", Organisation.Kind.COOPERATIVE, "3002011", ""),
]
COOPERATIVE_NAME = "Spółdzielnia Socjalna „Wspólna Droga”"


def seed_territories() -> dict[str, Territory]:
    territories = {}
    code, name = VOIVODESHIP
    territories[code], _ = Territory.objects.update_or_create(
        code=code, defaults={"name": name, "level": Territory.Level.VOIVODESHIP, "parent": None}
    )
    for code, name in POWIATS:
        territories[code], _ = Territory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": Territory.Level.POWIAT,
                "parent": territories[code[:2]],
            },
        )
    for code, name in GMINAS:
        territories[code], _ = Territory.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "level": Territory.Level.GMINA,
                "parent": territories[code[:4]],
            },
        )
    return territories


def seed_organisations(territories) -> dict[str, Organisation]:
    organisations = {}
    for name, kind, code, nip in ORGANISATIONS:
        organisations[name], _ = Organisation.objects.update_or_create(
            name=name, defaults={"kind": kind, "territory": territories[code], "nip": nip}
        )
    return organisations


def seed_cooperative(organisations, *, registered_on: datetime.date) -> Cooperative:
    """The demo cooperative of legal persons. It holds social-enterprise status, and its next
    audit falls due this year."""
    cooperative, _ = Cooperative.objects.get_or_create(  # no new history row on a second run
        organisation=organisations[COOPERATIVE_NAME],
        defaults={
            "founder_kind": Cooperative.FounderKind.LEGAL_PERSONS,
            "registered_on": registered_on,
            "social_enterprise_since": registered_on + datetime.timedelta(days=540),
            "social_enterprise_decision": "WPS-II.9511.4.2023",
            "last_audit_on": datetime.date(registered_on.year + 2, 12, 15),
        },
    )
    return cooperative


def assign_manager(user, cooperative, *, starts_on: datetime.date) -> None:
    ManagerAssignment.objects.update_or_create(
        user=user, cooperative=cooperative, defaults={"starts_on": starts_on, "ends_on": None}
    )


def assign_officer(user, territory, *, starts_on: datetime.date) -> None:
    OfficerAssignment.objects.update_or_create(
        user=user, territory=territory, defaults={"starts_on": starts_on, "ends_on": None}
    )


# Total yearly expenditure of the demo's local governments (zł), in the range of their budget
# reports: the base of the KPRES share on the outcomes page.
BUDGETS = {
    "Powiat Czarnkowsko-Trzcianecki": 118_000_000,
    "Gmina Czarnków": 86_000_000,
    "Gmina Trzcianka": 152_000_000,
    "Gmina Rakoniewice": 74_000_000,
}


def seed_budgets(organisations, *, years) -> None:
    for name, expenditure in BUDGETS.items():
        for offset, year in enumerate(years):
            LocalBudget.objects.get_or_create(
                organisation=organisations[name],
                year=year,
                defaults={
                    "expenditure": Decimal(expenditure) * (1 + Decimal(offset) / 20),
                    "source": f"Rb-28S za {year} r.",
                },
            )
