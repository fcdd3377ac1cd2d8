"""Everything held on one person, handed over (subject access, GDPR art. 15) or taken out
(anonymisation: art. 17, and the end of a retention period, DIS-10), across every app.

Which records are about a person is what the models already declare for the access log: a
``person_path`` from the model to the person. The same path leads through the history copies
(django-simple-history), so a record's old versions are found even after the record itself was
deleted.

Anonymisation keeps every row the reports count — enrolments, exits, jobs, days, amounts, places,
territories — and removes who the person is: names, PESEL, contact details, the exact birth date
(the year stays), document numbers, every free text about them (notes, goals, summaries, reasons)
and the files, in the records, in every history copy, in the admin's log of changes, and in the
addresses the access log and the saved views kept (a search typed by name). The person's record
stays, named "anonymised person no. N", with a row in ``Anonymisation`` saying when, why and who.
"""

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote, quote_plus

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Left, StrIndex, TruncYear
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import get_history_model_for_model

from accounts.models import SavedView
from common.models import VersionedModel
from common.text import fold
from participants.models import AccessLog, Anonymisation, Person, Representative
from participants.scoping import contact_consented_person_ids

PLACEHOLDER = "—"  # a text was here; what it said is gone
CONTACT_FIELDS = {"phone", "email"}  # emptied: no placeholder pretends a contact exists
TECHNICAL_FIELDS = {"search_key"}
# Related records named by their label in an export; any other is named by its id (its own table
# is in the export too), so an export costs the same queries however many rows it holds.
LABELLED_MODELS = (
    "organisations.Territory",
    "organisations.Organisation",
    "organisations.Cooperative",
    "wtz.Workshop",
    "wtz.Room",
    "accounts.User",
    "participants.CauseSymbol",
    "participants.Indication",
)
BATCH = 20  # people anonymised together: the id lists of their records stay short


def person_models() -> list[type[models.Model]]:
    """Every model whose rows are about one person, the person first."""
    found = [
        model
        for model in apps.get_models()
        if hasattr(model, "person_path") and not model._meta.proxy and model is not AccessLog
    ]
    return sorted(found, key=lambda model: (model is not Person, found.index(model)))


def history_of(model) -> type[models.Model] | None:
    try:
        return get_history_model_for_model(model)
    except NotHistoricalModelError:
        return None


class RowIds:
    """The ids of each model's rows about some people — those in the table and those left only in
    its history — computed once per model, following each model's ``person_path``."""

    def __init__(self, person_ids: Iterable[int]):
        self.person_ids = set(person_ids)
        self._known: dict[tuple[type, str], set[int]] = {}

    def of(self, model, path: str | None = None) -> set[int]:
        path = path or model.person_path
        if path == "pk":
            return set(self.person_ids) if model is Person else set()
        key = (model, path)
        if key not in self._known:
            head, _sep, rest = path.partition("__")
            link = model._meta.get_field(head)
            parents = self.of(link.related_model, rest or "pk")
            ids = set(
                model._base_manager.filter(**{f"{link.attname}__in": parents}).values_list(
                    "pk", flat=True
                )
            )
            history = history_of(model)
            if history is not None:
                ids |= set(
                    history.objects.filter(**{f"{link.attname}__in": parents}).values_list(
                        model._meta.pk.attname, flat=True
                    )
                )
            self._known[key] = ids
        return self._known[key]


# --- Subject access --------------------------------------------------------------------------


@dataclass
class Table:
    key: str  # "participants.enrolment", "participants.enrolment.history", "access_log"
    title: str
    columns: list[tuple[str, str]]  # (name, label)
    rows: list[list] = field(default_factory=list)

    def as_dicts(self) -> list[dict]:
        names = [name for name, _label in self.columns]
        return [dict(zip(names, row, strict=True)) for row in self.rows]


@dataclass
class SubjectData:
    person: Person
    exported_at: datetime.datetime
    exported_by: str
    tables: list[Table]


def _is_versioned(model) -> bool:
    return issubclass(model, VersionedModel) or issubclass(
        getattr(model, "instance_type", object), VersionedModel
    )


