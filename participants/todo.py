"""Participants' to-do items for WTZ staff: free places to offer, certificates running out, and
the workshop's staffing and size warnings that depend on how many people attend."""

import datetime
from collections import Counter, defaultdict

from django.db.models import Count, F
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import formats
from common.rules import Severity
from common.todo import TodoItem
from organisations.policy import Key, policy_int
from participants import rules, services
from participants.models import (
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    Referral,
    WaitingListEntry,
)
from wtz.models import StaffAssignment
from wtz.todo import assigned_workshops


def _staffing_items(workshop, attending: int, staff: list, on) -> list[TodoItem]:
    items = []
    minimum = policy_int(Key.WTZ_MIN_PARTICIPANTS, on, organiser=workshop.organiser)
    if attending < minimum:
        items.append(
            TodoItem(
                rules.WTZ_21.id,
                rules.WTZ_21.severity,
                _("%(workshop)s has %(count)d participants; the minimum is %(min)d.")
                % {"workshop": workshop, "count": attending, "min": minimum},
            )
        )
    if not any(role == StaffAssignment.Role.PSYCHOLOGIST for role, _direct in staff):
        items.append(
            TodoItem(
                rules.WTZ_12.id,
                rules.WTZ_12.severity,
                _("%(workshop)s employs no psychologist.") % {"workshop": workshop},
            )
        )
    direct = sum(1 for _role, works_directly in staff if works_directly)
    ratio = policy_int(Key.WTZ_MAX_PARTICIPANTS_PER_STAFF, on, organiser=workshop.organiser)
    if attending > ratio * direct:
        items.append(
            TodoItem(
                rules.WTZ_12.id,
                rules.WTZ_12.severity,
                _(
                    "%(workshop)s: %(count)d participants for %(staff)d staff working directly "
                    "with them; at most %(ratio)d per person."
                )
                % {"workshop": workshop, "count": attending, "staff": direct, "ratio": ratio},
            )
        )
    return items


def _place_items(workshop, attending: int, waiting: int, on) -> list[TodoItem]:
    places = workshop.places_on(on) or 0
    free = places - attending
    if free <= 0 or not waiting:
        return []
    proposals = services.reserve_list_proposal(workshop=workshop, on=on)
    if not proposals:
        return []
    return [
        TodoItem(
            rules.WTZ_03.id,
            rules.WTZ_03.severity,
            _("%(workshop)s has %(free)d free places: offer one to %(person)s (%(why)s)")
            % {
                "workshop": workshop,
                "free": free,
                "person": proposals[0].entry.person,
                "why": proposals[0].reason,
            },
            url=reverse("admin:participants_waitinglistentry_admit") + f"?workshop={workshop.pk}",
            people=(proposals[0].entry.person_id,),
        )
    ]


