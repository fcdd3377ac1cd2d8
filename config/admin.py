"""The admin site: the staff and manager UI of Ścieżka, composed from every app's admin."""

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import once
from config import data_protection, export
from config.roles import ADMIN_ROLES, roles_of
from participants.access import log_person_ids, log_reads, person_label_for
from participants.models import AccessLog, Person
from paths import todo
from reports.dashboard import may_read_outcomes

# Views every user who may read the list finds ready on the home page, beside their own saved
# ones: (name, list, filter, the permission that opens the list).
READY_VIEWS = (
    (_("Attending now"), "participants_enrolment", "exited_on__isnull=True", "view_enrolment"),
    (
        _("Approved, waiting for a place"),
        "participants_waitinglistentry",
        "status__exact=waiting",
        "view_waitinglistentry",
    ),
    (_("Follow-ups not held yet"), "employment_followup", "held=no", "view_followup"),
    (_("Employed now"), "employment_employment", "ends_on__isnull=True", "view_employment"),
)
SHOWN_ON_HOME = 8  # items of each group on the home page; the rest a click away
ITEMS_PER_PAGE = 25


class LoggedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete: the people a search returns are read, and logged as such, and
    named so that namesakes are told apart (``person_label_for``)."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Person):
            result["text"] = str(person_label_for(self.request.user)(obj))
        return result

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

    def get_urls(self):
        return [
            path("todo/<slug:group>/", self.admin_view(self.todo_group), name="todo_group"),
            path(
                "export/<slug:app_label>/<slug:model_name>/<slug:file_format>/",
                self.admin_view(self.export),
                name="export",
            ),
            path(
                "personal-data/<int:pk>/anonymise/",
                self.admin_view(self.anonymise),
                name="anonymise",
            ),
            path(
                "personal-data/<int:pk>/<slug:file_format>/",
                self.admin_view(self.personal_data),
                name="personal_data",
            ),
            path("retention/", self.admin_view(self.retention), name="retention"),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        today = timezone.localdate()
        groups = [
            (urgency, items[:SHOWN_ON_HOME], len(items))
            for urgency, items in todo.grouped(todo.todo_items(request.user, today), today)
        ]
        shown = {pk for _urgency, items, _count in groups for item in items for pk in item.people}
        log_person_ids(request, shown, kind=AccessLog.Kind.LIST)
        extra_context = {
            **(extra_context or {}),
            "todo_groups": groups,
            "ready_views": self.ready_views(request),
            "saved_views": request.user.saved_views.all(),
            "reads_outcomes": may_read_outcomes(request.user),
        }
        return super().index(request, extra_context)

    def ready_views(self, request) -> list[tuple[str, str]]:
        views = [
            (name, f"{reverse(f'admin:{model}_changelist')}?{query}")
            for name, model, query, permission in READY_VIEWS
            if request.user.has_perm(f"{model.split('_')[0]}.{permission}")
        ]
        if request.user.has_perm("participants.view_evaluation"):
            views.append((_("Due this month"), reverse("admin:todo_group", args=["month"])))
        return views

    def todo_group(self, request, group):
        """One urgency's items, a page at a time: a large workshop never gets one endless page."""
        urgency = todo.BY_SLUG.get(group)
        if urgency is None:
            raise Http404
        today = timezone.localdate()
        items = [
            item
            for item in todo.todo_items(request.user, today)
            if todo.urgency_of(item, today) is urgency
        ]
        page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
        log_person_ids(
            request, {pk for item in page for pk in item.people}, kind=AccessLog.Kind.LIST
        )
        context = {
            **self.each_context(request),
            "title": urgency.title,
            "urgency": urgency,
            "page_obj": page,
            "count": len(items),
        }
        return TemplateResponse(request, "admin/todo_group.html", context)

    def export(self, request, app_label, model_name, file_format):
        return export.export_view(self, request, app_label, model_name, file_format)

    def personal_data(self, request, pk, file_format):
        return data_protection.personal_data_view(self, request, pk, file_format)

    def anonymise(self, request, pk):
        return data_protection.anonymise_view(self, request, pk)

    def retention(self, request):
        return data_protection.retention_view(self, request)

    def login(self, request, extra_context=None):
        # One login page for everyone: /accounts/login/.
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
