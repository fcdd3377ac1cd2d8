"""A page's save that lost a race, or a rule that could not judge what a page asked, answers like
a refusal, never a server error."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
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
