"""Demo data for work: a job for every exit to work the workshops recorded (with the cooperative
or an outside employer), the employer's disability facts, an art. 16 waiver, follow-ups held over
three years (a few jobs lost, a couple of returns to the workshop), practices at the cooperative
and a business, work trainings and internships for referred candidates — and, live today, a
hire the workshop has yet to act on, a return waiting for the reserve list, follow-ups due and a
disability document running out.

Everything goes through the services, so the demo obeys the same rules as the users do.
"""

import datetime
import random
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from common import dates
from employment import services
from employment.models import (
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    Placement,
)
from participants import services as participants_services
from participants.demo import referral_consent
from participants.models import (
    AttendanceDay,
    Enrolment,
    Person,
    Readiness,
    Referral,
    WaitingListEntry,
)

# The national minimum monthly wage (zł), for plausible pay.
MINIMUM_WAGE = {2022: 3010, 2023: 3600, 2024: 4300, 2025: 4666, 2026: 4806}
POSITIONS = {
    "cooperative": ["Pomoc kuchenna", "Pracownik porządkowy", "Pomocnik ogrodnika", "Pakowacz"],
    "open": ["Pomocnik piekarza", "Pokojowa", "Pracownik magazynu"],
}
DAY = datetime.timedelta(days=1)


def _certificate_facts(person, starts_on):
    """What the person shows the employer: the degree of their latest certificate."""
    certificate = person.certificates.exclude(degree="").order_by("-issued_on").first()
    if certificate is None:
        return "moderate", False, None
    special = certificate.symbols.filter(is_special_condition=True).exists()
    until = None if certificate.is_permanent else certificate.valid_until
    if until is not None and until < starts_on:
        until = None  # renewed since; the employer was shown the new one
    return certificate.degree, special, until


def _hire(rng, person, *, starts_on, cooperative, employer, workshop, by, referral=None, **extra):
    degree, special, valid_until = _certificate_facts(person, starts_on)
    fte = Decimal(rng.choice(["0.50", "0.75", "1.00"]))
    norm_day, norm_week = (7, 35) if degree in ("significant", "moderate") else (8, 40)
    wage = Decimal(MINIMUM_WAGE.get(starts_on.year, 4806)) * fte
    employment = Employment(
        person=person,
        cooperative=cooperative,
        employer=cooperative.organisation if cooperative else employer,
        employer_kind=(
            Employment.EmployerKind.COOPERATIVE
            if cooperative
            else Employment.EmployerKind.OPEN_MARKET
        ),
        recorded_by_workshop=None if cooperative else workshop,
        referral=referral,
        position=rng.choice(POSITIONS["cooperative" if cooperative else "open"]),
        contract_type=(
            Employment.ContractType.COOPERATIVE_EMPLOYMENT
            if cooperative and rng.random() < 0.5
            else Employment.ContractType.EMPLOYMENT
        ),
        fte=fte,
        daily_hours=Decimal(norm_day) * fte,
        weekly_hours=(Decimal(norm_week) * fte).quantize(Decimal("0.1"), rounding=ROUND_DOWN),
        monthly_wage=wage.quantize(Decimal("0.01")),
        full_norm_wage=Decimal(MINIMUM_WAGE.get(starts_on.year, 4806)),
        starts_on=starts_on,
    )
    for name, value in extra.items():
        setattr(employment, name, value)  # e.g. the placement that led to the job
    facts = DisabilityFacts(
        degree=degree,
        special_conditions=special,
        applies_from=starts_on,
        valid_until=valid_until,
        assessed_since=starts_on - datetime.timedelta(days=rng.randint(400, 3000)),
        evidence_shown_on=starts_on - datetime.timedelta(days=rng.randint(3, 14)),
    )
    employment, _warnings = services.employment_hire(employment, facts=facts, by=by)
    return employment


def _hold_follow_ups(rng, employment, today, by, *, lost_on=None, returned=False):
    """Follow-ups already due were held; the job ends at ``lost_on`` if given."""
    for follow_up in employment.follow_ups.order_by("due_on"):
        if follow_up.due_on >= today:
            break
        if lost_on is not None and follow_up.due_on >= lost_on:
            services.follow_up_record(
                follow_up,
                outcome=FollowUp.Outcome.RETURNED_TO_WTZ if returned else FollowUp.Outcome.LEFT_JOB,
                held_on=lost_on,
                left_reason=rng.choice(
                    ["Zbyt duże obciążenie", "Koniec umowy na czas określony", "Stan zdrowia"]
                ),
                by=by,
            )
            return
        if follow_up.due_on > today - datetime.timedelta(days=10):
            continue  # recently due: on the manager's list today
        services.follow_up_record(
            follow_up,
            outcome=FollowUp.Outcome.STILL_EMPLOYED,
            held_on=follow_up.due_on + datetime.timedelta(days=rng.randint(0, 5)),
            notes=rng.choice(["", "Dobrze się odnajduje.", "Potrzebuje wsparcia przy zmianach."]),
            by=by,
        )
    if lost_on is not None and employment.ends_on is None:  # after the last follow-up
        employment.ends_on, employment.end_reason = lost_on, Employment.EndReason.RESIGNED
        employment.save(update_fields=["ends_on", "end_reason", "updated_at"])


