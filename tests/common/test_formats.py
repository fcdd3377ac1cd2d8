"""Figures as the page's language writes them, rounded as a reader expects."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.formats import amount, number, share_percent


@pytest.mark.parametrize(
    ("language", "value", "written"),
    [
        ("pl", Decimal("1234.5"), "1\xa0234,50"),
        ("en", Decimal("1234.5"), "1,234.50"),
        ("pl", Decimal("0.005"), "0,01"),  # half a grosz rounds up
        ("pl", Decimal("1234.564"), "1\xa0234,56"),
        ("pl", 4806, "4\xa0806,00"),
    ],
)
def test_money_keeps_its_grosze(language, value, written):
    with translation.override(language):
        assert amount(value) == written


@pytest.mark.parametrize(
    ("part", "whole", "written"),
    [(2, 12, "16,7"), (1, 3, "33,3"), (2, 3, "66,7"), (1, 8, "12,5"), (6, 7, "85,7")],
)
def test_a_share_is_rounded_not_cut(part, whole, written):
    with translation.override("pl"):
        assert share_percent(part, whole) == written


def test_a_figure_drops_trailing_zeros():
    with translation.override("pl"):
        assert number(Decimal("7000.00")) == "7\xa0000"
        assert number(Decimal("0.50")) == "0,5"
