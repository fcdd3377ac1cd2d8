"""The world the cooperative and the workshops live in: Poland's territorial units (TERYT), the
organisations that run workshops, found the cooperative, employ and commission (a social
cooperative is an organisation too, with its own details), the dated policy parameters every rule
reads, and the assignments that make a user a cooperative's manager or a territory's officer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common import formats
from common.models import (
    DateRangeModel,
    DateRangeQuerySet,
    TimeStampedModel,
    VersionedModel,
    bounded,
)
from organisations import scoping

nip_validator = RegexValidator(r"^\d{10}$", _("A NIP has 10 digits, without dashes."))
regon_validator = RegexValidator(r"^(\d{9}|\d{14})$", _("A REGON has 9 or 14 digits."))
krs_validator = RegexValidator(r"^\d{10}$", _("A KRS number has 10 digits."))


class TerritoryQuerySet(models.QuerySet):
    def within(self, ancestors) -> "TerritoryQuerySet":
        """The given territories and every unit inside them.

        TERYT codes nest (a powiat's code starts with its voivodeship's, a gmina's with its
        powiat's), so a subtree is a prefix match on an indexed column: no recursive query.
        """
        return self.filter(subtree_q(ancestors))


def subtree_q(ancestors, *, field: str = "") -> Q:
    """A filter for rows whose territory (reached through ``field``) lies inside ``ancestors``.

    Evaluates ``ancestors`` once; an empty list matches nothing.
    """
    prefix = f"{field}__" if field else ""
    condition = Q(pk__in=[])
    for code in {territory.code for territory in ancestors}:
        condition |= Q(**{f"{prefix}code__startswith": code})
    return condition


class Territory(models.Model):
    """A unit of Poland's territorial division (TERYT): a voivodeship, a powiat or a gmina.

    A city with powiat rights is a single unit that is both a powiat and a gmina: it is stored once,
    at the powiat level, with ``is_city_with_powiat_rights`` set.
    """

    class Level(models.TextChoices):
        VOIVODESHIP = "voivodeship", _("voivodeship")
        POWIAT = "powiat", _("powiat")
        GMINA = "gmina", _("gmina")

    CODE_LENGTH = {Level.VOIVODESHIP: 2, Level.POWIAT: 4, Level.GMINA: 7}
    PARENT_LEVEL = {Level.POWIAT: Level.VOIVODESHIP, Level.GMINA: Level.POWIAT}

    code = models.CharField(
        _("TERYT code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^\d+$", _("A TERYT code has only digits."))],
        help_text=_("2 digits for a voivodeship, 4 for a powiat, 7 for a gmina (with its type)."),
    )
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        related_name="children",
        on_delete=models.PROTECT,  # removing a region must not silently orphan its gminas
        null=True,
        blank=True,
    )
    is_city_with_powiat_rights = models.BooleanField(
        _("city with powiat rights"),
        default=False,
        help_text=_("A city that is both a powiat and a gmina."),
    )

    objects = TerritoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="voivodeship", parent__isnull=True)
                | (~Q(level="voivodeship") & Q(parent__isnull=False)),
                name="organisations_territory_parent_matches_level",
                violation_error_message=_(
                    "A voivodeship has no parent; a powiat or a gmina must have one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(is_city_with_powiat_rights=False) | Q(level="powiat"),
                name="organisations_territory_city_rights_only_for_powiat",
                violation_error_message=_("Only a powiat can be a city with powiat rights."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_level_display()})"

    def clean(self):
        errors = {}
        expected_length = self.CODE_LENGTH.get(self.level)
        if expected_length and self.code and len(self.code) != expected_length:
            errors["code"] = _("A %(level)s code has %(length)d digits.") % {
                "level": self.get_level_display(),
                "length": expected_length,
            }
        expected_parent = self.PARENT_LEVEL.get(self.level)
        if self.parent_id and expected_parent:
            if self.parent.level != expected_parent:
                errors["parent"] = _("A %(level)s lies in a %(parent)s.") % {
                    "level": self.get_level_display(),
                    "parent": self.Level(expected_parent).label,
                }
            elif self.code and not self.code.startswith(self.parent.code):
                errors["code"] = _("The code must start with the code of %(parent)s.") % {
                    "parent": self.parent.name
                }
        if errors:
            raise ValidationError(errors)


class ReserveListOrder(models.TextChoices):
    APPROVAL = "approved_on", _("by date of approval")
    APPLICATION = "applied_on", _("by date of application")


class Organisation(TimeStampedModel):
    """A legal person in the partnership: a local government unit, an NGO running a workshop, a
    company that orders work, an OWES, or the social cooperative itself."""

    class Kind(models.TextChoices):
        GMINA = "gmina", _("gmina (municipality)")
        POWIAT = "powiat", _("powiat (county)")
        VOIVODESHIP = "voivodeship", _("voivodeship (region)")
        NGO = "ngo", _("foundation or association")
        CHURCH = "church", _("church legal person")
        COMPANY = "company", _("company")
        COOPERATIVE = "cooperative", _("cooperative")
        OWES = "owes", _("social economy support centre (OWES)")
        PUBLIC_BODY = "public_body", _("other public body")
        OTHER = "other", _("other")

    LOCAL_GOVERNMENT = (Kind.GMINA, Kind.POWIAT, Kind.VOIVODESHIP)

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        related_name="organisations",
        on_delete=models.PROTECT,  # reports count money and people by territory
        help_text=_("For a local government unit, the territory it governs; otherwise its seat."),
    )
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[nip_validator])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[regon_validator])
    krs = models.CharField(_("KRS number"), max_length=10, blank=True, validators=[krs_validator])
    reserve_list_order = models.CharField(
        _("reserve list order"),
        max_length=16,
        choices=ReserveListOrder.choices,
        default=ReserveListOrder.APPROVAL,
        help_text=_(
            "For a workshop organiser: who is offered a freed place first, after returnees who "
            "have priority by law."
        ),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="organisations_organisation_unique_nip",
                violation_error_message=_("An organisation with this NIP already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_local_government(self) -> bool:
        return self.kind in self.LOCAL_GOVERNMENT


class CooperativeQuerySet(models.QuerySet):
    def visible_to(self, user):
        return scoping.cooperatives_visible_to(self, user)


class Cooperative(TimeStampedModel):
    """A social cooperative (spółdzielnia socjalna) run with the workshops' organisers, where
    participants practise, train and are employed. Its legal identity is its organisation."""

    class FounderKind(models.TextChoices):
        LEGAL_PERSONS = "legal", _("legal persons")
        NATURAL_PERSONS = "natural", _("natural persons")

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        related_name="cooperative",
        on_delete=models.PROTECT,  # a cooperative's history outlives edits to the registry
    )
    founder_kind = models.CharField(
        _("founded by"),
        max_length=8,
        choices=FounderKind.choices,
        default=FounderKind.LEGAL_PERSONS,
    )
    registered_on = models.DateField(_("entered in the KRS on"), null=True, blank=True)
    social_enterprise_since = models.DateField(
        _("social enterprise since"),
        null=True,
        blank=True,
        help_text=_("The voivode's decision granting the status (UES)."),
    )
    social_enterprise_decision = models.CharField(
        _("decision on the status"), max_length=120, blank=True
    )
    social_enterprise_until = models.DateField(_("social enterprise until"), null=True, blank=True)
    last_audit_on = models.DateField(
        _("last audit (lustracja) on"),
        null=True,
        blank=True,
        help_text=_("The next one is due within the years in force (SC-11)."),
    )

    objects = CooperativeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("social cooperative")
        verbose_name_plural = _("social cooperatives")
        ordering = ["organisation__name"]

    def __str__(self):
        return self.organisation.name

    # The rules about a cooperative itself (its name, SC-09; who may control a social
    # enterprise, PS-06) belong to the cooperative's business, above this layer: the coop app
    # registers them here when it starts, and ``full_clean`` applies them.
    checks: list = []

    def clean(self):
        for check in self.checks:
            check(self)

    def is_social_enterprise_on(self, on) -> bool:
        return bool(
            self.social_enterprise_since
            and self.social_enterprise_since <= on
            and (self.social_enterprise_until is None or self.social_enterprise_until >= on)
        )


class ManagerAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.manager_assignments_visible_to(self, user)


class ManagerAssignment(DateRangeModel):
    """Makes a user a manager of a cooperative for a period: they see its records and only them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="cooperative_assignments",
        on_delete=models.CASCADE,
    )
    cooperative = models.ForeignKey(
        Cooperative,
        verbose_name=_("cooperative"),
        related_name="manager_assignments",
        on_delete=models.CASCADE,
    )

    objects = ManagerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("cooperative manager")
        verbose_name_plural = _("cooperative managers")
        ordering = ["cooperative", "user"]
        constraints = [
            DateRangeModel.range_constraint("organisations_managerassignment_dates_in_order")
        ]

    def __str__(self):
        return f"{self.user} → {self.cooperative}"


