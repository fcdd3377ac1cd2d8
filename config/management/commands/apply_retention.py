from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from config import retention


class Command(BaseCommand):
    help = _(
        "Lists the people whose records have outlived their retention period and the reads no "
        "longer kept; with --apply, anonymises them and deletes those reads (run daily)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply",
            action="store_true",
            help=_("Anonymise and delete; without it nothing changes."),
        )

    def handle(self, *args, **options):
        translation.activate(settings.LANGUAGE_CODE)
        today = timezone.localdate()
        periods = retention.Periods.on(today)
        people = list(retention.due(today, periods))
        reads = retention.old_reads(today, periods).count()
        for person in people:
            until = retention.kept_until(person, periods)
            # Ids only: this output goes to logs that outlive the people in it.
            self.stdout.write(
                _("person no. %(id)d (%(holder)s): kept until %(until)s")
                % {
                    "id": person.pk,
                    "holder": person.holder,
                    "until": date_format(until),
                }
            )
        self.stdout.write(
            _("Due: %(people)d people to anonymise, %(reads)d log entries to delete.")
            % {"people": len(people), "reads": reads}
        )
        if not options["apply"]:
            self.stdout.write(_("Nothing was changed: run with --apply to do it."))
            return
        anonymised, deleted = retention.apply(today)
        self.stdout.write(
            _("Done: %(people)d people anonymised, %(reads)d log entries deleted.")
            % {"people": anonymised, "reads": deleted}
        )
