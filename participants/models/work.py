"""Towards work: the programme council's readiness position and the referral to the cooperative."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import TimeStampedModel
from organisations.models import Cooperative
from participants import rules, scoping
from participants.models.admission import Enrolment
from participants.models.people import Consent, Person
from wtz.models import Workshop


class ReadinessQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.enrolment_records_visible_to(self, user)


class Readiness(TimeStampedModel):
    """The programme council's position that a participant is ready for work, with a summary of
    skills and availability written for an employer (it may be shared through a referral)."""

    person_path = "enrolment__person"

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), related_name="readiness", on_delete=models.CASCADE
    )
    decided_on = models.DateField(_("council's position of"))
    is_ready = models.BooleanField(_("ready for work"), default=True)
    skills_summary = models.TextField(
        _("skills, for an employer"),
        help_text=_("What the person can do, in words an employer understands. No diagnoses."),
    )
    availability = models.CharField(
        _("availability"),
        max_length=255,
        blank=True,
        help_text=_("Days and hours, travel, support needed at work."),
    )

    objects = ReadinessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("readiness for work")
        verbose_name_plural = _("readiness for work")
        ordering = ["enrolment", "-decided_on"]

    def __str__(self):
        """Names the person: load ``enrolment__person`` with it in lists."""
        return _("%(person)s: council position of %(date)s") % {
            "person": self.enrolment.person,
            "date": formats.day(self.decided_on),
        }


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.workshop_records_visible_to(self, user)

    def active_on(self, on: datetime.date):
        return self.filter(
            Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on), referred_on__lte=on
        )


class Referral(TimeStampedModel):
    """A workshop refers a person to the cooperative with their consent: the only way the
    cooperative ever sees a candidate, and then only the fields the referral shares."""

    person_path = "person"

    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="referrals", on_delete=models.CASCADE
    )
    workshop = models.ForeignKey(
        Workshop, verbose_name=_("referred by"), related_name="referrals", on_delete=models.PROTECT
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="referrals",
        on_delete=models.PROTECT,
    )
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent"),
        related_name="referrals",
        on_delete=models.PROTECT,
        help_text=_("The person's (or guardian's) consent to share these data."),
    )
    readiness = models.ForeignKey(
        Readiness,
        verbose_name=_("readiness position"),
        related_name="referrals",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    referred_on = models.DateField(_("referred on"))
    shares_contact = models.BooleanField(_("shares contact details"), default=False)
    shares_skills = models.BooleanField(_("shares the skills summary"), default=True)
    shares_availability = models.BooleanField(_("shares availability"), default=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral to the cooperative")
        verbose_name_plural = _("referrals to the cooperative")
        ordering = ["-referred_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True)
                | Q(withdrawn_on__gte=models.F("referred_on")),
                name="participants_referral_withdrawn_after_referred",
                violation_error_message=_("A referral cannot be withdrawn before it was made."),
            )
        ]

    def __str__(self):
        return f"{self.person} → {self.cooperative}"

    def clean(self):
        if self.person_id and self.workshop_id:
            rules.check_held_by(self.person, self.workshop.organiser_id)
        rules.check_referral(self)
