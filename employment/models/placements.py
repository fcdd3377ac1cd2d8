"""Steps towards a job: unpaid vocational practice (arranged by the workshop under the IPR),
work training and internships (organised by the cooperative), and the candidates the workshops
referred to the cooperative."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import TimeStampedModel, bounded, user_who
from employment import rules, scoping
from organisations.models import Cooperative, Organisation
from participants.models import Enrolment, Person, ProgrammeVersion, Referral
from participants.models.work import ReferralQuerySet


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.placements_visible_to(self, user)

    def overlapping(self, start, end):
        """Placements whose days (to the last one, with an extension or an early end) meet
        ``start``–``end``."""
        return self.filter(starts_on__lte=end).filter(
            Q(ended_on__gte=start)
            | Q(ended_on__isnull=True, extended_until__gte=start)
            | Q(ended_on__isnull=True, extended_until__isnull=True, ends_on__gte=start)
        )


class Placement(TimeStampedModel):
    """A time-limited step at a host: the workshop's unpaid vocational practice (WTZ-13, WTZ-14),
    or the cooperative's work training or internship for a referred candidate or an employee."""

    person_path = "person"

    class Kind(models.TextChoices):
        PRACTICE = "practice", _("unpaid vocational practice")
        TRAINING = "training", _("work training")
        INTERNSHIP = "internship", _("internship")

    class Outcome(models.TextChoices):
        COMPLETED = "completed", _("completed")
        ENDED_EARLY = "ended_early", _("ended early")
        HIRED = "hired", _("led to a job")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="placements", on_delete=models.PROTECT
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("participation in the workshop"),
        related_name="practices",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For a vocational practice: the workshop participation it is part of."),
    )
    programme = models.ForeignKey(
        ProgrammeVersion,
        verbose_name=_("programme (IPR) it is based on"),
        related_name="practices",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="placements",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_(
            "The cooperative that organises a training or internship, or hosts a practice."
        ),
    )
    referral = models.ForeignKey(
        Referral,
        verbose_name=_("referral"),
        related_name="placements",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host"),
        related_name="hosted_placements",
        on_delete=models.PROTECT,
        help_text=_("Where the person works: the cooperative or a business."),
    )
    supervisor = models.CharField(_("supervisor"), max_length=120)
    tasks = models.TextField(_("tasks"), blank=True)
    weekly_hours = models.DecimalField(_("hours per week"), max_digits=4, decimal_places=1)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until (as agreed)"))
    extended_until = models.DateField(
        _("extended until"),
        null=True,
        blank=True,
        help_text=_("A practice may be extended once, up to its maximum length."),
    )
    ended_on = models.DateField(_("ended early on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("notes on the outcome"), blank=True)
    recorded_by = user_who(_("recorded by"))

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements (practice, training, internship)")
        ordering = ["-starts_on", "pk"]
        indexes = [models.Index(fields=["-starts_on", "id"], name="employment_placement_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="employment_placement_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(extended_until__isnull=True)
                | Q(extended_until__gt=models.F("ends_on")),
                name="employment_placement_extension_after_end",
                violation_error_message=_("An extension ends after the agreed end."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="employment_placement_ended_after_start",
                violation_error_message=_("A placement cannot end before it starts."),
            ),
            bounded(
                "weekly_hours",
                low=Decimal("0.5"),
                high=168,
                name="employment_placement_hours_in_range",
                message=_("Give between 0.5 and 168 hours a week."),
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_kind_display()}: {self.person}, {self.host} ({formats.day(self.starts_on)})"
        )

    @property
    def last_day(self):
        return self.ended_on or self.extended_until or self.ends_on

    def warnings(self) -> list[str]:
        if self.kind != self.Kind.PRACTICE or not self.enrolment_id:
            return []
        practices = Placement.objects.filter(enrolment=self.enrolment_id, kind=self.kind)
        return [w for w in (rules.practice_chain_warning(self, list(practices)),) if w]

    def clean(self):
        if self.kind == self.Kind.PRACTICE:
            rules.check_practice(self)
        elif self.kind:
            if not self.cooperative_id:
                raise ValidationError(
                    {"cooperative": _("A training or internship is organised by a cooperative.")}
                )
            if self.enrolment_id or self.programme_id:
                raise ValidationError(
                    _("Only a vocational practice is part of a workshop participation.")
                )
        if self.referral_id and self.person_id and self.referral.person_id != self.person_id:
            raise ValidationError({"referral": _("The referral is about another person.")})


class CandidateQuerySet(ReferralQuerySet):
    def visible_to(self, user):
        return scoping.candidates_visible_to(self, user)


class Candidate(Referral):
    """A referral as the cooperative sees it: the candidate's name and what the referral shares,
    nothing the workshop holds about their health or therapy."""

    objects = CandidateQuerySet.as_manager()

    class Meta:
        proxy = True
        verbose_name = _("candidate referred to us")
        verbose_name_plural = _("candidates referred to us")
        ordering = ["-referred_on"]
