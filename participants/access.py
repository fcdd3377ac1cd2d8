"""Who read whose record: one function writes the access log, and two mixins — one for the admin,
one for the API — call it for every page, list and record that shows a person's data.

A model whose rows are about a person declares ``person_path``: how to reach the person's id from
a row ("pk" for Person itself, "person" for a certificate, "enrolment__person" for a room
assignment).
"""

import datetime
import operator
from collections.abc import Iterable

from django.conf import settings
from django.contrib.admin.widgets import AutocompleteMixin
from django.utils import timezone
from django.utils.translation import gettext as _

from common.text import fold
from participants.models import AccessLog, Person


def person_id_of(obj) -> int | None:
    path = type(obj).person_path
    if path == "pk":
        return obj.pk
    *through, last = path.split("__")
    target = operator.attrgetter(".".join(through))(obj) if through else obj
    return getattr(target, f"{last}_id")


def person_label_for(user):
    """How a person is named in a choice: with the birth year for those who may read the
    person's record (WTZ staff), so that namesakes are told apart; by name for anyone else."""
    if not user.has_perm("participants.view_person"):
        return str
    return lambda person: (
        _("%(person)s, born %(year)d")
        % {
            "person": person,
            "year": person.birth_date.year,
        }
    )


def path_to_person(model) -> tuple[str, ...]:
    """The relation the person's id is read through ("enrolment__person" → "enrolment"): loaded
    with a page, logging it costs no query per row."""
    path = model.person_path
    return (path.rsplit("__", 1)[0],) if "__" in path else ()


def log_reads(request, objects: Iterable, *, kind: str) -> None:
    """Appends one row per person the objects are about, in one insert."""
    log_person_ids(request, {person_id_of(obj) for obj in objects}, kind=kind)


def log_person_ids(request, person_ids: Iterable[int | None], *, kind: str) -> None:
    """Appends one row per person shown, in one insert. Anonymous requests read nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return
    log_person_ids_for(user, request.get_full_path(), person_ids, kind=kind)


def log_person_ids_for(user, where: str, person_ids: Iterable[int | None], *, kind: str) -> None:
    """As ``log_person_ids``, for work done for ``user`` outside a request (a background
    import): ``where`` is the page that started it."""
    person_ids = set(person_ids) - {None}
    if not person_ids:
        return
    where = where[:255]
    AccessLog.objects.bulk_create(
        [
            AccessLog(person_id=pk, person_ref=pk, user=user, kind=kind, where=where)
            for pk in sorted(person_ids)
        ]
    )


def log_import_check(request, known_person_ids: Iterable[int | None]) -> None:
    """A checked import file: one row for the check itself, whoever it matched, and one per
    record of the user's organisation that the check read."""
    AccessLog.objects.create(
        user=request.user, kind=AccessLog.Kind.IMPORT, where=request.get_full_path()[:255]
    )
    log_person_ids(request, known_person_ids, kind=AccessLog.Kind.IMPORT)


def import_checks_left(user) -> int:
    """How many more import files ``user`` may check this hour (``IMPORT_CHECKS_PER_HOUR``): a
    file of a thousand rows is a thousand lookups, so the checks are counted."""
    since = timezone.now() - datetime.timedelta(hours=1)
    done = AccessLog.objects.filter(
        user=user, kind=AccessLog.Kind.IMPORT, person__isnull=True, at__gte=since
    ).count()
    return max(settings.IMPORT_CHECKS_PER_HOUR - done, 0)


def _link_to(parent_model, inline) -> str:
    """The name of the inline model's foreign key to the page's model (or a model it extends:
    a proxy such as the candidate is a referral)."""
    if inline.fk_name:
        return inline.fk_name
    parents = {parent_model, parent_model._meta.concrete_model}
    return next(
        field.name
        for field in inline.model._meta.get_fields()
        if field.many_to_one and field.related_model in parents
    )


def people_offered(context) -> set[int]:
    """The people named by the choices of a rendered admin form and its inlines' forms: a select
    lists every choice on the page. An autocomplete lists none (its searches are logged by the
    admin site's autocomplete view), so it adds nothing here."""
    forms = [context["adminform"].form]
    forms += [inline.formset.empty_form for inline in context.get("inline_admin_formsets", ())]
    people = set()
    for form in forms:
        for field in form.fields.values():
            queryset = getattr(field, "queryset", None)
            widget = getattr(field.widget, "widget", field.widget)  # inside the "+" wrapper
            path = getattr(getattr(queryset, "model", None), "person_path", None)
            if path is None or widget.is_hidden or isinstance(widget, AutocompleteMixin):
                continue  # a hidden input (an inline row's own id) lists no choices
            people |= set(queryset.values_list(path, flat=True))
    return people


