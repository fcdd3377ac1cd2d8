from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security)
def development_settings_check(app_configs, **kwargs):
    if settings.DEBUG and settings.USING_DEVELOPMENT_KEY:
        return [
            Warning(
                "Running with development settings (DJANGO_DEBUG is not false): SQLite by "
                "default, debug pages, and a generated secret key in .dev-secret-key.",
                hint="Set DJANGO_DEBUG=false, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS in "
                "production; see .env.example.",
                id="scierzka.W001",
            )
        ]
    return []
