"""The way into a workshop and out of it: the organiser's reserve list, vacancies, enrolment and
exit, and the rooms a participant attends."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import DateRangeModel, DateRangeQuerySet, TimeStampedModel, user_who
from organisations.models import Organisation
from participants import rules, scoping
from participants.models.people import DisabilityCertificate, Person
from wtz.models import Room, Workshop


class WaitingListEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.organiser_records_visible_to(self, user)

    def open(self):
        return self.filter(status__in=WaitingListEntry.OPEN_STATUSES)


class WaitingListEntry(TimeStampedModel):
    """An application to the workshops of one organiser, and the person's place on its reserve
    list once approved (with the PCPR) until they are admitted or the entry is closed.

    A returnee — someone who left a workshop for a job, lost it and applied again within the
    window — is flagged for priority; both dates that could start the window are kept, because
    the law's wording leaves open which one counts (a policy parameter decides).
    """

    person_path = "person"

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied, awaiting approval")
        WAITING = "waiting", _("approved, waiting for a place")
        ADMITTED = "admitted", _("admitted")
        CLOSED = "closed", _("closed")

    OPEN_STATUSES = (Status.APPLIED, Status.WAITING)

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        related_name="waiting_list_entries",
        on_delete=models.CASCADE,
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        related_name="waiting_list_entries",
        on_delete=models.PROTECT,  # the organiser keeps the list by law (art. 10f ust. 2a)
    )
    preferred_workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("preferred workshop"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    applied_on = models.DateField(_("applied on"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    pcpr_reference = models.CharField(
        _("PCPR agreement reference"),
        max_length=120,
        blank=True,
        help_text=_("Approval is agreed with the county family support centre (PCPR)."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLIED
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("why closed"), max_length=255, blank=True)
    left_workshop_for_work_on = models.DateField(
        _("left a workshop for work on"),
        null=True,
        blank=True,
        help_text=_("For a returnee: the day they left a workshop to take up a job."),
    )
    job_lost_on = models.DateField(
        _("lost the job on"),
        null=True,
        blank=True,
        help_text=_("For a returnee: the day that job ended."),
    )
    has_priority = models.BooleanField(
        _("returnee priority"),
        default=False,
        editable=False,
        help_text=_("Set from the dates above and the priority window in force (WTZ-04)."),
    )

    objects = WaitingListEntryQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reserve list entry")
        verbose_name_plural = _("reserve list")
        # The organiser by its key, not its name: the list then reads in the order of an index
        # (a national instance's reserve lists hold tens of thousands of entries); within an
        # organiser, the queue's own order.
        ordering = ["organiser_id", "-has_priority", "approved_on", "applied_on", "-id"]
        indexes = [
            models.Index(
                fields=["organiser", "-has_priority", "approved_on", "applied_on", "-id"],
                name="participants_reserve_queue",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organiser"],
                condition=Q(status__in=["applied", "waiting"]),
                name="participants_waitinglist_one_open_per_organiser",
                violation_error_message=_("The person is already on this organiser's list."),
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True) | Q(approved_on__gte=models.F("applied_on")),
                name="participants_waitinglist_approved_after_applied",
                violation_error_message=_("Approval cannot come before the application."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.organiser}"

    def clean(self):
        if self.person_id:
            rules.check_held_by(self.person, self.organiser_id)
        rules.check_approval(self)
        rules.check_open_application(self)


class VacancyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user, ids_first=True)

    def unfilled(self):
        return self.filter(filled_by__isnull=True)


class Vacancy(models.Model):
    """A place freed when a participant left, until the next admission fills it (oldest first).

    Vacancies make "places refilled after exits to work" countable: each exit's vacancy records
    when, and by whom, it was filled.
    """

    person_path = "freed_by__person"

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="vacancies", on_delete=models.CASCADE
    )
    opened_on = models.DateField(_("free since"))
    freed_by = models.OneToOneField(
        "participants.Enrolment",
        verbose_name=_("freed by the exit of"),
        related_name="freed_vacancy",
        on_delete=models.CASCADE,
    )
    filled_by = models.OneToOneField(
        "participants.Enrolment",
        verbose_name=_("filled by the admission of"),
        related_name="filled_vacancy",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    filled_on = models.DateField(_("filled on"), null=True, blank=True)

    objects = VacancyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["workshop_id", "opened_on", "pk"]  # by key, as an index reads them
        indexes = [
            models.Index(fields=["workshop", "opened_on", "id"], name="participants_vacancy_order")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(filled_by__isnull=True, filled_on__isnull=True)
                | Q(filled_by__isnull=False, filled_on__isnull=False),
                name="participants_vacancy_filled_with_date",
            )
        ]

    def __str__(self):
        return _("Place free since %(date)s") % {"date": formats.day(self.opened_on)}


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)

    def active_on(self, on):
        return self.filter(Q(exited_on__isnull=True) | Q(exited_on__gte=on), admitted_on__lte=on)


class Enrolment(TimeStampedModel):
    """A person's participation in one workshop, from admission to exit. An exit always has a
    reason; an exit to work names the employer and the kind of contract."""

    person_path = "person"

    class ExitReason(models.TextChoices):
        WORK_OPEN_MARKET = "work_open", _("work: open labour market")
        WORK_SOCIAL_COOPERATIVE = "work_sc", _("work: social cooperative")
        WORK_ZAZ = "work_zaz", _("work: sheltered work establishment (ZAZ)")
        WORK_ZPCHR = "work_zpchr", _("work: sheltered work enterprise (ZPChr)")
        SELF_EMPLOYMENT = "self_employed", _("work: self-employment")
        SUPPORT_CENTRE = "support_centre", _("referred to a support centre (ŚDS)")
        CARE_HOME = "care_home", _("residential care home (DPS)")
        HEALTH = "health", _("health deterioration")
        RESIGNATION = "resignation", _("resignation")
        MOVED = "moved", _("moved away")
        DEATH = "death", _("death")
        CERTIFICATE_EXPIRED = "certificate", _("certificate expired without a new one")
        REMOVED = "removed", _("removed under the workshop's rules")
        OTHER = "other", _("other")

    WORK_REASONS = (
        ExitReason.WORK_OPEN_MARKET,
        ExitReason.WORK_SOCIAL_COOPERATIVE,
        ExitReason.WORK_ZAZ,
        ExitReason.WORK_ZPCHR,
        ExitReason.SELF_EMPLOYMENT,
    )

    class ClubAnswer(models.TextChoices):
        ACCEPTED = "accepted", _("offered and taken up")
        DECLINED = "declined", _("offered and declined")

    class ContractType(models.TextChoices):
        EMPLOYMENT = "employment", _("employment contract")
        COOPERATIVE_EMPLOYMENT = "coop_employment", _("cooperative employment contract")
        CIVIL_LAW = "civil", _("civil-law contract")
        SELF_EMPLOYMENT = "self", _("self-employment")
        OTHER = "other", _("other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="enrolments", on_delete=models.PROTECT
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), related_name="enrolments", on_delete=models.PROTECT
    )
    application = models.ForeignKey(
        WaitingListEntry,
        verbose_name=_("application"),
        related_name="enrolments",
        on_delete=models.PROTECT,
    )
    admitted_on = models.DateField(_("admitted on"))
    certificate = models.ForeignKey(
        DisabilityCertificate,
        verbose_name=_("certificate at admission"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    certificate_override_reason = models.CharField(
        _("admitted without the certificate because"),
        max_length=255,
        blank=True,
        help_text=_("Only when admitting without a certificate indicating occupational therapy."),
    )
    passed_over = models.ForeignKey(
        "WaitingListEntry",
        verbose_name=_("admitted ahead of"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The application the reserve list proposed first on the day of admission."),
    )
    order_override_reason = models.CharField(
        _("admitted ahead of the list's order because"),
        max_length=255,
        blank=True,
    )
    admitted_by = user_who(_("admitted by"))
    exited_on = models.DateField(_("left on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("reason for leaving"), max_length=16, choices=ExitReason.choices, blank=True
    )
    exit_employer = models.ForeignKey(
        Organisation,
        verbose_name=_("employer"),
        related_name="hired_from_workshops",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    exit_contract_type = models.CharField(
        _("contract"), max_length=16, choices=ContractType.choices, blank=True
    )
    exit_notes = models.TextField(_("notes on leaving"), blank=True)
    club_activities = models.CharField(
        _("club activities (art. 10g)"),
        max_length=16,
        choices=ClubAnswer.choices,
        blank=True,
        help_text=_("Offered on leaving for work (WTZ-16): taken up or declined."),
    )

    objects = EnrolmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["workshop", "-admitted_on"]
        indexes = [
            # The lists, newest admissions first (a workshop's own: its foreign key's index).
            models.Index(fields=["-admitted_on", "-id"], name="participants_enrolment_newest")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(exited_on__isnull=True),
                name="participants_enrolment_one_active_per_person",
                violation_error_message=_("The person already attends a workshop."),
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True) | Q(exited_on__gte=models.F("admitted_on")),
                name="participants_enrolment_exit_after_admission",
                violation_error_message=_("A participant cannot leave before being admitted."),
            ),
            models.CheckConstraint(
                condition=Q(exited_on__isnull=True, exit_reason="")
                | (Q(exited_on__isnull=False) & ~Q(exit_reason="")),
                name="participants_enrolment_exit_has_reason",
                violation_error_message=_("WTZ-15: every exit has a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.workshop}"

    def clean(self):
        if self.person_id and self.workshop_id:
            rules.check_held_by(self.person, self.workshop.organiser_id)

    @property
    def is_exit_to_work(self) -> bool:
        return self.exit_reason in self.WORK_REASONS


class RoomAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class RoomAssignment(DateRangeModel):
    """A participant attends a room (pracownia) for a period; rooms rotate."""

    person_path = "enrolment__person"

    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name=_("enrolment"),
        related_name="room_assignments",
        on_delete=models.CASCADE,
    )
    room = models.ForeignKey(
        Room, verbose_name=_("room"), related_name="assignments", on_delete=models.PROTECT
    )

    objects = RoomAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room assignment")
        verbose_name_plural = _("room assignments")
        ordering = ["enrolment", "-starts_on"]
        constraints = [DateRangeModel.range_constraint("participants_roomassignment_dates")]

    def __str__(self):
        return f"{self.room} ({formats.day(self.starts_on)})"

    def clean(self):
        if (
            self.enrolment_id
            and self.room_id
            and self.room.workshop_id != self.enrolment.workshop_id
        ):
            raise ValidationError({"room": _("The room belongs to another workshop.")})
