"""Everyone's to-do list: every app's items for a user, gathered, sorted and grouped by urgency.
The admin's home shows the groups (a few items each, with their counts, and a paged list of each
group); a person's path shows the items that name them; the daily digest mails the urgent ones.

Every source reads a fixed number of queries and the policy parameters once (a snapshot), so the
list costs the same for five items or five hundred.
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from common import dates
from common.rules import Severity
from common.todo import TodoItem
from coop import todo as coop_todo
from employment import todo as employment_todo
from organisations.policy import policy_snapshot
from participants import todo as participants_todo
from wtz import todo as wtz_todo

SOURCES = (
    wtz_todo.items_for,
    participants_todo.items_for,
    employment_todo.items_for,
    coop_todo.items_for,
)
SEVERITY_ORDER = {Severity.TASK: 0, Severity.WARN: 1}


def todo_items(user, today: datetime.date) -> list[TodoItem]:
    """Every app's items for ``user`` on ``today``: the soonest due first, warnings without a
    date after the tasks."""
    with policy_snapshot():
        items = [item for source in SOURCES for item in source(user, today)]
    return sorted(
        items,
        key=lambda item: (
            item.due_on or datetime.date.max,
            SEVERITY_ORDER.get(item.severity, 2),
            item.rule,
            item.text,
        ),
    )


@dataclass(frozen=True)
class Urgency:
    slug: str
    title: str

    def holds(self, item: TodoItem, today: datetime.date) -> bool:
        return urgency_of(item, today) is self


OVERDUE = Urgency("overdue", _("Overdue"))
THIS_WEEK = Urgency("week", _("This week"))
THIS_MONTH = Urgency("month", _("This month"))
LATER = Urgency("later", _("Later"))
TO_WATCH = Urgency("watch", _("To watch"))
URGENCIES = (OVERDUE, THIS_WEEK, THIS_MONTH, LATER, TO_WATCH)
BY_SLUG = {urgency.slug: urgency for urgency in URGENCIES}


def urgency_of(item: TodoItem, today: datetime.date) -> Urgency:
    """Overdue before today; this week up to Sunday; this month up to its last day; a warning
    without a date is to watch."""
    if item.due_on is None:
        return TO_WATCH
    if item.due_on < today:
        return OVERDUE
    if item.due_on <= today + datetime.timedelta(days=6 - today.weekday()):
        return THIS_WEEK
    if item.due_on <= dates.last_day_of_month(today):
        return THIS_MONTH
    return LATER


def grouped(items, today: datetime.date) -> list[tuple[Urgency, list[TodoItem]]]:
    """The groups that hold items, most urgent first."""
    groups = {urgency: [] for urgency in URGENCIES}
    for item in items:
        groups[urgency_of(item, today)].append(item)
    return [(urgency, found) for urgency, found in groups.items() if found]


def items_about(items, person_id: int) -> list[TodoItem]:
    return [item for item in items if person_id in item.people]
