"""How long personal data are kept (DIS-10, GDPR art. 5(1)(e)): which people's records have
outlived their purpose, and the anonymisation that ends them.

A person's records are of two kinds, each with its period, a dated policy parameter with its
legal source:

- **workshop records** (the reserve list, the participation, practices and trainings): kept
  ``retention.workshop_records_years`` after the person's last day of any of them; a person with
  none of them counts from their registration;
- **job and membership records**: kept ``retention.employment_records_years`` from the end of the
  calendar year in which the last of them ended (the Labour Code's rule for employee files).

A person is due when nothing of theirs is still open and both periods have run out; they are then
anonymised (``config.personal_data.anonymise``), which keeps every figure the reports count. The
access log is kept ``retention.access_log_years`` and then deleted.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate

from common import dates
from config.personal_data import anonymise
from coop.models import PersonMembership
from employment.models import Employment, Placement
from organisations.policy import policy_parameter
from participants.models import (
    AccessLog,
    Anonymisation,
    Enrolment,
    Person,
    PersonRegistration,
    WaitingListEntry,
)

WORKSHOP_YEARS = "retention.workshop_records_years"
EMPLOYMENT_YEARS = "retention.employment_records_years"
ACCESS_LOG_YEARS = "retention.access_log_years"
KEYS = (WORKSHOP_YEARS, EMPLOYMENT_YEARS, ACCESS_LOG_YEARS)
NEVER = datetime.date(1900, 1, 1)  # "no such record": earlier than any record's end


@dataclass(frozen=True)
class Periods:
    workshop_years: int
    employment_years: int
    access_log_years: int

    @classmethod
    def on(cls, today: datetime.date) -> "Periods":
        return cls(*(int(policy_parameter(key, today).value) for key in KEYS))

    def workshop_due_on(self, ended: datetime.date) -> datetime.date:
        """The first day a workshop record that ended on ``ended`` is no longer kept."""
        return dates.add_years(ended, self.workshop_years) + datetime.timedelta(days=1)

    def first_workshop_end_kept(self, today: datetime.date) -> datetime.date:
        """The earliest last day whose records are still kept on ``today``: the due day's own
        rule turned round, so that the list and the day it shows agree on 29 February too."""
        day = dates.add_years(today, -self.workshop_years)
        while self.workshop_due_on(day - datetime.timedelta(days=1)) > today:
            day -= datetime.timedelta(days=1)
        while self.workshop_due_on(day) <= today:
            day += datetime.timedelta(days=1)
        return day

    def employment_due_on(self, ended: datetime.date) -> datetime.date:
        return datetime.date(ended.year + self.employment_years + 1, 1, 1)

    def access_log_kept_from(self, today: datetime.date) -> datetime.date:
        return dates.add_years(today, -self.access_log_years)


def _last(queryset, column: str):
    """The latest ``column`` of a person's rows, as a subquery (NEVER when there are none)."""
    latest = (
        queryset.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(last=Max(column))
        .values("last")
    )
    return Coalesce(Subquery(latest, output_field=DateField()), Value(NEVER))


def with_retention(people: QuerySet, today: datetime.date) -> QuerySet:
    """``people`` annotated with ``still_open``, ``workshop_ended`` and ``employment_ended``."""
    placement_end = Coalesce("ended_on", "extended_until", "ends_on")
    placements = Placement.objects.annotate(last_day=placement_end)
    still_open = (
        Exists(Enrolment.objects.filter(person=OuterRef("pk"), exited_on__isnull=True))
        | Exists(
            WaitingListEntry.objects.filter(
                person=OuterRef("pk"), status__in=WaitingListEntry.OPEN_STATUSES
            )
        )
        | Exists(placements.filter(person=OuterRef("pk"), last_day__gte=today))
        | Exists(
            Employment.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today), person=OuterRef("pk")
            )
        )
        | Exists(
            PersonMembership.objects.filter(
                Q(ends_on__isnull=True) | Q(ends_on__gte=today), person=OuterRef("pk")
            )
        )
    )
    return people.annotate(
        still_open=still_open,
        workshop_ended=Greatest(
            _last(Enrolment.objects, "exited_on"),
            _last(WaitingListEntry.objects, "closed_on"),
            _last(placements, "last_day"),
            _last(PersonRegistration.objects, "registered_on"),
            TruncDate(F("created_at")),
        ),
        employment_ended=Greatest(
            _last(Employment.objects, "ends_on"), _last(PersonMembership.objects, "ends_on")
        ),
    )


def due(today: datetime.date, periods: Periods | None = None) -> QuerySet:
    """The people whose records are no longer kept on ``today``, oldest first."""
    periods = periods or Periods.on(today)
    workshop_cutoff = periods.first_workshop_end_kept(today)
    employment_cutoff = datetime.date(today.year - periods.employment_years, 1, 1)
    return (
        with_retention(Person.objects.filter(anonymised_on__isnull=True), today)
        .filter(
            still_open=False,
            workshop_ended__lt=workshop_cutoff,
            employment_ended__lt=employment_cutoff,
        )
        .select_related("holder")
        .order_by("workshop_ended", "pk")
    )


def due_on(person, periods: Periods) -> datetime.date:
    """The day an annotated person's records stopped being kept."""
    days = [periods.workshop_due_on(person.workshop_ended)]
    if person.employment_ended > NEVER:
        days.append(periods.employment_due_on(person.employment_ended))
    return max(days)


def kept_until(person, periods: Periods) -> datetime.date:
    return due_on(person, periods) - datetime.timedelta(days=1)


def old_reads(today: datetime.date, periods: Periods | None = None) -> QuerySet:
    periods = periods or Periods.on(today)
    kept_from = periods.access_log_kept_from(today)
    return AccessLog.objects.filter(at__date__lt=kept_from)


def apply(today: datetime.date, *, by=None, limit: int | None = None) -> tuple[int, int]:
    """Anonymises the people due (at most ``limit``) and deletes the reads no longer kept;
    returns (people anonymised, log rows deleted)."""
    periods = Periods.on(today)
    people = due(today, periods).values_list("pk", flat=True)
    if limit is not None:
        people = people[:limit]
    anonymised = anonymise(list(people), reason=Anonymisation.Reason.RETENTION, by=by, today=today)
    deleted, _per_model = old_reads(today, periods).delete()
    return anonymised, deleted
