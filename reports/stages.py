"""How many people stand at each stage of the path on a day, counted in the database.

The same rules as ``paths.services`` (which tells one person's path step by step), written as
conditions on the dated records so that the database counts a whole voivodeship in one query
per day: a person's headline stage is the first of ``PRECEDENCE`` whose condition holds. A test
compares the two for every day of the demo's history.
"""

import datetime
from collections import Counter

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from common import dates
from employment.models import Employment, Placement
from organisations.policy import Key, policy_int
from participants.models import Enrolment, Person, Readiness, WaitingListEntry
from paths.services import PRECEDENCE, Stage, paths_for

ONE_DAY = datetime.timedelta(days=1)


def _covers(day, *, start="starts_on", end="ends_on") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": day}))


def entries_with_closing():
    """Applications with the day they were closed: the closing day recorded, or for an admitted
    one the day of its latest admission (as ``paths.services`` reads it)."""
    admission = Enrolment.objects.filter(application=OuterRef("pk")).order_by("-admitted_on", "-pk")
    admitted = WaitingListEntry.Status.ADMITTED
    return WaitingListEntry.objects.annotate(
        closed=Coalesce(
            "closed_on",
            Case(When(status=admitted, then=Subquery(admission.values("admitted_on")[:1]))),
        )
    )


def is_open_on(status: str, closed: datetime.date | None, day: datetime.date) -> bool:
    """``_open_on`` for one application already read."""
    if closed is None:
        return True
    return closed > day if status == WaitingListEntry.Status.ADMITTED else closed >= day


def _entries():
    return entries_with_closing().filter(person=OuterRef("pk"))


def _open_on(day) -> Q:
    """Not closed by ``day``: an admission ends the wait the day before, a closing on its day."""
    admitted = WaitingListEntry.Status.ADMITTED
    return (
        Q(closed__isnull=True)
        | Q(status=admitted, closed__gt=day)
        | (~Q(status=admitted) & Q(closed__gte=day))
    )


def _candidate(day):
    unapproved = Q(approved_on__isnull=True) & _open_on(day)
    return Exists(_entries().filter(Q(applied_on__lte=day) & (unapproved | Q(approved_on__gt=day))))


def _waiting(day):
    return Exists(_entries().filter(Q(approved_on__lte=day) & _open_on(day)))


def _therapy(day):
    return Exists(
        Enrolment.objects.filter(person=OuterRef("pk")).filter(
            _covers(day, start="admitted_on", end="exited_on")
        )
    )


def _ready(day):
    """The council's latest position by ``day`` says ready, within the participation — or past
    its end while a later position is still to close the stretch."""
    latest = Readiness.objects.filter(enrolment=OuterRef("pk"), decided_on__lte=day).order_by(
        "-decided_on", "-pk"
    )
    later_not_ready = Readiness.objects.filter(
        enrolment=OuterRef("pk"), decided_on__gt=day, is_ready=False
    )
    enrolments = (
        Enrolment.objects.filter(person=OuterRef("pk"), admitted_on__lte=day)
        .annotate(ready=Subquery(latest.values("is_ready")[:1]))
        .filter(ready=True)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=day) | Exists(later_not_ready))
    )
    return Exists(enrolments)


def _placement(kind, day):
    placements = Placement.objects.annotate(
        last=Coalesce("ended_on", "extended_until", "ends_on")
    ).filter(person=OuterRef("pk"), kind=kind, starts_on__lte=day, last__gte=day)
    return Exists(placements)


def _employed(day):
    return Exists(Employment.objects.filter(person=OuterRef("pk")).filter(_covers(day)))


def retained_since(day: datetime.date, months: int) -> datetime.date:
    """The last day an unbroken employment may have begun to count as kept on ``day``: the
    latest start whose ``months`` months (``common.dates.add_months``) have passed by then."""
    start = dates.add_months(day, -months)
    while dates.add_months(start + ONE_DAY, months) <= day:
        start += ONE_DAY
    while dates.add_months(start, months) > day:
        start -= ONE_DAY
    return start


