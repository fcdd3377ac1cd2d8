"""Demo data for participants: three years of a reserve list, admissions, exits (several to
work), vacancies and their refills, certificates (some expiring, some in their grace period),
representatives, readiness and referrals to the cooperative, programmes and evaluations, a note a
fortnight, the register of every working day and each month's economic-training allowance.

Everything goes through the services, so the demo obeys the same rules as the staff do. The
history is simulated month by month with a fixed random seed; it is relative to today so that
the demo always has a recent past, and it is built once (running seed_demo again adds nothing).
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Min

from organisations.models import Cooperative, Organisation, PolicyParameter, Territory
from participants import services
from participants.models import (
    AllowancePayment,
    AttendanceDay,
    CauseSymbol,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    GoalRating,
    Indication,
    Person,
    PersonRegistration,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
    Readiness,
    RehabProgramme,
    Representative,
)
from wtz.models import Workshop

FEMALE_NAMES = [
    "Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna",
    "Magdalena", "Joanna", "Aleksandra", "Zofia", "Monika", "Natalia", "Julia", "Karolina",
]  # fmt: skip
MALE_NAMES = [
    "Piotr", "Krzysztof", "Tomasz", "Andrzej", "Paweł", "Jan", "Michał", "Marcin", "Jakub",
    "Adam", "Łukasz", "Mateusz", "Kamil", "Dawid", "Szymon", "Bartosz",
]  # fmt: skip
SURNAMES = [
    ("Nowak", "Nowak"), ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"),
    ("Wójcik", "Wójcik"), ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"),
    ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"),
    ("Woźniak", "Woźniak"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
    ("Jankowski", "Jankowska"), ("Mazur", "Mazur"), ("Kwiatkowski", "Kwiatkowska"),
    ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"), ("Grabowski", "Grabowska"),
    ("Nowakowski", "Nowakowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Król", "Król"), ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"),
]  # fmt: skip
EMPLOYERS = [
    ("Piekarnia „Złoty Kłos” sp. z o.o.", "3002011"),
    ("Hotel „Nad Notecią” sp. z o.o.", "3002073"),
]
OTHER_EXITS = ["moved", "health", "resignation", "support_centre", "care_home", "resignation"]
PESEL_WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel_for(birth_date: datetime.date, *, female: bool, serial: int) -> str:
    month = birth_date.month + (20 if birth_date.year >= 2000 else 0)
    sex = (serial % 5) * 2 + (0 if female else 1)
    digits = f"{birth_date:%y}{month:02d}{birth_date.day:02d}{serial % 1000:03d}{sex}"
    check = (10 - sum(int(d) * w for d, w in zip(digits, PESEL_WEIGHTS, strict=True)) % 10) % 10
    return digits + str(check)


@dataclass
class DemoContext:
    rng: random.Random
    today: datetime.date
    history_start: datetime.date
    staff_user: object
    cooperative: Cooperative
    employers: list
    therapy: Indication
    symbols: list
    serial: int = 0
    first_enrolment: int | None = None  # the pk of the demo's first enrolment
    neighbours: dict = field(default_factory=dict)  # a workshop's gmina -> its powiat's gminas


def _residence(ctx: DemoContext, workshop: Workshop) -> Territory:
    """Most people live in the workshop's gmina; one in four in a neighbouring gmina of the same
    powiat (a gmina's figures count its residents wherever they attend). Drawn from its own
    generator, so the rest of the demo stays as it was."""
    home = workshop.territory
    if home.pk not in ctx.neighbours:
        ctx.neighbours[home.pk] = list(
            Territory.objects.filter(parent_id=home.parent_id, level=Territory.Level.GMINA)
            .exclude(pk=home.pk)
            .order_by("code")
        )
    neighbours = ctx.neighbours[home.pk]
    draw = random.Random(ctx.serial)
    return draw.choice(neighbours) if neighbours and draw.random() < 0.25 else home


def _new_person(ctx: DemoContext, workshop: Workshop, registered_on: datetime.date) -> Person:
    rng = ctx.rng
    female = rng.random() < 0.5
    birth = datetime.date(rng.randint(1968, 2004), rng.randint(1, 12), rng.randint(1, 28))
    ctx.serial += 1
    surname = rng.choice(SURNAMES)[1 if female else 0]
    capacity = rng.choices(
        [Person.LegalCapacity.FULL, Person.LegalCapacity.PARTIAL, Person.LegalCapacity.NONE],
        weights=[6, 1, 3],
    )[0]
    residence = _residence(ctx, workshop)
    person, _created = services.person_register(
        workshop=workshop,
        on=registered_on,
        pesel=pesel_for(birth, female=female, serial=ctx.serial),
        first_name=rng.choice(FEMALE_NAMES if female else MALE_NAMES),
        last_name=surname,
        residence=residence,
        legal_capacity=capacity,
    )
    if capacity != Person.LegalCapacity.FULL:
        kind = (
            Representative.Kind.LEGAL_GUARDIAN
            if capacity == Person.LegalCapacity.NONE
            else Representative.Kind.CURATOR
        )
        Representative.objects.create(
            person=person,
            kind=kind,
            first_name=rng.choice(FEMALE_NAMES),
            last_name=surname if kind == Representative.Kind.LEGAL_GUARDIAN else "Kuratorska",
            decision_reference=f"III RNs {rng.randint(10, 400)}/{birth.year + 19}",
            decision_on=birth + relativedelta(years=19),
            starts_on=birth + relativedelta(years=19),
        )
    elif rng.random() < 0.3:
        Representative.objects.create(
            person=person,
            kind=Representative.Kind.DE_FACTO_CARER,
            first_name=rng.choice(FEMALE_NAMES),
            last_name=surname,
            starts_on=registered_on,
        )
    _certificate(ctx, person, workshop, issued_on=registered_on - relativedelta(months=2))
    return person


def _certificate(ctx, person, workshop, *, issued_on, valid_until=None, permanent=None):
    rng = ctx.rng
    permanent = rng.random() < 0.4 if permanent is None else permanent
    if not permanent and valid_until is None:
        valid_until = issued_on + relativedelta(years=rng.choice([3, 5, 7]))
    certificate = DisabilityCertificate.objects.create(
        person=person,
        workshop=workshop,
        kind=DisabilityCertificate.Kind.DEGREE,
        degree=rng.choices(["significant", "moderate", "mild"], weights=[4, 5, 1])[0],
        number=f"PZON.{issued_on.year}.{ctx.serial:04d}",
        issuing_board="Powiatowy Zespół do Spraw Orzekania o Niepełnosprawności",
        issued_on=issued_on,
        disability_since=person.birth_date,
        is_permanent=permanent,
        valid_until=None if permanent else valid_until,
    )
    certificate.indications.add(ctx.therapy)
    certificate.symbols.set(
        rng.sample(ctx.symbols[:3], 1) + rng.sample(ctx.symbols[3:], rng.randint(0, 1))
    )
    return certificate


def _apply(ctx, person, workshop, applied_on, **returnee):
    entry = services.reserve_list_apply(
        person=person, organiser=workshop.organiser, applied_on=applied_on, **returnee
    )
    approved_on = applied_on + datetime.timedelta(days=ctx.rng.randint(14, 45))
    if approved_on <= ctx.today:
        services.reserve_list_approve(
            entry=entry,
            approved_on=approved_on,
            pcpr_reference=f"PCPR.4431.{ctx.serial}.{approved_on.year}",
        )
    return entry


def _admit_next(ctx, workshop, on):
    proposals = services.reserve_list_proposal(workshop=workshop, on=on)
    if not proposals or services.free_places(workshop, on) <= 0:
        return None
    room = workshop.rooms.order_by("?").first() if ctx.rng.random() < 0.9 else None
    return services.enrolment_admit(
        entry=proposals[0].entry, workshop=workshop, admitted_on=on, by=ctx.staff_user, room=room
    )


def _exit(ctx, enrolment, on):
    rng = ctx.rng
    if rng.random() < 0.65:
        employer = rng.choice([ctx.cooperative.organisation, *ctx.employers])
        reason = (
            Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE
            if employer == ctx.cooperative.organisation
            else Enrolment.ExitReason.WORK_OPEN_MARKET
        )
        contract = (
            Enrolment.ContractType.COOPERATIVE_EMPLOYMENT
            if reason == Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE
            else Enrolment.ContractType.EMPLOYMENT
        )
        return services.enrolment_exit(
            enrolment=enrolment,
            exited_on=on,
            reason=reason,
            employer=employer,
            contract_type=contract,
        )
    return services.enrolment_exit(
        enrolment=enrolment, exited_on=on, reason=rng.choice(OTHER_EXITS)
    )


def _seed_workshop_history(ctx: DemoContext, workshop: Workshop) -> None:
    rng = ctx.rng
    places = workshop.places_on(ctx.history_start)
    # The people attending when the history starts, admitted over the years before it.
    for _ in range(places - rng.randint(1, 3)):
        admitted_on = ctx.history_start - datetime.timedelta(days=rng.randint(60, 3000))
        person = _new_person(ctx, workshop, admitted_on - datetime.timedelta(days=120))
        _apply(ctx, person, workshop, admitted_on - datetime.timedelta(days=100))
        _admit_next(ctx, workshop, admitted_on)
    month = ctx.history_start
    while month <= ctx.today:
        for _ in range(rng.choice([0, 1, 1, 1, 2, 2])):
            applied_on = month + datetime.timedelta(days=rng.randint(0, 27))
            if applied_on <= ctx.today:
                person = _new_person(ctx, workshop, applied_on)
                _apply(ctx, person, workshop, applied_on)
        if rng.random() < 0.7:
            leaving_on = month + datetime.timedelta(days=rng.randint(0, 27))
            attending = list(
                Enrolment.objects.filter(workshop=workshop)
                .active_on(leaving_on)
                .order_by("-admitted_on", "pk")
            )
            if leaving_on < ctx.today and attending:
                _exit(ctx, rng.choice(attending), leaving_on)
        admit_on = month + relativedelta(months=1) - datetime.timedelta(days=1)
        if admit_on <= ctx.today:
            while _admit_next(ctx, workshop, admit_on):
                pass
        month += relativedelta(months=1)


def _certificate_situations(ctx: DemoContext, workshop: Workshop) -> None:
    """Make a few certificates of people attending today expire soon, or already have expired
    (within the grace period), so the staff's to-do list shows what it is for."""
    attending = list(
        Enrolment.objects.filter(workshop=workshop)
        .active_on(ctx.today)
        .select_related("person")
        .order_by("-admitted_on", "pk")
    )
    # Staff renew certificates as they run out: everyone attending holds a valid one today.
    for enrolment in attending:
        held = list(enrolment.person.certificates.filter(workshop=workshop))
        if not held:  # admitted here on a certificate another workshop keeps
            held = [_certificate(ctx, enrolment.person, workshop, issued_on=enrolment.admitted_on)]
        if any(c.is_permanent for c in held):
            continue
        latest = max(c.valid_until for c in held)
        while latest < ctx.today + datetime.timedelta(days=120):
            renewal = _certificate(
                ctx,
                enrolment.person,
                workshop,
                issued_on=latest - datetime.timedelta(days=ctx.rng.randint(10, 50)),
            )
            if renewal.is_permanent:
                break
            latest = renewal.valid_until
    for offset_days, enrolment in zip([20, 55, 85, -25], ctx.rng.sample(attending, 4), strict=True):
        latest = enrolment.person.certificates.filter(workshop=workshop).order_by("-issued_on")
        latest.filter(pk=latest.first().pk).update(
            is_permanent=False, valid_until=ctx.today + datetime.timedelta(days=offset_days)
        )
        enrolment.person.certificates.filter(workshop=workshop).exclude(
            pk=latest.first().pk
        ).update(is_permanent=False, valid_until=latest.first().issued_on)


def _returnee(ctx: DemoContext, workshop: Workshop) -> None:
    """Someone who left for a job, lost it last month, and applied again: priority (WTZ-04)."""
    gone = (
        Enrolment.objects.filter(workshop=workshop, exit_reason__in=Enrolment.WORK_REASONS)
        .exclude(person__enrolments__exited_on__isnull=True)
        .exclude(person__waiting_list_entries__status__in=["applied", "waiting"])
        .order_by("-exited_on", "pk")
        .first()
    )
    if gone is None:
        return
    applied_on = ctx.today - datetime.timedelta(days=40)
    _apply(
        ctx,
        gone.person,
        workshop,
        applied_on,
        left_workshop_for_work_on=gone.exited_on,
        job_lost_on=applied_on - datetime.timedelta(days=20),
    )


def referral_consent(person, workshop, given_on, guardian=None) -> Consent:
    """The person's (or, without legal capacity, the guardian's) consent to share the skills
    summary with the cooperative."""
    without_capacity = person.legal_capacity == Person.LegalCapacity.NONE
    return Consent.objects.create(
        person=person,
        workshop=workshop,
        purpose=Consent.Purpose.REFERRAL,
        legal_basis=Consent.LegalBasis.EXPLICIT_CONSENT,
        description="Przekazanie spółdzielni podsumowania umiejętności i dostępności.",
        given_on=given_on,
        signed_by=Consent.Signer.REPRESENTATIVE if without_capacity else Consent.Signer.PERSON,
        representative=guardian if without_capacity else None,
    )


def _readiness_and_referrals(ctx: DemoContext, workshop: Workshop) -> None:
    rng = ctx.rng
    attending = list(
        Enrolment.objects.filter(workshop=workshop)
        .active_on(ctx.today)
        .select_related("person")
        .order_by("-admitted_on", "pk")
    )
    for enrolment in rng.sample(attending, min(4, len(attending))):
        decided_on = ctx.today - datetime.timedelta(days=rng.randint(20, 200))
        readiness = Readiness.objects.create(
            enrolment=enrolment,
            decided_on=decided_on,
            skills_summary=rng.choice(
                [
                    "Starannie sprząta i dba o porządek; pracuje w zespole.",
                    "Dobrze radzi sobie w kuchni: przygotowanie warzyw, zmywanie.",
                    "Prace ogrodnicze i porządkowe na zewnątrz; lubi pracę fizyczną.",
                    "Prace proste w pracowni stolarskiej: szlifowanie, malowanie.",
                ]
            ),
            availability=rng.choice(["Pon–pt, 4 godz. dziennie", "Pon–pt, 6 godz. dziennie"]),
        )
        person = enrolment.person
        guardian = person.representatives.filter(kind__in=Representative.COURT_APPOINTED).first()
        if person.legal_capacity == Person.LegalCapacity.NONE and guardian is None:
            continue
        consent = referral_consent(person, workshop, decided_on, guardian)
        services.referral_create(
            person=person,
            workshop=workshop,
            cooperative=ctx.cooperative,
            consent=consent,
            readiness=readiness,
            referred_on=decided_on + datetime.timedelta(days=7),
        )


PROGRAMME_TEXTS = {
    "forms_of_rehabilitation": "Terapia zajęciowa w pracowniach, trening ekonomiczny, ruch.",
    "scope_of_rehabilitation": "Samodzielność na co dzień; komunikacja; praca w grupie.",
    "teaching_methods": "Instruktaż, pokaz, ćwiczenia praktyczne w pracowni.",
    "family_cooperation": "Spotkania z rodziną raz na kwartał; zeszyt korespondencji.",
    "planned_effects": "Większa samodzielność; przygotowanie do praktyki zawodowej w spółdzielni.",
}
GOALS = [
    ("independence", "Samodzielne przygotowanie prostego posiłku."),
    ("social", "Samodzielny dojazd na zajęcia komunikacją publiczną."),
    ("vocational", "Wykonanie powierzonego zadania w pracowni od początku do końca."),
]


def _therapy_history(ctx: DemoContext, workshop: Workshop) -> None:
    """Programmes and evaluations for everyone who attended, so the to-do list shows only the
    evaluations really coming up (and a couple overdue)."""
    rng = ctx.rng
    responsible = list(workshop.staff_assignments.all()[:2])
    enrolments = list(Enrolment.objects.filter(workshop=workshop).order_by("-admitted_on", "pk"))
    programmes = RehabProgramme.objects.bulk_create(
        RehabProgramme(enrolment=enrolment) for enrolment in enrolments
    )
    versions = ProgrammeVersion.objects.bulk_create(
        ProgrammeVersion(
            programme=programme,
            number=1,
            valid_from=enrolment.admitted_on + datetime.timedelta(days=30),
            approved_on=enrolment.admitted_on + datetime.timedelta(days=30),
            signed_on=enrolment.admitted_on + datetime.timedelta(days=32),
            signed_by="person",
            **PROGRAMME_TEXTS,
        )
        for programme, enrolment in zip(programmes, enrolments, strict=True)
    )
    for version in versions:
        version.responsible_staff.set(responsible)
    ProgrammeGoal.objects.bulk_create(
        ProgrammeGoal(version=version, domain=domain, description=text)
        for version in versions
        for domain, text in GOALS
    )
    evaluations = []
    for enrolment in enrolments:
        end = enrolment.exited_on or ctx.today
        first = enrolment.admitted_on + datetime.timedelta(days=rng.randint(100, 170))
        if first <= end:
            evaluations.append(
                Evaluation(
                    enrolment=enrolment,
                    kind="first_comprehensive",
                    held_on=first,
                    outcome="extension",
                    extension_reason="prognosis",
                )
            )
        day, count = first, 0
        while True:
            day += datetime.timedelta(days=rng.randint(160, 180))
            if day > end:
                break
            count += 1
            comprehensive = count % 6 == 0
            evaluations.append(
                Evaluation(
                    enrolment=enrolment,
                    kind="comprehensive" if comprehensive else "periodic",
                    held_on=day,
                    outcome="extension" if comprehensive else "",
                    extension_reason="prognosis" if comprehensive else "",
                )
            )
    Evaluation.objects.bulk_create(evaluations)
    goals: dict[int, list] = {}
    for goal in ProgrammeGoal.objects.filter(version__in=versions).select_related(
        "version__programme"
    ):
        goals.setdefault(goal.version.programme.enrolment_id, []).append(goal)
    GoalRating.objects.bulk_create(
        GoalRating(
            evaluation=evaluation,
            goal=goal,
            rating=rng.choices([2, 3, 4, 5], weights=[2, 5, 4, 1])[0],
        )
        for evaluation in evaluations
        for goal in goals.get(evaluation.enrolment_id, [])
    )
    _notes_history(ctx, workshop, enrolments)
    _attendance_and_allowances(ctx, enrolments)
    # One participant's last periodic evaluation was never held: an overdue task in the demo.
    attending = [e for e in enrolments if e.exited_on is None]
    if attending:
        late = rng.choice(attending).evaluations.filter(kind="periodic").order_by("-held_on")
        late.filter(pk__in=late.values("pk")[:1]).delete()


def _in_batches(rows, size=5000):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _attended_days(ctx: DemoContext, enrolment: Enrolment):
    """Working days within the demo's history on which ``enrolment`` attended, up to yesterday."""
    day = max(enrolment.admitted_on, ctx.history_start)
    last = min(enrolment.exited_on or ctx.today, ctx.today) - datetime.timedelta(days=1)
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def _notes_history(ctx: DemoContext, workshop: Workshop, enrolments) -> None:
    """A note a fortnight against one of the programme's goals, from the programme's start until
    the participant left (or today)."""
    rng = ctx.rng
    if ctx.first_enrolment is None:
        ctx.first_enrolment = Enrolment.objects.aggregate(first=Min("pk"))["first"]
    authors = [assignment.user for assignment in workshop.staff_assignments.select_related("user")]
    goals: dict[int, list] = {}
    for goal in ProgrammeGoal.objects.filter(
        version__programme__enrolment__in=enrolments
    ).select_related("version__programme"):
        goals.setdefault(goal.version.programme.enrolment_id, []).append(goal)
    notes = (
        ProgressNote(
            enrolment=enrolment,
            goal=rng.choice(goals[enrolment.pk]),
            written_on=day,
            rating=rng.choices([2, 3, 4, 5, 1], weights=[4, 5, 3, 1, 1])[0],
            text=rng.choice(["", "Pracował samodzielnie.", "Potrzebował przypomnień.", ""]),
            author=rng.choice(authors),
        )
        for enrolment in enrolments
        if enrolment.pk in goals
        for day in _attended_days(ctx, enrolment)
        # every other week, on a weekday of the participant's own: by the order the demo's
        # enrolments were made, not by the database's numbering, which earlier rows (another
        # demo built and rolled back in the same database) would shift
        if day.isocalendar().week % 2 == 0
        and day.weekday() == (enrolment.pk - ctx.first_enrolment + 1) % 5
        if day >= goals[enrolment.pk][0].version.valid_from
    )
    for batch in _in_batches(notes):
        ProgressNote.objects.bulk_create(batch)


ALLOWANCE_AMOUNT = Decimal("120.00")
ALLOWANCE_DEDUCTION = Decimal("6.00")


def _allowance_rules(ctx: DemoContext, workshops) -> None:
    """The organisers' own allowance rules (regulamin), in force over the whole history."""
    for organiser in {workshop.organiser for workshop in workshops}:
        for key, value in (
            (PolicyParameter.Key.WTZ_ALLOWANCE_MONTHLY_AMOUNT, ALLOWANCE_AMOUNT),
            (PolicyParameter.Key.WTZ_ALLOWANCE_UNEXCUSED_DEDUCTION, ALLOWANCE_DEDUCTION),
        ):
            PolicyParameter.objects.get_or_create(
                key=key,
                scope=PolicyParameter.Scope.ORGANISER,
                organiser=organiser,
                valid_from=ctx.history_start,
                defaults={
                    "value": value,
                    "known_on": ctx.history_start,
                    "legal_source": "Regulamin uczestnictwa w WTZ, § 12 (trening ekonomiczny)",
                    "evidence": "practice",
                },
            )


def _attendance_and_allowances(ctx: DemoContext, enrolments) -> None:
    """The register for every working day of the history, and each settled month's allowance
    computed from it under the organiser's rules; the current month is left to settle."""
    rng = ctx.rng
    codes = ["present"] * 17 + ["excused", "unexcused", "practice"]
    this_month = ctx.today.replace(day=1)
    unexcused: dict[tuple[int, datetime.date], int] = {}
    months: set[tuple[int, datetime.date]] = set()

    def register():
        for enrolment in enrolments:
            for day in _attended_days(ctx, enrolment):
                code = rng.choice(codes)
                month = day.replace(day=1)
                months.add((enrolment.pk, month))
                if code == "unexcused":
                    unexcused[enrolment.pk, month] = unexcused.get((enrolment.pk, month), 0) + 1
                yield AttendanceDay(enrolment=enrolment, day=day, code=code)

    for batch in _in_batches(register()):
        AttendanceDay.objects.bulk_create(batch)
    by_pk = {enrolment.pk: enrolment for enrolment in enrolments}
    payments = []
    for enrolment_id, month in sorted(months):
        if month >= this_month:
            continue
        days = unexcused.get((enrolment_id, month), 0)
        due = max(Decimal(0), ALLOWANCE_AMOUNT - ALLOWANCE_DEDUCTION * days)
        payments.append(
            AllowancePayment(
                enrolment=by_pk[enrolment_id],
                month=month,
                due_amount=due,
                amount=due,
                unexcused_days=days,
                settled_by=ctx.staff_user,
            )
        )
    for batch in _in_batches(payments):
        AllowancePayment.objects.bulk_create(batch)


def seed_participants(
    *, workshops, cooperative, staff_user, territories, today, history_start, rng
):
    if PersonRegistration.objects.filter(workshop__in=workshops).exists():
        return  # built once: the history is not appended to on every run
    employers = [
        Organisation.objects.update_or_create(
            name=name, defaults={"kind": Organisation.Kind.COMPANY, "territory": territories[code]}
        )[0]
        for name, code in EMPLOYERS
    ]
    ctx = DemoContext(
        rng=rng,
        today=today,
        history_start=history_start,
        staff_user=staff_user,
        cooperative=cooperative,
        employers=employers,
        therapy=Indication.objects.get(code=Indication.OCCUPATIONAL_THERAPY),
        symbols=list(
            CauseSymbol.objects.filter(
                code__in=["01-U", "12-C", "02-P", "06-E", "05-R", "10-N"]
            ).order_by("code")
        ),
    )
    _allowance_rules(ctx, workshops)
    for workshop in workshops:
        _seed_workshop_history(ctx, workshop)
        _certificate_situations(ctx, workshop)
        _readiness_and_referrals(ctx, workshop)
        _therapy_history(ctx, workshop)
    _returnee(ctx, workshops[0])
