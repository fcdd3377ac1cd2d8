import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from coop import demo as coop_demo
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


class Command(BaseCommand):
    help = (
        "Loads the demo data: territories, organisations, workshops, the cooperative and the "
        "demo accounts admin, staff, manager and officer (password 'demo'). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "county"],
            default="demo",
            help="demo: 4 workshops in 2 powiats; county: 10 workshops.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DJANGO_DEBUG=false (it creates accounts with a known password).",
        )

    def handle(self, *args, scale, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with the password 'demo'; it refuses to run with "
                "DJANGO_DEBUG=false. Use --force if this really is a demonstration server."
            )
        rng = random.Random(RANDOM_SEED)
        today = timezone.localdate()
        history_start = datetime.date(today.year - HISTORY_YEARS, 1, 1)
        with transaction.atomic():
            users = {name: self._user(name, *details) for name, details in DEMO_USERS.items()}
            territories = coop_demo.seed_territories()
            organisations = coop_demo.seed_organisations(territories)
            cooperative = coop_demo.seed_cooperative(
                organisations, registered_on=history_start - datetime.timedelta(days=400)
            )
            workshops = wtz_demo.seed_workshops(
                organisations, territories, history_start=history_start, scale=scale, rng=rng
            )
            wtz_demo.assign_staff(
                users["staff"],
                workshops[0],
                StaffAssignment.Role.MANAGER,
                starts_on=history_start,
            )
            coop_demo.assign_manager(users["manager"], cooperative, starts_on=history_start)
            coop_demo.assign_officer(
                users["officer"],
                territories[coop_demo.OFFICER_POWIAT],
                starts_on=history_start,
            )
        self._print_accounts(workshops[0], cooperative, territories[coop_demo.OFFICER_POWIAT])

    def _user(self, username, first_name, last_name, is_superuser):
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

    def _print_accounts(self, workshop, cooperative, powiat):
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ with password 'demo':")
        self.stdout.write("  admin    — administrator, sees everything")
        self.stdout.write(f"  staff    — WTZ manager at {workshop}")
        self.stdout.write(f"  manager  — cooperative manager at {cooperative}")
        self.stdout.write(f"  officer  — municipal officer for powiat {powiat.name}")
