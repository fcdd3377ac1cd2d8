"""Scoping plumbing: the one way the admin, the API and forms narrow rows to what a user may see.

Each scoped model's queryset defines ``visible_to(user)``; the rules of who may see what live there,
in the app that owns the model. Everything below only applies those rules: it never decides them.
"""

from django.db import models


def is_scoped(queryset: models.QuerySet) -> bool:
    return callable(getattr(queryset, "visible_to", None))


def scoped(queryset: models.QuerySet, user) -> models.QuerySet:
    """``queryset.visible_to(user)`` for scoped models; unscoped reference data passes unchanged."""
    return queryset.visible_to(user) if is_scoped(queryset) else queryset
