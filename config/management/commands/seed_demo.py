from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from config import demo, national


class Command(BaseCommand):
    help = (
        "Loads the demo data: territories, organisations, workshops, the cooperative, three "
        "years of participants, and the demo accounts admin, staff, manager and officer "
        "(password 'demo'). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=["demo", "county", "national"],
            default="demo",
            help=(
                "demo: 4 workshops in 2 powiats; county: 10 workshops; national: the demo copied "
                "over every voivodeship, 732 workshops (PostgreSQL only, a few minutes)."
            ),
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
        today = timezone.localdate()
        if scale == "national":
            if connection.vendor != "postgresql":
                raise CommandError(
                    "The national demo needs PostgreSQL: set DATABASE_URL to a PostgreSQL database."
                )
            world = demo.seed(scale="demo", today=today)
            try:
                built = national.build(today=today, stream=self.stdout._out)
            except national.NationalError as error:
                raise CommandError(str(error)) from error
            for name, count in built.items():
                self.stdout.write(f"  {name}: {count:,}".replace(",", " "))
            self.stdout.write(
                "Its reports count a voivodeship's whole history: store their figures with "
                "'manage.py refresh_reports --all' (a minute or two per voivodeship)."
            )
        else:
            world = demo.seed(scale=scale, today=today)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("Log in at http://127.0.0.1:8000/accounts/login/ with password 'demo':")
        self.stdout.write("  admin    — administrator, sees everything")
        self.stdout.write(f"  staff    — WTZ manager at {world['workshops'][0]}")
        self.stdout.write(f"  manager  — cooperative manager at {world['cooperative']}")
        self.stdout.write(
            f"  officer  — municipal officer for powiat {world['officer_powiat'].name}"
        )
