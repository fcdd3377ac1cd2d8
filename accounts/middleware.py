from django.conf import settings
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
