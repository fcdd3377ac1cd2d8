"""Abstract model bases and querysets shared by the apps."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def bounded(field: str, *, low=None, high=None, name: str, message) -> models.CheckConstraint:
    """A range for a number, held by the database and checked by ``full_clean`` with ``message``
    (so a form or the API refuses it before anything is saved). Every number a user types has one:
    a figure outside it would break the rules that compute with it."""
    condition = Q()
    if low is not None:
        condition &= Q(**{f"{field}__gte": low})
    if high is not None:
        condition &= Q(**{f"{field}__lte": high})
    nullable = Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(
        condition=condition | nullable, name=name, violation_error_message=message
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def active_on_q(on: datetime.date, *, prefix: str = "") -> Q:
    """Rows whose ``starts_on``–``ends_on`` range (``ends_on`` empty = open) contains ``on``."""
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


class DateRangeQuerySet(models.QuerySet):
    def active_on(self, on: datetime.date | None = None):
        return self.filter(active_on_q(on or timezone.localdate()))


class DateRangeModel(models.Model):
    """A fact that holds from ``starts_on`` to ``ends_on`` inclusive; an empty end means ongoing."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: ongoing."))

    class Meta:
        abstract = True

    def is_active_on(self, on: datetime.date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    @staticmethod
    def range_constraint(name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
            name=name,
            violation_error_message=_("The end date cannot be before the start date."),
        )
