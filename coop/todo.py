"""The cooperative manager's to-do items about the cooperative's own business: members (SC-01..04,
the membership offers of SC-07, the three founders' deadline of SC-02), the audit (SC-11), the
surplus (SC-10), OWES grants (OWES-01), reintegration plans (PS-03) and the annual report of a
social enterprise (PS-05). The employer's items (subsidy filing, follow-ups, documents) are the
employment app's."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common import dates
from common.rules import Severity
from common.todo import TodoItem
from coop import rules
from coop.models import (
    GrantedJob,
    MembershipOffer,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
)
from coop.statuses import StatusBook
from employment.models import Employment
from organisations.models import Cooperative
from organisations.policy import Key, policy_int
from organisations.scoping import managed_cooperative_ids

DAY = datetime.timedelta(days=1)


def _membership_items(cooperative, employments, on) -> list[TodoItem]:
    """SC-02, SC-03, SC-04, SC-07 and SC-11 for one cooperative."""
    organisations = list(OrganisationMembership.objects.filter(cooperative=cooperative))
    people = list(PersonMembership.objects.filter(cooperative=cooperative))
    book = StatusBook.read(cooperative)
    items = [
        TodoItem(rule.id, Severity.WARN, f"{cooperative}: {message}")
        for rule, message in rules.membership_problems(cooperative, organisations, people, on, book)
    ]
    offers = list(MembershipOffer.objects.filter(cooperative=cooperative))
    for job in rules.membership_offers_due(cooperative, employments, people, on, offers):
        items.append(
            TodoItem(
                rules.SC_07.id,
                rules.SC_07.severity,
                _("%(person)s has worked at %(cooperative)s since %(date)s: offer membership.")
                % {
                    "person": job.person,
                    "cooperative": cooperative,
                    "date": date_format(job.starts_on),
                },
                url=reverse("admin:coop_membershipoffer_add")
                + f"?cooperative={cooperative.pk}&person={job.person_id}"
                + f"&offered_on={on:%Y-%m-%d}",
                people=(job.person_id,),
            )
        )
    founding = rules.three_founders_deadline(cooperative, people, employments, on, book)
    if founding is not None and founding[1] < 2:
        deadline, admitted = founding
        items.append(
            TodoItem(
                rules.SC_02.id,
                rules.SC_02.as_(Severity.WARN if deadline < on else Severity.TASK),
                _(
                    "%(cooperative)s: admit and employ %(missing)d more disadvantaged persons by "
                    "%(date)s (three founders)."
                )
                % {
                    "cooperative": cooperative,
                    "missing": 2 - admitted,
                    "date": date_format(deadline),
                },
                due_on=deadline,
            )
        )
    items += _enterprise_items(cooperative, employments, on, book)
    due = rules.audit_due_on(cooperative)
    if due is not None and due.year <= on.year:  # from the start of the year it falls due
        items.append(
            TodoItem(
                rules.SC_11.id,
                rules.SC_11.severity,
                _("%(cooperative)s: the cooperative audit (lustracja) is due by %(date)s.")
                % {"cooperative": cooperative, "date": date_format(due)},
                due_on=due,
            )
        )
    return items


def _enterprise_items(cooperative, employments, on, book: StatusBook) -> list[TodoItem]:
    """OWES-01, SC-10, and for a social enterprise PS-03 and PS-05."""
    items = []
    for granted in GrantedJob.objects.filter(
        agreement__cooperative=cooperative, keep_until__gte=on, employment__starts_on__lte=on
    ).select_related("employment__person"):
        risk = rules.grant_at_risk(granted, on, employments)
        if risk:
            items.append(
                TodoItem(
                    rules.OWES_01.id,
                    rules.OWES_01.severity,
                    _(
                        "%(person)s's job, created with an OWES grant, is kept until "
                        "%(date)s: %(risk)s"
                    )
                    % {
                        "person": granted.employment.person,
                        "date": date_format(granted.keep_until),
                        "risk": risk,
                    },
                    due_on=granted.keep_until,
                    people=(granted.employment.person_id,),
                )
            )
    latest = cooperative.surplus_allocations.filter(year__lt=on.year).order_by("-year").first()
    if latest is not None:
        items += [
            TodoItem(rules.SC_10.id, rules.SC_10.severity, f"{latest}: {warning}")
            for warning in latest.warnings()
        ]
    if not cooperative.is_social_enterprise_on(on):
        return items
    plans = set(
        ReintegrationPlan.objects.filter(employment__cooperative=cooperative)
        .current_on(on)
        .values_list("employment", flat=True)
    )
    missing = rules.employees_without_plan(employments, plans, on, book)
    if missing:
        items.append(
            TodoItem(
                rules.PS_03.id,
                rules.PS_03.severity,
                _("no current reintegration plan: %(people)s")
                % {"people": ", ".join(str(job.person) for job in missing)},
                url=reverse("admin:coop_reintegrationplan_add"),
                people=tuple(job.person_id for job in missing),
            )
        )
    month = policy_int(Key.PS_ANNUAL_REPORT_DUE_MONTH, on)
    if on.month == month:
        due = dates.last_day_of_month(on)
        items.append(
            TodoItem(
                rules.PS_05.id,
                rules.PS_05.severity,
                _(
                    "%(cooperative)s: the social enterprise's annual report to the voivode is "
                    "due by %(date)s."
                )
                % {"cooperative": cooperative, "date": date_format(due)},
                due_on=due,
            )
        )
    return items


def items_for(user, on: datetime.date) -> list[TodoItem]:
    cooperatives = list(Cooperative.objects.filter(pk__in=managed_cooperative_ids(user)))
    items = []
    for cooperative in cooperatives:
        # Everyone working now or lately, with all their contracts here: an employment is the
        # unbroken chain of them (SC-07 counts from its start, OWES-01 to its end).
        recent = Employment.objects.filter(cooperative=cooperative).filter(
            Q(ends_on__isnull=True)
            | Q(ends_on__gte=dates.add_months(dates.first_day_of_month(on), -1))
        )
        employments = list(
            Employment.objects.filter(
                cooperative=cooperative, person__in=recent.values("person")
            ).select_related("person")
        )
        items += _membership_items(cooperative, employments, on)
    return items
