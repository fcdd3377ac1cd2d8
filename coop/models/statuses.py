"""A person's situations that the law counts — unemployment, homelessness, leaving foster care… —
recorded once, dated, with the evidence the cooperative was shown. Which act counts which status
is ``coop.statuses``."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.models import DateRangeModel, DateRangeQuerySet
from coop import scoping
from coop.statuses import Status
from organisations.models import Cooperative
from participants.models import Person


class SocialStatusQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.cooperative_people_visible_to(self, user)


class SocialStatus(DateRangeModel):
    """One situation of one person, from the day it began (or was first shown) to the day it
    ended; an empty end while it lasts."""

    person_path = "person"

    Kind = Status

    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="social_statuses",
        on_delete=models.CASCADE,
        help_text=_("The cooperative that was shown the evidence and keeps it."),
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="social_statuses", on_delete=models.PROTECT
    )
    kind = models.CharField(_("status"), max_length=20, choices=Kind.choices)
    evidence = models.CharField(
        _("evidence"),
        max_length=255,
        help_text=_("The document shown, e.g. a labour office certificate of 3 March 2025."),
    )

    objects = SocialStatusQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("social status")
        verbose_name_plural = _("social statuses")
        ordering = ["cooperative", "starts_on", "pk"]
        indexes = [
            models.Index(fields=["cooperative", "starts_on", "id"], name="coop_status_list"),
            models.Index(fields=["person", "starts_on"], name="coop_status_person"),
        ]
        constraints = [DateRangeModel.range_constraint("coop_socialstatus_dates_in_order")]

    def __str__(self):
        return f"{self.person}: {self.get_kind_display()}"
