"""To-do items: what a user should act on now. Each app offers ``todo.items_for(user, on)`` and
the admin's index gathers them (config.admin); items are derived from the records, never stored,
so they appear and disappear with the calendar and the data."""

import datetime
from dataclasses import dataclass, field

from common.rules import Severity


@dataclass(frozen=True)
class TodoItem:
    rule: str
    severity: Severity
    text: str
    url: str = ""
    due_on: datetime.date | None = None
    people: tuple = field(default=(), compare=False)  # whom the item names (the access log)
