"""Small-cell suppression with complementary (secondary) suppression, as statistical offices do it
for hierarchical tables, and an exact audit of what the published figures still determine.

Primary: a figure computed over 1 to ``threshold - 1`` distinct people is hidden ("<5").
Secondary: the published figures are bound by exact sums — a table's parts add up to its total,
the months to their quarter and the quarters to their year, the gminas to their powiat and the
powiats to their voivodeship. Taken together those sums are a system of linear equations in the
hidden figures; a hidden figure is safe only when the system leaves it undetermined. So:

1. every sum with exactly one hidden member gets a second one (the cheap, local rule);
2. the whole system is then solved exactly (Gaussian elimination modulo a large prime), and for
   every hidden figure it still pins down, another member of one of its sums is hidden; 1 and 2
   repeat until nothing hidden is determined.

Which member to hide: the part with the fewest people (least information lost), a total only
when no part is left, a part that is zero only after every non-zero one; ties go by key, so the
result depends on the data alone. Among a voivodeship's powiats the voivodeship's total goes
first: each powiat keeps its own figures for its officers.

Figures are published over time (a month when it ends, its quarter later). ``fixed`` carries the
fate of figures already published: they keep it, and complements are chosen among the new ones,
so a figure once shown is never hidden later (which would hand its old value to whoever kept it).
"""

from collections import defaultdict, deque
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

SHOWN, SMALL, HIDDEN = "shown", "small", "hidden"


@dataclass
class Cell:
    value: Decimal | int = 0
    people: set = field(default_factory=set)  # who the figure is computed over
    others: int = 0  # people counted once each by the database, never in another unit

    @property
    def persons(self) -> int:
        return len(self.people) + self.others

    def add(self, value, people=(), others: int = 0) -> None:
        self.value += value
        self.people |= set(people)
        self.others += others


@dataclass(frozen=True)
class Sum:
    total: Hashable
    parts: tuple
    total_first: bool = False  # hide the total before a part (a voivodeship before a powiat)

    @property
    def members(self) -> tuple:
        return (self.total, *self.parts)


def protect(
    cells: dict, sums: Iterable[Sum], threshold: int, fixed: dict | None = None, *, exact=None
) -> dict:
    """The status of every cell: ``SHOWN``, ``SMALL`` (primary) or ``HIDDEN`` (secondary).
    ``fixed``: statuses already published, kept as they are. ``exact``: the sums of ``cells``
    already known to add up (``exact_sums``)."""
    fixed = fixed or {}
    status = dict.fromkeys(cells, SHOWN)
    for key, cell in cells.items():
        if 0 < cell.persons < threshold:
            status[key] = SMALL
    status.update({key: state for key, state in fixed.items() if key in status})
    exact = exact_sums(cells, sums) if exact is None else exact
    member_of = defaultdict(list)
    for index, relation in enumerate(exact):
        for key in relation.members:
            member_of[key].append(index)

    def hide_a_complement(relation: Sum) -> str | None:
        candidates = [key for key in relation.members if status[key] == SHOWN and key not in fixed]
        if not candidates:
            return None
        chosen = min(
            candidates,
            key=lambda key: _cost(cells[key], (key == relation.total) != relation.total_first, key),
        )
        status[chosen] = HIDDEN
        return chosen

    def nearest_complement(key) -> str | None:
        """Hide a member of the nearest sum, through the hidden figures linked to ``key``, that
        still has a figure of this release shown (its own sums may hold only earlier ones)."""
        seen_cells, seen_sums, frontier = {key}, set(), [key]
        while frontier:
            reached = []
            for cell_key in frontier:
                for index in member_of[cell_key]:
                    if index in seen_sums:
                        continue
                    seen_sums.add(index)
                    chosen = hide_a_complement(exact[index])
                    if chosen is not None:
                        return chosen
                    for member in exact[index].members:
                        if member not in seen_cells and status[member] != SHOWN:
                            seen_cells.add(member)
                            reached.append(member)
            frontier = reached
        return None

    def pair_up(queue: deque) -> None:
        while queue:
            relation = exact[queue.popleft()]
            if sum(status[key] != SHOWN for key in relation.members) == 1:
                chosen = hide_a_complement(relation)
                if chosen is not None:
                    queue.extend(member_of[chosen])

    pair_up(deque(sorted({i for k, s in status.items() if s != SHOWN for i in member_of[k]})))
    while True:
        touched = {i for key, state in status.items() if state != SHOWN for i in member_of[key]}
        # Groups of figures all published before were solved then: only new ones can change.
        new = {key for key in cells if key not in fixed}
        pinned = determined(cells, status, [exact[i] for i in sorted(touched)], among=new)
        if not pinned:
            return status
        changed = []
        for key in sorted(pinned, key=str):
            chosen = nearest_complement(key)
            if chosen is not None:
                changed.append(chosen)
        if not changed:
            return status  # no new figure is linked to them: nothing this release could hide
        pair_up(deque(sorted({i for key in changed for i in member_of[key]})))