def _certificate_items(workshops, on) -> list[TodoItem]:
    """DIS-04 and WTZ-05 for everyone attending the user's workshops."""
    attending = {
        enrolment.person_id: enrolment
        for enrolment in Enrolment.objects.filter(workshop__in=workshops)
        .active_on(on)
        .select_related("person", "workshop__organiser")
    }
    certificates = defaultdict(list)
    for certificate in DisabilityCertificate.objects.filter(
        person__in=attending, workshop__in=workshops
    ):
        certificates[certificate.person_id].append(certificate)
    items = []
    warning_days_by_organiser = {}
    for person_id, enrolment in attending.items():
        organiser = enrolment.workshop.organiser
        if organiser.pk not in warning_days_by_organiser:
            warning_days_by_organiser[organiser.pk] = sorted(
                policy_int(key, on, organiser=organiser)
                for key in (
                    Key.CERTIFICATE_WARNING_FIRST_DAYS,
                    Key.CERTIFICATE_WARNING_SECOND_DAYS,
                    Key.CERTIFICATE_WARNING_THIRD_DAYS,
                )
            )
        warning_days = warning_days_by_organiser[organiser.pk]
        # The certificate issued last by then governs: an older one it replaced does not count.
        held = [c for c in certificates[person_id] if c.issued_on <= on]
        url = reverse("admin:participants_person_change", args=[person_id])
        last_issued = max(held, key=lambda c: (c.issued_on, c.pk), default=None)
        if last_issued is not None and last_issued.is_permanent:
            continue
        latest = last_issued.valid_until if last_issued else None
        if latest is None:
            items.append(
                TodoItem(
                    rules.WTZ_01.id,
                    Severity.TASK,
                    _("%(person)s attends without a certificate on record: record it.")
                    % {"person": enrolment.person},
                    url=url,
                    people=(person_id,),
                )
            )
            continue
        if latest >= on:
            days_left = (latest - on).days
            stage = next((days for days in warning_days if days_left <= days), None)
            if stage is not None:
                items.append(
                    TodoItem(
                        rules.DIS_04.id,
                        rules.DIS_04.severity,
                        _certificate_expiry_text(enrolment.person, latest, days_left, on),
                        url=url,
                        due_on=latest,
                        people=(person_id,),
                    )
                )
            continue
        allowed_until = rules.participation_allowed_until(latest, organiser)
        if on <= allowed_until:
            text = _(
                "%(person)s: the certificate expired on %(date)s; participation may continue "
                "until %(until)s."
            )
        else:
            text = _(
                "%(person)s: the certificate expired on %(date)s and participation could "
                "continue only until %(until)s: record the exit or a new certificate."
            )
        items.append(
            TodoItem(
                rules.WTZ_05.id,
                rules.WTZ_05.as_(Severity.WARN if on <= allowed_until else Severity.TASK),
                text
                % {
                    "person": enrolment.person,
                    "date": formats.day(latest),
                    "until": formats.day(allowed_until),
                },
                url=url,
                due_on=allowed_until,
                people=(person_id,),
            )
        )
    return items


def _certificate_expiry_text(person, valid_until, days_left, on) -> str:
    """DIS-04: when the certificate expires and from when a new one may be applied for."""
    text = ngettext(
        "%(person)s: the certificate expires on %(date)s (in %(days)d day).",
        "%(person)s: the certificate expires on %(date)s (in %(days)d days).",
        days_left,
    ) % {"person": person, "date": date_format(valid_until), "days": days_left}
    apply_from = rules.renewal_application_from(valid_until, on)
    if apply_from is None:
        return text
    if apply_from <= on:
        return text + " " + _("A new certificate may be applied for now.")
    return (
        text
        + " "
        + _("A new certificate may be applied for from %(date)s.")
        % {"date": date_format(apply_from)}
    )


EVALUATION_NOTICE_DAYS = 30  # how early a coming evaluation shows on the list


def _evaluation_items(workshops, on) -> list[TodoItem]:
    """WTZ-08 and WTZ-09: evaluations due within a month, or overdue."""
    attending = list(
        Enrolment.objects.filter(workshop__in=workshops)
        .active_on(on)
        .select_related("person", "workshop__organiser")
    )
    held = defaultdict(list)
    for evaluation in Evaluation.objects.filter(enrolment__in=attending).only(
        "enrolment_id", "kind", "held_on", "participant_present"
    ):
        held[evaluation.enrolment_id].append(evaluation)
    items = []
    for enrolment in attending:
        for rule, label, due_on in rules.evaluations_due(enrolment, held[enrolment.pk], on):
            if (due_on - on).days > EVALUATION_NOTICE_DAYS:
                continue
            text = (
                _("%(person)s: %(what)s overdue since %(date)s.")
                if due_on < on
                else _("%(person)s: %(what)s due by %(date)s.")
            )
            items.append(
                TodoItem(
                    rule.id,
                    rule.as_(Severity.WARN if due_on < on else Severity.TASK),
                    text % {"person": enrolment.person, "what": label, "date": formats.day(due_on)},
                    url=reverse("admin:participants_evaluation_add") + f"?enrolment={enrolment.pk}",
                    due_on=due_on,
                    people=(enrolment.person_id,),
                )
            )
    return items


