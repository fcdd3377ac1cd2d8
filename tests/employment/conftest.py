import datetime
from decimal import Decimal

import pytest

from employment import services
from employment.models import DisabilityFacts, Employment, HoursWaiver, Placement
from participants.models import ProgrammeVersion, RehabProgramme
from tests.factories.coop import OrganisationFactory
from tests.factories.participants import EnrolmentFactory

D = datetime.date
ADMITTED = D(2023, 1, 2)


def attending(workshop, *, admitted_on=ADMITTED, exited_on=None):
    """A participant of ``workshop`` with an approved programme (IPR)."""
    enrolment = EnrolmentFactory(workshop=workshop, admitted_on=admitted_on)
    if exited_on:
        enrolment.exited_on, enrolment.exit_reason = exited_on, "moved"
        enrolment.save()
    version = ProgrammeVersion.objects.create(
        programme=RehabProgramme.objects.get_or_create(enrolment=enrolment)[0],
        number=1,
        valid_from=admitted_on,
        approved_on=admitted_on,
    )
    return enrolment, version


def practice(enrolment, version, host, **fields) -> Placement:
    values = {
        "kind": Placement.Kind.PRACTICE,
        "person": enrolment.person,
        "enrolment": enrolment,
        "programme": version,
        "host": host,
        "supervisor": "Jan Opiekun",
        "weekly_hours": Decimal(10),
        "starts_on": D(2024, 3, 1),
        "ends_on": D(2024, 5, 31),
    }
    values.update(fields)
    return Placement(**values)


def job(person, cooperative=None, **fields) -> Employment:
    values = {
        "person": person,
        "position": "Pomocnik kuchenny",
        "contract_type": Employment.ContractType.EMPLOYMENT,
        "fte": Decimal("1.00"),
        "daily_hours": Decimal(7),
        "weekly_hours": Decimal(35),
        "monthly_wage": Decimal("4806.00"),
        "starts_on": D(2025, 2, 3),
    }
    if cooperative is not None:
        values.update(
            cooperative=cooperative,
            employer=cooperative.organisation,
            employer_kind=Employment.EmployerKind.COOPERATIVE,
        )
    values.update(fields)
    return Employment(**values)


def facts(degree="moderate", **fields) -> DisabilityFacts:
    values = {
        "degree": degree,
        "special_conditions": False,
        "applies_from": D(2025, 2, 3),
        "evidence_shown_on": D(2025, 1, 20),
    }
    values.update(fields)
    return DisabilityFacts(**values)


def doctor_waiver(**fields) -> HoursWaiver:
    from django.core.files.base import ContentFile

    waiver = HoursWaiver(ground=HoursWaiver.Ground.DOCTOR, issued_on=D(2025, 1, 28), **fields)
    waiver.document.save("zgoda.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    return waiver


@pytest.fixture
def business(world):
    return OrganisationFactory(name="Piekarnia Kłos", kind="company", territory=world.gmina)


@pytest.fixture
def hire(world):
    def make(person, *, degree="moderate", waiver=None, cooperative=None, **fields):
        employment = job(person, cooperative or world.cooperative, **fields)
        start = employment.starts_on
        return services.employment_hire(
            employment,
            facts=facts(degree, applies_from=start) if degree else None,
            waiver=waiver,
            by=world.manager,
        )

    return make
