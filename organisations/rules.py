"""The rule every app's scoping applies (DOMAIN.md §11)."""

from django.utils.translation import gettext_lazy as _

from common.rules import Severity, register

DIS_08 = register(
    "DIS-08",
    severity=Severity.DESIGN,
    title=_(
        "Health and personal data are seen by role and scope only; municipal officers see "
        "aggregates only."
    ),
)
