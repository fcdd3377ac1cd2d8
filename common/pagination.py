"""Counting a list's rows at a cost that does not grow with the table.

An exact ``COUNT(*)`` reads every row a list could show: the attendance register of the whole
country is millions of rows, counted again on every page. Up to ``EXACT_UP_TO`` rows the count is
exact, and reading that many rows at most is cheap; beyond it, on PostgreSQL, a list says how
many rows the planner expects (the table's statistics for a whole table, ``EXPLAIN`` for a
filtered list). Other databases count exactly: they hold a demo, not a country.
"""

import json

from django.core.paginator import EmptyPage, Paginator
from django.db import connections, models
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


def _whole_table(queryset: models.QuerySet) -> bool:
    query = queryset.query
    return not query.where and not query.distinct and not query.combinator


def planner_estimate(queryset: models.QuerySet) -> int | None:
    """How many rows PostgreSQL's planner expects ``queryset`` to return, or None where there is
    no planner to ask (another database) or it has no statistics yet."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    if _whole_table(queryset):
        # The table's statistics: no plan needed (a join the list adds for its columns follows
        # a required foreign key, so it neither adds nor removes rows).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
        estimate = row[0] if row else -1
    else:
        plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
        estimate = plan[0]["Plan"]["Plan Rows"]
    return int(estimate) if estimate >= 0 else None  # -1: never analysed


class EstimatedCountPaginator(Paginator):
    """Django's paginator, counting exactly up to ``EXACT_UP_TO`` rows and estimating beyond
    (``count_is_estimated`` says which): the cost of a page stays that of a small list."""

    count_is_estimated = False

    @cached_property
    def count(self):
        rows = self.object_list
        if not isinstance(rows, models.QuerySet) or connections[rows.db].vendor != "postgresql":
            return super().count
        counted = rows.order_by().values("pk")[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        self.count_is_estimated = True
        # The estimate is never below what was counted: "more than ten thousand" is a fact.
        return max(planner_estimate(rows) or 0, counted)

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # An estimate may fall short of the real number of rows: a page past it is asked
            # for, not refused, and past the real end it is simply empty.
            if self.count_is_estimated and int(number) > 1:
                return int(number)
            raise
