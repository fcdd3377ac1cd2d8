"""WSGI entry point (gunicorn config.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from config.database import WEB_PROCESS_VARIABLE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Before the settings are read: a web request's statements get the statement timeout.
os.environ[WEB_PROCESS_VARIABLE] = "true"

application = get_wsgi_application()