def _jobs_after_exits(rng, workshops, cooperative, manager, today):
    exits = Enrolment.objects.filter(
        workshop__in=workshops, exit_reason__in=Enrolment.WORK_REASONS
    ).select_related("person", "workshop", "exit_employer")
    returnees = {
        entry.person_id: entry
        for entry in WaitingListEntry.objects.filter(job_lost_on__isnull=False)
    }
    jobs = []
    for enrolment in exits.order_by("exited_on", "pk"):
        with_cooperative = enrolment.exit_employer_id == cooperative.organisation_id
        employment = _hire(
            rng,
            enrolment.person,
            starts_on=enrolment.exited_on + DAY,
            cooperative=cooperative if with_cooperative else None,
            employer=enrolment.exit_employer,
            workshop=enrolment.workshop,
            by=manager if with_cooperative else None,
        )
        returnee = returnees.get(enrolment.person_id)
        if returnee is not None:
            lost_on = returnee.job_lost_on
        elif rng.random() < 0.15:
            lost_on = employment.starts_on + datetime.timedelta(days=rng.randint(40, 300))
        else:
            lost_on = None
        if lost_on is not None and not employment.starts_on < lost_on < today:
            lost_on = None  # not yet, or the job lost was an earlier one
        _hold_follow_ups(
            rng, employment, today, manager, lost_on=lost_on, returned=returnee is not None
        )
        jobs.append(employment)
    return jobs


def _waiver_and_expiring_document(jobs, today):
    """One employee with a doctor's consent to 8 hours; one whose document runs out soon."""
    current = [
        job for job in jobs if job.cooperative_id and job.ends_on is None and job.starts_on < today
    ]
    for job in current:
        facts = job.disability_facts.first()
        if facts.degree in ("significant", "moderate") and job.fte == Decimal("1.00"):
            waiver = HoursWaiver(
                employment=job, ground=HoursWaiver.Ground.DOCTOR, issued_on=job.starts_on
            )
            waiver.document.save("zgoda-lekarza.pdf", ContentFile(b"%PDF-1.4 demo"), save=False)
            waiver.full_clean()
            waiver.save()
            job.daily_hours, job.weekly_hours = Decimal(8), Decimal(40)
            job.full_clean()
            job.save()
            break
    for job in reversed(current):
        facts = job.disability_facts.first()
        if facts.valid_until is None or facts.valid_until > today:
            DisabilityFacts.objects.filter(pk=facts.pk).update(
                valid_until=today + datetime.timedelta(days=40)
            )
            break


def _placements(rng, workshops, cooperative, manager, staff, today):
    workshop = workshops[0]
    attending = list(
        Enrolment.objects.filter(workshop=workshop, exited_on__isnull=True)
        .filter(programme__versions__approved_on__isnull=False)
        .select_related("person")
        .distinct()
        .order_by("pk")
    )
    rng.shuffle(attending)
    hosts = [cooperative.organisation, cooperative.organisation, None]
    for host in hosts:
        starts_on = today - datetime.timedelta(days=rng.randint(20, 60) if host else 200)
        # A practice rests on the programme in force on its first day, within the participation.
        chosen = None
        while attending and chosen is None:
            enrolment = attending.pop()
            version = enrolment.programme.version_in_force(starts_on)
            if version is not None and enrolment.admitted_on <= starts_on:
                chosen = enrolment
        if chosen is None:
            break
        enrolment = chosen
        placement = Placement(
            kind=Placement.Kind.PRACTICE,
            person=enrolment.person,
            enrolment=enrolment,
            programme=version,
            host=host
            or Enrolment.objects.filter(exit_employer__isnull=False)
            .exclude(exit_employer=cooperative.organisation)
            .order_by("pk")
            .first()
            .exit_employer,
            supervisor=rng.choice(["Anna Wrona (instruktorka)", "Piotr Sowa (brygadzista)"]),
            tasks="Prace pomocnicze w kuchni i porządkowe, pod opieką instruktora WTZ.",
            weekly_hours=Decimal(rng.choice([8, 10, 12])),
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=85),
            outcome="" if host else Placement.Outcome.COMPLETED,
        )
        services.placement_record(placement, by=staff)


