"""Work a client buys from the cooperative (JST-01..03), and who works on it (SC-08)."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import TimeStampedModel, bounded
from coop import rules, scoping
from employment.models import Employment, Placement
from organisations.models import Cooperative, Organisation
from participants.models import Person


class OrderQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperative_records_visible_to(self, user)


class Order(TimeStampedModel):
    """Work a client buys from the cooperative — a municipality, a county or a business — with the
    procurement route it was awarded by and its net value (JST-01..03)."""

    class Route(models.TextChoices):
        RESERVED = "reserved", _("reserved contract (Pzp art. 94)")
        RESERVED_SOCIAL = "reserved_social", _("reserved social-services contract (Pzp art. 361)")
        SOCIAL_CLAUSE = "social_clause", _("contract with a social clause")
        BELOW_THRESHOLD = "below_threshold", _("below the Pzp threshold (130,000 zł net)")
        GRANT = "grant", _("grant (commissioned public task)")
        OTHER = "other", _("other (e.g. a business client)")

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), related_name="orders", on_delete=models.PROTECT
    )
    client = models.ForeignKey(
        Organisation, verbose_name=_("client"), related_name="orders", on_delete=models.PROTECT
    )
    title = models.CharField(_("what is ordered"), max_length=255)
    reference = models.CharField(_("contract reference"), max_length=120, blank=True)
    route = models.CharField(_("procurement route"), max_length=16, choices=Route.choices)
    net_value = models.DecimalField(_("net value (zł)"), max_digits=12, decimal_places=2)
    bid_on = models.DateField(
        _("bid submitted on"),
        null=True,
        blank=True,
        help_text=_("For a reserved contract: the share of employees is judged on this day."),
    )
    awarded_on = models.DateField(_("awarded on"))
    starts_on = models.DateField(_("work from"))
    ends_on = models.DateField(_("work until"), null=True, blank=True)
    is_business_activity = models.BooleanField(
        _("business activity"),
        default=True,
        help_text=_("Paid work for a client; volunteers may not work on it (SC-08)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = OrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-awarded_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="coop_order_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(net_value__gte=0),
                name="coop_order_value_not_negative",
                violation_error_message=_("The value cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.client}"

    def clean(self):
        rules.check_order(self)

    def warnings(self) -> list[str]:
        return rules.order_warnings(self)


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
                name="coop_assignment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            bounded(
                "weekly_hours",
                low=Decimal("0.5"),
                high=168,
                name="coop_assignment_hours_in_range",
                message=_("Give between 0.5 and 168 hours a week."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.order}"

    def clean(self):
        # On the order's add page the order is not saved yet, but it is there to check against.
        if getattr(self, "order", None) is not None and self.person_id and self.starts_on:
            rules.check_assignment(self)
