"""The log of who read whose record."""

from django.conf import settings
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from participants.models.people import Person


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        # Who read what is itself sensitive: administrators audit it.
        return self if user.is_superuser else self.none()


class AccessLog(models.Model):
    """One read of one person's data: who, when, how (a record, a list, a choice offered in a
    form, an export, an import file checked against the records) and where.

    Append-only: rows are written by ``participants.access.log_reads`` and never changed. Who read
    a record outlives the record: when a person is deleted, ``person`` empties and ``person_ref``
    keeps the id their history copies carry. A checked import file leaves a row without a person
    too, so that every check is traced, and counted against the hourly limit.
    """

    person_path = "person"  # reading the log reads whom it names: that is logged too

    class Kind(models.TextChoices):
        RECORD = "record", _("opened the record")
        LIST = "list", _("listed")
        CHOICE = "choice", _("offered as a choice")
        EXPORT = "export", _("exported")
        IMPORT = "import", _("checked an import file")

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        related_name="access_log",
        # The log outlives the record: deleting a person empties ``person`` here, found by
        # ``person_ref`` (see ``forget_deleted_person``), whose index every read of one person's
        # log uses — an index of this column too would double the largest table's writes.
        on_delete=models.DO_NOTHING,
        db_index=False,
        null=True,
        blank=True,
    )
    person_ref = models.PositiveBigIntegerField(
        _("person's id"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Kept when the person's record is deleted."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="+",
        on_delete=models.PROTECT,  # an audit trail must keep who read
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    where = models.CharField(_("page or endpoint"), max_length=255)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            # The list, newest first; also what the retention deletes, by date.
            models.Index(fields=["-at", "-id"], name="participants_access_newest"),
            models.Index(fields=["person_ref", "-at"], name="participants_access_person"),
            # The hourly limit on import checks counts a user's recent checks.
            models.Index(fields=["user", "kind", "-at"], name="participants_access_user_kind"),
        ]

    def __str__(self):
        at = date_format(timezone.localtime(self.at), "SHORT_DATETIME_FORMAT")
        return f"{self.user_id} {self.get_kind_display()} {self.person_ref} {at}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("The access log is append-only.")
        super().save(*args, **kwargs)


@receiver(pre_delete, sender=Person, dispatch_uid="participants_access_forget_deleted_person")
def forget_deleted_person(sender, instance, **kwargs):
    """Empties the deleted person's link in the log, by ``person_ref`` (indexed), before the
    person's row goes: the log keeps who read the record, and the id."""
    AccessLog.objects.filter(person_ref=instance.pk).update(person=None)


class AnonymisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_superuser else self.none()


class Anonymisation(models.Model):
    """That a person's identity and free text were removed, when, by whom and why: the one trace
    of the person an anonymisation keeps (their record's id, which the reports' rows still carry).
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("at the person's or controller's request")
        RETENTION = "retention", _("the retention period ended")

    person_ref = models.PositiveBigIntegerField(_("person's id"), db_index=True, editable=False)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    done_at = models.DateTimeField(_("done at"), auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Empty when the scheduled retention run did it."),
    )

    objects = AnonymisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-done_at"]

    def __str__(self):
        at = date_format(timezone.localtime(self.done_at), "SHORT_DATETIME_FORMAT")
        return f"{self.person_ref} {self.get_reason_display()} {at}"
