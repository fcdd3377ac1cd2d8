"""Whose accounts a user may see and keep.

An administrator sees and keeps every account. A WTZ manager keeps the accounts of the workshop's
staff, a cooperative manager those of the cooperative's managers: who belongs to which team follows
from the assignments in the domain apps, so the rule is composed in ``config.team`` and installed
here when the apps are ready. Until then — and for everyone who heads no team — no account is
listed: a user's own account is theirs on the profile page.
"""

_rule = None


def install(rule) -> None:
    """``rule`` has ``visible(queryset, user)`` and ``kept(queryset, user)``."""
    global _rule
    _rule = rule


def _by_rule(queryset, user, which: str):
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if _rule is None:
        return queryset.none()
    return getattr(_rule, which)(queryset, user)


def accounts_visible_to(queryset, user):
    return _by_rule(queryset, user, "visible")


def accounts_kept_by(queryset, user):
    """The accounts ``user`` may change: names, e-mail, password, whether it is open."""
    return _by_rule(queryset, user, "kept")
