"""Support tied to people's jobs: OWES grants for created jobs (OWES-01) and the individual
reintegration plans of employees at risk of social exclusion (PS-03)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import TimeStampedModel, WorkingTimeField, bounded
from coop import rules, scoping
from employment.models import Employment
from organisations.models import Cooperative, Organisation


class GrantQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperative_people_visible_to(self, user)


class GrantAgreement(TimeStampedModel):
    """An OWES grant agreement for creating jobs in the cooperative."""

    cooperative = models.ForeignKey(
        Cooperative, verbose_name=_("cooperative"), related_name="grants", on_delete=models.PROTECT
    )
    owes = models.ForeignKey(
        Organisation,
        verbose_name=_("OWES"),
        related_name="grants_given",
        on_delete=models.PROTECT,
        limit_choices_to={"kind": Organisation.Kind.OWES},
    )
    reference = models.CharField(_("agreement number"), max_length=120)
    signed_on = models.DateField(_("signed on"))

    objects = GrantQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("OWES grant agreement")
        verbose_name_plural = _("OWES grant agreements")
        ordering = ["cooperative", "-signed_on"]

    def __str__(self):
        return f"{self.reference} ({self.owes})"


class GrantedJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperative_job_records_visible_to(self, user)


class GrantedJob(TimeStampedModel):
    """One job a grant created: its FTE, the grant, and the day until which it must be kept
    (OWES-01)."""

    person_path = "employment__person"

    agreement = models.ForeignKey(
        GrantAgreement, verbose_name=_("agreement"), related_name="jobs", on_delete=models.CASCADE
    )
    employment = models.ForeignKey(
        Employment, verbose_name=_("job"), related_name="grants", on_delete=models.PROTECT
    )
    fte = WorkingTimeField(_("FTE granted"))
    amount = models.DecimalField(_("grant (zł)"), max_digits=10, decimal_places=2)
    support_until = models.DateField(_("support until"))
    keep_until = models.DateField(
        _("to be kept until"),
        editable=False,
        help_text=_("The end of the support plus the months in force (OWES-01)."),
    )

    objects = GrantedJobQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("job created with a grant")
        verbose_name_plural = _("jobs created with grants")
        ordering = ["agreement", "pk"]
        constraints = [
            bounded(
                "fte",
                low=Decimal("0.01"),
                high=1,
                name="coop_grantedjob_fte_in_range",
                message=_("The FTE is between 0.01 and 1."),
            ),
            bounded(
                "amount",
                low=0,
                name="coop_grantedjob_amount_not_negative",
                message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.employment} — {self.agreement}"

    def clean(self):
        if self.support_until:
            self.keep_until = rules.grant_keep_until(self.support_until)
        if (
            self.agreement_id
            and self.employment_id
            and self.employment.cooperative_id != self.agreement.cooperative_id
        ):
            raise ValidationError({"employment": _("Choose a job with this grant's cooperative.")})

    def save(self, *args, **kwargs):
        if self.support_until:  # always from the support's end: it may have been changed
            self.keep_until = rules.grant_keep_until(self.support_until)
        super().save(*args, **kwargs)


class ReintegrationPlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperative_job_records_visible_to(self, user)

    def current_on(self, on):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class ReintegrationPlan(TimeStampedModel):
    """The individual reintegration plan (UES) of an employee at risk of social exclusion: their
    situation, the actions planned and the effects expected, for the period of support (PS-03).
    Not the workshop's rehabilitation programme."""

    person_path = "employment__person"

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("job"),
        related_name="reintegration_plans",
        on_delete=models.CASCADE,
    )
    situation = models.TextField(_("social and vocational situation"))
    actions = models.TextField(_("reintegration actions planned"))
    expected_effects = models.TextField(_("expected effects"))
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    objects = ReintegrationPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individual reintegration plan")
        verbose_name_plural = _("individual reintegration plans")
        ordering = ["employment", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="coop_plan_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            )
        ]

    def __str__(self):
        return f"{self.employment.person}, {formats.day(self.starts_on)}"
