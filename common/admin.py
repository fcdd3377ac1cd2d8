"""The admin side of scoping: querysets, object lookups and foreign-key choices, all through
visible_to."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from common.scoping import scoped


class ScopedAdminMixin:
    """For ModelAdmin and inlines: a user works only with rows their scope allows.

    An object outside the scope answers 404, exactly like a missing one (Django's admin would
    redirect with a message instead), so nobody can probe which objects exist.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(
                db_field.remote_field.model._default_manager.all(), request.user
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            kwargs["queryset"] = scoped(
                db_field.remote_field.model._default_manager.all(), request.user
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A scoped admin with the change history of its records (django-simple-history).

    The history pages look an object up through the scope first: simple-history would otherwise
    fall back to the latest historical copy of an object the user may not see.
    """

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reading an old version only: simple-history would save a POST back over the record,
        # bypassing the services and the rules (SIMPLE_HISTORY_REVERT_DISABLED only hides the
        # button).
        if request.method != "GET":
            raise PermissionDenied
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


class LabelledTabularInline:
    """For tabular inlines: each input is named by its column's label for screen readers (the
    table header alone does not label a form field)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield
