"""The law's calendar arithmetic, in one place: every rule that counts months, years, periods or
ages uses these functions and does no date arithmetic of its own. (Days are days: a rule of "N
days" adds a ``timedelta``.)

Months are counted as the Civil Code counts them (art. 112 KC): N months from a day end on the
day of the same number N months later, or on that month's last day where it has no such day.
Two readings the law uses on top of that have their own functions:

- ``months_after(end, n)``: N whole months after something ended on a month's last day end on a
  month's last day (a support to 30 April, kept six months after: until 31 October);
- ``last_day_of_period(start, n)``: a period of N months whose first day is ``start`` (its first
  day counts) ends the day before the corresponding day, or on the last day of the month that has
  none (from 1 February for three months: until 30 April; from 31 January: until 30 April too).
"""

import calendar
import datetime

ONE_DAY = datetime.timedelta(days=1)


def last_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def first_day_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def is_last_day_of_month(day: datetime.date) -> bool:
    return day == last_day_of_month(day)


def _shift(day: datetime.date, months: int, *, keep_month_end: bool) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    number = last if keep_month_end and is_last_day_of_month(day) else min(day.day, last)
    return datetime.date(year, month + 1, number)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The day ``months`` months after ``day`` (before it, for a negative number): the day of the
    same number, or the month's last day where it has none (31 January + 1 month: 28 or 29
    February). Years are twelve months."""
    return _shift(day, months, keep_month_end=False)


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


def months_after(end: datetime.date, months: int) -> datetime.date:
    """``months`` whole months after something that ended on ``end``: like ``add_months``, but an
    end on a month's last day gives the last day of the month (30 April + 6: 31 October; 28
    February 2023 + 6: 31 August)."""
    return _shift(end, months, keep_month_end=True)


def last_day_of_period(start: datetime.date, months: int) -> datetime.date:
    """The last day of a period of ``months`` months whose first day is ``start``: 1 February + 3
    months runs to 30 April, 31 January + 3 to 30 April, 29 February 2024 + 3 to 28 May, 1 March
    + 3 to 31 May."""
    return months_after(start - ONE_DAY, months)


def end_of_following_month(day: datetime.date) -> datetime.date:
    """The last day of the month after the month of ``day``."""
    return last_day_of_month(add_months(first_day_of_month(day), 1))


def day_of_month(day: datetime.date, number: int) -> datetime.date:
    """The day of the given number in the month of ``day``, or the month's last day if it is
    shorter (a deadline on "the 30th" falls on 28 February)."""
    return day.replace(day=min(number, last_day_of_month(day).day))


def month_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the month of ``day``."""
    return first_day_of_month(day), last_day_of_month(day)


def quarter_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the quarter of ``day``."""
    first = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return first, last_day_of_month(add_months(first, 2))


def year_period(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The first and last day of the year of ``day``."""
    return datetime.date(day.year, 1, 1), datetime.date(day.year, 12, 31)


def age_on(birth: datetime.date, on: datetime.date) -> int:
    """Whole years of age on ``on``. An age is reached at the beginning of the birthday (art. 112
    KC); someone born on 29 February reaches it on 28 February in a year without a 29th."""
    years = on.year - birth.year
    return years - (on < add_years(birth, years))


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end`` as ``add_months`` counts them (31 January to 28
    February: one month; to 27 February: none). Zero when ``end`` is not after ``start``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)
