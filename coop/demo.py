"""Demo data for the cooperative's own business: founded by a gmina and an association, the
powiat joined later; orders on every route from the gmina, the powiat and two businesses with the
people working on them; members who are people; its own staff from outside the disadvantaged
groups; reintegration plans (two missing: a live PS-03 warning), an OWES grant for two jobs and
the surplus of the last two years.

Everything goes through the services and the models' checks, so the demo obeys the same rules as
the users do.
"""

import datetime
import random
from decimal import Decimal

from coop.models import (
    GrantAgreement,
    GrantedJob,
    Order,
    OrderAssignment,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SocialStatus,
    SurplusAllocation,
)
from employment import services
from employment.models import Employment
from organisations.models import Cooperative, Organisation
from participants.demo import pesel_for
from participants.models import Person

ORDERS = [
    # client, route, what, net value, years before today it was awarded, months it runs
    ("Gmina Czarnków", "reserved", "Utrzymanie zieleni miejskiej", "186000.00", 2, 12),
    ("Gmina Czarnków", "reserved", "Utrzymanie zieleni miejskiej", "194000.00", 0.6, 12),
    ("Gmina Czarnków", "below_threshold", "Sprzątanie budynku urzędu", "98000.00", 1, 12),
    ("Powiat Czarnkowsko-Trzcianecki", "reserved_social", "Posiłki dla DPS", "142000.00", 2.5, 12),
    ("Powiat Czarnkowsko-Trzcianecki", "reserved_social", "Posiłki dla DPS", "151000.00", 0.4, 12),
    ("Powiat Czarnkowsko-Trzcianecki", "social_clause", "Obsługa szatni", "264000.00", 1.5, 24),
    ("Gmina Trzcianka", "grant", "Zadanie publiczne: aktywizacja seniorów", "40000.00", 0.9, 10),
    ("Piekarnia „Złoty Kłos” sp. z o.o.", "other", "Pakowanie pieczywa", "60000.00", 1.2, 12),
    ("Hotel „Nad Notecią” sp. z o.o.", "other", "Pranie i prasowanie", "45000.00", 0.5, 12),
]  # fmt: skip


def seed_founders(cooperative: Cooperative, organisations, *, registered_on: datetime.date) -> None:
    for name, is_founder, starts_on in (
        ("Gmina Czarnków", True, registered_on - datetime.timedelta(days=60)),
        ("Stowarzyszenie „Razem ku Pracy”", True, registered_on - datetime.timedelta(days=60)),
        ("Powiat Czarnkowsko-Trzcianecki", False, registered_on + datetime.timedelta(days=400)),
    ):
        OrganisationMembership.objects.get_or_create(
            cooperative=cooperative,
            organisation=organisations[name],
            defaults={
                "is_founder": is_founder,
                "starts_on": starts_on,
                "resolution": "Uchwała rady nr XII/87/2021" if is_founder else "Uchwała nr 214",
            },
        )


def _orders(rng, cooperative, today):
    """Orders on every route from the founders' local governments and two businesses, with the
    employees who work on them. The repeated reserved social-services award is a live JST-03
    warning."""
    clients = {organisation.name: organisation for organisation in Organisation.objects.all()}
    for client, route, title, value, years_ago, months in ORDERS:
        awarded_on = today - datetime.timedelta(days=int(years_ago * 365))
        starts_on = awarded_on + datetime.timedelta(days=14)
        order = Order(
            cooperative=cooperative,
            client=clients[client],
            title=title,
            reference=f"{route.upper()[:3]}/{awarded_on.year}/{rng.randint(10, 99)}",
            route=route,
            net_value=Decimal(value),
            bid_on=awarded_on - datetime.timedelta(days=21) if route == "reserved" else None,
            awarded_on=awarded_on,
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=int(months * 30.4)),
            is_business_activity=route != "grant",
        )
        order.full_clean()
        order.save()
        working = list(Employment.objects.filter(cooperative=cooperative).active_on(starts_on))
        for employment in rng.sample(working, min(len(working), rng.randint(2, 4))):
            assignment = OrderAssignment(
                order=order,
                person=employment.person,
                role=OrderAssignment.Role.EMPLOYEE,
                employment=employment,
                weekly_hours=min(employment.weekly_hours, Decimal(20)),
                starts_on=starts_on,
                ends_on=min(filter(None, [order.ends_on, employment.ends_on])),
            )
            assignment.full_clean()
            assignment.save()


