from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopConfig(AppConfig):
    name = "coop"
    verbose_name = _("Cooperative and partners")

    def ready(self):
        from coop import rules  # noqa: F401  (registers the rules this app enforces)
