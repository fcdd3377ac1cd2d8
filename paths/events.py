"""What happened on a person's way, in order, as the path page lists it: applications and
admissions, certificates, programme versions and evaluations, the council's positions, the
referral, placements, contracts, follow-ups and exits.

Each source is read through its own ``visible_to(user)``, so a cooperative's manager gets the
referral, the placements, jobs and follow-ups the cooperative took part in, and nothing of the
therapy; a link is given only where the user may open the record. Eleven queries, whatever the
length of the history.
"""

import datetime
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from common.models import share_label
from employment import scoping as employment_scoping
from employment.models import Employment, FollowUp, Placement
from participants.models import (
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    ProgrammeVersion,
    Readiness,
    Referral,
    WaitingListEntry,
)


@dataclass(frozen=True)
class Event:
    day: datetime.date
    text: str
    url: str = ""
    upcoming: bool = False


def _link(user, obj, model=None) -> str:
    model = model or obj._meta.model
    label = f"{model._meta.app_label}.view_{model._meta.model_name}"
    if not user.has_perm(label):
        return ""
    try:
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk]
        )
    except NoReverseMatch:
        return ""


def events_of(person, user, today: datetime.date) -> list[Event]:
    events = []
    add = events.append
    for entry in (
        WaitingListEntry.objects.visible_to(user).filter(person=person).select_related("organiser")
    ):
        url = _link(user, entry)
        add(Event(entry.applied_on, _("Applied to %(where)s.") % {"where": entry.organiser}, url))
        if entry.approved_on:
            add(Event(entry.approved_on, _("Approved: on the reserve list."), url))
        if entry.closed_on and entry.status == entry.Status.CLOSED:
            add(
                Event(
                    entry.closed_on,
                    _("Left the reserve list: %(why)s.") % {"why": entry.close_reason or "—"},
                    url,
                )
            )
    for enrolment in (
        Enrolment.objects.visible_to(user)
        .filter(person=person)
        .select_related("workshop", "exit_employer")
    ):
        url = _link(user, enrolment)
        add(
            Event(
                enrolment.admitted_on,
                _("Admitted to %(where)s.") % {"where": enrolment.workshop},
                url,
            )
        )
        if enrolment.exited_on:
            text = _("Left %(where)s: %(why)s.") % {
                "where": enrolment.workshop,
                "why": enrolment.get_exit_reason_display(),
            }
            if enrolment.exit_employer:
                text = _("Left %(where)s for work at %(employer)s.") % {
                    "where": enrolment.workshop,
                    "employer": enrolment.exit_employer,
                }
            add(Event(enrolment.exited_on, text, url))
    for certificate in DisabilityCertificate.objects.visible_to(user).filter(person=person):
        url = _link(user, certificate)
        add(
            Event(
                certificate.issued_on,
                _("Certificate: %(kind)s.") % {"kind": certificate.get_kind_display()},
                url,
            )
        )
        if certificate.valid_until:
            expiry = certificate.valid_until + datetime.timedelta(days=1)
            add(
                Event(
                    expiry,
                    _("The certificate of %(date)s expires.")
                    % {"date": date_format(certificate.issued_on)}
                    if expiry > today
                    else _("The certificate of %(date)s expired.")
                    % {"date": date_format(certificate.issued_on)},
                    url,
                    upcoming=expiry > today,
                )
            )
    for version in ProgrammeVersion.objects.visible_to(user).filter(
        programme__enrolment__person=person
    ):
        add(
            Event(
                version.valid_from,
                _("Programme (IPR), version %(number)d.") % {"number": version.number},
                _link(user, version),
            )
        )
    for evaluation in Evaluation.objects.visible_to(user).filter(enrolment__person=person):
        add(
            Event(
                evaluation.held_on,
                _("Evaluation: %(kind)s.") % {"kind": evaluation.get_kind_display()},
                _link(user, evaluation),
            )
        )
    for position in Readiness.objects.visible_to(user).filter(enrolment__person=person):
        add(
            Event(
                position.decided_on,
                _("The council: ready for work.")
                if position.is_ready
                else _("The council: not ready for work yet."),
                _link(user, position),
            )
        )
    referrals = employment_scoping.referrals_for(user).filter(person=person)
    for referral in referrals.select_related("cooperative"):
        add(
            Event(
                referral.referred_on,
                _("Referred to %(where)s.") % {"where": referral.cooperative},
                _link(user, referral, Referral) or _candidate_link(user, referral),
            )
        )
        if referral.withdrawn_on:
            add(Event(referral.withdrawn_on, _("The referral was withdrawn.")))
    for placement in (
        Placement.objects.visible_to(user).filter(person=person).select_related("host")
    ):
        url = _link(user, placement)
        add(
            Event(
                placement.starts_on,
                _("%(kind)s at %(host)s, until %(date)s.")
                % {
                    "kind": placement.get_kind_display().capitalize(),
                    "host": placement.host,
                    "date": date_format(placement.last_day),
                },
                url,
                upcoming=placement.starts_on > today,
            )
        )
        if placement.ended_on:
            add(Event(placement.ended_on, _("The placement ended early."), url))
    for job in Employment.objects.visible_to(user).filter(person=person).select_related("employer"):
        url = _link(user, job)
        add(
            Event(
                job.starts_on,
                _("Job at %(employer)s: %(position)s, %(fte)s of a full time.")
                % {"employer": job.employer, "position": job.position, "fte": share_label(job.fte)},
                url,
                upcoming=job.starts_on > today,
            )
        )
        if job.ends_on:
            add(
                Event(
                    job.ends_on,
                    _("The job at %(employer)s ends: %(why)s.")
                    % {"employer": job.employer, "why": job.get_end_reason_display() or "—"},
                    url,
                    upcoming=job.ends_on > today,
                )
            )
    for follow_up in FollowUp.objects.visible_to(user).filter(employment__person=person):
        url = _link(user, follow_up.employment, Employment)
        if follow_up.held_on:
            text = _("Follow-up after %(days)d days: %(outcome)s.") % {
                "days": follow_up.days_after_start,
                "outcome": follow_up.get_outcome_display() or "—",
            }
            add(Event(follow_up.held_on, text, url))
        else:
            add(
                Event(
                    follow_up.due_on,
                    _("Follow-up after %(days)d days is due.")
                    % {"days": follow_up.days_after_start},
                    url,
                    upcoming=follow_up.due_on >= today,
                )
            )
    return sorted(events, key=lambda event: event.day)


def _candidate_link(user, referral) -> str:
    if not user.has_perm("employment.view_candidate"):
        return ""
    return reverse("admin:employment_candidate_change", args=[referral.pk])
