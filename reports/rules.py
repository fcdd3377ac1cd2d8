"""The reports' rules of DOMAIN.md §11.5: aggregates only, with small numbers protected (JST-04),
and the key indicators local government reads (JST-05)."""

from django.utils.translation import gettext_lazy as _

from common.rules import Severity, register

JST_04 = register(
    "JST-04",
    severity=Severity.DESIGN,
    title=_(
        "Officers see aggregates only; counts under the threshold are hidden, and so is any "
        "figure that would let them be worked out by subtraction."
    ),
)
JST_05 = register(
    "JST-05",
    severity=Severity.REPORT,
    title=_(
        "Key indicators: participants, reserve lists, exits to work and their rate, retention "
        "at 3/6/12 months, the cooperatives' workforce."
    ),
)
