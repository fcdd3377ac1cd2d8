"""The admin site: the staff and manager UI of Ścieżka, composed from every app's admin."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import once
from common.rules import Severity
from config.roles import ADMIN_ROLES, roles_of
from coop import todo as coop_todo
from employment import todo as employment_todo
from participants import todo as participants_todo
from participants.access import log_person_ids, log_reads
from participants.models import AccessLog
from wtz import todo as wtz_todo

TO_DO_SOURCES = (
    wtz_todo.items_for,
    participants_todo.items_for,
    employment_todo.items_for,
    coop_todo.items_for,
)
SEVERITY_ORDER = {Severity.TASK: 0, Severity.BLOCK: 1, Severity.WARN: 2}


def todo_items(user) -> list:
    """Every app's to-do items for ``user`` today, the tasks first, then by due date."""
    today = timezone.localdate()
    items = [item for source in TO_DO_SOURCES for item in source(user, today)]
    return sorted(
        items,
        key=lambda item: (SEVERITY_ORDER.get(item.severity, 3), item.due_on or today, item.rule),
    )


class LoggedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete: the people a search returns are read, and logged as such."""

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        if hasattr(self.model_admin.model, "person_path"):
            log_reads(self.request, context["object_list"], kind=AccessLog.Kind.CHOICE)
        return context


class ScierzkaAdminSite(admin.AdminSite):
    site_header = _("Ścieżka")
    site_title = _("Ścieżka")
    index_title = _("Workspace")
    enable_nav_sidebar = True
    site_url = None  # everyone's home is the admin itself or, for officers, /reports/

    def has_permission(self, request):
        return bool(ADMIN_ROLES & roles_of(request.user))

    def admin_view(self, view, cacheable=False):
        wrapped = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            # A signed-in user without an admin role (an officer) is refused outright instead of
            # being sent back to a login form they have already passed.
            if request.user.is_authenticated and not self.has_permission(request):
                raise PermissionDenied
            return wrapped(request, *args, **kwargs)

        guarded.admin_site = self
        return guarded

    def new_form_token(self) -> str:
        return once.new_token()

    def claim_form(self, request) -> bool:
        return once.claim(request)

    def autocomplete_view(self, request):
        return LoggedAutocompleteJsonView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        items = todo_items(request.user)
        log_person_ids(
            request, {pk for item in items for pk in item.people}, kind=AccessLog.Kind.LIST
        )
        extra_context = {**(extra_context or {}), "todo_items": items}
        return super().index(request, extra_context)

    def login(self, request, extra_context=None):
        # One login page for everyone: /accounts/login/.
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
