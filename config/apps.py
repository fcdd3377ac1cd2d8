from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectConfig(AppConfig):
    """The project itself as an app: commands and checks that compose every domain app."""

    name = "config"
    label = "project"
    verbose_name = _("Ścieżka")

    def ready(self):
        from accounts import second_factor, teams
        from config import (
            checks,  # noqa: F401  (registers the system checks)
            links,
        )
        from config.roles import reads_personal_data
        from config.team import ManagersKeepTheirTeams

        links.install()

        # After the admin has loaded every app's admin: the account pages are composed here.
        teams.install(ManagersKeepTheirTeams)

        # Who must sign in with a second factor where it is enforced.
        second_factor.install(reads_personal_data)

        # The task queue's own admin lists its rows in English with full counts; a user follows
        # a background import on its own page (participants.import_runs), and an administrator
        # reads the queue with the worker's commands.
        from django.contrib import admin
        from django_tasks_db.models import DBTaskResult

        if admin.site.is_registered(DBTaskResult):
            admin.site.unregister(DBTaskResult)
