from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports import (
            rules,  # noqa: F401 (registers JST-04 and JST-05)
            signals,
        )

        signals.connect()
