from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from participants import import_runs, pending_imports
from paths.digest import send_digests


class Command(BaseCommand):
    help = _(
        "E-mails each user who wants it their overdue items and those due this week (run daily)."
    )

    def handle(self, *args, **options):
        sent = send_digests(timezone.localdate())
        # The daily run also clears away import files left unconfirmed for over an hour, in case
        # nobody has checked a file since.
        pending_imports.discard_stale()
        import_runs.discard_stale()
        self.stdout.write(_("Digests sent: %(count)d") % {"count": sent})
