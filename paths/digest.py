"""The daily digest: each user who wants it gets one e-mail with their overdue items and those
due this week, in their own language, with links back. Users with nothing urgent get nothing.

An e-mail leaves the system's protection, so it names no one: it counts the items of each rule
and links to the list where they are (signing in first). The queries per user are as many as
their to-do list costs, whatever the number of items."""

import datetime
from collections import Counter

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from common.rules import rule_named
from paths import todo

URGENT = (todo.OVERDUE, todo.THIS_WEEK)


def recipients():
    return User.objects.filter(is_active=True, wants_digest=True).exclude(email="").order_by("pk")


def digest_for(user, today: datetime.date) -> EmailMultiAlternatives | None:
    """The e-mail for ``user`` on ``today``, or None when nothing is overdue or due this week."""
    with translation.override(user.language):
        groups = [
            (urgency, len(items), _by_rule(items))
            for urgency, items in todo.grouped(todo.todo_items(user, today), today)
            if urgency in URGENT
        ]
        if not groups:
            return None
        count = sum(total for _urgency, total, _rules in groups)
        context = {"user": user, "groups": groups, "site": settings.SITE_URL, "today": today}
        message = EmailMultiAlternatives(
            subject=ngettext(
                "Ścieżka: %(count)d item to act on", "Ścieżka: %(count)d items to act on", count
            )
            % {"count": count},
            body=render_to_string("paths/digest.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string("paths/digest.html", context), "text/html")
        return message


def _by_rule(items) -> list[tuple[str, str, int]]:
    """``(rule, what it is about, how many)`` for the items of one group."""
    counts = Counter(item.rule for item in items)
    return [
        (rule, str(rule_named(rule).title) if rule else _("Follow-ups and other tasks"), count)
        for rule, count in sorted(counts.items())
    ]


def send_digests(today: datetime.date) -> int:
    """Sends every digest due; returns how many were sent."""
    sent = 0
    for user in recipients():
        message = digest_for(user, today)
        if message is not None:
            message.send()
            sent += 1
    return sent
