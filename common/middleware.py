"""A page's save that lost a race answers like a refusal, never a server error."""

from django.db import IntegrityError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from common.integrity import conflict_message
from common.models import StaleEdit


class ConflictMiddleware:
    """A database constraint that stopped a concurrent duplicate, or a save over a newer version,
    on a page outside the admin and the API (they answer with the form error or a 409 of their
    own): a 409 page saying what happened, with the way back to the page the user came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StaleEdit):
            message = exception.messages[0]
        elif isinstance(exception, IntegrityError):
            message = conflict_message(exception)
        else:
            return None
        back = request.headers.get("Referer", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = request.path
        return render(request, "conflict.html", {"message": message, "back": back}, status=409)
