from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "organisations"
    verbose_name = _("Territories, organisations and rules' parameters")

    def ready(self):
        from organisations import rules  # noqa: F401  (registers the rules this app enforces)
