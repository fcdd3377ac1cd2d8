"""Shares of a full time: read back as the fraction a contract writes."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.models import share_label


@pytest.mark.parametrize(
    ("share", "english", "polish"),
    [
        ("1.000000", "1", "1"),
        ("0.875000", "7/8", "7/8"),
        ("0.333333", "1/3", "1/3"),
        ("0.500000", "1/2", "1/2"),
        ("0.550000", "0.55", "0,55"),  # no contract writes 11/20
    ],
)
def test_a_share_of_a_full_time_reads_as_a_contract_writes_it(share, english, polish):
    with translation.override("en"):
        assert share_label(Decimal(share)) == english
    with translation.override("pl"):
        assert share_label(Decimal(share)) == polish
