import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import (
    DateRangeModel,
    DateRangeQuerySet,
    TimeStampedModel,
    VersionedModel,
    bounded,
)
from organisations.models import Organisation, Territory, subtree_q
from wtz import scoping
from wtz.rules import check_class_hours, equipment_warnings


class WorkshopQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshops_visible_to(self, user)

    def managed_by(self, user):
        """Workshops whose details ``user`` may change: those they head, or all for an admin."""
        return scoping.workshops_managed_by(self, user)

    def in_territories(self, territories):
        """Workshops located inside any of ``territories`` (see ``Territory.objects.within``)."""
        return self.filter(subtree_q(territories, field="territory"))

    def with_places_on(self, on: datetime.date):
        """Annotates ``places``: the contracted places in force on ``on`` (None before any
        contract). One correlated subquery, so a list of workshops stays one query."""
        current = ContractedPlaces.objects.filter(workshop=OuterRef("pk"), starts_on__lte=on)
        return self.annotate(places=Subquery(current.order_by("-starts_on").values("places")[:1]))


class Workshop(TimeStampedModel):
    """An occupational therapy workshop (warsztat terapii zajęciowej): a day facility run by an
    organiser, co-financed per contracted place by PFRON through the powiat."""

    name = models.CharField(_("name"), max_length=200)
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        related_name="workshops",
        on_delete=models.PROTECT,  # the organiser employs the staff and signs every contract
        help_text=_("The legal person that runs the workshop and employs its staff."),
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("gmina"),
        related_name="workshops",
        on_delete=models.PROTECT,  # reports count workshops by territory
        help_text=_("The gmina (or city with powiat rights) where the workshop works."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    hours_per_day = models.DecimalField(
        _("class hours per day"),
        max_digits=3,
        decimal_places=1,
        default=7,
        validators=[MinValueValidator(1)],
    )
    hours_per_week = models.DecimalField(
        _("class hours per week"),
        max_digits=3,
        decimal_places=1,
        default=35,
        validators=[MinValueValidator(1)],
        help_text=_("Fewer than the full-funding hours reduce PFRON funding proportionally."),
    )

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["name"]
        constraints = [
            bounded(
                "hours_per_day",
                low=0,
                high=24,
                name="wtz_workshop_daily_hours_in_range",
                message=_("A day has at most 24 hours."),
            ),
            bounded(
                "hours_per_week",
                low=0,
                high=168,
                name="wtz_workshop_weekly_hours_in_range",
                message=_("A week has at most 168 hours."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_class_hours(self, timezone.localdate())

    def places_on(self, on: datetime.date) -> int | None:
        """The contracted places in force on ``on``. Queries the database."""
        contract = self.contracted_places.filter(starts_on__lte=on).order_by("-starts_on").first()
        return contract.places if contract else None


class ContractedPlacesQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)


class ContractedPlaces(VersionedModel):
    """The number of participant places the powiat co-finances from a date on, until the next
    row. Dated because contracts change, and a freed place is only a vacancy against the number in
    force on that day."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        related_name="contracted_places",
        on_delete=models.CASCADE,
    )
    starts_on = models.DateField(_("in force from"))
    places = models.PositiveSmallIntegerField(
        _("contracted places"), validators=[MinValueValidator(1)]
    )
    agreement = models.CharField(
        _("agreement"),
        max_length=120,
        blank=True,
        help_text=_("The reference of the agreement with the powiat."),
    )

    objects = ContractedPlacesQuerySet.as_manager()

    class Meta:
        verbose_name = _("contracted places")
        verbose_name_plural = _("contracted places")
        ordering = ["workshop", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "starts_on"],
                name="wtz_contractedplaces_one_per_day",
                violation_error_message=_(
                    "The workshop already has places in force from this day."
                ),
            ),
            bounded(
                "places",
                low=1,
                high=1000,
                name="wtz_places_in_range",
                message=_("Contract between 1 and 1,000 places."),
            ),
        ]

    def __str__(self):
        return _("%(places)d places from %(date)s") % {
            "places": self.places,
            "date": formats.day(self.starts_on),
        }


class RoomQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)


class Room(TimeStampedModel):
    """A workshop room (pracownia) — household, carpentry, arts and crafts … — where participants
    are assigned for therapy, in rotation."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="rooms", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["workshop", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "name"],
                name="wtz_room_unique_name_per_workshop",
                violation_error_message=_("The workshop already has a room with this name."),
            )
        ]

    def __str__(self):
        return self.name


class StaffAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)


