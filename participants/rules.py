"""Rules of DOMAIN.md §11 enforced by the participants app, with the checks that apply them.

Each check takes the objects it judges and raises a ValidationError naming its rule; it reads every
threshold from the dated policy parameters on the date of the fact.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common import dates, formats
from common.rules import Severity, register
from organisations.policy import Key, MissingPolicyParameter, policy_int
from organisations.rules import DIS_08

WTZ_01 = register(
    "WTZ-01",
    severity=Severity.BLOCK,
    title=_("Admission needs a valid certificate indicating occupational therapy."),
)
WTZ_02 = register(
    "WTZ-02",
    severity=Severity.BLOCK,
    title=_("Admission needs the organiser's approval agreed with the PCPR."),
)
WTZ_03 = register(
    "WTZ-03",
    severity=Severity.TASK,
    title=_("Without a free place the person waits; a freed place is offered from the list."),
)
WTZ_04 = register(
    "WTZ-04",
    severity=Severity.FLAG,
    title=_("A returnee who lost a job and re-applies within the window goes first."),
)
WTZ_05 = register(
    "WTZ-05",
    severity=Severity.WARN,
    also=(Severity.TASK,),
    title=_("Participation ends with the month after the certificate's expiry month."),
)
WTZ_12 = register(
    "WTZ-12",
    severity=Severity.WARN,
    title=_("A psychologist is employed; at most 5 participants per direct-work staff member."),
)
WTZ_15 = register(
    "WTZ-15",
    severity=Severity.BLOCK,
    title=_("Every exit has a reason; an exit to work names the employer and the contract."),
)
WTZ_17 = register(
    "WTZ-17",
    severity=Severity.WARN,
    title=_("Absences near the limit of the workshop's rules; a removal needs a decision."),
)
WTZ_20 = register(
    "WTZ-20",
    severity=Severity.WARN,
    title=_("Economic-training payments follow the current version of the workshop's rules."),
)
WTZ_21 = register(
    "WTZ-21",
    severity=Severity.WARN,
    title=_("The workshop has fewer participants than the minimum."),
)
WTZ_07 = register(
    "WTZ-07",
    severity=Severity.BLOCK,
    title=_("An approved programme has all six mandatory elements."),
)
WTZ_08 = register(
    "WTZ-08",
    severity=Severity.TASK,
    also=(Severity.WARN,),
    title=_("A periodic evaluation with the participant at least every 6 months."),
)
WTZ_09 = register(
    "WTZ-09",
    severity=Severity.TASK,
    also=(Severity.WARN,),
    title=_("A comprehensive evaluation at least every 3 years; the first 3 to 6 months in."),
)
WTZ_10 = register(
    "WTZ-10",
    severity=Severity.BLOCK,
    title=_("A comprehensive evaluation records exactly one of the three outcomes."),
)
WTZ_11 = register(
    "WTZ-11",
    severity=Severity.WARN,
    title=_("The programme council: manager, specialist, instructor and psychologist."),
)
DIS_01 = register(
    "DIS-01",
    severity=Severity.BLOCK,
    title=_("Only a degree certificate (holder 16 or older) states a degree."),
)
DIS_02 = register(
    "DIS-02",
    severity=Severity.BLOCK,
    title=_("At most three distinct cause symbols from the official list."),
)
DIS_03 = register(
    "DIS-03",
    severity=Severity.BLOCK,
    title=_("A certificate is permanent or valid until a date: one of the two."),
)
DIS_04 = register(
    "DIS-04",
    severity=Severity.TASK,
    title=_("Warnings 90, 60 and 30 days before a certificate expires."),
)
DIS_05 = register(
    "DIS-05",
    severity=Severity.RULE,
    title=_("The certificate valid on a date governs that date."),
)
DIS_06 = register(
    "DIS-06",
    severity=Severity.BLOCK,
    title=_("Signatures record the signer's capacity; guardians sign for incapacitated people."),
)
DIS_09 = register(
    "DIS-09",
    severity=Severity.BLOCK,
    title=_("Optional data and sharing need a legal basis: a consent on record."),
)
DIS_10 = register(
    "DIS-10",
    severity=Severity.TASK,
    title=_("Personal data are kept for their record type's period, then anonymised."),
)

DIS_03_MESSAGE = _("DIS-03: a certificate is either permanent or valid until a date, not both.")


def check_certificate(certificate) -> None:
    """DIS-01 and DIS-03 on one certificate (DIS-02 needs its symbols: ``check_symbols``)."""
    errors = {}
    kind = certificate.Kind
    if certificate.is_permanent == bool(certificate.valid_until):
        errors["valid_until"] = DIS_03.error(
            _("a certificate is either permanent or valid until a date, not both and not neither.")
        )
    if certificate.kind == kind.UNDER_16 and certificate.degree:
        errors["degree"] = DIS_01.error(_("a certificate for a child under 16 states no degree."))
    elif certificate.kind != kind.UNDER_16 and not certificate.degree:
        errors["degree"] = DIS_01.error(_("this kind of certificate states a degree."))
    if (
        certificate.person_id
        and certificate.issued_on
        and certificate.kind
        in (
            kind.DEGREE,
            kind.UNDER_16,
        )
    ):
        try:
            min_age = policy_int(Key.DEGREE_CERTIFICATE_MIN_AGE, certificate.issued_on)
        except MissingPolicyParameter:
            raise ValidationError(
                {
                    "issued_on": DIS_01.error(
                        _(
                            "no such certificate was issued on %(date)s: record the document "
                            "of that time (e.g. an invalidity group)."
                        ),
                        params={"date": formats.day(certificate.issued_on)},
                    )
                }
            ) from None
        age = certificate.person.age_on(certificate.issued_on)
        if certificate.kind == kind.DEGREE and age < min_age:
            errors["kind"] = DIS_01.error(
                _("the holder was %(age)d when it was issued: a degree certificate needs %(min)d."),
                params={"age": age, "min": min_age},
            )
        if certificate.kind == kind.UNDER_16 and age >= min_age:
            errors["kind"] = DIS_01.error(
                _("the holder was %(age)d when it was issued: that is a degree certificate."),
                params={"age": age},
            )
    if errors:
        raise ValidationError(errors)


def check_symbols(symbols, on: datetime.date) -> None:
    """DIS-02: the official list is the reference table itself; a set cannot repeat one; the
    number allowed is the one in force on the certificate's issue date."""
    codes = [symbol.code for symbol in symbols]
    if len(codes) != len(set(codes)):
        raise DIS_02.error(_("a cause symbol appears twice."))
    most = policy_int(Key.MAX_CAUSE_SYMBOLS, on)
    if len(codes) > most:
        raise DIS_02.error(
            _("a certificate lists at most %(max)d cause symbols, not %(count)d."),
            params={"max": most, "count": len(codes)},
        )


