"""Small-cell suppression with complementary (secondary) suppression, as statistical offices do it
for hierarchical tables.

Primary: a figure computed over 1 to ``threshold - 1`` people is hidden ("<5"). Secondary: the
published figures are bound by exact sums — a table's parts add up to its total, the months to
their quarter and the quarters to their year, the gminas to their powiat and the powiats to their
voivodeship. A hidden figure that is the only hidden member of such a sum could be recovered by
subtraction, so another member of that sum is hidden as well, and the check repeats until every
sum holds either no hidden figure or at least two. Figures are hidden only within one block (a
voivodeship and a year, or a voivodeship and a day), always computed whole, so the same figure
gets the same fate on every page that shows it.

Which member to hide: the part with the fewest people (least information lost), a total only
when no part is left, a part that is zero only after every non-zero one; ties go by key, so the
result depends on the data alone. Among a voivodeship's powiats the voivodeship's total goes
first: each powiat keeps its own figures for its officers.
"""

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from decimal import Decimal

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass
class Cell:
    value: Decimal | int = 0
    persons: int = 0  # how many people the figure is computed over

    def add(self, value, persons: int) -> None:
        self.value += value
        self.persons += persons


@dataclass(frozen=True)
class Sum:
    total: Hashable
    parts: tuple
    total_first: bool = False  # hide the total before a part (a voivodeship before a powiat)


def protect(cells: dict, sums: Iterable[Sum], threshold: int) -> dict:
    """The status of every cell: ``SHOWN``, ``SMALL`` (primary) or ``HIDDEN`` (secondary)."""
    status = dict.fromkeys(cells, SHOWN)
    for key, cell in cells.items():
        if 0 < cell.persons < threshold:
            status[key] = SMALL
    exact = [s for s in sums if _adds_up(cells, s)]
    member_of = defaultdict(list)
    for index, relation in enumerate(exact):
        for key in (relation.total, *relation.parts):
            member_of[key].append(index)
    queue = deque(
        sorted(
            {index for key, state in status.items() if state != SHOWN for index in member_of[key]}
        )
    )
    while queue:
        relation = exact[queue.popleft()]
        members = (relation.total, *relation.parts)
        if sum(status[key] != SHOWN for key in members) != 1:
            continue
        chosen = min(
            (key for key in members if status[key] == SHOWN),
            key=lambda key: _cost(cells[key], (key == relation.total) != relation.total_first, key),
        )
        status[chosen] = HIDDEN
        queue.extend(member_of[chosen])
    return status


def _adds_up(cells: dict, relation: Sum) -> bool:
    """A sum an attacker could use: all its members are published and the parts add up exactly
    (a total that also holds records of no part — a powiat's own seat — hides nothing)."""
    if relation.total not in cells or any(part not in cells for part in relation.parts):
        return False
    return cells[relation.total].value == sum(cells[part].value for part in relation.parts)


def _cost(cell: Cell, is_total: bool, key) -> tuple:
    return (cell.value == 0, is_total, cell.persons, cell.value, str(key))


def recoverable(visible: dict, hidden: set, sums: Iterable[Sum]) -> dict:
    """What an attacker gets by subtraction: repeatedly, any sum with exactly one unknown member
    gives that member (its value), and the newly known value feeds the other sums. Returns the
    hidden keys recovered and their values. Used by the tests and by ``audit``."""
    known = dict(visible)
    sums = [s for s in sums if all(key in known or key in hidden for key in (s.total, *s.parts))]
    recovered = {}
    changed = True
    while changed:
        changed = False
        for relation in sums:
            members = (relation.total, *relation.parts)
            unknown = [key for key in members if key not in known]
            if len(unknown) != 1:
                continue
            key = unknown[0]
            parts = sum(known[part] for part in relation.parts if part != key)
            value = known[relation.total] - parts if key != relation.total else parts
            known[key] = recovered[key] = value
            changed = True
    return recovered
