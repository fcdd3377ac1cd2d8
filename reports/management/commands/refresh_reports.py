import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from organisations.models import Territory
from reports import stored
from reports.indicators import country
from reports.models import FigureRefresh


class Command(BaseCommand):
    help = (
        "Counts and stores the reports' figures of voivodeships, so that their dashboards read "
        "them instead of counting live (for a large instance; see docs/PERFORMANCE.md). Without "
        "a code: every voivodeship stored before, and the country if it was (the nightly run); "
        "with --all: every voivodeship with a workshop, then the country (PL), where there is "
        "more than one voivodeship."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "codes", nargs="*", help="voivodeship TERYT codes, e.g. 30, or PL for the country"
        )
        parser.add_argument("--all", action="store_true", help="every voivodeship with a workshop")

    def handle(self, *args, codes, all, **options):
        if not settings.REPORTS_STORED_FIGURES:
            raise CommandError(
                "REPORTS_STORED_FIGURES is off: dashboards count live and nothing would keep "
                "stored figures in step. Switch it on first (docs/PERFORMANCE.md)."
            )
        voivodeships = Territory.objects.filter(level=Territory.Level.VOIVODESHIP)
        whole_country = voivodeships.count() > 1
        if all:
            voivodeships = voivodeships.filter(
                code__in={
                    code[:2]
                    for code in Territory.objects.filter(workshops__isnull=False).values_list(
                        "code", flat=True
                    )
                }
            )
        elif codes:
            known = {*voivodeships.values_list("code", flat=True), stored.COUNTRY}
            unknown = set(codes) - known
            if unknown:
                raise CommandError(f"Not a voivodeship's TERYT code: {', '.join(sorted(unknown))}")
            voivodeships = voivodeships.filter(code__in=codes)
            whole_country = whole_country and stored.COUNTRY in codes
        else:
            roots = set(FigureRefresh.objects.values_list("root", flat=True))
            voivodeships = voivodeships.filter(code__in=roots)
            whole_country = whole_country and stored.COUNTRY in roots
        today = timezone.localdate()
        for voivodeship in voivodeships.order_by("code"):
            started = time.monotonic()
            stored.refresh(voivodeship, today)
            self.stdout.write(
                f"{voivodeship.code} {voivodeship.name}: {time.monotonic() - started:.0f} s"
            )
        if whole_country:
            started = time.monotonic()
            stored.refresh_country(today)
            self.stdout.write(
                f"{stored.COUNTRY} {country().name}: {time.monotonic() - started:.0f} s"
            )
