"""What a report asks for — a territory within the user's reach and a fixed period — read from the
query string the same way by the page and by the API."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from organisations.models import Territory
from reports import money
from reports.dashboard import (
    COUNTRY,
    Dashboard,
    build,
    country,
    reads_country,
    reads_gminas,
    report_code,
    report_roots,
)
from reports.periods import Period, PeriodError, default_period, parse_period

DATE_RANGE_PARAMETERS = ("from", "to", "start", "end", "date_from", "date_to")


@dataclass
class ReportQuery:
    territory: Territory
    period: Period
    territories: list[Territory]
    by_gmina: bool
    assumptions: list[money.Used]
    assumptions_form: money.AssumptionsForm

    def dashboard(self, today: datetime.date) -> Dashboard:
        """The dashboard this query asks for."""
        return build(
            self.territory,
            self.period,
            today,
            by_gmina=self.by_gmina,
            assumptions=self.assumptions,
        )

    @property
    def query_string(self) -> str:
        """The address of exactly this report: territory, period and a what-if's assumptions."""
        return urlencode(
            {
                "territory": report_code(self.territory),
                "period": self.period.key,
                **money.changed_assumptions(self.assumptions),
            }
        )


def territory_choices(roots: list[Territory], chosen: Territory, whole) -> list[Territory]:
    """What the territory picker offers: the user's territories, and on the way down to the one
    chosen the units inside each territory passed, and inside the chosen one (a country's
    administrator is offered the voivodeships, then a voivodeship's powiats, then a powiat's
    gminas — not every gmina of Poland at once). One query."""
    inside = [
        prefix
        for prefix in (chosen.code[:2], chosen.code[:4], chosen.code)
        if prefix and any(prefix.startswith(root.code) for root in roots)
    ]
    choices = Territory.objects.filter(
        Q(code__in=[root.code for root in roots]) | Q(parent__code__in=set(inside))
    ).order_by("code")
    return [whole, *choices] if whole is not None else list(choices)


def read_query(user, params, today: datetime.date) -> ReportQuery:
    """The territory (``territory``: a TERYT code, or ``PL`` for the country to those who read
    every voivodeship; the first the user reads by default) and the
    period (``period``: the last full year by default). A territory outside the user's reach
    answers 404 like one that does not exist; a bad period raises ``ValidationError`` naming
    ``period``. Free date ranges are refused. The balance's assumptions (``money``) come with
    their form: one out of range leaves an error on it and the recorded value in use."""
    for refused in DATE_RANGE_PARAMETERS:
        if refused in params:
            raise ValidationError(
                {
                    refused: _(
                        "Reports cover a fixed period only: use “period” (2025, 2025-Q3 or "
                        "2025-07)."
                    )
                }
            )
    by_gmina = reads_gminas(user)
    roots = report_roots(user)
    if not roots:
        raise Http404
    whole = country() if by_gmina and reads_country(roots) else None
    code = (params.get("territory") or "").strip()
    if not code:
        territory = whole or roots[0]
    elif code == COUNTRY and whole is not None:
        territory = whole
    else:
        territory = Territory.objects.filter(code=code).first()
        within = territory is not None and any(
            territory.code == root.code or (by_gmina and territory.code.startswith(root.code))
            for root in roots
        )
        if not within:
            raise Http404
    territories = territory_choices(roots, territory, whole) if by_gmina else roots
    text = params.get("period")
    try:
        period = parse_period(text, today) if text else default_period(today)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from error
    assumptions, form = money.read_assumptions(params, period)
    return ReportQuery(territory, period, territories, by_gmina, assumptions, form)
