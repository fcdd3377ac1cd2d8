"""Who read whose record: one function writes the access log, and two mixins — one for the admin,
one for the API — call it for every page, list and record that shows a person's data.

A model whose rows are about a person declares ``person_path``: how to reach the person's id from
a row ("pk" for Person itself, "person" for a certificate, "enrolment__person" for a room
assignment).
"""

import operator
from collections.abc import Iterable

from participants.models import AccessLog


def person_id_of(obj) -> int | None:
    path = type(obj).person_path
    if path == "pk":
        return obj.pk
    *through, last = path.split("__")
    target = operator.attrgetter(".".join(through))(obj) if through else obj
    return getattr(target, f"{last}_id")


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
    person_ids = set(person_ids) - {None}
    if not person_ids:
        return
    where = request.get_full_path()[:255]
    AccessLog.objects.bulk_create(
        [AccessLog(person_id=pk, user=user, kind=kind, where=where) for pk in sorted(person_ids)]
    )


class PersonDataAdminMixin:
    """Logs the people a change list shows and the record a change or history page opens."""

    def get_list_select_related(self, request):
        # Django applies these only to a queryset without select_related of its own.
        declared = super().get_list_select_related(request)
        if declared is True or declared is False:
            return declared
        return (*declared, *path_to_person(self.model))

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if response.status_code == 200 and changelist is not None:
            log_reads(request, changelist.result_list, kind=AccessLog.Kind.LIST)
        return response

    def _log_record(self, request, object_id, response):
        if response.status_code == 200 and object_id:
            obj = self.get_object(request, object_id)
            log_reads(request, [obj], kind=AccessLog.Kind.RECORD)
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