def _candidates_path(rng, cooperative, manager, today):
    """Referred candidates: one in a work training, one hired after it (the workshop still has to
    record the exit: a live WTZ-16 task)."""
    referrals = list(
        Referral.objects.active_on(today)
        .filter(cooperative=cooperative, person__enrolments__exited_on__isnull=True)
        .select_related("person")
        .order_by("referred_on")
        .distinct()
    )
    if len(referrals) < 2:
        return
    trainee, hired = referrals[0], referrals[1]
    start = max(trainee.referred_on, today - datetime.timedelta(days=30))
    services.placement_record(
        Placement(
            kind=Placement.Kind.TRAINING,
            person=trainee.person,
            cooperative=cooperative,
            referral=trainee,
            host=cooperative.organisation,
            supervisor="Ewa Lis (kierowniczka zmiany)",
            tasks="Przygotowanie warzyw, zmywanie, porządek w kuchni.",
            weekly_hours=Decimal(20),
            starts_on=start,
            ends_on=start + datetime.timedelta(days=60),
        ),
        by=manager,
    )
    start = max(hired.referred_on, today - datetime.timedelta(days=70))
    training = services.placement_record(
        Placement(
            kind=Placement.Kind.INTERNSHIP,
            person=hired.person,
            cooperative=cooperative,
            referral=hired,
            host=cooperative.organisation,
            supervisor="Ewa Lis (kierowniczka zmiany)",
            weekly_hours=Decimal(25),
            starts_on=start,
            ends_on=today - DAY,
            outcome=Placement.Outcome.HIRED,
        ),
        by=manager,
    )
    _hire(
        rng,
        hired.person,
        starts_on=today + datetime.timedelta(days=4),
        cooperative=cooperative,
        employer=None,
        workshop=None,
        by=manager,
        referral=hired,
        placement=training,
    )


def _way_to_work(rng, workshop, cooperative, manager, staff, today):
    """One participant's whole way, for the path page: years on the reserve list and in therapy,
    the council's readiness, a practice at the cooperative, consent and a referral, a job there
    for six weeks with its first follow-up held — and the exit not yet recorded by the workshop
    (an overdue WTZ-16 task on the staff's list, which leads to the path)."""
    candidates = (
        Enrolment.objects.filter(
            workshop=workshop,
            exited_on__isnull=True,
            admitted_on__lte=today - DAY * 3 * 365,
            person__legal_capacity=Person.LegalCapacity.FULL,
            programme__versions__approved_on__isnull=False,
        )
        .exclude(person__employments__isnull=False)
        .exclude(person__placements__isnull=False)
        .exclude(person__referrals__isnull=False)
        .select_related("person", "programme")
        .order_by("admitted_on", "pk")
        .distinct()
    )
    practice_from = today - DAY * 300
    enrolment = next(
        (e for e in candidates if e.programme.version_in_force(practice_from) is not None), None
    )
    if enrolment is None:
        return
    person = enrolment.person
    readiness = Readiness.objects.create(
        enrolment=enrolment,
        decided_on=today - DAY * 330,
        skills_summary="Dobrze radzi sobie w kuchni: przygotowanie warzyw, zmywanie, porządek.",
        availability="Pon–pt, 6 godz. dziennie",
    )
    services.placement_record(
        Placement(
            kind=Placement.Kind.PRACTICE,
            person=person,
            enrolment=enrolment,
            programme=enrolment.programme.version_in_force(practice_from),
            host=cooperative.organisation,
            supervisor="Anna Wrona (instruktorka)",
            tasks="Prace pomocnicze w kuchni spółdzielni, pod opieką instruktora WTZ.",
            weekly_hours=Decimal(10),
            starts_on=practice_from,
            ends_on=practice_from + DAY * 85,
            outcome=Placement.Outcome.COMPLETED,
        ),
        by=staff,
    )
    consent = referral_consent(person, workshop, today - DAY * 200)
    referral = participants_services.referral_create(
        person=person,
        workshop=workshop,
        cooperative=cooperative,
        consent=consent,
        readiness=readiness,
        referred_on=today - DAY * 195,
    )
    job = _hire(
        rng,
        person,
        starts_on=today - DAY * 45,
        cooperative=cooperative,
        employer=None,
        workshop=None,
        by=manager,
        referral=referral,
    )
    _hold_follow_ups(rng, job, today, manager)
    # The register of this month, not yet settled, is the job's; the months already settled
    # keep the days the workshop recorded before it knew of the job (the task says so).
    AttendanceDay.objects.filter(
        enrolment=enrolment, day__gte=max(job.starts_on, dates.first_day_of_month(today))
    ).delete()


