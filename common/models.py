"""Abstract model bases and querysets shared by the apps."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
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


GROSZ = Decimal("0.01")
WORKING_TIME_PLACES = Decimal("0.000001")
LARGEST_DENOMINATOR = 100  # contracts write halves, thirds, eighths … never finer


def as_fraction(share) -> Fraction:
    """The fraction a stored share of a full time stands for: 0.875000 is 7/8, 0.333333 is 1/3."""
    return Fraction(share).limit_denominator(LARGEST_DENOMINATOR)


def times_share(amount: Decimal, share) -> Decimal:
    """``amount`` for ``share`` of a full time, from the exact fraction, to the grosz (1/3 of
    1 800 zł is 600,00 zł, not the 594,00 zł that 0.33 would give)."""
    fraction = as_fraction(share)
    exact = Decimal(amount) * fraction.numerator / fraction.denominator
    return exact.quantize(GROSZ, rounding=ROUND_HALF_UP)


CONTRACT_DENOMINATORS = {1, 2, 3, 4, 5, 6, 8, 10, 12, 16}  # how contracts write a share


def share_label(share) -> str:
    """A share of a full time as a contract writes it: "1", "7/8", "1/3"; a share no contract
    writes as a fraction stays a decimal in the page's language ("0,55")."""
    fraction = as_fraction(share)
    if fraction.denominator == 1:
        return str(fraction.numerator)
    if fraction.denominator in CONTRACT_DENOMINATORS:
        return f"{fraction}"
    return number_format(Decimal(share).normalize(), use_l10n=True)


class PolishDecimalField(forms.DecimalField):
    """A decimal as people type it in Polish: "12 500,00" (grouped with spaces, of any kind),
    "0,5", or with a decimal point."""

    widget = forms.TextInput
    SPACES = (" ", "\u00a0", "\u202f")

    def __init__(self, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            for space in self.SPACES:
                value = value.replace(space, "")
        return super().to_python(value)


class WorkingTimeFormField(PolishDecimalField):
    """Takes a share of a full time as people write it — "7/8", "1/3", "0,5" or "0.5" — and
    shows a stored one as its fraction."""

    def to_python(self, value):
        text = str(value or "").strip()
        if "/" not in text:
            return super().to_python(value)
        numerator, _slash, denominator = text.partition("/")
        try:
            fraction = Fraction(int(numerator.strip()), int(denominator.strip()))
        except (ValueError, ZeroDivisionError):
            raise ValidationError(
                _("Write the share as a fraction (7/8) or a decimal (0,875)."), code="invalid"
            ) from None
        return (Decimal(fraction.numerator) / fraction.denominator).quantize(WORKING_TIME_PLACES)

    def prepare_value(self, value):
        if value in (None, "") or not isinstance(value, Decimal | int | float):
            return value
        try:
            return share_label(value)
        except (InvalidOperation, ValueError):
            return value


class WorkingTimeField(models.DecimalField):
    """A share of a full time (FTE). Kept to six decimal places, which read back as the nearest
    fraction with a denominator up to 100 (``as_fraction``) is exact for every share a contract
    writes (7/8, 1/3, 3/4); money is computed from that fraction (``times_share``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 7)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": WorkingTimeFormField, **kwargs})


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
