"""The admin side of scoping: querysets, object lookups and foreign-key choices, all through
visible_to."""

from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from common.ids import is_id
from common.scoping import scoped


class ScopedAdminMixin:
    """For ModelAdmin and inlines: a user works only with rows their scope allows.

    An object outside the scope answers 404, exactly like a missing one (Django's admin would
    redirect with a message instead), so nobody can probe which objects exist.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_object(self, request, object_id, from_field=None):
        if from_field is None and not is_id(object_id):
            raise Http404  # no row has it; the database would overflow on it
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


class ShownFieldsHistoryHelper(HistoricalRecordContextHelper):
    """Lists only the changes of fields the record's own page shows the user."""

    def __init__(self, model, historical_record, *, shown: set[str]):
        super().__init__(model, historical_record)
        self.shown = shown

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field in self.shown]
        return super().context_for_delta_changes(
            type(delta)(
                changes=changes,
                changed_fields=[change.field for change in changes],
                old_record=delta.old_record,
                new_record=delta.new_record,
            )
        )


class ScopedHistoryAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """A scoped admin with the change history of its records (django-simple-history).

    The history pages look an object up through the scope first: simple-history would otherwise
    fall back to the latest historical copy of an object the user may not see. They show the
    fields the record's page shows this user and no others: a field hidden there (contact
    details without the person's consent, say) is hidden in every old version too.
    """

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        # Worked out once for the page, not once per version listed.
        request.history_fields_shown = set(flatten_fieldsets(self.get_fieldsets(request, obj)))
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return ShownFieldsHistoryHelper(
            self.model, historical_record, shown=request.history_fields_shown
        )

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