def exact_sums(cells: dict, sums: Iterable[Sum]) -> list[Sum]:
    return [relation for relation in sums if _adds_up(cells, relation)]


def _adds_up(cells: dict, relation: Sum) -> bool:
    """A sum an attacker could use: all its members are published and the parts add up exactly
    (a total that also holds records of no part — a powiat's own seat — hides nothing)."""
    if relation.total not in cells or any(part not in cells for part in relation.parts):
        return False
    return cells[relation.total].value == sum(cells[part].value for part in relation.parts)


def _cost(cell: Cell, is_total: bool, key) -> tuple:
    return (cell.value == 0, is_total, cell.persons, cell.value, str(key))


PRIME = 2**61 - 1  # arithmetic modulo a large prime: exact ranks of 0/±1 systems, fast


def determined(cells: dict, status: dict, sums: Iterable[Sum], among: set | None = None) -> set:
    """The hidden figures the shown ones pin down through ``sums``: those whose unit vector lies
    in the row space of the system restricted to the hidden figures. Each group of hidden
    figures linked by sums is solved on its own, to reduced row echelon form: a figure is pinned
    down when it leads a row with no other entry."""
    hidden = {key for key in cells if status.get(key, SHOWN) != SHOWN}
    rows = []
    for relation in sums:
        row: dict = {}
        for key, sign in ((relation.total, 1), *((part, -1) for part in relation.parts)):
            if key in hidden:
                row[key] = row.get(key, 0) + sign
        row = {key: value % PRIME for key, value in row.items() if value}
        if row:
            rows.append(row)
    parent = {key: key for key in hidden}

    def root(key):
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for row in rows:
        first, *others = row
        for other in others:
            parent[root(other)] = root(first)
    groups = defaultdict(list)
    for row in rows:
        groups[root(next(iter(row)))].append(row)
    pinned = set()
    for group in groups.values():
        if among is None or any(key in among for row in group for key in row):
            pinned |= _pinned(group)
    return pinned


def _pinned(rows: list[dict]) -> set:
    order = {
        key: index for index, key in enumerate(sorted({k for row in rows for k in row}, key=str))
    }
    pivots: dict[int, dict[int, int]] = {}
    for keyed in rows:
        row = {order[key]: value for key, value in keyed.items()}
        while row:
            lead = min(row)
            if lead not in pivots:
                inverse = pow(row[lead], PRIME - 2, PRIME)
                pivots[lead] = {index: value * inverse % PRIME for index, value in row.items()}
                break
            factor = row[lead]
            for index, value in pivots[lead].items():
                updated = (row.get(index, 0) - factor * value) % PRIME
                if updated:
                    row[index] = updated
                else:
                    row.pop(index, None)
    holders = defaultdict(set)  # column -> the pivot rows with an entry there
    for lead, row in pivots.items():
        for index in row:
            if index != lead:
                holders[index].add(lead)
    for lead in sorted(pivots, reverse=True):  # back substitution: the reduced form
        for other in sorted(holders.pop(lead, ())):
            row = pivots[other]
            factor = row.pop(lead)
            for index, value in pivots[lead].items():
                if index == lead:
                    continue
                updated = (row.get(index, 0) - factor * value) % PRIME
                if updated:
                    row[index] = updated
                    holders[index].add(other)
                else:
                    row.pop(index, None)
                    holders[index].discard(other)
    keys = sorted(order, key=order.get)
    return {keys[lead] for lead, row in pivots.items() if len(row) == 1}


def recoverable(visible: dict, hidden: set, sums: Iterable[Sum]) -> dict:
    """What an attacker gets by subtraction: repeatedly, any sum with exactly one unknown member
    gives that member (its value), and the newly known value feeds the other sums. Returns the
    hidden keys recovered and their values. Used by the tests."""
    known = dict(visible)
    sums = [s for s in sums if all(key in known or key in hidden for key in s.members)]
    recovered = {}
    changed = True
    while changed:
        changed = False
        for relation in sums:
            unknown = [key for key in relation.members if key not in known]
            if len(unknown) != 1:
                continue
            key = unknown[0]
            parts = sum(known[part] for part in relation.parts if part != key)
            value = known[relation.total] - parts if key != relation.total else parts
            known[key] = recovered[key] = value
            changed = True
    return recovered
