"""Pages that need every app: the role-based home redirect and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import Role
from config.roles import ADMIN_ROLES, roles_of


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
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