def _fields(model) -> list[models.Field]:
    """The fields worth handing over: not the search key, not the edit counter."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in TECHNICAL_FIELDS
        and not f.name.startswith("history_")
        and not (f.name == "version" and _is_versioned(model))
    ]


def _value(obj, model_field, labels):
    value = getattr(obj, model_field.attname)
    if isinstance(model_field, models.FileField):
        return value.name if value else ""
    if value is None or value == "":
        return value
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if model_field.is_relation:
        label = labels.get(model_field.related_model._meta.label, {}).get(value)
        return str(label) if label is not None else value
    return value


def _labels(querysets: list[tuple[type, models.QuerySet]]) -> dict[str, dict]:
    """Each labelled model's rows the tables point at, one query per labelled model."""
    wanted: dict[str, set] = {}
    for model, rows in querysets:
        for model_field in _fields(model):
            if model_field.is_relation and model_field.related_model._meta.label in LABELLED_MODELS:
                label = model_field.related_model._meta.label
                wanted.setdefault(label, set()).update(
                    value
                    for value in rows.values_list(model_field.attname, flat=True)
                    if value is not None
                )
    return {
        label: apps.get_model(label)._base_manager.in_bulk(ids) for label, ids in wanted.items()
    }


def subject_data(person: Person, user) -> SubjectData:
    """Every record about ``person`` the user's organisation holds (everything, for an
    administrator), each with its history, and who read the person's data when."""
    ids = RowIds([person.pk])
    selections = []
    for model in person_models():
        manager = model._base_manager if user.is_superuser else model.objects
        live = manager.filter(pk__in=ids.of(model))
        if not user.is_superuser and hasattr(live, "visible_to"):
            live = live.visible_to(user)
        history = history_of(model)
        old = None
        if history is not None:
            shown_ids = ids.of(model) if user.is_superuser else live.values("pk")
            old = history.objects.filter(**{f"{model._meta.pk.attname}__in": shown_ids})
        selections.append((model, live, history, old))
    labels = _labels(
        [(model, live) for model, live, _h, _o in selections]
        + [(history, old) for _m, _l, history, old in selections if old is not None]
    )
    tables = []
    for model, live, history, old in selections:
        columns = [(f.name, str(capfirst(f.verbose_name))) for f in _fields(model)]
        title = str(capfirst(model._meta.verbose_name_plural))
        many = _many_to_many(model, live)
        table = Table(
            model._meta.label_lower,
            title,
            columns + [(f.name, str(capfirst(f.verbose_name))) for f, _values in many],
        )
        table.rows = [
            [_value(obj, f, labels) for f in _fields(model)]
            + ["; ".join(values.get(obj.pk, [])) for _f, values in many]
            for obj in live
        ]
        if table.rows:
            tables.append(table)
        if old is None:
            continue
        old = old.select_related("history_user").order_by("history_date")
        kept = {f.name for f in _fields(history)}  # a history copy may leave a field out
        old_fields = [f for f in _fields(model) if f.name in kept]
        history_table = Table(
            f"{model._meta.label_lower}.history",
            _("%(records)s — history") % {"records": title},
            [
                ("history_date", _("changed at")),
                ("history_type", _("change")),
                ("history_user", _("changed by")),
                ("history_change_reason", _("reason for the change")),
                *[(f.name, str(capfirst(f.verbose_name))) for f in old_fields],
            ],
        )
        kinds = {"+": _("added"), "~": _("changed"), "-": _("deleted")}
        for version in old:
            history_table.rows.append(
                [
                    version.history_date,
                    kinds.get(version.history_type, version.history_type),
                    version.history_user.get_username() if version.history_user else None,
                    version.history_change_reason,
                    *[_value(version, f, labels) for f in old_fields],
                ]
            )
        if history_table.rows:
            tables.append(history_table)
    reads = Table(
        "access_log",
        str(capfirst(AccessLog._meta.verbose_name_plural)),
        [("at", _("at")), ("user", _("user")), ("kind", _("kind")), ("where", _("page"))],
    )
    kinds = dict(AccessLog.Kind.choices)
    reads.rows = [
        [entry.at, entry.user.get_username(), str(kinds[entry.kind]), entry.where]
        for entry in AccessLog.objects.filter(person_ref=person.pk)
        .select_related("user")
        .order_by("at", "pk")
    ]
    tables.append(reads)
    if not user.is_superuser and person.pk not in contact_consented_person_ids(
        user, timezone.localdate()
    ):
        _hide_contact(tables)
    return SubjectData(person, timezone.now(), user.get_username(), tables)