class PersonDataAdminMixin:
    """Logs every person an admin page shows: the rows of a change list, the record a change,
    history or deletion page opens, the people in its inlines' rows, and the people a form
    offers as choices. Use it for every admin whose model is about a person (``person_path``)
    and for any other admin whose pages show people (inlines or choices of a person)."""

    def get_list_select_related(self, request):
        # Django applies these only to a queryset without select_related of its own.
        declared = super().get_list_select_related(request)
        if declared is True or declared is False or not hasattr(self.model, "person_path"):
            return declared
        return (*declared, *path_to_person(self.model))

    def lookup_allowed(self, lookup, value, request=None):
        """One person's rows (``?enrolment__person__id__exact=5``): the person's hub links each
        list so; the list stays scoped as ever."""
        path = getattr(self.model, "person_path", None)
        if path and path != "pk" and lookup in (path, f"{path}__id__exact", f"{path}__exact"):
            return True
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        """The declared search, and the person's names and PESEL without diacritics: "kaminski"
        finds "Kamiński", as people type."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        path = getattr(self.model, "person_path", None)
        words = fold(search_term).split()
        if not path or not words or not self.search_fields:
            return found, may_have_duplicates
        key = "search_key" if path == "pk" else f"{path}__search_key"
        folded = queryset
        for word in words:
            folded = folded.filter(**{f"{key}__contains": word})
        return found | folded, may_have_duplicates or path != "pk"

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if (
            response.status_code == 200
            and changelist is not None
            and hasattr(self.model, "person_path")
        ):
            log_reads(request, changelist.result_list, kind=AccessLog.Kind.LIST)
        return response

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Person:
            formfield.label_from_instance = person_label_for(request.user)
        return formfield

    def _inline_people(self, request, obj) -> set[int]:
        people = set()
        for inline in self.get_inline_instances(request, obj):
            path = getattr(inline.model, "person_path", None)
            if path is None:
                continue
            rows = inline.get_queryset(request).filter(**{_link_to(self.model, inline): obj})
            people |= set(rows.values_list(path, flat=True))
        return people

    def _log_record(self, request, object_id, response):
        if response.status_code == 200 and object_id:
            obj = self.get_object(request, object_id)
            people = self._inline_people(request, obj)
            if hasattr(self.model, "person_path"):
                people.add(person_id_of(obj))
            log_person_ids(request, people, kind=AccessLog.Kind.RECORD)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._log_record(request, object_id, response)

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._log_record(request, object_id, response)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._log_record(request, object_id, response)

    def delete_view(self, request, object_id, extra_context=None):
        response = super().delete_view(request, object_id, extra_context)
        if request.method == "GET":  # the confirmation page names what would be deleted
            self._log_record(request, object_id, response)
        return response

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        response = super().render_change_form(request, context, add, change, form_url, obj)
        offered = people_offered(context)
        if obj is not None and hasattr(self.model, "person_path"):
            offered.discard(person_id_of(obj))  # logged as the record the page opens
        log_person_ids(request, offered, kind=AccessLog.Kind.CHOICE)
        return response

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        shown = getattr(response, "context_data", None) or {}
        if "queryset" in shown and hasattr(self.model, "person_path"):
            # An action's confirmation page (deleting the selected rows) lists them.
            log_reads(request, shown["queryset"], kind=AccessLog.Kind.LIST)
        return response


class PersonDataViewSetMixin:
    """Logs the people an API page lists and the record it returns."""

    def get_queryset(self):
        queryset = super().get_queryset()
        through = path_to_person(queryset.model)
        # (``select_related()`` with no names would follow every relation.)
        return queryset.select_related(*through) if through else queryset

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._people_read = (page, AccessLog.Kind.LIST)
        return page

    def get_object(self):
        obj = super().get_object()
        self._people_read = ([obj], AccessLog.Kind.RECORD)
        return obj

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        read = getattr(self, "_people_read", None)
        if read is not None and read[0] is not None and 200 <= response.status_code < 300:
            log_reads(request, read[0], kind=read[1])
        return response
