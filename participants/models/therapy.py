"""Therapy: the individual rehabilitation programme (IPR) of the workshop, with its versions and
goals. Named so that it cannot be confused with the cooperative's reintegration plan."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from common import formats
from common.models import TimeStampedModel, bounded, user_who
from participants import rules, scoping
from participants.models.admission import Enrolment
from participants.models.people import Representative
from wtz.models import StaffAssignment


class RehabProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class RehabProgramme(TimeStampedModel):
    """The individual rehabilitation programme (indywidualny program rehabilitacji) of one
    participation: the council prepares it, and a new version follows each evaluation."""

    person_path = "enrolment__person"

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="programme",
        on_delete=models.CASCADE,
    )

    objects = RehabProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("rehabilitation programme (IPR)")
        verbose_name_plural = _("rehabilitation programmes (IPR)")

    def __str__(self):
        return _("IPR of %(person)s") % {"person": self.enrolment.person}

    def version_in_force(self, on: datetime.date):
        """The approved version in force on ``on``. Queries the database."""
        return (
            self.versions.filter(approved_on__isnull=False, valid_from__lte=on)
            .order_by("-valid_from", "-number")
            .first()
        )


class ProgrammeVersionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user, path="programme__enrolment")


class ProgrammeVersion(TimeStampedModel):
    """One version of a programme, with the six elements the law requires (1997 Act art. 10a
    ust. 3): forms and scope of rehabilitation, methods of teaching the skills, cooperation with
    the family, planned effects, and the staff responsible. Approved by the programme council and
    signed by the participant or their legal representative."""

    person_path = "programme__enrolment__person"

    class Signer(models.TextChoices):
        PERSON = "person", _("the person themself")
        REPRESENTATIVE = "representative", _("a representative")

    ELEMENTS = (
        "forms_of_rehabilitation",
        "scope_of_rehabilitation",
        "teaching_methods",
        "family_cooperation",
        "planned_effects",
    )

    programme = models.ForeignKey(
        RehabProgramme,
        verbose_name=_("programme"),
        related_name="versions",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.DateField(_("in force from"))
    forms_of_rehabilitation = models.TextField(_("1. forms of rehabilitation"), blank=True)
    scope_of_rehabilitation = models.TextField(_("2. scope of rehabilitation"), blank=True)
    teaching_methods = models.TextField(
        _("3. methods and scope of teaching the skills"),
        blank=True,
        help_text=_("Everyday living and resourcefulness; psychophysical and vocational skills."),
    )
    family_cooperation = models.TextField(_("4. cooperation with the family or carers"), blank=True)
    planned_effects = models.TextField(_("5. planned effects"), blank=True)
    responsible_staff = models.ManyToManyField(
        StaffAssignment,
        verbose_name=_("6. staff responsible"),
        related_name="programme_versions",
        blank=True,
    )
    approved_on = models.DateField(_("approved by the council on"), null=True, blank=True)
    council = models.ManyToManyField(
        StaffAssignment,
        verbose_name=_("council members present"),
        related_name="approved_programme_versions",
        blank=True,
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.CharField(_("signed by"), max_length=16, choices=Signer.choices, blank=True)
    representative = models.ForeignKey(
        Representative,
        verbose_name=_("representative who signed"),
        related_name="signed_programmes",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    objects = ProgrammeVersionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[responsible_staff, council])

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="participants_programmeversion_number"
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | Q(approved_on__isnull=False),
                name="participants_programmeversion_signed_after_approval",
                violation_error_message=_("A programme is signed once the council approved it."),
            ),
            bounded(
                "number",
                low=1,
                high=999,
                name="participants_programme_number_in_range",
                message=_("A programme has versions 1 to 999."),
            ),
        ]

    def __str__(self):
        return _("IPR of %(person)s, version %(number)d") % {
            "person": self.programme.enrolment.person,
            "number": self.number,
        }

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class ProgrammeGoalQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(
            self, user, path="version__programme__enrolment"
        )


class ProgrammeGoal(models.Model):
    """A goal of a programme version, in one of the three domains the annual report counts
    progress in (WTZ Reg. § 21)."""

    person_path = "version__programme__enrolment__person"

    class Domain(models.TextChoices):
        INDEPENDENCE = "independence", _("personal resourcefulness and independence")
        SOCIAL = "social", _("social rehabilitation")
        VOCATIONAL = "vocational", _("vocational rehabilitation")

    version = models.ForeignKey(
        ProgrammeVersion, verbose_name=_("version"), related_name="goals", on_delete=models.CASCADE
    )
    domain = models.CharField(_("domain"), max_length=16, choices=Domain.choices)
    description = models.TextField(_("goal"))
    in_own_words = models.CharField(
        _("in the person's own words"),
        max_length=200,
        blank=True,
        help_text=_("The goal as the person says it, for their easy-read path (no jargon)."),
    )

    objects = ProgrammeGoalQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["version", "domain", "pk"]

    def __str__(self):
        return f"{self.get_domain_display()}: {self.description[:60]}"


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class Evaluation(TimeStampedModel):
    """An evaluation of a participant's progress by the programme council: periodic (with the
    participant), the annual summary, or comprehensive — which must end with exactly one of the
    three outcomes the law names (1997 Act art. 10a ust. 5)."""

    person_path = "enrolment__person"

    class Kind(models.TextChoices):
        PERIODIC = "periodic", _("periodic evaluation")
        ANNUAL = "annual", _("annual summary")
        FIRST_COMPREHENSIVE = "first_comprehensive", _("first comprehensive evaluation")
        COMPREHENSIVE = "comprehensive", _("comprehensive evaluation")

    COMPREHENSIVE_KINDS = (Kind.FIRST_COMPREHENSIVE, Kind.COMPREHENSIVE)

    class Outcome(models.TextChoices):
        EMPLOYMENT = "employment", _("progress justifies taking up employment")
        SUPPORT_CENTRE = "support_centre", _("referral to a support centre")
        EXTENSION = "extension", _("extension of participation")

    class ExtensionReason(models.TextChoices):
        POSITIVE_PROGNOSIS = "prognosis", _("a positive prognosis")
        NO_JOB_YET = "no_job", _("no possibility of a job for now")
        NO_SUPPORT_CENTRE_YET = "no_centre", _("no possibility of a support centre for now")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), related_name="evaluations", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    held_on = models.DateField(_("held on"))
    participant_present = models.BooleanField(_("the participant took part"), default=True)
    summary = models.TextField(_("progress and how the programme fits"), blank=True)
    outcome = models.CharField(
        # The council's "stanowisko" in Polish: not the "wynik" of a practice or a follow-up.
        pgettext_lazy("council", "outcome"),
        max_length=16,
        choices=Outcome.choices,
        blank=True,
        help_text=_("A comprehensive evaluation ends with exactly one outcome."),
    )
    extension_reason = models.CharField(
        _("reason for the extension"), max_length=16, choices=ExtensionReason.choices, blank=True
    )
    council_decision = models.TextField(
        _("council's decision"),
        blank=True,
        help_text=_("As it goes into the annual report to the powiat."),
    )
    council = models.ManyToManyField(
        StaffAssignment,
        verbose_name=_("council members present"),
        related_name="evaluations",
        blank=True,
    )

    objects = EvaluationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[council])

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["enrolment", "-held_on"]
        indexes = [
            # The lists, newest first (an enrolment's own are found by its foreign key's index).
            models.Index(fields=["-held_on", "-id"], name="participants_evaluation_newest")
        ]

    def __str__(self):
        return _("%(kind)s of %(person)s, %(date)s") % {
            "kind": self.get_kind_display(),
            "person": self.enrolment.person,
            "date": formats.day(self.held_on),
        }

    def clean(self):
        rules.check_evaluation_outcome(self)

    def warnings(self) -> list[str]:
        return [w for w in (rules.first_comprehensive_warning(self),) if w]


class ProgressNoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class ProgressNote(TimeStampedModel):
    """A short note on a participant's progress towards one goal of their programme, with a
    rating: the daily evidence that evaluations and the annual report stand on."""

    person_path = "enrolment__person"

    class Rating(models.IntegerChoices):
        REGRESS = 1, _("went back")
        NO_CHANGE = 2, _("no change")
        SOME = 3, _("some progress")
        PROGRESS = 4, _("clear progress")
        ACHIEVED = 5, _("goal achieved")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="progress_notes",
        on_delete=models.CASCADE,
    )
    goal = models.ForeignKey(
        ProgrammeGoal,
        verbose_name=_("goal"),
        related_name="progress_notes",
        on_delete=models.PROTECT,  # notes are the evidence of a goal's history
    )
    written_on = models.DateField(_("date"))
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    text = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.PROTECT,
    )

    objects = ProgressNoteQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["-written_on", "-pk"]
        indexes = [
            models.Index(fields=["enrolment", "-written_on"], name="participants_note_recent"),
            models.Index(fields=["-written_on", "-id"], name="participants_note_newest"),
        ]

    def __str__(self):
        return (
            f"{self.enrolment.person}, {formats.day(self.written_on)}: {self.get_rating_display()}"
        )

    def clean(self):
        mismatched = (
            self.goal_id
            and self.enrolment_id
            and self.goal.version.programme.enrolment_id != self.enrolment_id
        )
        if mismatched:
            raise ValidationError({"goal": _("Choose a goal of this participant's programme.")})


class GoalRatingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user, path="evaluation__enrolment")


class GoalRating(models.Model):
    """How far the participant came towards one goal of their programme, as the council rated it
    in an evaluation — on the same scale as the progress notes it summarises."""

    person_path = "evaluation__enrolment__person"

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        related_name="goal_ratings",
        on_delete=models.CASCADE,
    )
    goal = models.ForeignKey(
        ProgrammeGoal,
        verbose_name=_("goal"),
        related_name="ratings",
        on_delete=models.PROTECT,  # an evaluation's record outlives edits of the programme
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=ProgressNote.Rating.choices)
    comment = models.CharField(_("comment"), max_length=255, blank=True)

    objects = GoalRatingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal rating")
        verbose_name_plural = _("ratings per goal")
        ordering = ["evaluation", "goal"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "goal"],
                name="participants_goalrating_once",
                violation_error_message=_("This goal is already rated in this evaluation."),
            )
        ]

    def __str__(self):
        return f"{self.goal}: {self.get_rating_display()}"

    def clean(self):
        evaluation = getattr(self, "evaluation", None)  # unsaved while the evaluation is added
        mismatched = (
            self.goal_id
            and evaluation is not None
            and evaluation.enrolment_id
            and self.goal.version.programme.enrolment_id != evaluation.enrolment_id
        )
        if mismatched:
            raise ValidationError({"goal": _("Choose a goal of this participant's programme.")})


class AttendanceDayQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class AttendanceDay(models.Model):
    """A participant's attendance on one day, as the register the annual report's monthly
    attendance is counted from."""

    person_path = "enrolment__person"

    class Code(models.TextChoices):
        PRESENT = "present", _("present")
        PRACTICE = "practice", _("at vocational practice")
        EXCUSED = "excused", _("excused absence")
        UNEXCUSED = "unexcused", _("unexcused absence")
        CLOSED = "closed", _("workshop closed")
        REMOTE = "remote", _("remote")

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="attendance",
        on_delete=models.CASCADE,
    )
    day = models.DateField(_("day"))
    code = models.CharField(_("attendance"), max_length=12, choices=Code.choices)
    recorded_by = user_who(_("recorded by"))

    objects = AttendanceDayQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance day")
        verbose_name_plural = _("attendance register")
        # By the enrolment's id, not its own ordering (workshop, admission), which would join
        # and sort the whole register for one page; the day and the enrolment are unique
        # together, so the order is total and an index serves it.
        ordering = ["-day", "enrolment_id"]
        indexes = [models.Index(fields=["-day", "enrolment"], name="participants_attendance_days")]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "day"], name="participants_attendance_once"
            )
        ]

    def __str__(self):
        return f"{self.enrolment.person}, {formats.day(self.day)}: {self.get_code_display()}"


class AllowancePaymentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class AllowancePayment(TimeStampedModel):
    """The economic-training allowance (trening ekonomiczny) of one participant for one month:
    the amount the organiser's rules give, and the amount paid. A difference is flagged."""

    person_path = "enrolment__person"

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="allowance_payments",
        on_delete=models.CASCADE,
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    due_amount = models.DecimalField(
        _("amount under the rules"), max_digits=8, decimal_places=2, editable=False
    )
    amount = models.DecimalField(_("amount paid"), max_digits=8, decimal_places=2)
    unexcused_days = models.PositiveSmallIntegerField(_("unexcused days"), editable=False)
    settled_by = user_who(_("settled by"))

    objects = AllowancePaymentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("economic-training allowance")
        verbose_name_plural = _("economic-training allowances")
        ordering = ["-month", "enrolment_id"]  # as the attendance register's, for its index
        indexes = [
            models.Index(fields=["-month", "enrolment"], name="participants_allowance_months")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "month"], name="participants_allowance_once_a_month"
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="participants_allowance_not_negative"
            ),
            bounded(
                "due_amount",
                low=0,
                name="participants_allowance_due_not_negative",
                message=_("An amount cannot be negative."),
            ),
            bounded(
                "unexcused_days",
                low=0,
                high=31,
                name="participants_allowance_days_in_range",
                message=_("A month has at most 31 days."),
            ),
        ]

    def __str__(self):
        month, paid = formats.month(self.month), formats.amount(self.amount)
        return f"{self.enrolment.person}, {month}: {paid} zł"

    @property
    def differs_from_rules(self) -> bool:
        return self.amount != self.due_amount
