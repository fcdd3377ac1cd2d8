from django.core.management.base import BaseCommand
from django.db import transaction

from organisations import teryt


class Command(BaseCommand):
    help = (
        "Loads Poland's voivodeships, powiats and gminas (TERYT) shipped with Ścieżka. Units "
        "already stored are kept as they are. Safe to run again."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            added = teryt.load()
        self.stdout.write(f"Territories added: {added} ({teryt.SOURCE}).")