def check_signature(person, *, signed_by_person: bool, representative, on) -> None:
    """DIS-06: who may sign for ``person`` on ``on``.

    Fully incapacitated: only their legal guardian. Partially incapacitated: the person, or their
    curator. Full capacity: the person, or an attorney. A de facto carer never signs for anyone.
    """
    capacity = person.LegalCapacity
    if signed_by_person:
        if person.legal_capacity == capacity.NONE:
            raise ValidationError(
                {"signed_by": DIS_06.error(_("a fully incapacitated person's guardian signs."))}
            )
        return
    if representative is None:
        raise ValidationError({"representative": DIS_06.error(_("name who signed."))})
    if representative.person_id != person.pk or not representative.is_active_on(on):
        raise ValidationError(
            {"representative": DIS_06.error(_("this is not the person's representative then."))}
        )
    allowed = {
        capacity.NONE: {representative.Kind.LEGAL_GUARDIAN},
        capacity.PARTIAL: {representative.Kind.CURATOR},
        capacity.FULL: {representative.Kind.ATTORNEY},
    }[person.legal_capacity]
    if representative.kind not in allowed:
        raise ValidationError(
            {
                "representative": DIS_06.error(
                    _("a %(kind)s cannot sign for a person with this legal capacity."),
                    params={"kind": representative.get_kind_display()},
                )
            }
        )


def renewal_application_from(valid_until: datetime.date, on: datetime.date) -> datetime.date | None:
    """DIS-04: the first day an application for a new certificate may be filed (the months before
    the expiry in force on ``on``), or None before that possibility existed."""
    try:
        months = policy_int(Key.CERTIFICATE_EARLY_APPLICATION_MONTHS, on)
    except MissingPolicyParameter:
        return None
    return dates.add_months(valid_until, -months)


