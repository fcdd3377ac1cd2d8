"""Jobs with any employer, what the employer knows of the employee's disability, the doctor's or
guarding waiver of the working-time limits, and the follow-ups after a hire."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import TimeStampedModel, WorkingTimeField, bounded, user_who
from employment import rules, scoping
from employment.models.placements import Placement
from organisations.models import Cooperative, Organisation
from participants.models import DisabilityCertificate, Enrolment, Person, Referral
from participants.storage import private_storage
from wtz.models import Workshop


class EmploymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.employments_visible_to(self, user)

    def active_on(self, on):
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on), starts_on__lte=on)


class Employment(TimeStampedModel):
    """A job with any employer. For the cooperative's own employees the working-time limits of the
    1997 Act are enforced from the employer's own disability facts (EMP-01..04); for a job with
    an outside employer, recorded by the workshop, the same limits are warnings."""

    person_path = "person"

    class EmployerKind(models.TextChoices):
        COOPERATIVE = "cooperative", _("social cooperative")
        ZAZ = "zaz", _("sheltered work establishment (ZAZ)")
        ZPCHR = "zpchr", _("sheltered work enterprise (ZPChr)")
        OPEN_MARKET = "open", _("open labour market")

    class EndReason(models.TextChoices):
        RESIGNED = "resigned", _("the employee resigned")
        DISMISSED = "dismissed", _("the employer ended it")
        FIXED_TERM = "fixed_term", _("the fixed term ended")
        AGREEMENT = "agreement", _("by agreement")
        HEALTH = "health", _("health")
        OTHER = "other", _("other")

    ContractType = Enrolment.ContractType
    SUBSIDISED_CONTRACTS = (ContractType.EMPLOYMENT, ContractType.COOPERATIVE_EMPLOYMENT)

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="employments", on_delete=models.PROTECT
    )
    employer = models.ForeignKey(
        Organisation, verbose_name=_("employer"), related_name="+", on_delete=models.PROTECT
    )
    employer_kind = models.CharField(
        _("kind of employer"), max_length=16, choices=EmployerKind.choices
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="employments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Set when the employer is a cooperative that keeps its records here."),
    )
    recorded_by_workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("recorded by the workshop"),
        related_name="recorded_jobs",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("A job with an outside employer that the workshop recorded."),
    )
    placement = models.ForeignKey(
        Placement,
        verbose_name=_("placement that led to it"),
        related_name="employments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        related_name="employments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    position = models.CharField(_("position"), max_length=120)
    contract_type = models.CharField(_("contract"), max_length=16, choices=ContractType.choices)
    fte = WorkingTimeField(
        _("FTE"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1))],
        help_text=_("The share of a full-time post as the contract writes it: 1, 7/8, 1/2, 0,5."),
    )
    daily_hours = models.DecimalField(_("hours per day"), max_digits=4, decimal_places=2)
    weekly_hours = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    night_work = models.BooleanField(_("night work"), default=False)
    overtime = models.BooleanField(_("overtime"), default=False)
    extra_break = models.BooleanField(
        _("the schedule has the extra 15-minute break"),
        default=True,
        help_text=_("Paid and counted as working time (1997 Act art. 17)."),
    )
    monthly_wage = models.DecimalField(_("monthly pay (zł, gross)"), max_digits=9, decimal_places=2)
    full_norm_wage = models.DecimalField(
        _("pay for this post at the general norm (zł)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("To check that the shortened norm does not lower the pay (art. 18)."),
    )
    ordinary_leave_days = models.PositiveSmallIntegerField(_("ordinary leave days"), default=20)
    other_extra_leave = models.BooleanField(
        _("has another additional leave"),
        default=False,
        help_text=_("Another additional leave excludes the extra leave of art. 19."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=16, choices=EndReason.choices, blank=True
    )
    recorded_by = user_who(_("recorded by"))

    objects = EmploymentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employment")
        verbose_name_plural = _("employments")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["-starts_on", "id"], name="employment_employment_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="employment_employment_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | ~Q(end_reason=""),
                name="employment_employment_end_has_reason",
                violation_error_message=_("Say why the employment ended."),
            ),
            bounded(
                "fte",
                low=Decimal("0.01"),
                high=1,
                name="employment_job_fte_in_range",
                message=_("The FTE is between 0.01 and 1."),
            ),
            bounded(
                "daily_hours",
                low=Decimal("0.5"),
                high=24,
                name="employment_job_daily_hours_in_range",
                message=_("Give between 0.5 and 24 hours a day."),
            ),
            bounded(
                "weekly_hours",
                low=Decimal("0.5"),
                high=168,
                name="employment_job_weekly_hours_in_range",
                message=_("Give between 0.5 and 168 hours a week."),
            ),
            bounded(
                "monthly_wage",
                low=0,
                name="employment_job_wage_not_negative",
                message=_("A wage cannot be negative."),
            ),
            bounded(
                "full_norm_wage",
                low=0,
                name="employment_job_full_norm_wage_not_negative",
                message=_("A wage cannot be negative."),
            ),
            bounded(
                "ordinary_leave_days",
                low=0,
                high=366,
                name="employment_job_leave_days_in_range",
                message=_("Give between 0 and 366 days of leave."),
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.position} — {self.employer} ({formats.day(self.starts_on)})"

    @property
    def limits_are_binding(self) -> bool:
        """The cooperative's own employees: limits refuse. Outside jobs: limits warn."""
        return self.cooperative_id is not None

    def is_active_on(self, on) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)

    def clean(self):
        if (
            self.employer_id
            and self.employer_kind == self.EmployerKind.COOPERATIVE
            and self.employer.kind != Organisation.Kind.COOPERATIVE
        ):
            raise ValidationError(
                {
                    "employer_kind": _(
                        "%(employer)s is not a cooperative: choose the kind of employer it is."
                    )
                    % {"employer": self.employer}
                }
            )
        rules.check_employment(self, facts=self.pending_facts, waivers=self.pending_waivers)

    # Facts and waivers recorded together with a new employment, checked before any is saved.
    pending_facts = None
    pending_waivers = None


class EmploymentRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.employment_records_visible_to(self, user)


class EmployerRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.job_keeper_records_visible_to(self, user)


class DisabilityFacts(TimeStampedModel):
    """What the employer knows of the employee's disability, from the document the employee chose
    to show (1997 Act art. 2b): degree, special conditions, validity. The employer never reads the
    workshop's certificates. A later row takes over from its date."""

    person_path = "employment__person"
    Degree = DisabilityCertificate.Degree

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment"),
        related_name="disability_facts",
        on_delete=models.CASCADE,
    )
    degree = models.CharField(_("degree"), max_length=12, choices=Degree.choices)
    special_conditions = models.BooleanField(
        _("special conditions"),
        default=False,
        help_text=_(
            "Intellectual disability, mental illness, epilepsy, pervasive developmental "
            "disorders, or blindness: raises the wage subsidy."
        ),
    )
    applies_from = models.DateField(_("applies from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: permanent.")
    )
    assessed_since = models.DateField(
        _("degree assessed since"),
        null=True,
        blank=True,
        help_text=_("When the degree was first assessed: the extra leave is due a year later."),
    )
    evidence_shown_on = models.DateField(_("document shown on"))

    objects = EmployerRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employer's disability facts")
        verbose_name_plural = _("employer's disability facts")
        ordering = ["employment", "applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "applies_from"],
                name="employment_facts_one_per_day",
                violation_error_message=_("Facts from this day are already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("applies_from")),
                name="employment_facts_valid_after_start",
                violation_error_message=_("The validity cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_degree_display()} ({formats.day(self.applies_from)})"

    def covers(self, on) -> bool:
        return self.applies_from <= on and (self.valid_until is None or self.valid_until >= on)

    def clean(self):
        if self.employment_id:
            others = [f for f in self.employment.disability_facts.all() if f.pk != self.pk]
            rules.check_employment(self.employment, facts=[*others, self])


class HoursWaiver(TimeStampedModel):
    """The art. 16 exception: the working-time limits do not apply to guarding premises, or when
    the occupational doctor consents at the employee's request. The document is kept private."""

    person_path = "employment__person"

    class Ground(models.TextChoices):
        DOCTOR = "doctor", _("the doctor's consent at the employee's request")
        GUARDING = "guarding", _("guarding premises")

    employment = models.ForeignKey(
        Employment, verbose_name=_("employment"), related_name="waivers", on_delete=models.CASCADE
    )
    ground = models.CharField(_("ground"), max_length=16, choices=Ground.choices)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(
        _("document"),
        storage=private_storage,
        upload_to="waivers/%Y/",
        blank=True,
        help_text=_("The doctor's consent; kept private, opened only through Ścieżka."),
    )

    objects = EmployerRecordQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        verbose_name = _("working-time waiver (art. 16)")
        verbose_name_plural = _("working-time waivers (art. 16)")
        ordering = ["employment", "issued_on"]

    def __str__(self):
        return f"{self.get_ground_display()} ({formats.day(self.issued_on)})"

    def covers(self, on) -> bool:
        return self.issued_on <= on and (self.valid_until is None or self.valid_until >= on)

    def clean(self):
        rules.check_waiver(self)
        if self.employment_id:  # a waiver shortened or removed: do the hours still fit?
            others = [w for w in self.employment.waivers.all() if w.pk != self.pk]
            rules.check_employment(self.employment, waivers=[*others, self])


class FollowUp(TimeStampedModel):
    """A check on how the job goes, due a set number of days after it started."""

    person_path = "employment__person"

    class Outcome(models.TextChoices):
        STILL_EMPLOYED = "employed", _("still employed")
        HOURS_CHANGED = "hours_changed", _("hours changed")
        LEFT_JOB = "left", _("left the job")
        RETURNED_TO_WTZ = "returned", _("returned to the workshop")

    employment = models.ForeignKey(
        Employment,
        verbose_name=_("employment"),
        related_name="follow_ups",
        on_delete=models.CASCADE,
    )
    days_after_start = models.PositiveSmallIntegerField(_("days after the start"))
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    left_reason = models.CharField(_("why the job ended"), max_length=255, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = user_who(_("recorded by"))

    objects = EmploymentRecordQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due_on", "pk"]
        # The list shows the latest due first: the same index read backwards.
        indexes = [models.Index(fields=["due_on", "id"], name="employment_followup_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "days_after_start"], name="employment_follow_up_once"
            ),
            models.CheckConstraint(
                condition=Q(held_on__isnull=True) | ~Q(outcome=""),
                name="employment_follow_up_held_has_outcome",
                violation_error_message=_("A follow-up that was held has an outcome."),
            ),
            bounded(
                "days_after_start",
                low=1,
                high=3660,
                name="employment_followup_days_in_range",
                message=_("A follow-up is due 1 to 3,660 days after the start."),
            ),
        ]

    def __str__(self):
        return _("%(days)d-day follow-up") % {"days": self.days_after_start}

    def clean(self):
        rules.check_follow_up(self)
