"""To-do items: what a user should act on now. Each app offers ``todo.items_for(user, on)`` and
the admin's index gathers them (config.admin); items are derived from the records, never stored,
so they appear and disappear with the calendar and the data."""

import datetime
from dataclasses import dataclass, field

from common.rules import Severity, rule_named


@dataclass(frozen=True)
class TodoItem:
    rule: str  # the rule of DOMAIN.md §11 behind the item, or "" for the product's own practice
    severity: Severity
    text: str
    url: str = ""
    due_on: datetime.date | None = None
    people: tuple = field(default=(), compare=False)  # whom the item names (the access log)

    def __post_init__(self):
        # A to-do item refuses nothing: it is a task or a warning, as DOMAIN.md §11 gives the
        # rule — or a refusal found broken afterwards (by later events, or data from before).
        if self.severity not in (Severity.TASK, Severity.WARN):
            raise ValueError(f"{self.rule}: a to-do item is a task or a warning.")
        if not self.rule:
            return  # the product's own practice (a follow-up after a hire), no rule of the law
        rule = rule_named(self.rule)
        if Severity.BLOCK not in rule.severities:
            rule.as_(self.severity)
