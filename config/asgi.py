"""ASGI entry point."""

import os

from django.core.asgi import get_asgi_application

from config.database import WEB_PROCESS_VARIABLE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Before the settings are read: a web request's statements get the statement timeout.
os.environ[WEB_PROCESS_VARIABLE] = "true"

application = get_asgi_application()
