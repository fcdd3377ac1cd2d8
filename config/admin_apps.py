"""The admin app, pointed at Ścieżka's own site. Kept apart from config.admin because it is imported
while apps load, before any model may be."""

from django.contrib.admin.apps import AdminConfig


class ScierzkaAdminConfig(AdminConfig):
    default_site = "config.admin.ScierzkaAdminSite"
