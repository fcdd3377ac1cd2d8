from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app: commands and checks that compose every domain app."""

    name = "config"
    label = "project"
    verbose_name = _("Ścieżka")

    def ready(self):
        from config import checks  # noqa: F401  (registers the system checks)