def first_comprehensive_warning(evaluation) -> str | None:
    """WTZ-09: the first comprehensive evaluation is held not earlier than the minimum and not
    later than the maximum months after the start of therapy (admission)."""
    if evaluation.kind != "first_comprehensive" or not evaluation.held_on:
        return None
    enrolment = evaluation.enrolment
    organiser = enrolment.workshop.organiser
    try:
        least = policy_int(
            Key.WTZ_FIRST_COMPREHENSIVE_MIN_MONTHS, evaluation.held_on, organiser=organiser
        )
        most = policy_int(
            Key.WTZ_FIRST_COMPREHENSIVE_MAX_MONTHS, evaluation.held_on, organiser=organiser
        )
    except MissingPolicyParameter:
        return None
    earliest = dates.add_months(enrolment.admitted_on, least)
    latest = dates.add_months(enrolment.admitted_on, most)
    if earliest <= evaluation.held_on <= latest:
        return None
    return str(
        WTZ_09.error(
            _(
                "the first comprehensive evaluation is held between %(earliest)s and %(latest)s "
                "(%(least)d to %(most)d months after admission), not on %(held)s."
            ),
            params={
                "earliest": date_format(earliest),
                "latest": date_format(latest),
                "least": least,
                "most": most,
                "held": date_format(evaluation.held_on),
            },
        ).messages[0]
    )


def participation_allowed_until(valid_until: datetime.date, organiser=None) -> datetime.date:
    """WTZ-05: the last day of the month that is ``grace`` months after the expiry month."""
    grace = policy_int(Key.WTZ_CERTIFICATE_GRACE_MONTHS, valid_until, organiser=organiser)
    return dates.last_day_of_month(dates.add_months(dates.first_day_of_month(valid_until), grace))


def check_contact_basis(person, on: datetime.date) -> None:
    """DIS-09: contact details are optional data, kept only with the person's consent."""
    if not (person.phone or person.email):
        return
    consented = (
        person.pk is not None
        and person.consents.filter(purpose="contact", given_on__lte=on)
        .exclude(withdrawn_on__lte=on)
        .exists()
    )
    if not consented:
        message = DIS_09.error(_("record the consent to keep contact details first."))
        raise ValidationError({"phone" if person.phone else "email": message})


def check_held_by(person, organiser_id) -> None:
    """DIS-08: a workshop's records are about the person as its own organisation records them.
    Another organisation's record of the same PESEL is that organisation's, never linked to."""
    if person is None or organiser_id is None or person.holder_id == organiser_id:
        return
    raise ValidationError(
        {
            "person": DIS_08.error(
                _("this person's record is another organisation's; register them here first.")
            )
        }
    )


def check_approval(entry) -> None:
    """WTZ-02: an approval is agreed with the PCPR, and its reference is recorded."""
    if entry.approved_on and not (entry.pcpr_reference or "").strip():
        raise ValidationError(
            {"pcpr_reference": WTZ_02.error(_("give the PCPR agreement's reference."))}
        )


def check_open_application(entry) -> None:
    """One open application per person and organiser (the database says so too)."""
    if entry.status not in ("applied", "waiting") or not (entry.person_id and entry.organiser_id):
        return
    others = (
        type(entry)
        .objects.filter(
            person_id=entry.person_id,
            organiser_id=entry.organiser_id,
            status__in=["applied", "waiting"],
        )
        .exclude(pk=entry.pk)
    )
    if others.exists():
        raise ValidationError({"person": _("The person is already on this organiser's list.")})


def check_referral(referral) -> None:
    """DIS-09 and DIS-06: a referral shares data only with the person's consent to that sharing,
    signed in the right capacity and in force that day, and only about that person."""
    if not (referral.person_id and referral.consent_id and referral.referred_on):
        return
    consent = referral.consent
    if (
        consent.person_id != referral.person_id
        or consent.purpose != "referral"
        or not consent.is_active_on(referral.referred_on)
    ):
        raise ValidationError(
            {
                "consent": DIS_09.error(
                    _("a referral needs this person's consent to sharing, in force that day.")
                )
            }
        )
    check_signature(
        consent.person,
        signed_by_person=consent.signed_by == "person",
        representative=consent.representative,
        on=consent.given_on,
    )
    readiness = referral.readiness
    if readiness is not None and (
        readiness.enrolment.person_id != referral.person_id
        or readiness.enrolment.workshop_id != referral.workshop_id
        or not readiness.is_ready
    ):
        raise ValidationError(
            {"readiness": _("Choose this person's position of readiness from this workshop.")}
        )
    if referral.withdrawn_on and referral.withdrawn_on < referral.referred_on:
        raise ValidationError(
            {"withdrawn_on": _("A referral cannot be withdrawn before it was made.")}
        )


def check_programme_complete(version, responsible_count: int) -> None:
    """WTZ-07: approval needs all six elements of art. 10a ust. 3."""
    missing = [
        str(version._meta.get_field(name).verbose_name)
        for name in version.ELEMENTS
        if not getattr(version, name).strip()
    ]
    if responsible_count == 0:
        missing.append(str(version._meta.get_field("responsible_staff").verbose_name))
    if missing:
        raise WTZ_07.error(
            _("the programme cannot be approved without: %(missing)s."),
            params={"missing": "; ".join(missing)},
        )


