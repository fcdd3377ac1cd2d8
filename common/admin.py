"""The admin side of scoping: querysets, object lookups and foreign-key choices, all through
visible_to."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_field, flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from common.ids import is_id
from common.models import PolishDecimalField, StaleEdit, VersionedModel, WorkingTimeField
from common.pagination import EstimatedCountPaginator
from common.scoping import scoped


def _changes_since(obj, opened: int, shown) -> str:
    """What another person changed since version ``opened`` of ``obj``, in the fields this form
    shows: "label: new value" each, from the history copies (or just that it changed)."""
    history = getattr(obj, "history", None)
    before = history.filter(version=opened).order_by("-history_id").first() if history else None
    now = history.order_by("-history_id").first() if history else None
    if before is None or now is None:
        return ""
    changes = [change for change in now.diff_against(before).changes if change.field in shown]
    return "; ".join(
        f"{obj._meta.get_field(change.field).verbose_name}: {change.new}" for change in changes
    )


def versioned_form(form_class):
    """The admin form of a versioned record, carrying the version it was opened at: saving over a
    newer version is refused with what the other person changed, and nothing is saved."""

    class VersionedForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Added here, not declared: the admin lists a form's declared fields as the model's.
            self.fields["record_version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                required=False,
                initial=self.instance.version if self.instance.pk else None,
            )

        def clean(self):
            cleaned = super().clean()
            opened = cleaned.get("record_version")
            if not self.instance.pk or opened is None:
                return cleaned
            current = type(self.instance)._base_manager.filter(pk=self.instance.pk)
            now = current.values_list("version", flat=True).first()
            if now is not None and now != opened:
                changes = _changes_since(self.instance, opened, set(self.fields))
                message = str(StaleEdit().messages[0])
                if changes:
                    message += " " + _("Changed: %(changes)s.") % {"changes": changes}
                raise ValidationError(message, code="stale")
            self.instance.version = opened  # the save writes over this version or not at all
            return cleaned

    return VersionedForm


class CountedListMixin:
    """For every ModelAdmin: a change list counts the rows it lists ("25 results"), never the
    whole table as well ("25 of 5,000,000"), a second count on every page of a filtered list."""

    show_full_result_count = False


class LargeListMixin(CountedListMixin):
    """For the list of a table that grows without bound (attendance, notes, the access log): rows
    counted up to ten thousand and estimated beyond (``common.pagination``), and no per-filter
    counts, each of which would read the whole table."""

    paginator = EstimatedCountPaginator
    show_facets = admin.ShowFacets.NEVER


class PeriodFilter(admin.DateFieldListFilter):
    """A date's filter by fixed periods reckoned from today — Django's (today, the past 7 days,
    this month, this year) and the month and the year before. Offering them asks the database
    nothing, unlike ``date_hierarchy``, which reads every row's date on every page."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        since, until = self.lookup_kwarg_since, self.lookup_kwarg_until
        # "This month" starts on the latest 1st among Django's periods, as a date or a midnight.
        this_month = max(
            lookup[since]
            for _title, lookup in self.links
            if since in lookup and lookup[since].day == 1
        )
        this_year = this_month.replace(month=1)
        next_month = (this_month + datetime.timedelta(days=31)).replace(day=1)
        last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
        after = {
            (this_month, next_month): (_("Last month"), {since: last_month, until: this_month}),
            (this_year, this_year.replace(year=this_year.year + 1)): (
                _("Last year"),
                {since: this_year.replace(year=this_year.year - 1), until: this_year},
            ),
        }
        links = []
        for title, lookup in self.links:
            links.append((title, lookup))
            if (lookup.get(since), lookup.get(until)) in after:
                links.append(after[lookup[since], lookup[until]])
        self.links = tuple(links)


class ReadOnlyAdminMixin:
    """A record kept as it was written (a log, a frozen report, a referral once sent): it may be
    read, never added, changed or removed through the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PolishNumbersMixin:
    """For ModelAdmin and inlines: a decimal is shown and taken as the page's language writes it
    ("0,5", "1 234,56"); a decimal point is accepted too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.formfield_overrides.setdefault(models.DecimalField, {}).update(
            {"form_class": PolishDecimalField}
        )
        # A share of a full time keeps its own field, which takes fractions ("7/8") too.
        self.formfield_overrides.setdefault(WorkingTimeField, {})


