"""What a report asks for — a territory within the user's reach and a fixed period — read from the
query string the same way by the page and by the API."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from organisations.models import Territory
from reports import money
from reports.dashboard import Dashboard, build, reads_gminas, report_roots, territories_for
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
                "territory": self.territory.code,
                "period": self.period.key,
                **money.changed_assumptions(self.assumptions),
            }
        )


def read_query(user, params, today: datetime.date) -> ReportQuery:
    """The territory (``territory``: a TERYT code; the first the user reads by default) and the
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
    territories = territories_for(roots) if by_gmina else roots
    if not territories:
        raise Http404
    code = (params.get("territory") or "").strip()
    if code:
        territory = next((t for t in territories if t.code == code), None)
        if territory is None:
            raise Http404
    else:
        territory = territories[0]
    text = params.get("period")
    try:
        period = parse_period(text, today) if text else default_period(today)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from error
    assumptions, form = money.read_assumptions(params, period)
    return ReportQuery(territory, period, territories, by_gmina, assumptions, form)
