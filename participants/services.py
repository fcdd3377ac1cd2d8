"""Writes that enforce the rules of admission, exit and referral. The admin, the API and the demo
data call these functions; each validates everything first and saves nothing when it refuses."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from common import dates, formats
from organisations.models import Organisation, ReserveListOrder
from organisations.policy import Key, MissingPolicyParameter, policy_int, policy_value
from participants import rules
from participants.models import (
    AllowancePayment,
    AttendanceDay,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Indication,
    Person,
    PersonRegistration,
    ProgrammeGoal,
    ProgrammeVersion,
    Readiness,
    Referral,
    RehabProgramme,
    RoomAssignment,
    Vacancy,
    WaitingListEntry,
)
from wtz.models import Room, Workshop


@transaction.atomic
def person_register(
    *, workshop: Workshop, on: datetime.date, by=None, pesel: str | None = None, **identity
) -> tuple[Person, bool]:
    """Registers a person at ``workshop``; returns ``(person, created)``.

    The record is held by the workshop's organiser. A PESEL that organiser already holds links its
    own record to the workshop and changes nothing else. A PESEL known only to other
    organisations is, for this one, a new person: what the others hold is theirs, and the answer
    is the same whether anyone else knows the PESEL or not. The typed identity is validated in
    every case, so that a known PESEL cannot be told from a new one by what is refused.
    """
    organiser = workshop.organiser
    candidate = Person(holder=organiser, pesel=pesel or None, **identity)
    candidate.full_clean(exclude=["holder"])
    # One registration at a time per organisation: two people typing the same new PESEL at once
    # get one record, not a lost race.
    Organisation.objects.select_for_update().filter(pk=organiser.pk).first()
    existing = (
        Person.objects.filter(holder=organiser, pesel=candidate.pesel).first()
        if candidate.pesel
        else None
    )
    person = existing or candidate
    if existing is None:
        person.save()
    PersonRegistration.objects.get_or_create(
        person=person, workshop=workshop, defaults={"registered_on": on, "registered_by": by}
    )
    return person, existing is None


def governing_certificate(
    person: Person, on: datetime.date, *, organiser: Organisation
) -> DisabilityCertificate | None:
    """DIS-05: the certificate that governs ``on`` among those the organiser's workshops hold:
    the one issued last by then, if it is still valid — a new decision supersedes the old one,
    and the old one does not come back when the new one runs out."""
    latest = (
        DisabilityCertificate.objects.filter(
            person=person, workshop__organiser=organiser, issued_on__lte=on
        )
        .order_by("-issued_on", "-pk")
        .first()
    )
    return latest if latest is not None and latest.is_valid_on(on) else None


def _priority_window_start(entry: WaitingListEntry, on: datetime.date) -> datetime.date | None:
    counts_from = policy_int(Key.WTZ_RESERVE_PRIORITY_FROM, on, organiser=entry.organiser)
    job_loss, leaving_workshop = 1, 2
    if counts_from == job_loss:
        return entry.job_lost_on
    if counts_from == leaving_workshop:
        return entry.left_workshop_for_work_on
    raise ImproperlyConfigured(
        f"{Key.WTZ_RESERVE_PRIORITY_FROM} must be 1 (job loss) or 2 (leaving the workshop)."
    )


def returnee_has_priority(entry: WaitingListEntry) -> bool:
    """WTZ-04: someone who left a workshop for a job, lost it, and applied within the window."""
    if entry.left_workshop_for_work_on is None or entry.applied_on is None:
        return False
    try:
        start = _priority_window_start(entry, entry.applied_on)
        window = policy_int(
            Key.WTZ_RESERVE_PRIORITY_DAYS, entry.applied_on, organiser=entry.organiser
        )
    except MissingPolicyParameter:
        return False  # before the priority was law (6 June 2018) nobody had it
    if start is None or start > entry.applied_on:
        return False
    return (entry.applied_on - start).days <= window


def _last_exit_to_work(person: Person, organiser: Organisation) -> datetime.date | None:
    """The person's last exit to work from this organiser's workshops (another organiser's
    records are not this one's to read; the applicant states such dates themself)."""
    return (
        Enrolment.objects.filter(
            person=person,
            workshop__organiser=organiser,
            exit_reason__in=Enrolment.WORK_REASONS,
        )
        .order_by("-exited_on")
        .values_list("exited_on", flat=True)
        .first()
    )


@transaction.atomic
def reserve_list_apply(
    *,
    person: Person,
    organiser: Organisation,
    applied_on: datetime.date,
    preferred_workshop: Workshop | None = None,
    left_workshop_for_work_on: datetime.date | None = None,
    job_lost_on: datetime.date | None = None,
) -> WaitingListEntry:
    """Records an application to the organiser's workshops, flagging a returnee's priority.

    A returnee's exit to work is found in the organiser's enrolments when it is not given.
    """
    entry = WaitingListEntry(
        person=person,
        organiser=organiser,
        applied_on=applied_on,
        preferred_workshop=preferred_workshop,
        left_workshop_for_work_on=left_workshop_for_work_on
        or _last_exit_to_work(person, organiser),
        job_lost_on=job_lost_on,
    )
    entry.full_clean()
    entry.has_priority = returnee_has_priority(entry)
    entry.save()
    return entry


def reserve_list_update_priority(entry: WaitingListEntry) -> WaitingListEntry:
    """Recomputes the returnee flag after the dates behind it were corrected."""
    entry.has_priority = returnee_has_priority(entry)
    entry.save(update_fields=["has_priority", "updated_at"])
    return entry


@transaction.atomic
def reserve_list_approve(
    *, entry: WaitingListEntry, approved_on: datetime.date, pcpr_reference: str
) -> WaitingListEntry:
    """WTZ-02: the organiser approves the application in agreement with the PCPR."""
    if entry.status not in WaitingListEntry.OPEN_STATUSES:
        raise ValidationError(_("Only an open application can be approved."))
    entry.approved_on = approved_on
    entry.pcpr_reference = pcpr_reference.strip()
    entry.status = WaitingListEntry.Status.WAITING
    entry.full_clean()
    entry.save()
    return entry


@dataclass(frozen=True)
class Proposal:
    entry: WaitingListEntry
    reason: str


def reserve_list_proposal(*, workshop: Workshop, on: datetime.date) -> list[Proposal]:
    """WTZ-03 and WTZ-04: who is offered a place at ``workshop`` on ``on``, in the legal order.

    Returnees with priority first (in the order they applied), then the organiser's own order.
    """
    organiser = workshop.organiser
    waiting = list(
        WaitingListEntry.objects.filter(
            Q(preferred_workshop__isnull=True) | Q(preferred_workshop=workshop),
            organiser=organiser,
            status=WaitingListEntry.Status.WAITING,
            approved_on__lte=on,
        ).select_related("person")
    )
    order = organiser.reserve_list_order
    returnees = sorted(
        (entry for entry in waiting if entry.has_priority), key=lambda e: (e.applied_on, e.pk)
    )
    others = sorted(
        (entry for entry in waiting if not entry.has_priority),
        key=lambda e: (getattr(e, order), e.applied_on, e.pk),
    )
    proposals = [
        Proposal(
            entry,
            _("%(rule)s: returned after losing a job and applied within the window (on %(date)s).")
            % {"rule": rules.WTZ_04.id, "date": formats.day(entry.applied_on)},
        )
        for entry in returnees
    ]
    label = (
        _("approved on %(date)s")
        if order == ReserveListOrder.APPROVAL
        else _("applied on %(date)s")
    )
    proposals += [
        Proposal(
            entry,
            _("%(rule)s: next in the organiser's order, %(when)s.")
            % {
                "rule": rules.WTZ_03.id,
                "when": label % {"date": formats.day(getattr(entry, order))},
            },
        )
        for entry in others
    ]
    return proposals


def free_places(workshop: Workshop, on: datetime.date) -> int:
    """Contracted places in force on ``on`` less the participants enrolled that day. Two queries."""
    places = workshop.places_on(on) or 0
    return places - Enrolment.objects.filter(workshop=workshop).active_on(on).count()


def _first_day_without_a_place(workshop: Workshop, admitted_on: datetime.date):
    """The first day from ``admitted_on`` on which one more participant would exceed the
    contracted places: the admission day itself, or a later day when an admission already
    recorded for the future starts, or the contract shrinks."""
    later = set(
        Enrolment.objects.filter(workshop=workshop, admitted_on__gt=admitted_on).values_list(
            "admitted_on", flat=True
        )
    ) | set(
        workshop.contracted_places.filter(starts_on__gt=admitted_on).values_list(
            "starts_on", flat=True
        )
    )
    for day in sorted({admitted_on, *later}):
        if free_places(workshop, day) <= 0:
            return day
    return None


def approval_errors(entry, admitted_on) -> list[ValidationError]:
    """WTZ-02: an admission follows an application approved, with the PCPR, before it."""
    if entry.status != WaitingListEntry.Status.WAITING or not entry.approved_on:
        return [rules.WTZ_02.error(_("the application must first be approved with the PCPR."))]
    if not entry.pcpr_reference or entry.approved_on > admitted_on:
        return [rules.WTZ_02.error(_("the approval agreed with the PCPR must precede admission."))]
    return []


def _check_admission(entry, workshop, admitted_on, certificate_override_reason):
    errors = approval_errors(entry, admitted_on)
    if workshop.organiser_id != entry.organiser_id:
        errors.append(ValidationError(_("The application was made to another organiser.")))
    if Enrolment.objects.filter(person=entry.person, exited_on__isnull=True).exists():
        errors.append(ValidationError(_("The person already attends a workshop.")))
    certificate = governing_certificate(entry.person, admitted_on, organiser=workshop.organiser)
    indicates_therapy = (
        certificate is not None
        and certificate.indications.filter(code=Indication.OCCUPATIONAL_THERAPY).exists()
    )
    if not indicates_therapy and not certificate_override_reason.strip():
        errors.append(
            rules.WTZ_01.error(
                _(
                    "on %(date)s the person has no valid certificate indicating occupational "
                    "therapy; admit without it only with a stated reason."
                ),
                params={"date": formats.day(admitted_on)},
            )
        )
    if _first_day_without_a_place(workshop, admitted_on) is not None:
        errors.append(
            rules.WTZ_03.error(
                _(
                    "%(workshop)s has no free place on %(date)s: the person stays on the "
                    "reserve list."
                ),
                params={"workshop": workshop, "date": formats.day(admitted_on)},
            )
        )
    if errors:
        raise ValidationError(errors)
    return certificate if indicates_therapy else None


@transaction.atomic
def enrolment_admit(
    *,
    entry: WaitingListEntry,
    workshop: Workshop,
    admitted_on: datetime.date,
    by=None,
    certificate_override_reason: str = "",
    order_override_reason: str = "",
    room: Room | None = None,
) -> Enrolment:
    """Admits the person of ``entry`` into ``workshop`` (WTZ-01, WTZ-02, WTZ-03, WTZ-04).

    Anyone but the person the reserve list proposes first that day (a returnee with priority,
    then the organiser's order) is admitted only with a reason, kept on the enrolment with the
    application passed over. Fills the oldest vacancy open on that day. Another organiser's
    list is that organiser's: it keeps its own record of the person and learns nothing from this
    admission.
    """
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()  # one admission at a time
    certificate = _check_admission(entry, workshop, admitted_on, certificate_override_reason)
    passed_over = _passed_over(entry, workshop, admitted_on, order_override_reason)
    enrolment = Enrolment(
        person=entry.person,
        workshop=workshop,
        application=entry,
        admitted_on=admitted_on,
        certificate=certificate,
        certificate_override_reason="" if certificate else certificate_override_reason.strip(),
        passed_over=passed_over,
        order_override_reason=order_override_reason.strip() if passed_over else "",
        admitted_by=by,
    )
    enrolment.full_clean()
    enrolment.save()
    vacancy = (
        Vacancy.objects.filter(workshop=workshop, opened_on__lte=admitted_on)
        .unfilled()
        .order_by("opened_on", "pk")
        .first()
    )
    if vacancy is not None:
        vacancy.filled_by = enrolment
        vacancy.filled_on = admitted_on
        vacancy.save(update_fields=["filled_by", "filled_on"])
    entry.status = WaitingListEntry.Status.ADMITTED
    entry.closed_on = admitted_on
    entry.save(update_fields=["status", "closed_on", "updated_at"])
    PersonRegistration.objects.get_or_create(
        person=entry.person,
        workshop=workshop,
        defaults={"registered_on": admitted_on, "registered_by": by},
    )
    if room is not None:
        room_assign(enrolment=enrolment, room=room, starts_on=admitted_on)
    return enrolment


def _passed_over(entry, workshop, admitted_on, reason: str) -> WaitingListEntry | None:
    """WTZ-03/WTZ-04: the application the list proposes first, when ``entry`` is not it — and
    then only with a reason."""
    proposals = reserve_list_proposal(workshop=workshop, on=admitted_on)
    first = proposals[0] if proposals else None
    if first is None or first.entry.pk == entry.pk:
        return None
    if not reason.strip():
        raise ValidationError(
            {
                "order_override_reason": rules.WTZ_03.error(
                    _(
                        "the reserve list proposes %(person)s first (%(why)s): say why you admit "
                        "someone else."
                    ),
                    params={"person": first.entry.person, "why": first.reason},
                )
            }
        )
    return first.entry


def room_assign(*, enrolment: Enrolment, room: Room, starts_on: datetime.date) -> RoomAssignment:
    """Moves the participant to ``room`` from ``starts_on``, ending the current assignment."""
    current = enrolment.room_assignments.filter(ends_on__isnull=True, starts_on__lt=starts_on)
    current.update(ends_on=starts_on - datetime.timedelta(days=1))
    assignment = RoomAssignment(enrolment=enrolment, room=room, starts_on=starts_on)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def enrolment_exit(
    *,
    enrolment: Enrolment,
    exited_on: datetime.date,
    reason: str,
    employer: Organisation | None = None,
    contract_type: str = "",
    notes: str = "",
    club_activities: str = "",
) -> Enrolment:
    """WTZ-15: records the exit with its reason and frees the place as a vacancy; for an exit to
    work, whether the club activities offered (WTZ-16) were taken up.

    ``exited_on`` is the last day of participation; the place is free from the next day, unless
    the workshop then still has more participants than contracted places.
    """
    if enrolment.exited_on is not None:
        raise ValidationError(_("This participant has already left."))
    errors = {}
    if reason not in Enrolment.ExitReason.values:
        errors["exit_reason"] = rules.WTZ_15.error(
            _("choose the reason for leaving from the list.")
        )
    elif reason == Enrolment.ExitReason.REMOVED and not notes.strip():
        errors["exit_notes"] = rules.WTZ_17.error(
            _("a removal under the workshop's rules names the decision (number and date).")
        )
    elif reason in Enrolment.WORK_REASONS:
        if reason != Enrolment.ExitReason.SELF_EMPLOYMENT and employer is None:
            errors["exit_employer"] = rules.WTZ_15.error(_("an exit to work names the employer."))
        elif (
            reason == Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE
            and employer.kind != Organisation.Kind.COOPERATIVE
        ):
            errors["exit_employer"] = _(
                "%(employer)s is not a cooperative: choose the kind of work it gives."
            ) % {"employer": employer}
        if not contract_type:
            errors["exit_contract_type"] = rules.WTZ_15.error(
                _("an exit to work names the kind of contract.")
            )
    if errors:
        raise ValidationError(errors)
    enrolment.exited_on = exited_on
    enrolment.exit_reason = reason
    enrolment.exit_employer = employer if reason in Enrolment.WORK_REASONS else None
    enrolment.exit_contract_type = contract_type if reason in Enrolment.WORK_REASONS else ""
    enrolment.exit_notes = notes
    enrolment.club_activities = club_activities if reason in Enrolment.WORK_REASONS else ""
    enrolment.full_clean()
    enrolment.save()
    enrolment.room_assignments.filter(ends_on__isnull=True).update(ends_on=exited_on)
    next_day = exited_on + datetime.timedelta(days=1)
    if free_places(enrolment.workshop, next_day) > 0:
        Vacancy.objects.create(workshop=enrolment.workshop, opened_on=next_day, freed_by=enrolment)
    return enrolment


@transaction.atomic
def referral_create(
    *,
    person: Person,
    workshop: Workshop,
    cooperative,
    consent: Consent,
    referred_on: datetime.date,
    readiness: Readiness | None = None,
    shares_contact: bool = False,
    shares_skills: bool = True,
    shares_availability: bool = True,
) -> Referral:
    """DIS-09 and DIS-06: a referral shares data only with a consent for it, signed in the right
    capacity and in force on the day (``Referral.clean``)."""
    referral = Referral(
        person=person,
        workshop=workshop,
        cooperative=cooperative,
        consent=consent,
        readiness=readiness,
        referred_on=referred_on,
        shares_contact=shares_contact,
        shares_skills=shares_skills,
        shares_availability=shares_availability,
    )
    referral.full_clean()
    referral.save()
    return referral


@transaction.atomic
def consent_withdraw(*, consent: Consent, on: datetime.date) -> list[Referral]:
    """DIS-09: the person (or their representative) withdraws a consent from ``on``.

    What rested on it ends the same day: every referral made under it stops sharing with the
    cooperative (the candidate disappears from its lists), and when no consent to keep contact
    details remains, the phone and e-mail are erased from the record and from its history copies
    — the legal basis for keeping them is gone. Returns the referrals it ended, for telling the
    workshop.
    """
    consent.withdrawn_on = on
    consent.full_clean()
    consent.save()
    ended = []
    open_referrals = consent.referrals.filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
    for referral in open_referrals.select_related("person", "cooperative__organisation"):
        referral.withdrawn_on = max(on, referral.referred_on)
        referral.save(update_fields=["withdrawn_on", "updated_at"])
        ended.append(referral)
    if consent.purpose == Consent.Purpose.CONTACT:
        _erase_contact_details_without_consent(consent.person, on)
    return ended


def _erase_contact_details_without_consent(person: Person, on: datetime.date) -> None:
    still_consented = (
        Consent.objects.active_on(on)
        .filter(person=person, purpose=Consent.Purpose.CONTACT)
        .exists()
    )
    if still_consented or not (person.phone or person.email):
        return
    person.phone = person.email = ""
    person.save(update_fields=["phone", "email", "updated_at"])
    Person.history.filter(id=person.pk).update(phone="", email="")


def referral_withdraw(*, referral: Referral, on: datetime.date) -> Referral:
    referral.withdrawn_on = on
    referral.full_clean()
    referral.save(update_fields=["withdrawn_on", "updated_at"])
    return referral


@transaction.atomic
def programme_start(*, enrolment: Enrolment, valid_from: datetime.date) -> ProgrammeVersion:
    """The first (draft) version of a participant's programme."""
    programme, _created = RehabProgramme.objects.get_or_create(enrolment=enrolment)
    if programme.versions.exists():
        raise ValidationError(_("This participant already has a programme: add a new version."))
    version = ProgrammeVersion(programme=programme, number=1, valid_from=valid_from)
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def programme_new_version(
    *, programme: RehabProgramme, valid_from: datetime.date
) -> ProgrammeVersion:
    """A draft that starts as a copy of the latest version, to be changed after an evaluation."""
    latest = programme.versions.order_by("-number").first()
    version = ProgrammeVersion(programme=programme, number=latest.number + 1, valid_from=valid_from)
    for name in ProgrammeVersion.ELEMENTS:
        setattr(version, name, getattr(latest, name))
    version.full_clean()
    version.save()
    version.responsible_staff.set(latest.responsible_staff.all())
    ProgrammeGoal.objects.bulk_create(
        ProgrammeGoal(version=version, domain=goal.domain, description=goal.description)
        for goal in latest.goals.all()
    )
    return version


@transaction.atomic
def programme_approve(
    *,
    version: ProgrammeVersion,
    approved_on: datetime.date,
    council,
    signed_on: datetime.date | None = None,
    signed_by: str = "",
    representative=None,
) -> list[str]:
    """WTZ-07 (refuses an incomplete programme), WTZ-11 (returns warnings about the council) and
    DIS-06 (who signs, in what capacity). Returns the warnings to show."""
    if version.is_approved:
        raise ValidationError(_("This version is already approved: add a new version."))
    rules.check_programme_complete(version, version.responsible_staff.count())
    workshop = version.programme.enrolment.workshop
    council = list(council)
    strangers = [
        m for m in council if m.workshop_id != workshop.pk or not m.is_active_on(approved_on)
    ]
    if strangers:
        raise ValidationError(
            {"council": _("Council members are the workshop's staff on that day.")}
        )
    if signed_on:
        rules.check_signature(
            version.programme.enrolment.person,
            signed_by_person=signed_by == ProgrammeVersion.Signer.PERSON,
            representative=representative,
            on=signed_on,
        )
    version.approved_on = approved_on
    version.signed_on = signed_on
    version.signed_by = signed_by if signed_on else ""
    version.representative = representative if signed_on else None
    version.full_clean()
    version.save()
    version.council.set(council)
    return rules.council_warnings({member.role for member in council})


def room_roster(room: Room, day: datetime.date) -> list[Enrolment]:
    """Who attends ``room`` on ``day``, by name. One query."""
    return list(
        Enrolment.objects.filter(workshop_id=room.workshop_id)
        .active_on(day)
        .filter(room_assignments__room=room)
        .filter(
            Q(room_assignments__ends_on__isnull=True) | Q(room_assignments__ends_on__gte=day),
            room_assignments__starts_on__lte=day,
        )
        .select_related("person", "workshop__organiser")
        .distinct()
        .order_by("person__last_name", "person__first_name")
    )


@transaction.atomic
def workshop_closed(*, workshop: Workshop, day: datetime.date, by) -> int:
    """A day the whole workshop was closed: everyone assigned to one of its rooms that day is
    marked so, in every room at once. Returns how many people were marked."""
    marked = 0
    for room in workshop.rooms.filter(is_active=True):
        roster = room_roster(room, day)
        if roster:
            closed = dict.fromkeys(
                (enrolment.pk for enrolment in roster), AttendanceDay.Code.CLOSED
            )
            attendance_record(room=room, day=day, codes=closed, by=by)
            marked += len(roster)
    return marked


def room_month_register(room: Room, month: datetime.date):
    """A room's register for ``month`` on paper: everyone assigned to the room on any day of it,
    by name, and the code recorded for each day. Two queries."""
    start, end = _month_bounds(month)
    enrolments = list(
        Enrolment.objects.filter(workshop_id=room.workshop_id, admitted_on__lte=end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
        .filter(room_assignments__room=room, room_assignments__starts_on__lte=end)
        .filter(Q(room_assignments__ends_on__isnull=True) | Q(room_assignments__ends_on__gte=start))
        .select_related("person")
        .distinct()
        .order_by("person__last_name", "person__first_name")
    )
    codes = {
        (enrolment_id, day): code
        for enrolment_id, day, code in AttendanceDay.objects.filter(
            enrolment__in=enrolments, day__range=(start, end)
        ).values_list("enrolment", "day", "code")
    }
    days = [start + datetime.timedelta(days=offset) for offset in range((end - start).days + 1)]
    return enrolments, days, codes


@transaction.atomic
def attendance_record(*, room: Room, day: datetime.date, codes: dict[int, str], by) -> list[str]:
    """Saves a room's register for one day in a constant number of statements, and returns the
    WTZ-17 warnings for the people in it."""
    roster = room_roster(room, day)
    by_id = {enrolment.pk: enrolment for enrolment in roster}
    unknown = set(codes) - set(by_id)
    if unknown:
        raise ValidationError(_("Only the people attending this room that day can be marked."))
    invalid = {code for code in codes.values() if code not in AttendanceDay.Code.values}
    if invalid:
        raise ValidationError(_("Choose the attendance from the list."))
    existing = {
        record.enrolment_id: record
        for record in AttendanceDay.objects.filter(enrolment__in=roster, day=day)
    }
    changed = [
        record
        for enrolment_id, record in existing.items()
        if enrolment_id in codes and record.code != codes[enrolment_id]
    ]
    for record in changed:
        record.code = codes[record.enrolment_id]
        record.recorded_by = by
    new = [
        AttendanceDay(enrolment_id=enrolment_id, day=day, code=code, recorded_by=by)
        for enrolment_id, code in codes.items()
        if enrolment_id not in existing
    ]
    bulk_create_with_history(new, AttendanceDay, default_user=by)
    bulk_update_with_history(changed, AttendanceDay, ["code", "recorded_by"], default_user=by)
    month_start = dates.first_day_of_month(day)
    unexcused = dict(
        AttendanceDay.objects.filter(
            enrolment__in=roster,
            code=AttendanceDay.Code.UNEXCUSED,
            day__gte=month_start,
            day__lte=day,
        )
        .values_list("enrolment")
        .annotate(count=Count("pk"))
    )
    return rules.absence_warnings(roster, unexcused, day)


def _month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    return dates.month_period(month)


def allowance_due(enrolment: Enrolment, month: datetime.date, unexcused_days: int):
    """WTZ-20: the month's amount under the organiser's rules in force that month — the full
    amount less the deduction for each unexcused day, never below zero. None when the
    organiser's rules have not been recorded."""
    organiser = enrolment.workshop.organiser
    try:
        full = policy_value(Key.WTZ_ALLOWANCE_MONTHLY_AMOUNT, month, organiser=organiser)
        deduction = policy_value(Key.WTZ_ALLOWANCE_UNEXCUSED_DEDUCTION, month, organiser=organiser)
    except MissingPolicyParameter:
        return None
    return max(Decimal(0), full - deduction * unexcused_days)


@dataclass(frozen=True)
class AllowanceRow:
    enrolment: Enrolment
    unexcused_days: int
    due: Decimal | None
    payment: AllowancePayment | None


def allowance_sheet(workshop: Workshop, month: datetime.date) -> list[AllowanceRow]:
    """Everyone who attended ``workshop`` during ``month``, with their unexcused days, the amount
    the rules give, and what was settled. Three queries, plus the rules once."""
    start, end = _month_bounds(month)
    enrolments = list(
        Enrolment.objects.filter(workshop=workshop, admitted_on__lte=end)
        .filter(Q(exited_on__isnull=True) | Q(exited_on__gte=start))
        .select_related("person", "workshop__organiser")
        .order_by("person__last_name", "person__first_name")
    )
    unexcused = dict(
        AttendanceDay.objects.filter(
            enrolment__in=enrolments,
            code=AttendanceDay.Code.UNEXCUSED,
            day__range=(start, end),
        )
        .values_list("enrolment")
        .annotate(count=Count("pk"))
    )
    payments = {
        payment.enrolment_id: payment
        for payment in AllowancePayment.objects.filter(enrolment__in=enrolments, month=start)
    }
    rules_in_force = {}
    rows = []
    for enrolment in enrolments:
        days = unexcused.get(enrolment.pk, 0)
        key = (enrolment.workshop.organiser_id, days)
        if key not in rules_in_force:
            rules_in_force[key] = allowance_due(enrolment, start, days)
        rows.append(AllowanceRow(enrolment, days, rules_in_force[key], payments.get(enrolment.pk)))
    return rows


@transaction.atomic
def allowance_settle(*, workshop: Workshop, month: datetime.date, amounts: dict, by) -> list[str]:
    """Records the month's allowances for a workshop in one go; returns WTZ-20 warnings for
    amounts that differ from the organiser's rules. Refuses without rules on record."""
    start, _end = _month_bounds(month)
    rows = {row.enrolment.pk: row for row in allowance_sheet(workshop, start)}
    if set(amounts) - set(rows):
        raise ValidationError(_("Only the people who attended that month can be settled."))
    if any(row.due is None for row in rows.values()):
        raise ValidationError(
            rules.WTZ_20.error(_("the organiser's rules for the allowance are not on record."))
        )
    if any(amount < 0 for amount in amounts.values()):
        raise ValidationError(_("An allowance cannot be negative."))
    new, changed, warnings = [], [], []
    for enrolment_id, amount in amounts.items():
        row = rows[enrolment_id]
        if row.payment is None:
            new.append(
                AllowancePayment(
                    enrolment=row.enrolment,
                    month=start,
                    due_amount=row.due,
                    amount=amount,
                    unexcused_days=row.unexcused_days,
                    settled_by=by,
                )
            )
        else:
            row.payment.amount, row.payment.due_amount = amount, row.due
            row.payment.unexcused_days, row.payment.settled_by = row.unexcused_days, by
            changed.append(row.payment)
        if amount != row.due:
            warnings.append(
                str(
                    rules.WTZ_20.error(
                        _("%(person)s: %(amount)s zł paid, %(due)s zł under the rules."),
                        params={
                            "person": row.enrolment.person,
                            "amount": formats.amount(amount),
                            "due": formats.amount(row.due),
                        },
                    ).messages[0]
                )
            )
    bulk_create_with_history(new, AllowancePayment, default_user=by)
    bulk_update_with_history(
        changed,
        AllowancePayment,
        ["amount", "due_amount", "unexcused_days", "settled_by"],
        default_user=by,
    )
    return warnings
