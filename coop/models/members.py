"""The cooperative's members over time: legal persons (NGOs, local governments, church legal
persons) and people — founders, and employees who joined (SC-01..04, SC-07, DIS-07)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.integrity import explain_constraint
from common.models import DateRangeModel, DateRangeQuerySet
from coop import rules, scoping
from organisations.models import Cooperative, Organisation
from participants.models import Person


class MembershipQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.cooperative_records_visible_to(self, user)


class OrganisationMembership(DateRangeModel):
    """A legal person — an NGO, a local government, a church legal person — member of the
    cooperative, from joining (or founding) to leaving."""

    ALLOWED_KINDS = (
        Organisation.Kind.NGO,
        Organisation.Kind.GMINA,
        Organisation.Kind.POWIAT,
        Organisation.Kind.VOIVODESHIP,
        Organisation.Kind.CHURCH,
    )

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="organisation_members",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("member"),
        related_name="cooperative_memberships",
        on_delete=models.PROTECT,
    )
    is_founder = models.BooleanField(_("founder"), default=False)
    resolution = models.CharField(
        _("resolution or decision to join"),
        max_length=160,
        blank=True,
        help_text=_("E.g. the council's resolution by which a local government joined."),
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member organisation")
        verbose_name_plural = _("member organisations")
        ordering = ["cooperative", "starts_on"]
        constraints = [DateRangeModel.range_constraint("coop_orgmembership_dates_in_order")]

    def __str__(self):
        return f"{self.organisation} — {self.cooperative}"

    def clean(self):
        if self.organisation_id and self.organisation.kind not in self.ALLOWED_KINDS:
            raise ValidationError(
                {
                    "organisation": rules.SC_01.error(
                        _(
                            "only foundations and associations, local governments and church "
                            "legal persons may be members of a social cooperative."
                        )
                    )
                }
            )


OVERLAP_MESSAGE = _("The person is already a member in that period.")
# Held by the database too on PostgreSQL (an exclusion constraint, see the migrations).
explain_constraint("coop_membership_no_overlap", OVERLAP_MESSAGE)


class PersonMembershipQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.cooperative_people_visible_to(self, user)


class PersonMembership(DateRangeModel):
    """A natural person's membership of the cooperative: a founder, or an employee who joined.
    Whether the member comes from a disadvantaged group (SC-03) is the person's social status on
    the day, recorded once (``SocialStatus``)."""

    person_path = "person"

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="person_members",
        on_delete=models.CASCADE,
    )
    person = models.ForeignKey(
        Person, verbose_name=_("member"), related_name="memberships", on_delete=models.PROTECT
    )
    is_founder = models.BooleanField(_("founder"), default=False)

    objects = PersonMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members (people)")
        ordering = ["cooperative", "starts_on", "pk"]
        constraints = [DateRangeModel.range_constraint("coop_membership_dates_in_order")]

    def __str__(self):
        return f"{self.person} — {self.cooperative}"

    def clean(self):
        if self.is_founder and self.person_id:
            rules.check_founder_capacity(self.person)
        if self.person_id and self.cooperative_id and self.starts_on:
            overlapping = (
                PersonMembership.objects.filter(person=self.person, cooperative=self.cooperative)
                .exclude(pk=self.pk)
                .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=self.starts_on))
            )
            if self.ends_on:
                overlapping = overlapping.filter(starts_on__lte=self.ends_on)
            if overlapping.exists():
                raise ValidationError(OVERLAP_MESSAGE)


class MembershipOffer(models.Model):
    """SC-07: the cooperative offered membership to an employee — and whether they took it up.
    An offer declined fulfils the duty as much as one accepted: the to-do stops asking."""

    person_path = "person"

    class Answer(models.TextChoices):
        PENDING = "pending", _("no answer yet")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="membership_offers",
        on_delete=models.CASCADE,
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("employee"),
        related_name="membership_offers",
        on_delete=models.PROTECT,
    )
    offered_on = models.DateField(_("offered on"))
    answer = models.CharField(
        _("answer"), max_length=16, choices=Answer.choices, default=Answer.PENDING
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = PersonMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership offer")
        verbose_name_plural = _("membership offers")
        ordering = ["cooperative", "-offered_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("offered_on")),
                name="coop_membershipoffer_answer_after_offer",
                violation_error_message=_("An answer comes after the offer."),
            )
        ]

    def __str__(self):
        return _("Membership offered to %(person)s on %(date)s") % {
            "person": self.person,
            "date": formats.day(self.offered_on),
        }

    def clean(self):
        if self.answer != self.Answer.PENDING and self.answered_on is None:
            raise ValidationError({"answered_on": _("Give the day of the answer.")})