def _retained(day, since):
    """Employed without a break at one employer from ``since`` (or earlier) through ``day``:
    contracts of the employment type one after another, each starting no later than the day
    after the one before ends (``employment.rules.continuous_employment``)."""
    chained = Employment.objects.filter(contract_type__in=Employment.SUBSIDISED_CONTRACTS)
    same = {"person": OuterRef("person"), "employer": OuterRef("employer")}
    continued = chained.filter(**same, starts_on__lte=OuterRef("next_day")).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=OuterRef("ends_on"))
    )
    gaps = (
        chained.filter(**same, ends_on__gte=since, ends_on__lt=day)
        .annotate(next_day=ExpressionWrapper(F("ends_on") + ONE_DAY, output_field=DateField()))
        .filter(~Exists(continued))
    )
    reaching = chained.filter(**same).filter(_covers(day))
    chain = (
        chained.filter(person=OuterRef("pk"))
        .filter(_covers(since))
        .filter(Exists(reaching))
        .filter(~Exists(gaps))
    )
    alone = (
        Employment.objects.filter(person=OuterRef("pk"))
        .exclude(contract_type__in=Employment.SUBSIDISED_CONTRACTS)
        .filter(_covers(since))
        .filter(_covers(day))
    )
    return Exists(chain) | Exists(alone)


def headline_on(day: datetime.date, today: datetime.date):
    """The expression of a person's headline stage on ``day`` (None: not on the path)."""
    months = policy_int(Key.PATH_RETAINED_AFTER_MONTHS, today)
    conditions = {
        Stage.RETAINED: _retained(day, retained_since(day, months)) if day <= today else None,
        Stage.EMPLOYED: _employed(day),
        Stage.INTERNSHIP: _placement(Placement.Kind.INTERNSHIP, day),
        Stage.TRAINING: _placement(Placement.Kind.TRAINING, day),
        Stage.PRACTICE: _placement(Placement.Kind.PRACTICE, day),
        Stage.READY: _ready(day),
        Stage.THERAPY: _therapy(day),
        Stage.WAITING: _waiting(day),
        Stage.CANDIDATE: _candidate(day),
    }
    whens = [
        When(conditions[stage], then=Value(stage.value))
        for stage in PRECEDENCE
        if conditions[stage] is not None
    ]
    return Case(*whens, default=None, output_field=CharField())


def stage_counts(people, days, today: datetime.date) -> dict:
    """``{(stage, code, day): count}`` for ``people`` (a queryset of persons annotated with the
    ``code`` of the territory they count in): one query per day."""
    counts = {}
    for day in days:
        rows = (
            people.annotate(stage=headline_on(day, today))
            .filter(stage__isnull=False)
            .values("code", "stage")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[(row["stage"], row["code"], day)] = row["n"]
    return counts


def stage_counts_by_paths(people, days, today: datetime.date) -> dict:
    """``stage_counts`` told by the path service: the paths read once (``paths_for``: six queries)
    and each day's headline taken from them in memory. The same counts (a test compares them on
    every day of a year); faster than a query a day when the days are many, as for stored
    figures."""
    codes = dict(people.values_list("pk", "code"))
    counts = Counter()
    for person, path in paths_for(people.values("pk"), today=today).items():
        for day in days:
            stage = path.headline_on(day)
            if stage:
                counts[(stage.value, codes[person], day)] += 1
    return dict(counts)


def people_in(prefix: str):
    """The people whose figures count in the territories whose code starts with ``prefix``:
    where they live, or where their latest workshop is, or their latest application's
    organiser."""
    workshop = Enrolment.objects.filter(person=OuterRef("pk")).order_by("-admitted_on", "-pk")
    organiser = WaitingListEntry.objects.filter(person=OuterRef("pk")).order_by(
        "-applied_on", "-pk"
    )
    return Person.objects.annotate(
        code=Coalesce(
            "residence__code",
            Subquery(workshop.values("workshop__territory__code")[:1]),
            Subquery(organiser.values("organiser__territory__code")[:1]),
        )
    ).filter(code__startswith=prefix)