class ScopedAdminMixin(CountedListMixin, PolishNumbersMixin):
    """For ModelAdmin and inlines: a user works only with rows their scope allows.

    An object outside the scope answers 404, exactly like a missing one (Django's admin would
    redirect with a message instead), so nobody can probe which objects exist.
    """

    def get_queryset(self, request):
        return scoped(super().get_queryset(request), request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return versioned_form(form) if issubclass(self.model, VersionedModel) else form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Each rendered form carries a one-time token (the admin site issues and claims them).
        new_token = getattr(self.admin_site, "new_form_token", None)
        if new_token is not None:
            extra_context = {**(extra_context or {}), "form_token": new_token()}
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (IntegrityError, StaleEdit):
            # Another save won a race after this form was checked (nothing of this one was
            # saved): check it again, against what is saved now, for the form error the check
            # gives — a duplicate, or a newer version with what changed.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _changeform_view(self, request, object_id, form_url, extra_context):
        # Inside the admin's transaction: the token is claimed with the save, or not at all.
        claim = getattr(self.admin_site, "claim_form", None)
        if request.method == "POST" and claim is not None and not claim(request):
            messages.warning(request, _("This form was already sent and saved; not again."))
            opts = self.model._meta
            if object_id:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            else:
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(url)
        return super()._changeform_view(request, object_id, form_url, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        return self._back_where_it_came_from(
            request, super().response_add(request, obj, post_url_continue)
        )

    def response_change(self, request, obj):
        return self._back_where_it_came_from(request, super().response_change(request, obj))

    def _back_where_it_came_from(self, request, response):
        """A page opened from the to-do list (``?next=``) leads back there once saved, unless
        the user chose to go on editing or to add another."""
        back = request.GET.get("next", "")
        staying = {"_continue", "_addanother", "_saveasnew", "_popup"} & set(request.POST)
        if (
            back
            and response.status_code == 302
            and not staying
            and url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
        ):
            return HttpResponseRedirect(back)
        return response

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
    """Lists only the changes of fields the record's own page shows the user, each value as that
    page shows it: a choice by its label, a date and a number the Polish way, yes or no."""

    def __init__(self, model, historical_record, *, shown: set[str]):
        super().__init__(model, historical_record)
        self.shown = shown

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):  # a link that was empty, or to a removed record
            return "—" if value.pk is None else _("a removed record")
        if field.is_relation:
            return "—" if value is None else super().prepare_delta_change_value(change, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return display_for_field(value, field, "—")

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

    def history_view_title(self, request, obj):
        return _("History of %(record)s") % {"record": obj}

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


class ChoicesFollowMixin:
    """For an add page: the choices of some fields follow a field chosen before them — the
    consent and the readiness offered for a referral are the chosen person's. Choosing that
    field reloads the page with it (``js/choices_follow.js``); without the script every choice
    the user may see is offered, and the rules check that the chosen ones belong together.

    ``choices_follow`` maps a field to the lookup, from its model, of the followed field's value.
    """

    followed_field = "person"
    choices_follow: dict[str, str] = {}

    def followed_value(self, request):
        value = request.POST.get(self.followed_field) or request.GET.get(self.followed_field, "")
        return value if is_id(value) else None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is None:
            return formfield
        lookup = self.choices_follow.get(db_field.name)
        chosen = self.followed_value(request) if lookup else None
        if chosen is not None:
            formfield.queryset = formfield.queryset.filter(**{lookup: chosen})
        adding = getattr(request.resolver_match, "url_name", "").endswith("_add")
        if adding and db_field.name == self.followed_field and self.choices_follow:
            formfield.widget.attrs["data-choices-follow"] = "reload"
        return formfield

    @property
    def media(self):
        return super().media + forms.Media(js=["js/choices_follow.js"])


class ListedInline:
    """An inline that lists a record's related rows to read and open, never to add or edit here:
    they are written through their own page, which applies their rules. Declare ``fields``."""

    extra = 0
    can_delete = False
    show_change_link = True

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class LabelledTabularInline:
    """For tabular inlines: each input is named by its column's label for screen readers (the
    table header alone does not label a form field)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield


def path_link(person_id) -> str:
    """A link to a person's path page (``/participants/<id>/path/``), for a list's column: the
    page itself answers only to those who may see the person, as the list does."""
    return format_html('<a href="{}">{}</a>', reverse("paths:path", args=[person_id]), _("path"))