def _many_to_many(model, live) -> list[tuple[models.Field, dict[int, list[str]]]]:
    """Each many-to-many field's labels per row (a certificate's cause symbols, an evaluation's
    council), two queries per field whatever the number of rows."""
    found = []
    for many in model._meta.many_to_many:
        through = many.remote_field.through
        source, target = many.m2m_field_name(), many.m2m_reverse_field_name()
        pairs = list(
            through.objects.filter(**{f"{source}__in": live.values("pk")}).values_list(
                f"{source}_id", f"{target}_id"
            )
        )
        named = many.related_model._base_manager.in_bulk({target_id for _s, target_id in pairs})
        values: dict[int, list[str]] = {}
        for source_id, target_id in pairs:
            values.setdefault(source_id, []).append(str(named[target_id]))
        found.append((many, values))
    return found


def _hide_contact(tables: list[Table]) -> None:
    """The phone and e-mail, as the person's page hides them from a workshop without its own
    consent to keep them (DIS-09)."""
    for table in tables:
        if not table.key.startswith("participants.person"):
            continue
        hidden = [i for i, (name, _label) in enumerate(table.columns) if name in CONTACT_FIELDS]
        for row in table.rows:
            for index in hidden:
                row[index] = ""


def as_json(data: SubjectData) -> str:
    document = {
        "person": data.person.pk,
        "exported_at": data.exported_at,
        "exported_by": data.exported_by,
        "tables": [
            {"key": table.key, "title": table.title, "rows": table.as_dicts()}
            for table in data.tables
        ],
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_sheets(data: SubjectData) -> Iterator[tuple[str, Iterator[list]]]:
    """(title, rows) per table for ``common.spreadsheets.write_xlsx``; values as a sheet holds
    them (dates as dates, amounts as numbers, times without a zone)."""

    def cell(value):
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).replace(tzinfo=None)
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value

    for table in data.tables:
        yield (
            table.title,
            [
                [label for _name, label in table.columns],
                *([cell(value) for value in row] for row in table.rows),
            ],
        )


# --- Anonymisation ---------------------------------------------------------------------------


def _text_fields(model) -> list[models.Field]:
    """Fields that hold what someone typed or a document's identifier: every text without fixed
    choices, and files."""
    return [
        f
        for f in _fields(model)
        if isinstance(f, models.CharField | models.TextField | models.FileField)
        and not f.choices
        and not f.is_relation
    ]


def _scrub(queryset, text_fields) -> None:
    for model_field in text_fields:
        name = model_field.attname
        if model_field.name in CONTACT_FIELDS or isinstance(model_field, models.FileField):
            queryset.exclude(**{name: ""}).update(**{name: ""})
        else:
            queryset.exclude(**{name: ""}).exclude(**{f"{name}__isnull": True}).update(
                **{name: PLACEHOLDER}
            )


@dataclass
class Traces:
    """How the people may be written elsewhere: in a log message (their full name either way
    round, or their PESEL, as typed or escaped the way Django stores a change message) and in an
    address (what a search typed: a name or a PESEL as a query value)."""

    in_text: set[str] = field(default_factory=set)
    in_address: set[str] = field(default_factory=set)

    def add(self, person) -> None:
        first, last, pesel = person.first_name, person.last_name, person.pesel
        for text in {f"{first} {last}", f"{last} {first}", pesel} - {None, "", " "}:
            escaped = json.dumps(text)[1:-1]  # "Łukasz" is stored as "\u0141ukasz"
            self.in_text |= {text, escaped}
        for text in {last, pesel, f"{first} {last}", f"{last} {first}"} - {None, ""}:
            for written in {text, fold(text), quote(text), quote_plus(text), quote(fold(text))}:
                self.in_address.add(f"={written}")


