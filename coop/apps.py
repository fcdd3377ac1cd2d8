from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoopConfig(AppConfig):
    name = "coop"
    verbose_name = _("The cooperative")

    def ready(self):
        from coop import rules
        from organisations.models import Cooperative

        # The rules about a cooperative itself are this app's; the model is the ground floor's.
        Cooperative.checks[:] = [rules.check_cooperative]