def _recent_return(rng, jobs, workshop, today, manager):
    """A job lost last week at the 90-day follow-up: the workshop has yet to put the person back
    on its reserve list (a live WTZ-02 task for its staff)."""
    for job in reversed(jobs):
        if job.ends_on is not None or job.starts_on > today - datetime.timedelta(days=120):
            continue
        if job.person.waiting_list_entries.filter(status__in=["applied", "waiting"]).exists():
            continue
        left_here = job.person.enrolments.filter(
            workshop=workshop, exit_reason__in=Enrolment.WORK_REASONS
        )
        if not left_here.exists():
            continue
        follow_up = job.follow_ups.filter(held_on__isnull=True).order_by("due_on").first()
        if follow_up is None:
            follow_up = FollowUp.objects.create(
                employment=job,
                days_after_start=(today - job.starts_on).days,
                due_on=today - datetime.timedelta(days=7),
            )
        services.follow_up_record(
            follow_up,
            outcome=FollowUp.Outcome.RETURNED_TO_WTZ,
            held_on=today - datetime.timedelta(days=7),
            left_reason="Rezygnacja: za duże obciążenie, chce wrócić do warsztatu",
            by=manager,
        )
        return


def _practice_history(workshops, staff, today):
    """Practices over the years: most people who left for work had one first, with the employer
    that hired them, and one in four who still attend had one that ended without a job. Drawn
    from their own generator, so the rest of the demo stays as it was."""
    rng = random.Random(1703)
    hired = Enrolment.objects.filter(
        workshop__in=workshops,
        exit_reason__in=Enrolment.WORK_REASONS,
        exit_employer__isnull=False,
    )
    attending = Enrolment.objects.filter(workshop__in=workshops, exited_on__isnull=True)
    chosen = [
        (enrolment, True)
        for enrolment in hired.select_related("exit_employer").order_by("exited_on", "pk")
    ]
    employers = sorted({enrolment.exit_employer for enrolment, _led in chosen}, key=lambda o: o.pk)
    chosen += [(enrolment, False) for enrolment in attending.order_by("pk") if rng.random() < 0.25]
    for enrolment, led_to_job in chosen:
        if rng.random() < 0.3:
            continue
        if led_to_job:
            ends_on = enrolment.exited_on - datetime.timedelta(days=rng.randint(10, 120))
            host = enrolment.exit_employer
        else:
            ends_on = today - datetime.timedelta(days=rng.randint(30, 900))
            host = rng.choice(employers) if employers else None
        starts_on = ends_on - datetime.timedelta(days=rng.choice([55, 83]))
        programme = getattr(enrolment, "programme", None)
        version = programme.version_in_force(starts_on) if programme else None
        if host is None or version is None or starts_on < enrolment.admitted_on:
            continue
        placement = Placement(
            kind=Placement.Kind.PRACTICE,
            person=enrolment.person,
            enrolment=enrolment,
            programme=version,
            host=host,
            supervisor=rng.choice(["Anna Wrona (instruktorka)", "Piotr Sowa (brygadzista)"]),
            tasks="Prace pomocnicze pod opieką instruktora WTZ.",
            weekly_hours=Decimal(rng.choice([8, 10, 12])),
            starts_on=starts_on,
            ends_on=ends_on,
            outcome=Placement.Outcome.HIRED if led_to_job else Placement.Outcome.COMPLETED,
        )
        try:
            with transaction.atomic():
                services.placement_record(placement, by=staff)
        except ValidationError:
            continue  # the history's programme or limits did not allow it: no practice then


def seed_employment(*, workshops, cooperative, manager, staff, today, rng: random.Random):
    if Employment.objects.filter(person__enrolments__workshop__in=workshops).exists():
        return  # built once
    jobs = _jobs_after_exits(rng, workshops, cooperative, manager, today)
    _waiver_and_expiring_document(jobs, today)
    _placements(rng, workshops, cooperative, manager, staff, today)
    _candidates_path(rng, cooperative, manager, today)
    _way_to_work(rng, workshops[0], cooperative, manager, staff, today)
    _recent_return(rng, jobs, workshops[0], today, manager)
    _practice_history(workshops, staff, today)