class StaffAssignment(DateRangeModel):
    """Employs a user at a workshop in a role for a period. WTZ staff see the people of the
    workshops they are assigned to; one user may hold several assignments."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("WTZ manager")
        REHAB_SPECIALIST = "rehab_specialist", _("rehabilitation specialist")
        INSTRUCTOR = "instructor", _("occupational therapy instructor")
        PSYCHOLOGIST = "psychologist", _("psychologist")
        VOCATIONAL_COUNSELLOR = "vocational_counsellor", _("vocational counsellor")
        VOCATIONAL_INSTRUCTOR = "vocational_instructor", _("vocational instructor")
        NURSE = "nurse", _("nurse or doctor")
        SOCIAL_WORKER = "social_worker", _("social worker")
        OTHER = "other", _("other")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="staff_assignments",
        on_delete=models.CASCADE,
    )
    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        related_name="staff_assignments",
        on_delete=models.CASCADE,
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    works_directly = models.BooleanField(
        _("works directly with participants"),
        default=True,
        help_text=_("Counts towards the limit of participants per staff member."),
    )
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.01), MaxValueValidator(1)],
        help_text=_("Full-time equivalent, e.g. 0.5 for half time."),
    )

    objects = StaffAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff assignment")
        verbose_name_plural = _("staff assignments")
        ordering = ["workshop", "role", "user"]
        constraints = [
            DateRangeModel.range_constraint("wtz_staffassignment_dates_in_order"),
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="wtz_staffassignment_fte_range"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}, {self.workshop}"


# The finances' amounts: what came in, then the costs by the categories of WTZ Reg. § 19.
FUND_FIELDS = ("pfron_funds", "local_funds", "other_funds", "sales_revenue")
COST_FIELDS = (
    "wages",
    "materials",
    "transport",
    "staff_training",
    "insurance",
    "trips",
    "therapy_materials",
    "economic_training",
    "equipment",
)
AMOUNT_FIELDS = (*FUND_FIELDS, *COST_FIELDS)


class AnnualFinanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The finances of the workshops the user heads (an administrator: all)."""
        return self.filter(workshop__in=Workshop.objects.managed_by(user))


class AnnualFinance(TimeStampedModel):
    """What only the workshop knows for its annual report (WTZ Reg. § 21 ust. 2 pkt 1) and the
    INFWTZ data set: the year's funds, the revenue from selling participants' products and
    services, and the costs by the categories of § 19, with the equipment replaced from PFRON
    funds (WTZ-19: at most 3 %, with the powiat's consent)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="finances", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField(_("year"))
    pfron_funds = models.DecimalField(_("PFRON funds (zł)"), max_digits=12, decimal_places=2)
    local_funds = models.DecimalField(
        _("local government funds (zł)"), max_digits=12, decimal_places=2, default=0
    )
    other_funds = models.DecimalField(
        _("other funds (zł)"), max_digits=12, decimal_places=2, default=0
    )
    sales_revenue = models.DecimalField(
        _("revenue from sales of participants' products and services (zł)"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    wages = models.DecimalField(
        _("wages and contributions, with PPK (zł)"), max_digits=12, decimal_places=2, default=0
    )
    materials = models.DecimalField(
        _("materials, energy and services (zł)"), max_digits=12, decimal_places=2, default=0
    )
    transport = models.DecimalField(
        _("participants' transport (zł)"), max_digits=12, decimal_places=2, default=0
    )
    staff_training = models.DecimalField(
        _("staff training (zł)"), max_digits=12, decimal_places=2, default=0
    )
    insurance = models.DecimalField(
        _("participants' and property insurance (zł)"), max_digits=12, decimal_places=2, default=0
    )
    trips = models.DecimalField(_("trips (zł)"), max_digits=12, decimal_places=2, default=0)
    therapy_materials = models.DecimalField(
        _("therapy materials, with the household workshop (zł)"),
        max_digits=12,
        decimal_places=2,
        default=0,
    )
    economic_training = models.DecimalField(
        _("economic training (zł)"), max_digits=12, decimal_places=2, default=0
    )
    equipment = models.DecimalField(
        _("equipment replaced from PFRON funds (zł)"), max_digits=12, decimal_places=2, default=0
    )
    equipment_consent_on = models.DateField(
        _("the powiat's consent to the equipment, given on"), null=True, blank=True
    )
    staff_count = models.PositiveSmallIntegerField(
        _("staff (people employed on 31 December)"), null=True, blank=True
    )

    objects = AnnualFinanceQuerySet.as_manager()
    history = HistoricalRecords()

    FUND_FIELDS = FUND_FIELDS
    COST_FIELDS = COST_FIELDS
    AMOUNT_FIELDS = AMOUNT_FIELDS

    class Meta:
        verbose_name = _("annual finances of a workshop")
        verbose_name_plural = _("annual finances of workshops")
        ordering = ["workshop", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "year"],
                name="wtz_annualfinance_once_a_year",
                violation_error_message=_("This workshop's finances for the year are recorded."),
            ),
            *(
                bounded(
                    name,
                    low=0,
                    name=f"wtz_annualfinance_{name}_not_negative",
                    message=_("An amount cannot be negative."),
                )
                for name in AMOUNT_FIELDS
            ),
            bounded(
                "year",
                low=1999,
                high=2100,
                name="wtz_annualfinance_year_in_range",
                message=_("Enter a year from 1999 to 2100."),
            ),
            bounded(
                "staff_count",
                low=0,
                high=1000,
                name="wtz_annualfinance_staff_count_in_range",
                message=_("Enter a number of people from 0 to 1000."),
            ),
        ]

    def __str__(self):
        return f"{self.workshop}, {self.year}"

    @property
    def costs(self):
        return sum(getattr(self, name) for name in self.COST_FIELDS)

    def warnings(self) -> list[str]:
        return equipment_warnings(self)
