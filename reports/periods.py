"""The fixed periods reports are published for: a year (``2025``), a quarter (``2025-Q3``) or a
month (``2025-07``).

Only fixed periods, and only once they have ended: a free date range, or a period still running,
would let anyone subtract two answers a day apart and see one person's admission or exit.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common import dates

YEAR, QUARTER, MONTH = "year", "quarter", "month"
EARLIEST_YEAR = 1991  # the year the first workshops opened under the 1991 act
_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


class PeriodError(ValueError):
    """A period that cannot be published; the message says why, in the user's language."""


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str = YEAR
    number: int = 0  # the quarter (1–4) or the month (1–12); 0 for a year

    @property
    def key(self) -> str:
        if self.kind == QUARTER:
            return f"{self.year}-Q{self.number}"
        if self.kind == MONTH:
            return f"{self.year}-{self.number:02d}"
        return str(self.year)

    def __str__(self) -> str:
        return self.key

    @property
    def label(self) -> str:
        if self.kind == QUARTER:
            return _("Q%(quarter)s %(year)s") % {"quarter": ROMAN[self.number], "year": self.year}
        if self.kind == MONTH:
            return date_format(self.first_day, "F Y").lower()
        return str(self.year)

    @property
    def months(self) -> range:
        """The month numbers (1–12) the period covers."""
        if self.kind == QUARTER:
            return range(3 * self.number - 2, 3 * self.number + 1)
        if self.kind == MONTH:
            return range(self.number, self.number + 1)
        return range(1, 13)

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.months[0], 1)

    @property
    def last_day(self) -> datetime.date:
        return dates.last_day_of_month(datetime.date(self.year, self.months[-1], 1))

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def parent(self) -> "Period | None":
        if self.kind == MONTH:
            return Period(self.year, QUARTER, (self.number - 1) // 3 + 1)
        if self.kind == QUARTER:
            return Period(self.year)
        return None

    @property
    def children(self) -> list["Period"]:
        if self.kind == YEAR:
            return [Period(self.year, QUARTER, quarter) for quarter in range(1, 5)]
        if self.kind == QUARTER:
            return [Period(self.year, MONTH, month) for month in self.months]
        return []

    def previous(self) -> "Period":
        if self.kind == YEAR:
            return Period(self.year - 1)
        count = 4 if self.kind == QUARTER else 12
        if self.number == 1:
            return Period(self.year - 1, self.kind, count)
        return Period(self.year, self.kind, self.number - 1)

    def next(self) -> "Period":
        if self.kind == YEAR:
            return Period(self.year + 1)
        count = 4 if self.kind == QUARTER else 12
        if self.number == count:
            return Period(self.year + 1, self.kind, 1)
        return Period(self.year, self.kind, self.number + 1)

    def is_published_on(self, today: datetime.date) -> bool:
        return self.last_day < today


def year_periods(year: int) -> list[Period]:
    """The year, its quarters and its months: every period whose flows add up within the year."""
    quarters = Period(year).children
    return [Period(year), *quarters, *(month for quarter in quarters for month in quarter.children)]


def default_period(today: datetime.date) -> Period:
    """The last full year."""
    return Period(today.year - 1)


def latest_quarter(today: datetime.date) -> Period:
    quarter = Period(today.year, QUARTER, (today.month - 1) // 3 + 1)
    return quarter.previous()


def parse_period(text: str, today: datetime.date) -> Period:
    """``2025``, ``2025-Q3`` or ``2025-07``, ended before ``today``; anything else is refused."""
    text = (text or "").strip()
    match = _PATTERN.match(text)
    if not match:
        if re.search(r"\d{4}-\d{2}-\d{2}|\.\.|/", text):
            raise PeriodError(
                _("Reports cover a fixed period only: a year, a quarter or a month, not dates.")
            )
        raise PeriodError(
            _(
                "“%(text)s” is not a period: write a year (2025), a quarter (2025-Q3) or a month "
                "(2025-07)."
            )
            % {"text": text[:20]}
        )
    year = int(match["year"])
    if match["quarter"]:
        period = Period(year, QUARTER, int(match["quarter"]))
    elif match["month"]:
        period = Period(year, MONTH, int(match["month"]))
    else:
        period = Period(year)
    if year < EARLIEST_YEAR:
        raise PeriodError(_("Reports begin in %(year)d.") % {"year": EARLIEST_YEAR})
    if period.first_day > today:
        raise PeriodError(_("%(period)s is in the future.") % {"period": period.key})
    if not period.is_published_on(today):
        raise PeriodError(
            _("%(period)s has not ended yet: its figures are published from %(day)s.")
            % {"period": period.key, "day": date_format(period.last_day + dates.ONE_DAY)}
        )
    return period
