"""The workshops' to-do items for their staff."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from common import formats
from common.rules import Severity
from common.todo import TodoItem
from wtz.models import Workshop
from wtz.rules import WTZ_06, WTZ_18, annual_report_due, funding_share
from wtz.scoping import workshop_ids_for_staff


def assigned_workshops(user):
    """The workshops whose to-dos concern ``user``: those they are assigned to (administrators
    see to-dos only where they also work)."""
    return Workshop.objects.filter(pk__in=workshop_ids_for_staff(user)).select_related("organiser")


def items_for(user, on: datetime.date) -> list[TodoItem]:
    items = []
    headed = set(Workshop.objects.managed_by(user).values_list("pk", flat=True))
    for workshop in assigned_workshops(user):
        due = annual_report_due(workshop, on) if workshop.pk in headed else None
        if due is not None:
            items.append(
                TodoItem(
                    rule=WTZ_18.id,
                    severity=WTZ_18.severity,
                    text=_(
                        "%(workshop)s: the annual report for %(year)d to the powiat is due by "
                        "%(date)s."
                    )
                    % {"workshop": workshop, "year": due.year - 1, "date": formats.day(due)},
                    # the report itself, its figures drawn from the records
                    url=(
                        f"{reverse('participants:annual_report')}"
                        f"?workshop={workshop.pk}&year={due.year - 1}"
                    ),
                    due_on=due,
                )
            )
        share = funding_share(workshop, on)
        if share < 1:
            items.append(
                TodoItem(
                    rule=WTZ_06.id,
                    severity=WTZ_06.as_(
                        Severity.WARN
                    ),  # less funding is a warning; above 35 h refuses
                    text=_(
                        "%(workshop)s: %(hours)s class hours a week earn %(share)d%% of full "
                        "PFRON funding."
                    )
                    % {
                        "workshop": workshop,
                        "hours": workshop.hours_per_week,
                        "share": int(share * 100),
                    },
                    url=reverse("admin:wtz_workshop_change", args=[workshop.pk]),
                )
            )
    return items
