"""The log of who read whose record."""

from django.conf import settings
from django.db import models
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
        on_delete=models.SET_NULL,  # the log outlives the record; person_ref keeps the id
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
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    where = models.CharField(_("page or endpoint"), max_length=255)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [
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
