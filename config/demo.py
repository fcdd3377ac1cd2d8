"""The demo world, composed from every app's demo module: territories, organisations, the
cooperative, workshops with staff, the demo accounts, and three years of participants."""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction

from coop import demo as coop_demo
from employment import demo as employment_demo
from organisations import demo as organisations_demo
from participants import demo as participants_demo
from reports.models import PublicReport
from wtz import demo as wtz_demo
from wtz.models import StaffAssignment

DEMO_PASSWORD = "demo"
RANDOM_SEED = 20131213  # fixed: the same demo every time
HISTORY_YEARS = 3

DEMO_USERS = {
    # username: (first name, last name, is superuser)
    "admin": ("Administrator", "Systemu", True),
    "staff": ("Anna", "Kowalska", False),
    "manager": ("Piotr", "Nowak", False),
    "officer": ("Ewa", "Wiśniewska", False),
}


def _demo_user(username, first_name, last_name, is_superuser):
    user, _ = get_user_model().objects.update_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
            "is_superuser": is_superuser,
            "is_staff": is_superuser,
            "is_active": True,
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def seed(*, scale: str, today: datetime.date, with_history: bool = True) -> dict:
    """Builds (or finds) the demo world; returns its main objects. Idempotent.

    ``with_history=False`` leaves out the people and their three years of history: the places,
    the accounts and the empty reserve lists, for a journey that starts from nothing.
    """
    rng = random.Random(RANDOM_SEED)
    history_start = datetime.date(today.year - HISTORY_YEARS, 1, 1)
    users = {name: _demo_user(name, *details) for name, details in DEMO_USERS.items()}
    territories = organisations_demo.seed_territories()
    organisations = organisations_demo.seed_organisations(territories)
    registered_on = history_start - datetime.timedelta(days=400)
    cooperative = organisations_demo.seed_cooperative(organisations, registered_on=registered_on)
    coop_demo.seed_founders(cooperative, organisations, registered_on=registered_on)
    workshops = wtz_demo.seed_workshops(
        organisations, territories, history_start=history_start, scale=scale, rng=rng
    )
    wtz_demo.assign_staff(
        users["staff"], workshops[0], StaffAssignment.Role.MANAGER, starts_on=history_start
    )
    organisations_demo.assign_manager(users["manager"], cooperative, starts_on=history_start)
    powiat = territories[organisations_demo.OFFICER_POWIAT]
    organisations_demo.assign_officer(users["officer"], powiat, starts_on=history_start)
    for number, workshop in enumerate(workshops):
        wtz_demo.seed_staff(
            workshop,
            count=6 if number == 0 else 4,
            with_psychologist=number != 2,  # one workshop lacks one: a live warning
            starts_on=wtz_demo.FOUNDED_ON,
            rng=rng,
        )
    if with_history:
        participants_demo.seed_participants(
            workshops=workshops,
            cooperative=cooperative,
            staff_user=users["staff"],
            territories=territories,
            today=today,
            history_start=history_start,
            rng=rng,
        )
        employment_demo.seed_employment(
            workshops=workshops,
            cooperative=cooperative,
            manager=users["manager"],
            staff=users["staff"],
            today=today,
            rng=rng,
        )
        coop_demo.seed_cooperative_business(cooperative=cooperative, today=today, rng=rng)
        past_years = range(history_start.year, today.year)
        wtz_demo.seed_finances(workshops, years=past_years, rng=rng)
        organisations_demo.seed_budgets(organisations, years=past_years)
        # The officer's powiat has its public page switched on: /reports/public/3002/.
        PublicReport.objects.get_or_create(territory=powiat)
    return {
        "users": users,
        "workshops": workshops,
        "cooperative": cooperative,
        "officer_powiat": powiat,
    }
