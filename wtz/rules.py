"""Rules of DOMAIN.md §11 enforced by the wtz app."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common import dates, formats
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


WTZ_19 = register(
    "WTZ-19",
    severity=Severity.WARN,
    title=_(
        "Equipment replaced from PFRON funds: at most 3 per cent of the year's PFRON funds, "
        "and only with the powiat's consent."
    ),
)


def equipment_warnings(finance) -> list[str]:
    """WTZ-19 on a workshop's annual finances: warnings, since the powiat decides."""
    if not finance.equipment:
        return []
    warnings = []
    on = datetime.date(finance.year, 12, 31)
    share = policy_value(Key.WTZ_EQUIPMENT_MAX_SHARE, on, organiser=finance.workshop.organiser)
    cap = (finance.pfron_funds * share / 100).quantize(Decimal("0.01"))
    if finance.equipment > cap:
        warnings.append(
            str(
                WTZ_19.error(
                    _(
                        "equipment for %(spent)s zł is more than %(share)s %% of the PFRON "
                        "funds (%(cap)s zł)."
                    ),
                    params={
                        "spent": formats.amount(finance.equipment),
                        "share": formats.number(share),
                        "cap": formats.amount(cap),
                    },
                ).messages[0]
            )
        )
    if finance.equipment_consent_on is None:
        warnings.append(
            str(
                WTZ_19.error(_("the powiat's consent to the equipment is not recorded.")).messages[
                    0
                ]
            )
        )
    return warnings


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
