"""The registry of the legal rules (DOMAIN.md §11) that the code implements.

Each implemented rule is registered exactly once, in the ``rules.py`` of the app that enforces it,
and every registered rule must be named by at least one test (``@pytest.mark.rule("WTZ-05")``).
A rule's message always names its ID so that a refusal can be traced to the law behind it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}-{number:02d}" for number in range(1, count + 1)]


# All 64 rule IDs of DOMAIN.md §11, implemented or not; docs/RULES.md gives each one's status.
ALL_RULE_IDS: tuple[str, ...] = tuple(
    _ids("WTZ", 21)
    + _ids("DIS", 10)
    + _ids("EMP", 10)
    + _ids("SC", 11)
    + _ids("PS", 6)
    + _ids("OWES", 1)
    + _ids("JST", 5)
)


class Severity(models.TextChoices):
    BLOCK = "block", _("refuses to save")
    WARN = "warn", _("saves and flags")
    TASK = "task", _("creates a task")
    FLAG = "flag", _("flags automatically")
    RULE = "rule", _("calculation rule")
    DESIGN = "design", _("design rule")
    REPORT = "report", _("report")


@dataclass(frozen=True)
class Rule:
    """A rule of DOMAIN.md §11. ``severities`` are all it may have, the usual one first: some
    rules refuse above a limit and warn below it (WTZ-06), or warn and then become a task
    (WTZ-05)."""

    id: str
    severities: tuple[Severity, ...]
    title: str

    @property
    def severity(self) -> Severity:
        return self.severities[0]

    def as_(self, severity: Severity) -> Severity:
        """``severity``, which must be one of this rule's: a place that shows the rule in another
        way than its usual one names the way, and a way DOMAIN.md does not give fails."""
        if severity not in self.severities:
            raise ValueError(f"{self.id} is never {severity}, only {self.severities}.")
        return severity

    def error(self, message, *, params=None) -> ValidationError:
        """A validation error whose message and code name this rule."""
        return ValidationError(
            _("%(rule)s: %(message)s") % {"rule": self.id, "message": message % (params or {})},
            code=self.id,
        )


_registry: dict[str, Rule] = {}


def register(rule_id: str, *, severity: Severity, title, also: tuple[Severity, ...] = ()) -> Rule:
    if rule_id not in ALL_RULE_IDS:
        raise ValueError(f"{rule_id} is not a rule of DOMAIN.md §11.")
    if rule_id in _registry:
        raise ValueError(f"{rule_id} is registered twice.")
    rule = Rule(id=rule_id, severities=(severity, *also), title=title)
    _registry[rule_id] = rule
    return rule


def registered_rules() -> dict[str, Rule]:
    return dict(_registry)


def rule_named(rule_id: str) -> Rule:
    return _registry[rule_id]