class OfficerAssignmentQuerySet(DateRangeQuerySet):
    def visible_to(self, user):
        return scoping.officer_assignments_visible_to(self, user)


class OfficerAssignment(DateRangeModel):
    """Makes a user a municipal officer for a territory for a period: they read aggregate reports
    about that territory and everything inside it, and never a single person's record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="territory_assignments",
        on_delete=models.CASCADE,
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        related_name="officer_assignments",
        on_delete=models.PROTECT,
    )

    objects = OfficerAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipal officer")
        verbose_name_plural = _("municipal officers")
        ordering = ["territory", "user"]
        constraints = [
            DateRangeModel.range_constraint("organisations_officerassignment_dates_in_order")
        ]

    def __str__(self):
        return f"{self.user} → {self.territory}"


class LocalBudget(TimeStampedModel):
    """A local government's total budget expenditure in a year, as its budget report states it:
    the base of the national social-economy programme's indicator (KPRES), the share of a local
    government's budget commissioned to social-economy entities."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("local government"),
        related_name="budgets",
        on_delete=models.PROTECT,
        limit_choices_to={"kind__in": Organisation.LOCAL_GOVERNMENT},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    expenditure = models.DecimalField(_("total expenditure (zł)"), max_digits=15, decimal_places=2)
    source = models.CharField(
        _("source"),
        max_length=255,
        help_text=_("The document the figure comes from, e.g. the Rb-28S report for the year."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("local government budget")
        verbose_name_plural = _("local government budgets")
        ordering = ["organisation__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"],
                name="organisations_localbudget_once_a_year",
                violation_error_message=_(
                    "This local government's budget for the year is recorded."
                ),
            ),
            bounded(
                "expenditure",
                low=0,
                name="organisations_localbudget_expenditure_not_negative",
                message=_("An amount cannot be negative."),
            ),
            bounded(
                "year",
                low=1999,
                high=2100,
                name="organisations_localbudget_year_in_range",
                message=_("Enter a year from 1999 to 2100."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}, {self.year}"

    def clean(self):
        if self.organisation_id and not self.organisation.is_local_government:
            raise ValidationError(
                {"organisation": _("Only a gmina, a powiat or a voivodeship has a budget here.")}
            )


class PolicyParameter(VersionedModel):
    """One dated value of a legal or organisational threshold: hours, intervals, caps, shares,
    amounts. Rules read the value in force on the date of the fact, never a constant, so a law that
    changes on 1 January changes the rule from that day and no earlier.

    ``known_on`` is when the value became known: a change published later with retroactive effect
    is a new row, and a report already sent can be reproduced from the values known at that time.
    A value for an organiser overrides one for its region, which overrides the national value.
    """

    class Key(models.TextChoices):
        # Workshops (WTZ)
        WTZ_MAX_DAILY_HOURS = "wtz.max_daily_hours", _("WTZ: class hours per day, at most")
        WTZ_MAX_WEEKLY_HOURS = "wtz.max_weekly_hours", _("WTZ: class hours per week, at most")
        WTZ_FULL_FUNDING_WEEKLY_HOURS = (
            "wtz.full_funding_weekly_hours",
            _("WTZ: weekly hours that earn full PFRON funding"),
        )
        WTZ_MIN_PARTICIPANTS = "wtz.min_participants", _("WTZ: participants, at least")
        WTZ_MAX_PARTICIPANTS_PER_STAFF = (
            "wtz.max_participants_per_direct_staff",
            _("WTZ: participants per staff member working directly with them, at most"),
        )
        WTZ_PFRON_AMOUNT_PER_PLACE = (
            "wtz.pfron_amount_per_place_year",
            _("WTZ: PFRON amount per participant per year (zł)"),
        )
        WTZ_RESERVE_PRIORITY_DAYS = (
            "wtz.reserve_priority_window_days",
            _("Reserve list: days within which a returnee after a lost job has priority"),
        )
        WTZ_RESERVE_PRIORITY_FROM = (
            "wtz.reserve_priority_window_from",
            _("Reserve list: the priority window counts from (1 = job loss, 2 = leaving WTZ)"),
        )
        WTZ_CERTIFICATE_GRACE_MONTHS = (
            "wtz.certificate_grace_months",
            _("WTZ: months after the certificate's expiry month that participation may continue"),
        )
        WTZ_PERIODIC_EVALUATION_MONTHS = (
            "wtz.periodic_evaluation_months",
            _("WTZ: months between periodic evaluations, at most"),
        )
        WTZ_COMPREHENSIVE_EVALUATION_MONTHS = (
            "wtz.comprehensive_evaluation_months",
            _("WTZ: months between comprehensive evaluations, at most"),
        )
        WTZ_FIRST_COMPREHENSIVE_MIN_MONTHS = (
            "wtz.first_comprehensive_min_months",
            _("WTZ: first comprehensive evaluation, months after start, at least"),
        )
        WTZ_FIRST_COMPREHENSIVE_MAX_MONTHS = (
            "wtz.first_comprehensive_max_months",
            _("WTZ: first comprehensive evaluation, months after start, at most"),
        )
        WTZ_UNEXCUSED_ABSENCE_LIMIT = (
            "wtz.unexcused_absence_limit_days",
            _("Workshop rules: unexcused absence days in a month before removal may follow"),
        )
        WTZ_ANNUAL_REPORT_DUE_MONTH = (
            "wtz.annual_report_due_month",
            _("Annual report to the powiat: due on the 1st of this month of the next year"),
        )
        WTZ_ANNUAL_REPORT_NOTICE_MONTHS = (
            "wtz.annual_report_notice_months",
            _("Annual report to the powiat: months before the deadline it becomes a task"),
        )
        WTZ_ALLOWANCE_MONTHLY_AMOUNT = (
            "wtz.allowance_monthly_amount",
            _("Economic training: the month's full amount under the workshop's rules (zł)"),
        )
        WTZ_ALLOWANCE_UNEXCUSED_DEDUCTION = (
            "wtz.allowance_unexcused_day_deduction",
            _("Economic training: deducted for each unexcused day (zł)"),
        )
        WTZ_PRACTICE_MAX_WEEKLY_HOURS = (
            "wtz.practice_max_weekly_hours",
            _("Vocational practice: hours per week, at most"),
        )
        WTZ_PRACTICE_MAX_MONTHS = (
            "wtz.practice_max_months",
            _("Vocational practice: months, at most, before an extension"),
        )
        WTZ_PRACTICE_MAX_TOTAL_MONTHS = (
            "wtz.practice_max_total_months",
            _("Vocational practice: months with the extension, at most"),
        )
        WTZ_EQUIPMENT_MAX_SHARE = (
            "wtz.equipment_max_share_percent",
            _("Equipment replaced from PFRON funds: share of the year's funds, at most (%)"),
        )
        WTZ_PRACTICE_MAX_SHARE = (
            "wtz.practice_max_share_percent",
            _("Vocational practice: share of a workshop's participants at once, at most (%)"),
        )
        # Disability certificates
        CERTIFICATE_WARNING_FIRST_DAYS = (
            "dis.certificate_warning_first_days",
            _("Certificate expiry: first warning, days before"),
        )
        CERTIFICATE_WARNING_SECOND_DAYS = (
            "dis.certificate_warning_second_days",
            _("Certificate expiry: second warning, days before"),
        )
        CERTIFICATE_WARNING_THIRD_DAYS = (
            "dis.certificate_warning_third_days",
            _("Certificate expiry: third warning, days before"),
        )
        CERTIFICATE_EARLY_APPLICATION_MONTHS = (
            "dis.certificate_early_application_months",
            _("Certificate renewal: months before expiry an application may be filed"),
        )
        MAX_CAUSE_SYMBOLS = (
            "dis.max_cause_symbols",
            _("Certificate: cause-of-disability symbols, at most"),
        )
        DEGREE_CERTIFICATE_MIN_AGE = (
            "dis.degree_certificate_min_age",
            _("Degree certificate: age of the holder, at least"),
        )
        # Employment of disabled persons
        EMP_MAX_DAILY_HOURS = "emp.max_daily_hours", _("Disabled employee: hours per day, at most")
        EMP_MAX_WEEKLY_HOURS = (
            "emp.max_weekly_hours",
            _("Disabled employee: hours per week, at most"),
        )
        EMP_MAX_DAILY_HOURS_SEVERE = (
            "emp.max_daily_hours_significant_moderate",
            _("Significant or moderate degree: hours per day, at most"),
        )
        EMP_MAX_WEEKLY_HOURS_SEVERE = (
            "emp.max_weekly_hours_significant_moderate",
            _("Significant or moderate degree: hours per week, at most"),
        )
        EMP_EXTRA_BREAK_MINUTES = (
            "emp.extra_break_minutes",
            _("Disabled employee: extra paid break per day (minutes)"),
        )
        EMP_EXTRA_LEAVE_DAYS = (
            "emp.extra_leave_days",
            _("Significant or moderate degree: extra leave days per year"),
        )
        SUBSIDY_BASE_SIGNIFICANT = (
            "emp.subsidy_base_significant",
            _("Wage subsidy: monthly base, significant degree (zł)"),
        )
        SUBSIDY_BASE_MODERATE = (
            "emp.subsidy_base_moderate",
            _("Wage subsidy: monthly base, moderate degree (zł)"),
        )
        SUBSIDY_BASE_MILD = (
            "emp.subsidy_base_mild",
            _("Wage subsidy: monthly base, mild degree (zł)"),
        )
        SUBSIDY_EXTRA_SIGNIFICANT = (
            "emp.subsidy_extra_significant",
            _("Wage subsidy: special-conditions extra, significant degree (zł)"),
        )
        SUBSIDY_EXTRA_MODERATE = (
            "emp.subsidy_extra_moderate",
            _("Wage subsidy: special-conditions extra, moderate degree (zł)"),
        )
        SUBSIDY_EXTRA_MILD = (
            "emp.subsidy_extra_mild",
            _("Wage subsidy: special-conditions extra, mild degree (zł)"),
        )
        EMPLOYER_SHARE_THRESHOLD_FTE = (
            "emp.share_rule_min_employer_fte",
            _("Employers with at least this many FTE must reach the disabled share"),
        )
        EMPLOYER_MIN_DISABLED_SHARE = (
            "emp.min_disabled_share_percent",
            _("Disabled employees' share for larger employers, at least (%)"),
        )
        EMP_EXTRA_LEAVE_AFTER_MONTHS = (
            "emp.extra_leave_after_months",
            _("Extra leave: months after the degree was first assessed before it is due"),
        )
        EMP_EXTRA_LEAVE_MAX_BASE_DAYS = (
            "emp.extra_leave_max_base_days",
            _("Extra leave: not due when the ordinary leave exceeds this many days"),
        )
        EMP_SUBSIDY_FILING_DAY = (
            "emp.subsidy_filing_day",
            _("Wage subsidy: the monthly application is due on this day of the next month"),
        )
        EMP_FOLLOW_UP_FIRST_DAYS = (
            "emp.follow_up_first_days",
            _("Follow-up after a hire: first, days after the start"),
        )
        EMP_FOLLOW_UP_SECOND_DAYS = (
            "emp.follow_up_second_days",
            _("Follow-up after a hire: second, days after the start"),
        )
        EMP_FOLLOW_UP_THIRD_DAYS = (
            "emp.follow_up_third_days",
            _("Follow-up after a hire: third, days after the start"),
        )
        EMP_FOLLOW_UP_FOURTH_DAYS = (
            "emp.follow_up_fourth_days",
            _("Follow-up after a hire: fourth, days after the start"),
        )
        EMP_SOCIAL_PENSION_INCOME_LIMIT = (
            "emp.social_pension_income_limit",
            _("Social pension: monthly income above which it is suspended (zł)"),
        )
        EMP_PERMANENT_ALLOWANCE_CRITERION = (
            "emp.permanent_allowance_income_criterion",
            _("Permanent allowance: income criterion of a person living alone (zł)"),
        )
        # Social cooperatives and social enterprises
        SC_MAX_MEMBERS = "sc.max_members", _("Social cooperative: members, at most")
        SC_MIN_NATURAL_MEMBERS = (
            "sc.min_natural_members",
            _("Social cooperative of natural persons: members, at least"),
        )
        SC_MIN_LEGAL_MEMBERS = (
            "sc.min_legal_members",
            _("Social cooperative of legal persons: members, at least"),
        )
        SC_MAX_NON_DISADVANTAGED_SHARE = (
            "sc.max_non_disadvantaged_share_percent",
            _("Social cooperative: members not from disadvantaged groups, at most (%)"),
        )
        SC_MIN_DISADVANTAGED_WORKFORCE_SHARE = (
            "sc.min_disadvantaged_workforce_share_percent",
            _("Social cooperative: workforce from disadvantaged groups, at least (%)"),
        )
        SC_BELOW_MINIMUM_MONTHS = (
            "sc.below_minimum_months",
            _("Social cooperative: months below the member minimum before liquidation"),
        )
        SC_LEGAL_MIN_EMPLOYEES = (
            "sc.legal_min_disadvantaged_employees",
            _("Cooperative of legal persons: disadvantaged employees, at least"),
        )
        SC_LEGAL_EMPLOYEES_DEADLINE_MONTHS = (
            "sc.legal_employees_deadline_months",
            _("Cooperative of legal persons: months from registration to employ them"),
        )
        SC_MEMBERSHIP_AFTER_MONTHS = (
            "sc.membership_after_months",
            _("Social cooperative: months of employment before membership is offered"),
        )
        SC_THREE_FOUNDERS_DEADLINE_MONTHS = (
            "sc.three_founders_deadline_months",
            _("Three-founder cooperative: months to admit two more members"),
        )
        SC_SURPLUS_RESERVE_SHARE = (
            "sc.surplus_reserve_share_percent",
            _("Surplus to the reserve fund, at least (%)"),
        )
        SC_SURPLUS_REINTEGRATION_SHARE = (
            "sc.surplus_reintegration_share_percent",
            _("Surplus to social and vocational reintegration, at least (%)"),
        )
        SC_AUDIT_INTERVAL_YEARS = "sc.audit_interval_years", _("Cooperative audit: years, at most")
        PS_MIN_EMPLOYEES = "ps.min_employees", _("Social enterprise: employees, at least")
        PS_MIN_FTE = "ps.min_fte", _("Social enterprise: FTE of each counted employee, at least")
        PS_MIN_AT_RISK_SHARE = (
            "ps.min_at_risk_share_percent",
            _("Reintegration social enterprise: employees at risk of exclusion, at least (%)"),
        )
        PS_PAY_CAP_MULTIPLE = (
            "ps.pay_cap_multiple",
            _("Social enterprise: monthly pay, at most this multiple of the average wage"),
        )
        SC_WORKFORCE_SHARE_BASE = (
            "sc.workforce_share_base",
            _("Workforce share: counted among (1 = employment contracts, 2 = all who work)"),
        )
        PS_AVERAGE_WAGE = (
            "ps.average_enterprise_wage",
            _("Average monthly wage in the enterprise sector in the previous year (zł)"),
        )
        PS_ANNUAL_REPORT_DUE_MONTH = (
            "ps.annual_report_due_month",
            _("Social enterprise: the annual report is due by the end of this month"),
        )
        OWES_RETENTION_MONTHS = (
            "owes.retention_months",
            _("OWES grant: months a created job must be kept after the support"),
        )
        # Local government and procurement
        JST_RESERVED_MIN_SHARE = (
            "jst.reserved_contract_min_share_percent",
            _("Reserved contract: employees from listed groups, at least (%)"),
        )
        JST_PZP_THRESHOLD = (
            "jst.pzp_threshold_net",
            _("Public procurement law applies from this net value (zł)"),
        )
        JST_RESERVED_REPEAT_YEARS = (
            "jst.reserved_social_repeat_years",
            _("Reserved social-service contract: years before the same award again"),
        )
        REPORT_MIN_CELL = (
            "jst.report_min_cell",
            _("Reports: smallest number of people shown in a cell"),
        )
        # The public balance of the moves to work (assumptions an officer may change on the page)
        BALANCE_EMPLOYEE_SOCIAL = (
            "balance.employee_social_percent",
            _("Balance: the employee's social insurance contributions (percentage of pay)"),
        )
        BALANCE_EMPLOYER_SOCIAL = (
            "balance.employer_social_percent",
            _(
                "Balance: the employer's contributions, with the Labour Fund and FGŚP "
                "(percentage of pay)"
            ),
        )
        BALANCE_HEALTH = (
            "balance.health_percent",
            _(
                "Balance: health insurance contribution (percentage of pay after social "
                "contributions)"
            ),
        )
        BALANCE_PIT_RATE = "balance.pit_percent", _("Balance: income tax rate (%)")
        BALANCE_PIT_COSTS = (
            "balance.pit_monthly_costs",
            _("Balance: monthly costs of earning income deducted before tax (zł)"),
        )
        BALANCE_PIT_REDUCTION = (
            "balance.pit_monthly_reduction",
            _("Balance: monthly amount reducing the tax (zł)"),
        )
        BALANCE_BENEFIT_SAVED = (
            "balance.benefit_saved_monthly",
            _("Balance: benefits no longer paid, per person per month of work (zł)"),
        )
        # The path
        PATH_RETAINED_AFTER_MONTHS = (
            "path.retained_after_months",
            _("Path: months of unbroken work after which the person counts as keeping the job"),
        )
        # Retention of personal data (GDPR art. 5(1)(e), DIS-10)
        RETENTION_WORKSHOP_YEARS = (
            "retention.workshop_records_years",
            _("Retention: years a person's workshop records are kept after their last day there"),
        )
        RETENTION_EMPLOYMENT_YEARS = (
            "retention.employment_records_years",
            _("Retention: years a person's job and membership records are kept after they end"),
        )
        RETENTION_ACCESS_LOG_YEARS = (
            "retention.access_log_years",
            _("Retention: years the log of who read whose data is kept"),
        )

    class Scope(models.TextChoices):
        NATIONAL = "national", _("national")
        REGION = "region", _("region")
        ORGANISER = "organiser", _("organiser")

    class Evidence(models.TextChoices):
        VERIFIED = "V", _("read in the legal act")
        SECONDARY = "S", _("secondary source")
        BACKGROUND = "M", _("background knowledge, to verify")
        UNCERTAIN = "U", _("uncertain")
        PRACTICE = "practice", _("local practice")

    key = models.CharField(_("parameter"), max_length=64, choices=Key.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force until"), null=True, blank=True)
    known_on = models.DateField(
        _("known since"),
        help_text=_("When this value was published or decided; reports use what was known then."),
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default="national")
    region = models.ForeignKey(
        Territory,
        verbose_name=_("region"),
        related_name="policy_parameters",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level": Territory.Level.VOIVODESHIP},
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        related_name="policy_parameters",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    legal_source = models.CharField(_("legal source"), max_length=255)
    evidence = models.CharField(_("evidence"), max_length=16, choices=Evidence.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("policy parameter")
        verbose_name_plural = _("policy parameters")
        ordering = ["key", "scope", "-valid_from", "-known_on"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope="national") & Q(region__isnull=True) & Q(organiser__isnull=True))
                | (Q(scope="region") & Q(region__isnull=False) & Q(organiser__isnull=True))
                | (Q(scope="organiser") & Q(region__isnull=True) & Q(organiser__isnull=False)),
                name="organisations_policyparameter_scope_matches_target",
                violation_error_message=_(
                    "A national value names no region or organiser; a regional one names its "
                    "region; an organiser's one names its organiser."
                ),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="organisations_policyparameter_dates_in_order",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            bounded(
                "value",
                low=0,
                name="organisations_policyparameter_value_not_negative",
                message=_("A threshold or an amount cannot be negative."),
            ),
        ]
        indexes = [models.Index(fields=["key", "valid_from"], name="organisations_policy_key_from")]

    def __str__(self):
        value, since = formats.number(self.value), formats.day(self.valid_from)
        return f"{self.get_key_display()}: {value} ({since})"
