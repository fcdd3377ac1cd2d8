"""Numbers as the page's language writes them: ``1 234,56`` and ``0,5`` in Polish, ``1,234.56``
and ``0.5`` in English — for text built outside a template (messages, warnings, report lines)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language


def number(value) -> str:
    """A count or a figure, without trailing zeros: "7 000", "0,5"."""
    if isinstance(value, Decimal):
        value = value.normalize()
        places = max(0, -value.as_tuple().exponent)
        return number_format(value, places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def amount(value) -> str:
    """Money in złoty, always with its grosze, rounded half up: "1 234,56" (the message says
    "zł")."""
    return number_format(_rounded(value, 2), 2, use_l10n=True, force_grouping=True)


def share_percent(part, whole, places: int = 1) -> str:
    """``part`` of ``whole`` in per cent, rounded half up: 2 of 12 is "16,7"."""
    return number_format(
        _rounded(Decimal(part * 100) / Decimal(whole), places), places, use_l10n=True
    )


def _rounded(value, places: int) -> Decimal:
    # Django's number_format cuts extra decimal places off; a figure on a page is rounded.
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def day(value) -> str:
    """A date as a sentence writes it: "3 czerwca 2024" (never the ISO "2024-06-03")."""
    return date_format(value, "DATE_FORMAT", use_l10n=True)


def month(value) -> str:
    """A month within a sentence: "czerwiec 2024", "June 2024". Polish writes a month's name in
    lower case; Django's Polish format capitalises it."""
    text = date_format(value, "YEAR_MONTH_FORMAT", use_l10n=True)
    return text.lower() if (get_language() or "").startswith("pl") else text
