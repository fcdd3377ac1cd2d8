"""Ścieżka settings, read from the environment (see .env.example).

With no environment at all this is a development setup: SQLite, debug on, a generated
development key. ``DJANGO_DEBUG=false`` is production, which refuses to start without
``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.database import WEB_PROCESS_VARIABLE, postgresql_options
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=True)
PRODUCTION = not DEBUG


def _development_secret_key() -> str:
    # Kept in a git-ignored file so that sessions survive a restart of the development server.
    key_file = BASE_DIR / ".dev-secret-key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    return key


SECRET_KEY = env_str("DJANGO_SECRET_KEY")
USING_DEVELOPMENT_KEY = SECRET_KEY is None
if SECRET_KEY is None:
    if PRODUCTION:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG=false.")
    SECRET_KEY = _development_secret_key()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG=false.")
if not PRODUCTION and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.admin_apps.ScierzkaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "localflavor",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "organisations",
    "wtz",
    "participants",
    "employment",
    "coop",
    "paths",
    "reports",
    "config.apps.ProjectConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    # Marks the session's user verified once a one-time code was accepted (user.is_verified()).
    "django_otp.middleware.OTPMiddleware",
    "config.links.CurrentRequestMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    # After the language: sends a user whose sign-in lacks its second step to it (in their
    # language), and a user who must have a second factor to set one up.
    "accounts.second_factor.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.ConflictMiddleware",
    # A view whose database cannot be reached answers 503 (config.views.server_error: elsewhere).
    "common.middleware.DatabaseUnavailableMiddleware",
    # Last: turns a sign-in refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": environ.Env.db_url_config(DATABASE_URL)}
except (ImproperlyConfigured, KeyError, ValueError) as error:
    raise ImproperlyConfigured(
        f"DATABASE_URL is not a database URL I understand: {error}"
    ) from error
# A worker keeps its connection for a minute rather than opening one per request
# (DJANGO_CONN_MAX_AGE; 0 closes it after each request, as pgbouncer's transaction pooling wants).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DJANGO_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests (a page and its XHRs each save the session) would otherwise deadlock
    # when two transactions that began by reading both try to write; IMMEDIATE takes the write
    # lock up front, so a second writer waits (up to the timeout) instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Behind pgbouncer in transaction pooling mode a server-side cursor (a streamed export) cannot
# outlive its transaction's connection: docs/DEPLOYMENT.md.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS", default=False
)
# A connection kept open across requests (DJANGO_CONN_MAX_AGE) is checked before a request uses
# it, so that one broken while the database was away is replaced instead of failing the request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A database that hangs must not hang every request with it (config.database): connecting gives
# up after DJANGO_DB_CONNECT_TIMEOUT seconds and, in the web process only (config.wsgi and
# config.asgi mark it), a statement after DJANGO_DB_STATEMENT_TIMEOUT seconds (0: never); the
# request then answers 503. Management commands (migrate, seed_demo …) run without a limit. The
# health check gives up sooner, after DJANGO_DB_HEALTH_CHECK_TIMEOUT seconds.
DATABASE_CONNECT_TIMEOUT = env_int("DJANGO_DB_CONNECT_TIMEOUT", default=5)
DATABASE_STATEMENT_TIMEOUT = env_int("DJANGO_DB_STATEMENT_TIMEOUT", default=10)
DATABASE_HEALTH_CHECK_TIMEOUT = env_int("DJANGO_DB_HEALTH_CHECK_TIMEOUT", default=2)
WEB_PROCESS = env_bool(WEB_PROCESS_VARIABLE, default=False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = postgresql_options(
        DATABASES["default"].get("OPTIONS", {}),
        connect_timeout=DATABASE_CONNECT_TIMEOUT,
        statement_timeout=DATABASE_STATEMENT_TIMEOUT if WEB_PROCESS else 0,
    )
# Reports may read from a PostgreSQL streaming replica (DATABASE_REPLICA_URL, same role and
# options as the primary); without one they read from the primary (config.routers).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **DATABASES["default"],
        **environ.Env.db_url_config(DATABASE_REPLICA_URL),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "config.roles.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A checked import file is a lookup of up to a thousand PESELs in the user's organisation.
IMPORT_CHECKS_PER_HOUR = env_int("DJANGO_IMPORT_CHECKS_PER_HOUR", default=20)

# E-mail (the daily digest): printed to the console unless an SMTP server is configured.
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", default="")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", default=587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", default="sciezka@localhost")
# The address the links in e-mails lead to.
SITE_URL = env_str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The client's address: X-Forwarded-For counts only as far as this many proxies of our own add to
# it (0: the app is reached directly and the header is ignored). The login lockout and the API
# throttles both read it (accounts.security.client_ip).
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", default=0)

# Repeated failed sign-ins lock the name typed and the address it came from (django-axes, counted
# in the database so that every app server sees them). An administrator unlocks in the admin
# ("Access attempts": delete the entry) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.security.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Two-step sign-in (django-otp): a code from an authenticator app (TOTP) after the password, for
# everyone who has set one up. Enforced, where on, for administrators and everyone who may read
# people's records (config.roles.reads_personal_data): they must set one up before anything else.
# On in production; off in development so that the demo accounts sign in with a password alone.
REQUIRE_SECOND_FACTOR = env_bool("DJANGO_REQUIRE_SECOND_FACTOR", default=PRODUCTION)
OTP_TOTP_ISSUER = "Ścieżka"
# The admin never shows a device's secret or its QR code: a user sets up their own device.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# A 30-minute idle timeout: a signed-in user's requests push the expiry forward, writing the
# session at most once a minute (accounts.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Polish for everyone unless the user chooses English; the browser's Accept-Language is ignored
# (see accounts.middleware.UserLanguageMiddleware).
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("Polish")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "sciezka_language"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env_str("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Certificate scans, signed programmes, waivers: served only through scoped views.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/private-not-served/"},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# History is for reading: a revert would bypass the services that enforce the legal rules.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Background work (a large import): django-tasks, the reference implementation of Django 6's
# task framework, queued in the database and run by `manage.py db_worker` (`make run` starts it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# A large instance (a voivodeship or the country) stores its reports' figures ahead and keeps them
# in step in the background (reports/stored.py; docs/PERFORMANCE.md); a small one counts live.
REPORTS_STORED_FIGURES = env_bool("REPORTS_STORED_FIGURES", default=False)

REST_FRAMEWORK = {
    # Token first, so that an anonymous request is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's filter forms would list choices outside the user's scope.
    # People read the API through /api/docs/.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [
        "common.api.FilterBackend",
        "common.api.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Every operation lists its refusals too (400, 401, 403, 404, 409, 412), not only success.
    "DEFAULT_SCHEMA_CLASS": "common.schema.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"token": env_str("DJANGO_TOKEN_THROTTLE", default="20/min")},
    "NUM_PROXIES": NUM_PROXIES,
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env_int("DJANGO_API_TOKEN_HOURS", default=10)),
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ścieżka API",
    "DESCRIPTION": "Workshops, participants and their path from therapy to paid work.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ExitReasonEnum": "participants.models.admission.Enrolment.ExitReason",
        "ContractTypeEnum": "participants.models.admission.Enrolment.ContractType",
    },
}

# Production hardening. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true;
# where the proxy itself redirects and sets HSTS, both can be switched off here.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False)
    else None
)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=PRODUCTION)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION
)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=PRODUCTION)
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every script and style comes from our own static files: no inline script, no inline style, no
# other origin. A page that needs an exception is a page to change, not a policy to loosen.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The browser features no page of ours uses are off for every page and anything it might embed.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
    # Every failed sign-in is in the database (axes' attempts); the console gets the lockouts.
    "loggers": {"axes": {"level": "WARNING"}},
}