def _without_query(column: str):
    """An address up to its "?": the page, without what was searched on it."""
    return Left(column, StrIndex(column, Value("?")) - 1)


def anonymise(
    person_ids: Iterable[int], *, reason: str, by=None, today: datetime.date | None = None
) -> int:
    """Takes the identity and free text out of these people's records everywhere; returns how
    many were anonymised (people already anonymised are left as they are)."""
    today = today or timezone.localdate()
    pending = sorted(set(person_ids))
    done = 0
    for start in range(0, len(pending), BATCH):
        done += _anonymise_batch(pending[start : start + BATCH], reason, by, today)
    return done


@transaction.atomic
def _anonymise_batch(person_ids: list[int], reason: str, by, today: datetime.date) -> int:
    people = list(
        Person.objects.select_for_update().filter(pk__in=person_ids, anonymised_on__isnull=True)
    )
    if not people:
        return 0
    ids = RowIds(person.pk for person in people)
    traces = Traces()
    for version in [
        *people,
        *get_history_model_for_model(Person).objects.filter(id__in=ids.person_ids),
    ]:
        traces.add(version)
    for model in person_models():
        # The person's own identity is replaced as a whole below (a PESEL is unique per holder).
        # A model without text (days, amounts, places) holds nothing to remove: its rows are not
        # even looked up, so a batch never lists thousands of attendance days.
        text_fields = [] if model is Person else _text_fields(model)
        if not text_fields:
            continue
        history = history_of(model)
        row_ids = ids.of(model)
        live = model._base_manager.filter(pk__in=row_ids)
        for model_field in text_fields:
            if isinstance(model_field, models.FileField):
                for name in live.exclude(**{model_field.attname: ""}).values_list(
                    model_field.attname, flat=True
                ):
                    model_field.storage.delete(name)
        _scrub(live, text_fields)
        if _is_versioned(model):
            live.update(version=F("version") + 1)
        if history is not None:
            old = history.objects.filter(**{f"{model._meta.pk.attname}__in": row_ids})
            _scrub(old, _text_fields(history))
            old.exclude(history_change_reason__isnull=True).update(history_change_reason=None)
    identity = {
        "first_name": PLACEHOLDER,
        "last_name": PLACEHOLDER,
        "pesel": None,
        "no_pesel_reason": PLACEHOLDER,
        "phone": "",
        "email": "",
        "birth_date": TruncYear("birth_date"),
    }
    Person.objects.filter(pk__in=ids.person_ids).update(
        **identity, anonymised_on=today, search_key=""
    )
    get_history_model_for_model(Person).objects.filter(id__in=ids.person_ids).update(
        **identity, anonymised_on=today
    )
    _forget_in_logs(ids, traces)
    Anonymisation.objects.bulk_create(
        [Anonymisation(person_ref=person.pk, reason=reason, done_by=by) for person in people]
    )
    return len(people)


def _forget_in_logs(ids: RowIds, traces: Traces) -> None:
    """The admin's log of changes names a record as it was written (a participation, a note, an
    order's row: each named with the person's name); the access log and the saved views keep the
    addresses users opened, with what they typed in a search."""
    about = Q(pk__in=[])
    for model in (Person, Representative):
        content_type = ContentType.objects.get_for_model(model)
        about |= Q(content_type=content_type, object_id__in=[str(pk) for pk in ids.of(model)])
    for trace in traces.in_text:
        about |= Q(object_repr__icontains=trace) | Q(change_message__icontains=trace)
    LogEntry.objects.filter(about).update(object_repr=PLACEHOLDER, change_message="")

    in_address = Q(person_ref__in=ids.person_ids)
    saved = Q(pk__in=[])
    for trace in traces.in_address:
        in_address |= Q(where__icontains=trace)
        saved |= Q(address__icontains=trace)
    AccessLog.objects.filter(in_address, where__contains="?").update(where=_without_query("where"))
    SavedView.objects.filter(saved, address__contains="?").update(address=_without_query("address"))
