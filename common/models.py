"""Abstract model bases and querysets shared by the apps."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def user_who(verbose_name) -> models.ForeignKey:
    """Who did something to a record (registered, admitted, recorded, settled it): the user, kept
    empty if the account is later removed — the history keeps who it was."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )


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


class StaleEdit(ValidationError):  # noqa: N818 (a refusal, named for what happened)
    """A save over a version of the record newer than the one the change was made to."""

    def __init__(self):
        super().__init__(
            _(
                "Someone else changed this record after you opened it; your change was not saved. "
                "Open the record again to see theirs."
            ),
            code="stale",
        )


class VersionedModel(models.Model):
    """A record two people may edit at once. Every save of an existing row writes over the
    version it was read at and counts one up (``UPDATE … WHERE version = read``): a save over a
    newer version raises ``StaleEdit`` instead of silently undoing the other person's change.
    The admin carries the version a form was opened at, the API takes it as ``If-Match``."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self._state.adding or self.pk is None:
            return super().save(*args, **kwargs)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        self._saving_over = self.version
        self.version += 1
        try:
            return super().save(*args, **kwargs)
        except StaleEdit:
            self.version -= 1
            raise
        finally:
            del self._saving_over

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        read = getattr(self, "_saving_over", None)
        if read is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        updated = super()._do_update(
            base_qs.filter(version=read), using, pk_val, values, update_fields, forced_update
        )
        if not updated and base_qs.filter(pk=pk_val).exists():
            raise StaleEdit
        return updated


class TimeStampedModel(VersionedModel):
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


class DateRangeModel(VersionedModel):
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
