"""A page's save that lost a race, or a rule that could not judge what a page asked, answers like
a refusal, never a server error; a database that cannot be reached answers 503, "try again"."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.log import log_response
from django.utils.translation import gettext as _

from common.integrity import conflict_message
from common.models import StaleEdit


class ConflictMiddleware:
    """A database constraint that stopped a concurrent duplicate, or a save over a newer version,
    on a page outside the admin and the API (they answer with the form error or a 409 of their
    own): a 409 page saying what happened, with the way back to the page the user came from.
    A refusal that escaped a page's form (a date before any known value of a threshold a rule
    needs) is a 400 page with the refusal's own words."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        status, title = 409, _("Not saved")
        if isinstance(exception, StaleEdit):
            message = exception.messages[0]
        elif isinstance(exception, IntegrityError):
            message = conflict_message(exception)
        elif isinstance(exception, ValidationError):
            message, status, title = " ".join(exception.messages), 400, _("Not possible")
        else:
            return None
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = request.path
        return render(
            request,
            "conflict.html",
            {"message": message, "back": back, "title": title},
            status=status,
        )


RETRY_AFTER_SECONDS = 30
# PostgreSQL's error classes of a database that cannot answer now but may in a moment: a connection
# refused or lost (08), too many connections (53300), a statement cancelled for running too long
# or a server shutting down (57). Other operational errors (a missing table, a full disk, an
# index row too large) are faults to fix, not to wait out: they stay server errors.
TRANSIENT_SQLSTATE_PREFIXES = ("08", "53300", "57")
TRANSIENT_SQLITE_MESSAGES = ("unable to open database", "database is locked")


def is_database_unreachable(error) -> bool:
    """Whether ``error`` means the database cannot be reached now (refused, dropped, hung).
    Django opens a new connection on the next request, so the next one may well succeed."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    code = getattr(cause, "pgcode", None)
    if code is not None:
        return code.startswith(TRANSIENT_SQLSTATE_PREFIXES)
    if type(cause).__module__.startswith("psycopg"):
        return True  # no SQLSTATE: the connection itself failed before the server answered
    message = str(error).lower()
    return cause is None or any(text in message for text in TRANSIENT_SQLITE_MESSAGES)


def database_unavailable(request):
    """The answer while the database cannot be reached: a Polish 503 page leading back to the
    start, or for the API a JSON 503; both ask to come back after ``RETRY_AFTER_SECONDS``.

    The page must not need the database itself: it is rendered for an anonymous visitor with no
    messages, since reading the user or the messages would read the session."""
    if request.path_info.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database is not available at the moment. Try again in a minute.")},
            status=503,
        )
    else:
        response = render(
            request, "503.html", {"user": AnonymousUser(), "messages": ()}, status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A page or an API call whose database went away (refused, dropped, or a statement cancelled
    for running too long) answers 503 instead of a server error. A failure outside the view (a
    middleware reading the session, the session saved after the view) reaches
    ``config.views.server_error``, which answers the same."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unreachable(exception):
            return None
        response = database_unavailable(request)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
