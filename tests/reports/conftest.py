"""Fixtures of the reports' tests: a cooperative's orders of a year, and people who moved from
the workshop to paid work, with figures counted by hand in their docstrings."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction

from config import demo
from coop.models import Order
from employment.models import DisabilityFacts
from organisations.models import Organisation
from participants.models import AllowancePayment, Enrolment
from tests.employment.conftest import job
from tests.factories.coop import CooperativeFactory, OrganisationFactory
from tests.factories.participants import EnrolmentFactory, PersonFactory

D = datetime.date
DEMO_TODAY = datetime.date(2026, 11, 27)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo, built once for a module's tests as on 27 November 2026, and removed after."""
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(
            datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC), tick=False
        ):
            demo.seed(scale="demo", today=DEMO_TODAY)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def orders(world):
    """The cooperative is seated in Czarnków (3002011, powiat 3002). In 2025 it was awarded:
    100 000 zł by the gmina Czarnków (reserved), 50 000 zł by the powiat (below 130 000 zł),
    30 000 zł by the gmina Rakoniewice of another powiat (social clause) and 20 000 zł by a
    company (other, on 31 December). Not counted: an order of 1 January 2026, and an order of
    the gmina Czarnków to a cooperative seated in Rakoniewice."""
    here = CooperativeFactory(organisation__territory=world.gmina)
    elsewhere = CooperativeFactory(organisation__territory=world.other_gmina)
    gmina = OrganisationFactory(kind=Organisation.Kind.GMINA, territory=world.gmina)
    powiat = OrganisationFactory(kind=Organisation.Kind.POWIAT, territory=world.powiat)
    far_gmina = OrganisationFactory(kind=Organisation.Kind.GMINA, territory=world.other_gmina)
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY, territory=world.gmina)

    def order(cooperative, client, route, value, awarded_on):
        Order.objects.create(
            cooperative=cooperative,
            client=client,
            title="Utrzymanie zieleni",
            route=route,
            net_value=Decimal(value),
            awarded_on=awarded_on,
            starts_on=awarded_on,
        )

    order(here, gmina, "reserved", "100000.00", D(2025, 3, 10))
    order(here, powiat, "below_threshold", "50000.00", D(2025, 6, 1))
    order(here, far_gmina, "social_clause", "30000.00", D(2025, 7, 1))
    order(here, company, "other", "20000.00", D(2025, 12, 31))
    order(here, gmina, "reserved", "99999.00", D(2026, 1, 1))
    order(elsewhere, gmina, "reserved", "10000.00", D(2025, 5, 5))


@pytest.fixture
def moved(world):
    """Six people of Czarnków left the workshop for the social cooperative and work there full
    time for 5 000,00 zł a month. Five left on 31 December 2024 and worked all 2025; the sixth
    left on 16 December 2025 and counts from the 17th: 15 of December's 31 days.

    A full month (recorded 2025 assumptions: 13,71 %, 9 %, 12 % less 250 zł and 300 zł, 20,48 %):
    employee 685,50; health (5 000 − 685,50) × 9 % = 388,31; tax base 4 064,50 → 4 065,
    tax 4 065 × 12 % − 300 = 187,80 → 188; employer 1 024,00: 2 285,81 a month.
    The sixth: pay 5 000 × 15/31 = 2 419,35; employee 331,69; health 187,89; base 1 838, tax 0;
    employer 495,48.

    Subsidies (EMP-08, 2025): the first has a moderate degree, 1 550 zł a month; the second a
    significant degree with special conditions, 2 760 + 1 380 = 4 140 zł: 68 280 zł. The others
    showed the cooperative no disability facts: nothing is subtracted for them.

    Places: 5 × 365 + 15 = 1 840 days × 35 196 zł / 365 = 177 426,41 zł.
    Balance: 138 163,66 − 68 280,00 + 177 426,41 = 247 310,07 zł over 60 15/31 months of work.
    The first was paid 100 and 140 zł of allowance in the workshop: 120 zł a month.
    """
    people = []
    for index in range(6):
        person = PersonFactory(residence=world.gmina)
        left = D(2025, 12, 16) if index == 5 else D(2024, 12, 31)
        enrolment = EnrolmentFactory(
            person=person,
            workshop=world.workshop,
            admitted_on=D(2020, 1, 1),
            exited_on=left,
            exit_reason=Enrolment.ExitReason.WORK_SOCIAL_COOPERATIVE,
        )
        employment = job(
            person,
            world.cooperative,
            monthly_wage=Decimal("5000.00"),
            starts_on=left + datetime.timedelta(days=1),
        )
        employment.save()
        people.append((person, enrolment, employment))
    for degree, special, (_person, _enrolment, employment) in (
        ("moderate", False, people[0]),
        ("significant", True, people[1]),
    ):
        DisabilityFacts.objects.create(
            employment=employment,
            degree=degree,
            special_conditions=special,
            applies_from=D(2025, 1, 1),
            evidence_shown_on=D(2024, 12, 20),
        )
    for month, paid in ((D(2024, 10, 1), 100), (D(2024, 11, 1), 140)):
        AllowancePayment.objects.create(
            enrolment=people[0][1], month=month, due_amount=paid, amount=paid, unexcused_days=0
        )
    return people
