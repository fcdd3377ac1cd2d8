import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils import translation

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


def preferred_language(request) -> str:
    """The user's chosen language, else the switch's cookie, else Polish — never Accept-Language.

    Many users share a workshop computer whose browser language says nothing about them.
    """
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in SUPPORTED_LANGUAGES:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if cookie in SUPPORTED_LANGUAGES:
        return cookie
    return settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


SESSION_TOUCHED = "_touched"  # when the session's expiry was last pushed forward (Unix seconds)


def mark_touched(sender, request, user, **kwargs):
    """Signing in writes the session: its expiry is new, nothing to push for the next minute."""
    if hasattr(request, "session"):
        request.session[SESSION_TOUCHED] = int(time.time())


class IdleTimeoutMiddleware:
    """The idle timeout (SESSION_COOKIE_AGE) without writing the session on every request: a
    signed-in user's session is saved, and so its expiry pushed forward, at most once every
    SESSION_TOUCH_SECONDS (a minute; or whenever it changed). So a session ends between 29 and
    30 idle minutes after the last request, and a page with many requests costs one write, not
    one each."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A session that signed someone in: an API request with a token has none, and must not
        # leave one behind.
        session = getattr(request, "session", None)
        if session is not None and session.get(SESSION_KEY):
            now = int(time.time())
            last = request.session.get(SESSION_TOUCHED, 0)
            if now - last >= settings.SESSION_TOUCH_SECONDS:
                session[SESSION_TOUCHED] = now
        return response
