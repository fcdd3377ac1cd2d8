"""Rules of DOMAIN.md §11 enforced by the wtz app."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common import dates
from common.rules import Severity, register
from organisations.policy import Key, policy_value

WTZ_06 = register(
    "WTZ-06",
    severity=Severity.BLOCK,
    also=(Severity.WARN,),
    title=_("Classes at most 7 hours a day and 35 a week; fewer weekly hours reduce funding."),
)


WTZ_18 = register(
    "WTZ-18",
    severity=Severity.TASK,
    title=_("The annual report to the powiat by 1 March; a task from 1 February."),
)


def annual_report_due(workshop, on: datetime.date) -> datetime.date | None:
    """WTZ-18: the report's deadline when ``on`` falls in its notice period, else None."""
    organiser = workshop.organiser
    month = int(policy_value(Key.WTZ_ANNUAL_REPORT_DUE_MONTH, on, organiser=organiser))
    notice = int(policy_value(Key.WTZ_ANNUAL_REPORT_NOTICE_MONTHS, on, organiser=organiser))
    due = datetime.date(on.year, month, 1)
    return due if dates.add_months(due, -notice) <= on <= due else None


def check_class_hours(workshop, on: datetime.date) -> None:
    """WTZ-06, the blocking half: class hours above the limits in force on ``on`` are refused."""
    organiser = workshop.organiser if workshop.organiser_id else None
    errors = {}
    max_daily = policy_value(Key.WTZ_MAX_DAILY_HOURS, on, organiser=organiser)
    max_weekly = policy_value(Key.WTZ_MAX_WEEKLY_HOURS, on, organiser=organiser)
    if workshop.hours_per_day is not None and workshop.hours_per_day > max_daily:
        errors["hours_per_day"] = WTZ_06.error(
            _("classes may last at most %(limit)s hours a day."), params={"limit": max_daily}
        )
    if workshop.hours_per_week is not None and workshop.hours_per_week > max_weekly:
        errors["hours_per_week"] = WTZ_06.error(
            _("classes may last at most %(limit)s hours a week."), params={"limit": max_weekly}
        )
    if errors:
        raise ValidationError(errors)


def funding_share(workshop, on: datetime.date) -> Decimal:
    """WTZ-06, the warning half: the share of full PFRON funding the weekly hours earn (≤ 1)."""
    full = policy_value(Key.WTZ_FULL_FUNDING_WEEKLY_HOURS, on, organiser=workshop.organiser)
    return min(Decimal(1), Decimal(workshop.hours_per_week) / full)
