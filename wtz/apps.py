from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WtzConfig(AppConfig):
    name = "wtz"
    verbose_name = _("Workshops (WTZ)")
