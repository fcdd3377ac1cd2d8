"""The roles a user can hold. Which roles a user holds derives from their scope assignments in the
domain apps (composed in config.roles); this module only names them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    WTZ_STAFF = "wtz_staff", _("WTZ staff")
    WTZ_MANAGER = "wtz_manager", _("WTZ manager")
    COOP_MANAGER = "coop_manager", _("cooperative manager")
    OFFICER = "officer", _("municipal officer")
