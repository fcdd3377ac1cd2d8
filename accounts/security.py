"""Signing in safely: the client's address behind trusted proxies, and the answer to a login that
is locked out after repeated failures (django-axes)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    """The address the request came from, as the login lockout and the API throttles see it.

    ``X-Forwarded-For`` is trusted only as far as ``NUM_PROXIES`` proxies of our own have
    appended to it: with none, it is ignored and the socket's address counts; with N, the
    address the outermost of them saw is taken. A client cannot make up its way past the limits.
    DRF's throttles read the same setting the same way (``REST_FRAMEWORK["NUM_PROXIES"]``).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    proxies = settings.NUM_PROXIES
    if not proxies or not forwarded:
        return remote
    addresses = forwarded.split(",")
    return addresses[-min(proxies, len(addresses))].strip()


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # The same words whether or not the account exists: failures are counted per name typed.
    return _(
        "Too many failed sign-ins. Try again in %(minutes)d minutes, or ask an administrator to "
        "unlock the account."
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out sign-in: 429, in the user's language."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    return render(request, "accounts/locked_out.html", {"message": lockout_message()}, status=429)
