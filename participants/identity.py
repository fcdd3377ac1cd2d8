"""PESEL: validation (django-localflavor) and the birth date and sex it encodes."""

import datetime

from django.core.exceptions import ValidationError
from localflavor.pl.forms import PLPESELField


def validate_pesel(value: str) -> None:
    PLPESELField().clean(value)


def birth_date_from_pesel(pesel: str) -> datetime.date:
    field = PLPESELField()
    if not field.has_valid_birth_date(pesel):
        raise ValidationError(field.error_messages["birthdate"], code="birthdate")
    return field.birth_date


def sex_from_pesel(pesel: str) -> str:
    """ "F" or "M": the tenth digit is even for women and odd for men."""
    return "M" if int(pesel[9]) % 2 else "F"
