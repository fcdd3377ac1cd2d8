"""Demo data for the wtz app: workshops, their contracted places over time, rooms and staff."""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Min

from wtz.models import AnnualFinance, ContractedPlaces, Room, StaffAssignment, Workshop

WORKSHOPS = [
    # (name, organiser, gmina code, places three years ago, places now)
    ("WTZ „Pracownia Marzeń” w Czarnkowie", "Stowarzyszenie „Razem ku Pracy”", "3002011", 30, 35),
    ("WTZ w Trzciance", "Gmina Trzcianka", "3002073", 25, 25),
    ("WTZ „Dobry Start” w Lubaszu", "Fundacja „Dobry Start”", "3002052", 35, 40),
    ("WTZ w Rakoniewicach", "Gmina Rakoniewice", "3005043", 40, 40),
]
ROOMS = [
    "Pracownia gospodarstwa domowego",
    "Pracownia stolarska",
    "Pracownia plastyczna",
    "Pracownia ogrodnicza",
    "Pracownia krawiecka",
    "Pracownia komputerowa",
]
EXTRA_COUNTY_GMINAS = ["3002022", "3002011", "3002073", "3005023", "3005023", "3005043"]


FOUNDED_ON = datetime.date(2012, 1, 1)  # the workshops are older than the demo's history


def seed_workshop(name, organiser, territory, *, places_then, places_now, history_start, rng):
    workshop, _ = Workshop.objects.update_or_create(
        name=name, defaults={"organiser": organiser, "territory": territory}
    )
    ContractedPlaces.objects.update_or_create(
        workshop=workshop,
        starts_on=FOUNDED_ON,
        defaults={"places": places_then, "agreement": f"PCPR/{FOUNDED_ON.year}/{workshop.pk}"},
    )
    if places_now != places_then:
        raised_on = datetime.date(history_start.year + 2, 1, 1)
        ContractedPlaces.objects.update_or_create(
            workshop=workshop,
            starts_on=raised_on,
            defaults={"places": places_now, "agreement": f"PCPR/{raised_on.year}/{workshop.pk}"},
        )
    for room in rng.sample(ROOMS, 4):
        Room.objects.get_or_create(workshop=workshop, name=room)
    return workshop


def seed_workshops(organisations, territories, *, history_start, scale, rng: random.Random):
    workshops = [
        seed_workshop(
            name,
            organisations[organiser],
            territories[code],
            places_then=then,
            places_now=now,
            history_start=history_start,
            rng=rng,
        )
        for name, organiser, code, then, now in WORKSHOPS
    ]
    if scale == "county":
        organiser = organisations["Powiat Czarnkowsko-Trzcianecki"]
        for number, code in enumerate(EXTRA_COUNTY_GMINAS, start=1):
            places = rng.choice([20, 25, 30, 35, 40])
            workshops.append(
                seed_workshop(
                    f"WTZ nr {number} — {territories[code].name}",
                    organiser,
                    territories[code],
                    places_then=places,
                    places_now=places,
                    history_start=history_start,
                    rng=rng,
                )
            )
    return workshops


STAFF_NAMES = [
    ("Beata", "Lis"),
    ("Marek", "Wójcik"),
    ("Joanna", "Kamińska"),
    ("Tomasz", "Zieliński"),
    ("Katarzyna", "Szymańska"),
    ("Paweł", "Woźniak"),
    ("Agnieszka", "Dąbrowska"),
    ("Michał", "Kozłowski"),
]


def seed_staff(workshop, *, count: int, with_psychologist: bool, starts_on, rng) -> None:
    """Staff members without a login of their own (only the demo accounts can sign in)."""
    roles = [StaffAssignment.Role.INSTRUCTOR] * count
    if with_psychologist:
        roles[0] = StaffAssignment.Role.PSYCHOLOGIST
    # By the workshop's place among the demo's, not its number in the database (see the notes).
    ordinal = workshop.pk - Workshop.objects.aggregate(first=Min("pk"))["first"] + 1
    for number, role in enumerate(roles, start=1):
        first, last = STAFF_NAMES[(ordinal * 3 + number) % len(STAFF_NAMES)]
        user, created = get_user_model().objects.get_or_create(
            username=f"wtz{workshop.pk}-{number}",
            defaults={"first_name": first, "last_name": last},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        assign_staff(user, workshop, role, starts_on=starts_on, fte=rng.choice([1, 1, 0.75, 0.5]))


def assign_staff(user, workshop, role, *, starts_on, fte=1) -> None:
    StaffAssignment.objects.update_or_create(
        user=user,
        workshop=workshop,
        role=role,
        defaults={"starts_on": starts_on, "ends_on": None, "fte": fte},
    )


def seed_finances(workshops, *, years, rng: random.Random) -> None:
    """Each workshop's finances for the years of the demo, as its WTZ manager would enter them
    for the annual report: PFRON funds for its places, costs by § 19, a little equipment with the
    powiat's consent (the first workshop's last year without it: a WTZ-19 warning to see)."""
    for workshop in workshops:
        for year in years:
            places = workshop.places_on(datetime.date(year, 12, 31)) or 25
            pfron = Decimal(places * 33_696)
            consent = (
                None
                if (workshop == workshops[0] and year == years[-1])
                else (datetime.date(year, 4, 15))
            )
            AnnualFinance.objects.get_or_create(
                workshop=workshop,
                year=year,
                defaults={
                    "pfron_funds": pfron,
                    "local_funds": (pfron / 9).quantize(Decimal("0.01")),
                    "sales_revenue": Decimal(rng.randrange(4_000, 20_000)),
                    "wages": (pfron * Decimal("0.68")).quantize(Decimal("0.01")),
                    "materials": (pfron * Decimal("0.09")).quantize(Decimal("0.01")),
                    "transport": (pfron * Decimal("0.08")).quantize(Decimal("0.01")),
                    "staff_training": Decimal(rng.randrange(2_000, 6_000)),
                    "insurance": Decimal(rng.randrange(3_000, 6_000)),
                    "trips": Decimal(rng.randrange(4_000, 12_000)),
                    "therapy_materials": (pfron * Decimal("0.05")).quantize(Decimal("0.01")),
                    "economic_training": Decimal(places * 12 * 110),
                    "equipment": (pfron * Decimal("0.02")).quantize(Decimal("0.01")),
                    "equipment_consent_on": consent,
                    "staff_count": 6,
                },
            )
