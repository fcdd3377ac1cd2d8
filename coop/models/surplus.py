"""How the general assembly allocated each year's surplus (SC-10)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel, bounded
from coop import rules, scoping
from organisations.models import Cooperative


class SurplusAllocationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperative_records_visible_to(self, user)


class SurplusAllocation(TimeStampedModel):
    """How the general assembly allocated a year's surplus: never to the members, but to the
    reserve fund, to reintegration, and to jobs and investment (SC-10)."""

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="surplus_allocations",
        on_delete=models.CASCADE,
    )
    year = models.PositiveSmallIntegerField(_("financial year"))
    surplus = models.DecimalField(_("surplus (zł)"), max_digits=12, decimal_places=2)
    reserve_fund = models.DecimalField(
        _("to the reserve fund (zł)"), max_digits=12, decimal_places=2
    )
    reintegration = models.DecimalField(
        _("to social and vocational reintegration (zł)"), max_digits=12, decimal_places=2
    )
    jobs_and_investment = models.DecimalField(
        _("to jobs and investment (zł)"), max_digits=12, decimal_places=2
    )
    resolution = models.CharField(_("general assembly's resolution"), max_length=160, blank=True)

    objects = SurplusAllocationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("surplus allocation")
        verbose_name_plural = _("surplus allocations")
        ordering = ["cooperative", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperative", "year"],
                name="coop_surplus_once_a_year",
                violation_error_message=_("This year's surplus is already allocated."),
            ),
            bounded(
                "year",
                low=2006,
                high=2100,
                name="coop_surplus_year_in_range",
                message=_("The financial year must be between 2006 and 2100."),
            ),
            bounded(
                "surplus",
                low=0,
                name="coop_surplus_not_negative",
                message=_("A surplus cannot be negative."),
            ),
            bounded(
                "reserve_fund",
                low=0,
                name="coop_surplus_reserve_not_negative",
                message=_("No part of the surplus can be negative."),
            ),
            bounded(
                "reintegration",
                low=0,
                name="coop_surplus_reintegration_not_negative",
                message=_("No part of the surplus can be negative."),
            ),
            bounded(
                "jobs_and_investment",
                low=0,
                name="coop_surplus_jobs_not_negative",
                message=_("No part of the surplus can be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.cooperative} {self.year}"

    def clean(self):
        parts = (self.reserve_fund, self.reintegration, self.jobs_and_investment)
        if self.surplus is not None and None not in parts and sum(parts) != self.surplus:
            raise ValidationError(_("The three parts must add up to the surplus."))

    def warnings(self) -> list[str]:
        return rules.surplus_warnings(self)
