"""The law's calendar arithmetic, on the awkward days: the 28th to the 31st, 29 February, a month's
last day, negative months, the turn of a year."""

import datetime

import pytest

from common import dates

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 1, 15), 1, D(2025, 2, 15)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the month's last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # a leap year
        (D(2025, 1, 30), 1, D(2025, 2, 28)),
        (D(2025, 1, 29), 1, D(2025, 2, 28)),
        (D(2025, 1, 28), 1, D(2025, 2, 28)),
        (D(2025, 3, 31), 1, D(2025, 4, 30)),
        (D(2025, 4, 30), 1, D(2025, 5, 30)),  # the day of the same number, not the month's end
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 29)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across a year
        (D(2025, 3, 31), -1, D(2025, 2, 28)),  # backwards
        (D(2025, 1, 10), -1, D(2024, 12, 10)),
        (D(2025, 5, 5), 0, D(2025, 5, 5)),
    ],
)
def test_add_months_takes_the_same_day_or_the_months_last(day, months, expected):
    assert dates.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (D(2025, 4, 30), 6, D(2025, 10, 31)),  # a month's last day stays the last
        (D(2023, 2, 28), 6, D(2023, 8, 31)),
        (D(2024, 2, 29), 6, D(2024, 8, 31)),
        (D(2024, 2, 28), 6, D(2024, 8, 28)),  # not the last day of February 2024
        (D(2025, 4, 15), 6, D(2025, 10, 15)),
        (D(2025, 8, 31), 6, D(2026, 2, 28)),
        (D(2025, 12, 31), 2, D(2026, 2, 28)),
    ],
)
def test_months_after_an_end_keep_the_months_end(end, months, expected):
    assert dates.months_after(end, months) == expected


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (D(2025, 2, 1), 3, D(2025, 4, 30)),
        (D(2025, 1, 31), 3, D(2025, 4, 30)),  # WTZ-13: a practice from 31 January
        (D(2025, 1, 30), 3, D(2025, 4, 29)),
        (D(2025, 1, 29), 1, D(2025, 2, 28)),
        (D(2024, 1, 30), 1, D(2024, 2, 29)),
        (D(2024, 2, 29), 3, D(2024, 5, 28)),
        (D(2023, 2, 28), 3, D(2023, 5, 27)),
        (D(2025, 3, 1), 3, D(2025, 5, 31)),
        (D(2025, 1, 1), 12, D(2025, 12, 31)),
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
    ],
)
def test_the_last_day_of_a_period_from_its_first_day(start, months, last):
    assert dates.last_day_of_period(start, months) == last


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2025, 1, 31), D(2025, 2, 28)),
        (D(2024, 1, 15), D(2024, 2, 29)),
        (D(2025, 12, 1), D(2026, 1, 31)),
        (D(2025, 2, 28), D(2025, 3, 31)),
    ],
)
def test_the_end_of_the_following_month(day, expected):
    assert dates.end_of_following_month(day) == expected


def test_periods():
    assert dates.month_period(D(2024, 2, 10)) == (D(2024, 2, 1), D(2024, 2, 29))
    assert dates.quarter_period(D(2025, 5, 31)) == (D(2025, 4, 1), D(2025, 6, 30))
    assert dates.quarter_period(D(2025, 12, 31)) == (D(2025, 10, 1), D(2025, 12, 31))
    assert dates.quarter_period(D(2025, 1, 1)) == (D(2025, 1, 1), D(2025, 3, 31))
    assert dates.year_period(D(2024, 7, 4)) == (D(2024, 1, 1), D(2024, 12, 31))
    assert dates.is_last_day_of_month(D(2024, 2, 29))
    assert not dates.is_last_day_of_month(D(2024, 2, 28))


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (D(2008, 5, 10), D(2026, 5, 9), 17),
        (D(2008, 5, 10), D(2026, 5, 10), 18),  # from the beginning of the birthday
        (D(2008, 2, 29), D(2026, 2, 27), 17),
        (D(2008, 2, 29), D(2026, 2, 28), 18),  # no 29 February that year: the 28th
        (D(2008, 2, 29), D(2028, 2, 28), 19),
        (D(2008, 2, 29), D(2028, 2, 29), 20),
        (D(2000, 12, 31), D(2001, 1, 1), 0),
    ],
)
def test_age_on_a_day(birth, on, age):
    assert dates.age_on(birth, on) == age


def test_a_day_of_the_month_falls_on_the_last_in_a_shorter_month():
    assert dates.day_of_month(D(2025, 2, 10), 25) == D(2025, 2, 25)
    assert dates.day_of_month(D(2025, 2, 10), 30) == D(2025, 2, 28)
    assert dates.day_of_month(D(2024, 2, 10), 31) == D(2024, 2, 29)
