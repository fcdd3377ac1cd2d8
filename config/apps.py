from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app: commands and checks that compose every domain app."""

    name = "config"
    label = "project"
    verbose_name = _("Ścieżka")

    def ready(self):
        from accounts import teams
        from config import (
            checks,  # noqa: F401  (registers the system checks)
            links,
        )
        from config.team import ManagersKeepTheirTeams

        links.install()

        # After the admin has loaded every app's admin: the account pages are composed here.
        teams.install(ManagersKeepTheirTeams)