COUNCIL_ROLES = ("manager", "rehab_specialist", "instructor", "psychologist")


def council_warnings(roles_present) -> list[str]:
    """WTZ-11: which of the required members the council lacked (a warning, not a refusal)."""
    from wtz.models import StaffAssignment

    missing = [
        str(StaffAssignment.Role(role).label) for role in COUNCIL_ROLES if role not in roles_present
    ]
    if not missing:
        return []
    return [
        str(
            WTZ_11.error(
                _("the council lacked: %(missing)s."), params={"missing": ", ".join(missing)}
            ).messages[0]
        )
    ]


def check_evaluation_outcome(evaluation) -> None:
    """WTZ-10: a comprehensive evaluation ends with exactly one outcome (an extension with one of
    its three reasons); the other kinds record none."""
    comprehensive = evaluation.kind in ("first_comprehensive", "comprehensive")
    if comprehensive and not evaluation.outcome:
        raise ValidationError(
            {"outcome": WTZ_10.error(_("a comprehensive evaluation ends with one outcome."))}
        )
    if not comprehensive and (evaluation.outcome or evaluation.extension_reason):
        raise ValidationError(
            {"outcome": WTZ_10.error(_("only a comprehensive evaluation records an outcome."))}
        )
    if evaluation.outcome == "extension" and not evaluation.extension_reason:
        raise ValidationError(
            {"extension_reason": WTZ_10.error(_("an extension names one of its three reasons."))}
        )
    if evaluation.outcome != "extension" and evaluation.extension_reason:
        raise ValidationError(
            {"extension_reason": WTZ_10.error(_("only an extension has a reason."))}
        )


def evaluations_due(enrolment, evaluations, on: datetime.date) -> list[tuple]:
    """WTZ-08 and WTZ-09: ``(rule, kind label, due date)`` for what the participant is due.

    ``evaluations`` are the enrolment's evaluations (any order). The periodic interval counts from
    the latest evaluation held with the participant; the comprehensive one from the latest
    comprehensive evaluation, or — for the first — 3 to 6 months after admission.
    """
    organiser = enrolment.workshop.organiser
    admitted = enrolment.admitted_on
    with_participant = [e.held_on for e in evaluations if e.participant_present]
    periodic_months = policy_int(Key.WTZ_PERIODIC_EVALUATION_MONTHS, on, organiser=organiser)
    periodic_due = dates.add_months(max(with_participant, default=admitted), periodic_months)
    due = [(WTZ_08, _("periodic evaluation"), periodic_due)]
    comprehensive = [
        e.held_on for e in evaluations if e.kind in ("first_comprehensive", "comprehensive")
    ]
    if comprehensive:
        months = policy_int(Key.WTZ_COMPREHENSIVE_EVALUATION_MONTHS, on, organiser=organiser)
        due.append(
            (WTZ_09, _("comprehensive evaluation"), dates.add_months(max(comprehensive), months))
        )
    else:
        latest = policy_int(Key.WTZ_FIRST_COMPREHENSIVE_MAX_MONTHS, on, organiser=organiser)
        due.append(
            (WTZ_09, _("first comprehensive evaluation"), dates.add_months(admitted, latest))
        )
    return due


def absence_warnings(enrolments, unexcused_by_enrolment: dict, on: datetime.date) -> list[str]:
    """WTZ-17: who is at (or one day short of) the organiser's limit of unexcused absences this
    month. Organisers without a limit in their rules get no warnings."""
    warnings = []
    limits = {}
    for enrolment in enrolments:
        organiser = enrolment.workshop.organiser
        if organiser.pk not in limits:
            try:
                limits[organiser.pk] = policy_int(
                    Key.WTZ_UNEXCUSED_ABSENCE_LIMIT, on, organiser=organiser
                )
            except MissingPolicyParameter:
                limits[organiser.pk] = None
        limit = limits[organiser.pk]
        if limit is None:
            continue
        days = unexcused_by_enrolment.get(enrolment.pk, 0)
        if days >= limit - 1:
            warnings.append(
                str(
                    WTZ_17.error(
                        _(
                            "%(person)s has %(days)d unexcused days this month; the workshop's "
                            "rules allow %(limit)d. Removal needs a recorded decision."
                        ),
                        params={"person": enrolment.person, "days": days, "limit": limit},
                    ).messages[0]
                )
            )
    return warnings