def items_for(user, on: datetime.date) -> list[TodoItem]:
    workshops = list(assigned_workshops(user))
    if not workshops:
        return []
    attending = Counter(
        dict(
            Enrolment.objects.filter(workshop__in=workshops)
            .active_on(on)
            .values_list("workshop")
            .annotate(count=Count("pk"))
        )
    )
    staff = defaultdict(list)
    for workshop_id, role, works_directly in (
        StaffAssignment.objects.filter(workshop__in=workshops)
        .active_on(on)
        .values_list("workshop", "role", "works_directly")
    ):
        staff[workshop_id].append((role, works_directly))
    waiting = Counter(
        dict(
            WaitingListEntry.objects.filter(
                organiser__in={w.organiser_id for w in workshops},
                status=WaitingListEntry.Status.WAITING,
            )
            .values_list("organiser")
            .annotate(count=Count("pk"))
        )
    )
    items = []
    for workshop in workshops:
        items += _place_items(workshop, attending[workshop.pk], waiting[workshop.organiser_id], on)
        items += _staffing_items(workshop, attending[workshop.pk], staff[workshop.pk], on)
    return (
        items
        + _certificate_items(workshops, on)
        + _evaluation_items(workshops, on)
        + _ended_referral_items(workshops, on)
        + _out_of_order_items(workshops, on)
    )


OUT_OF_ORDER_NOTICE_DAYS = 30


def _out_of_order_items(workshops, on) -> list[TodoItem]:
    """WTZ-03/WTZ-04: admissions of the last month ahead of the reserve list's order, with the
    reason given — for the workshop's staff to see (and answer for at an inspection)."""
    since = on - datetime.timedelta(days=OUT_OF_ORDER_NOTICE_DAYS)
    admitted = (
        Enrolment.objects.filter(
            workshop__in=workshops, admitted_on__range=(since, on), passed_over__isnull=False
        )
        .select_related("person", "passed_over__person")
        .order_by("-admitted_on", "pk")
    )
    return [
        TodoItem(
            rules.WTZ_03.id,
            Severity.TASK,
            _(
                "%(person)s was admitted on %(date)s ahead of %(passed_over)s, whom the reserve "
                "list proposed first, because: “%(reason)s”. Check that the organiser agrees."
            )
            % {
                "person": enrolment.person,
                "date": date_format(enrolment.admitted_on),
                "passed_over": enrolment.passed_over.person,
                "reason": enrolment.order_override_reason,
            },
            url=reverse("admin:participants_enrolment_change", args=[enrolment.pk]),
            people=(enrolment.person_id, enrolment.passed_over.person_id),
        )
        for enrolment in admitted
    ]


ENDED_REFERRAL_NOTICE_DAYS = 30


def _ended_referral_items(workshops, on) -> list[TodoItem]:
    """DIS-09: referrals that a withdrawn consent ended in the last month — the workshop is told,
    whoever recorded the withdrawal, so that it can tell the person what stopped being shared."""
    since = on - datetime.timedelta(days=ENDED_REFERRAL_NOTICE_DAYS)
    ended = (
        Referral.objects.filter(
            workshop__in=workshops,
            withdrawn_on__range=(since, on),
            consent__withdrawn_on=F("withdrawn_on"),
        )
        .select_related("person", "cooperative__organisation")
        .order_by("-withdrawn_on", "pk")
    )
    return [
        TodoItem(
            rules.DIS_09.id,
            Severity.TASK,  # the workshop tells the person what stopped being shared
            _(
                "%(person)s withdrew consent: the referral to %(cooperative)s ended on %(date)s "
                "and the cooperative no longer sees the candidate."
            )
            % {
                "person": referral.person,
                "cooperative": referral.cooperative,
                "date": date_format(referral.withdrawn_on),
            },
            url=reverse("admin:participants_referral_change", args=[referral.pk]),
            people=(referral.person_id,),
        )
        for referral in ended
    ]
