"""What the reports keep of their own: runs frozen as they were sent, and the territories whose
headline figures an administrator has made public. Every figure is read from the other apps."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.models import Territory


class ReportRunQuerySet(models.QuerySet):
    def readable_by(self, territory_codes: list[str]) -> "ReportRunQuerySet":
        """Runs of the territories under any of ``territory_codes`` (a user's report roots)."""
        condition = models.Q(pk__in=[])
        for code in territory_codes:
            condition |= models.Q(territory__code__startswith=code)
        return self.filter(condition)


class ReportRun(models.Model):
    """A report as it was sent: its protected figures, the assumptions it used and the policy
    values known that day, who froze it and why. Never changed afterwards: a later correction of
    the data, or a value published later with retroactive effect, does not rewrite it; its page
    shows what would differ if it were made today."""

    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), related_name="+", on_delete=models.PROTECT
    )
    period = models.CharField(_("period"), max_length=10)
    purpose = models.CharField(
        _("purpose"),
        max_length=255,
        help_text=_("Where it is sent or what it is for, e.g. “for the county council, March”."),
    )
    assumptions = models.JSONField(_("assumptions changed"), default=dict, blank=True)
    figures = models.JSONField(_("figures"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    frozen_on = models.DateField(
        _("figures as known on"),
        help_text=_("The data and the policy values as Ścieżka knew them on this day."),
    )

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("frozen report")
        verbose_name_plural = _("frozen reports")
        ordering = ["-frozen_at", "-pk"]
        indexes = [
            models.Index(fields=["territory", "-frozen_at"], name="reports_run_territory_time")
        ]

    def __str__(self):
        return f"{self.territory.name}, {self.period} ({self.frozen_on})"


class PublicReport(models.Model):
    """A territory whose headline figures anyone may read without logging in — for councillors
    and citizens — with the same protection as the officers' page."""

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("territory"),
        related_name="public_report",
        on_delete=models.PROTECT,
    )
    switched_on_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("switched on by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
    )
    switched_on_at = models.DateTimeField(_("switched on at"), auto_now_add=True)

    class Meta:
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        ordering = ["territory__code"]

    def __str__(self):
        return str(self.territory)


class FigureRefresh(models.Model):
    """That a voivodeship's figures are stored (``reports.stored``), for which day, and whether a
    record they count has changed since."""

    root = models.CharField(_("voivodeship (TERYT)"), max_length=2, unique=True)
    computed_for = models.DateField(_("figures as of"))
    # Set by the refresh, never typed.
    first_year = models.PositiveSmallIntegerField(_("first year stored"), editable=False)
    last_year = models.PositiveSmallIntegerField(_("last year stored"), editable=False)
    started_at = models.DateTimeField(_("counting started at"))
    finished_at = models.DateTimeField(_("stored at"))
    changed_at = models.DateTimeField(
        _("a counted record changed at"),
        null=True,
        blank=True,
        help_text=_("Set by a change the figures do not hold yet; cleared by the next refresh."),
    )

    class Meta:
        verbose_name = _("stored figures of a voivodeship")
        verbose_name_plural = _("stored figures of voivodeships")
        ordering = ["root"]

    def __str__(self):
        return f"{self.root} ({self.computed_for})"


class StoredFigures(models.Model):
    """One unit's protected figures of one period (a flow) or one day (a stock), as the last
    refresh of its voivodeship counted them: ``{indicator: [value, status]}``."""

    root = models.CharField(_("voivodeship (TERYT)"), max_length=2)
    unit = models.CharField(_("territory (TERYT)"), max_length=7)
    key = models.CharField(_("period or day"), max_length=10)
    figures = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        constraints = [
            models.UniqueConstraint(
                fields=["root", "unit", "key"], name="reports_storedfigures_once"
            )
        ]

    def __str__(self):
        return f"{self.unit} {self.key}"
