"""People who are members of the cooperative (organisations are members in ``coop``)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.integrity import explain_constraint
from common.models import DateRangeModel, DateRangeQuerySet
from coop.models import Cooperative
from employment import rules, scoping
from employment.models.jobs import Employment
from participants.models import Person

OVERLAP_MESSAGE = _("The person is already a member in that period.")
# Held by the database too on PostgreSQL (migration 0008_memberships_never_overlap).
explain_constraint("employment_membership_no_overlap", OVERLAP_MESSAGE)


class PersonMembershipQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.cooperative_people_visible_to(self, user)


class PersonMembership(DateRangeModel):
    """A natural person's membership of the cooperative: a founder, or an employee who joined —
    with the disadvantaged group they belong to and its evidence (SC-03, SC-05)."""

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
    disadvantaged_group = models.CharField(
        _("disadvantaged group"),
        max_length=20,
        choices=Employment.DisadvantagedGroup.choices,
        default=Employment.DisadvantagedGroup.DISABLED,
    )
    disadvantaged_evidence = models.CharField(
        _("evidence of the group"), max_length=255, blank=True
    )

    objects = PersonMembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members (people)")
        ordering = ["cooperative", "starts_on", "pk"]
        constraints = [DateRangeModel.range_constraint("employment_membership_dates_in_order")]

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
