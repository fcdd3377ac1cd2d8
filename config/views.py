"""Pages that need every app: the role-based home redirect, the health check and the server
error page."""

import sys
from contextlib import nullcontext

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, InterfaceError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import Role
from common.middleware import database_unavailable, is_database_unreachable
from config.database import milliseconds
from config.roles import ADMIN_ROLES, roles_of

HEALTH_QUERY = "SELECT 1"


@login_required
def home(request):
    """Sends each user to where their work is: the admin for staff, managers and administrators,
    the reports for officers. A user with no active assignment is told so."""
    roles = roles_of(request.user)
    if roles & ADMIN_ROLES:
        return redirect("admin:index")
    if Role.OFFICER in roles:
        return redirect("reports:index")
    return render(request, "no_role.html", status=200)


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers; 503 as soon as it does not, refused or hanging: the check
    waits at most the connect timeout and ``DATABASE_HEALTH_CHECK_TIMEOUT`` seconds for its query
    (on PostgreSQL), well before a load balancer's own patience runs out."""
    on_postgresql = connection.vendor == "postgresql"
    # A transaction only where it scopes the limit: on SQLite it would take the write lock.
    within = transaction.atomic() if on_postgresql else nullcontext()
    try:
        with within, connection.cursor() as cursor:
            if on_postgresql:
                # Local to this transaction: the connection's own limit is back right after.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(milliseconds(settings.DATABASE_HEALTH_CHECK_TIMEOUT))],
                )
            cursor.execute(HEALTH_QUERY)
            cursor.fetchone()
    except (DatabaseError, InterfaceError):
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """A database that cannot be reached is a 503, "try again", wherever it failed — in a
    middleware reading the session, or saving the session after the view — not a server error.
    Anything else is the plain 500 page, which needs nothing that could fail in turn."""
    if is_database_unreachable(sys.exc_info()[1]):
        return database_unavailable(request)
    return defaults.server_error(request)