def _members(rng, cooperative, today):
    """Employees who have worked a year become members, most of them; a few have not been offered
    it yet (a live SC-07 task)."""
    for job in Employment.objects.filter(cooperative=cooperative).order_by("starts_on"):
        joined = job.starts_on + datetime.timedelta(days=rng.randint(370, 420))
        if joined > today or (job.ends_on and joined > job.ends_on) or rng.random() < 0.25:
            continue
        membership = PersonMembership(
            cooperative=cooperative,
            person=job.person,
            starts_on=joined,
            ends_on=job.ends_on,
        )
        membership.full_clean()
        membership.save()


STAFF = [("Beata", "Kucharska", "Kucharka"), ("Robert", "Zarębski", "Kierownik zmiany")]


def _support(rng, cooperative, today):
    """The cooperative's own staff from outside the disadvantaged groups, reintegration plans for
    the employees at risk (two still missing: a live PS-03 warning), an OWES grant for two jobs,
    and the surplus of the last two years."""
    territory = cooperative.organisation.territory
    staff = []
    for serial, (first, last, position) in enumerate(STAFF, start=900):
        birth = datetime.date(1975 + serial % 10, 3, 14)
        person = Person(
            holder=cooperative.organisation,  # the cooperative's own staff: its own record
            pesel=pesel_for(birth, female=first.endswith("a"), serial=serial),
            first_name=first,
            last_name=last,
            residence=territory,
        )
        person.full_clean()  # the birth date and sex come from the PESEL
        person.save()
        employment = Employment(
            person=person,
            cooperative=cooperative,
            employer=cooperative.organisation,
            employer_kind=Employment.EmployerKind.COOPERATIVE,
            position=position,
            contract_type=Employment.ContractType.EMPLOYMENT,
            fte=Decimal("1.00"),
            daily_hours=Decimal(8),
            weekly_hours=Decimal(40),
            monthly_wage=Decimal("6200.00"),
            starts_on=cooperative.registered_on + datetime.timedelta(days=30),
        )
        services.employment_hire(employment)
        staff.append(person)
    # The cook cares for her disabled son and looked for work for a year: the Social Cooperatives
    # Act counts her among its groups, the procurement law and the Social Economy Act do not.
    SocialStatus.objects.create(
        cooperative=cooperative,
        person=staff[0],
        kind=SocialStatus.Kind.CARER,
        starts_on=cooperative.registered_on,
        evidence="Zaświadczenie PUP o statusie poszukującego pracy; orzeczenie syna",
    )
    # Everyone else came from the workshops: the employer's disability facts make them disabled
    # persons under every act.
    at_risk = list(
        Employment.objects.filter(cooperative=cooperative, ends_on__isnull=True)
        .exclude(person__in=staff)
        .order_by("starts_on")
    )
    for job in at_risk[:-2]:
        ReintegrationPlan.objects.create(
            employment=job,
            situation="Orzeczenie o niepełnosprawności; pierwsza praca po warsztacie terapii.",
            actions="Trening umiejętności społecznych; wsparcie opiekuna w pracy; kurs HACCP.",
            expected_effects="Samodzielna praca na stanowisku; utrzymanie zatrudnienia.",
            starts_on=job.starts_on,
        )
    owes, _created = Organisation.objects.get_or_create(
        name="OWES Subregionu Północnego",
        defaults={"kind": Organisation.Kind.OWES, "territory": territory},
    )
    recent = [job for job in at_risk if job.starts_on > today - datetime.timedelta(days=400)][:2]
    if recent:
        agreement = GrantAgreement.objects.create(
            cooperative=cooperative,
            owes=owes,
            reference="OWES/DOT/2025/07",
            signed_on=recent[0].starts_on - datetime.timedelta(days=20),
        )
        for job in recent:
            GrantedJob.objects.create(
                agreement=agreement,
                employment=job,
                fte=job.fte,
                amount=Decimal("31229.00"),
                support_until=job.starts_on + datetime.timedelta(days=364),
            )
    for year, surplus in ((today.year - 2, "84200.00"), (today.year - 1, "96500.00")):
        total = Decimal(surplus)
        reserve = (total * Decimal("0.4")).quantize(Decimal("0.01"))
        reintegration = (total * Decimal("0.45")).quantize(Decimal("0.01"))
        SurplusAllocation.objects.create(
            cooperative=cooperative,
            year=year,
            surplus=total,
            reserve_fund=reserve,
            reintegration=reintegration,
            jobs_and_investment=total - reserve - reintegration,
            resolution=f"Uchwała Walnego Zgromadzenia nr {year - 2000}/1",
        )


def seed_cooperative_business(*, cooperative, today, rng: random.Random) -> None:
    if Order.objects.filter(cooperative=cooperative).exists():
        return  # built once
    _orders(rng, cooperative, today)
    _members(rng, cooperative, today)
    _support(rng, cooperative, today)
