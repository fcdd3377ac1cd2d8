"""Who works on the cooperative's orders."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel, bounded
from coop.models import Order
from employment import rules, scoping
from employment.models.jobs import Employment
from employment.models.placements import Placement
from participants.models import Person


class OrderAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.order_records_visible_to(self, user)


class OrderAssignment(TimeStampedModel):
    """A person working on an order: an employee, a trainee or an intern of the cooperative — a
    volunteer never on business activity (SC-08)."""

    person_path = "person"

    class Role(models.TextChoices):
        EMPLOYEE = "employee", _("employee")
        TRAINEE = "trainee", _("in work training")
        INTERN = "intern", _("intern")
        VOLUNTEER = "volunteer", _("volunteer")

    order = models.ForeignKey(
        Order, verbose_name=_("order"), related_name="assignments", on_delete=models.CASCADE
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="order_assignments", on_delete=models.PROTECT
    )
    role = models.CharField(_("as"), max_length=16, choices=Role.choices)
    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment"),
        related_name="order_assignments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("training or internship"),
        related_name="order_assignments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    weekly_hours = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = OrderAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment to an order")
        verbose_name_plural = _("assignments to orders")
        ordering = ["order", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_assignment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            bounded(
                "weekly_hours",
                low=Decimal("0.5"),
                high=168,
                name="employment_assignment_hours_in_range",
                message=_("Give between 0.5 and 168 hours a week."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.order}"

    def clean(self):
        # On the order's add page the order is not saved yet, but it is there to check against.
        if getattr(self, "order", None) is not None and self.person_id and self.starts_on:
            rules.check_assignment(self)
