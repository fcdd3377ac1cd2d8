"""Reading dated policy parameters: the value of a threshold in force on the date of a fact."""

import datetime
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisations.models import Organisation, PolicyParameter

Key = PolicyParameter.Key


class MissingPolicyParameter(ValidationError):  # noqa: N818 (a refusal, named for what is missing)
    """No value of a threshold is in force on the date of a fact: the fact is dated before the
    rule existed, or before what Ścieżka knows of it. It refuses the input like any other rule
    (a form error, a 400 in the API), naming the threshold and the date; code that has a
    meaning for "no rule yet" (no priority before the 2018 law) catches it."""

    def __init__(self, key: str, on: datetime.date):
        self.key, self.on = key, on
        label = Key(key).label if key in Key.values else key
        super().__init__(
            _("On %(date)s no value of “%(rule)s” is known: check the date."),
            code="no_policy_value",
            params={"date": date_format(on), "rule": label},
        )


def policy_parameter(
    key: str,
    on: datetime.date,
    *,
    organiser: Organisation | None = None,
    as_known_on: datetime.date | None = None,
) -> PolicyParameter:
    """The row of ``key`` in force on ``on``, with its legal source: for a page that shows what a
    figure is held against.

    The most specific scope wins (the organiser's own value, then its region's, then the national
    one); within a scope, the latest-known revision of the latest period that covers ``on``.
    ``as_known_on`` reproduces what was known on that day (for a report already sent).
    One query.
    """
    snapshot = _snapshot.get()
    if snapshot is not None:
        return _from_snapshot(snapshot, key, on, organiser, as_known_on)
    scopes = Q(scope=PolicyParameter.Scope.NATIONAL)
    if organiser is not None:
        scopes |= Q(scope=PolicyParameter.Scope.ORGANISER, organiser=organiser)
        region_code = organiser.territory.code[:2] if organiser.territory_id else None
        if region_code:
            scopes |= Q(scope=PolicyParameter.Scope.REGION, region__code=region_code)
    candidates = PolicyParameter.objects.filter(
        scopes,
        Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        key=key,
        valid_from__lte=on,
    )
    if as_known_on is not None:
        candidates = candidates.filter(known_on__lte=as_known_on)
    specificity = Case(
        When(scope=PolicyParameter.Scope.ORGANISER, then=Value(0)),
        When(scope=PolicyParameter.Scope.REGION, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = (
        candidates.annotate(specificity=specificity)
        .order_by("specificity", "-valid_from", "-known_on")
        .first()
    )
    if found is None:
        raise MissingPolicyParameter(key, on)
    return found


_snapshot: ContextVar["_Snapshot | None"] = ContextVar("policy_snapshot", default=None)


@contextmanager
def policy_snapshot():
    """Within it, every lookup answers from one read of the whole table (about a hundred rows):
    for a page that asks many rules about many people and days — a to-do list, a path, a
    digest — so that its queries do not grow with them. Only for reading: a parameter saved
    inside it is not seen until it ends."""
    if _snapshot.get() is not None:
        yield
        return
    token = _snapshot.set(_Snapshot(list(PolicyParameter.objects.select_related("region"))))
    try:
        yield
    finally:
        _snapshot.reset(token)


class _Snapshot:
    def __init__(self, rows):
        self.rows = rows
        self.region_codes = {}  # an organiser's region, read once for the snapshot

    def region_code(self, organiser) -> str | None:
        if organiser.pk not in self.region_codes:
            territory = organiser.territory if organiser.territory_id else None
            self.region_codes[organiser.pk] = territory.code[:2] if territory else None
        return self.region_codes[organiser.pk]


def _from_snapshot(snapshot, key, on, organiser, as_known_on) -> PolicyParameter:
    rows = snapshot.rows
    region_code = snapshot.region_code(organiser) if organiser is not None else None
    specificity = {PolicyParameter.Scope.NATIONAL: 2}

    def rank(row):
        if row.scope == PolicyParameter.Scope.ORGANISER:
            return 0 if organiser is not None and row.organiser_id == organiser.pk else None
        if row.scope == PolicyParameter.Scope.REGION:
            return 1 if region_code and row.region and row.region.code == region_code else None
        return specificity.get(row.scope)

    candidates = [
        (rank(row), row)
        for row in rows
        if row.key == key
        and row.valid_from <= on
        and (row.valid_to is None or row.valid_to >= on)
        and (as_known_on is None or row.known_on <= as_known_on)
    ]
    candidates = [(found, row) for found, row in candidates if found is not None]
    if not candidates:
        raise MissingPolicyParameter(key, on)
    return min(
        candidates,
        key=lambda pair: (pair[0], -pair[1].valid_from.toordinal(), -pair[1].known_on.toordinal()),
    )[1]


def policy_value(
    key: str,
    on: datetime.date,
    *,
    organiser: Organisation | None = None,
    as_known_on: datetime.date | None = None,
) -> Decimal:
    """The value of ``key`` in force on ``on`` (see ``policy_parameter``). One query."""
    return policy_parameter(key, on, organiser=organiser, as_known_on=as_known_on).value


def policy_int(key: str, on: datetime.date, **kwargs) -> int:
    return int(policy_value(key, on, **kwargs))
