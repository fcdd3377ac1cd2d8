"""The shared cast: one small world with two powiats, three workshops and two cooperatives, and a
user for every role — staff (heads workshop A), instructor (works at A), manager (cooperative X),
officer (powiat P), admin, and an outsider with no assignment."""

import datetime
import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from pytest_django.plugin import blocking_manager_key
from rest_framework.test import APIClient

from tests.factories.accounts import UserFactory
from tests.factories.coop import (
    CooperativeFactory,
    GminaFactory,
    ManagerAssignmentFactory,
    OfficerAssignmentFactory,
    PowiatFactory,
)
from tests.factories.wtz import RoomFactory, StaffAssignmentFactory, WorkshopFactory
from wtz.models import StaffAssignment

ROLES = ("anonymous", "staff", "manager", "officer", "admin")


def pytest_addoption(parser):
    parser.addoption(
        "--today",
        default=os.environ.get("SCIEZKA_TODAY", ""),
        help="run the whole suite as if today were this day (YYYY-MM-DD; or SCIEZKA_TODAY): "
        "no test may depend on the day it runs",
    )


def pytest_configure(config):
    today = config.getoption("--today")
    if today:
        # Nine in the morning in Warsaw, with the clock running: tests that fix their own day
        # still do (time-machine nests).
        start = datetime.datetime.combine(
            datetime.date.fromisoformat(today), datetime.time(9), ZoneInfo("Europe/Warsaw")
        )
        config._frozen_today = time_machine.travel(start, tick=True)
        config._frozen_today.start()


def pytest_unconfigure(config):
    if getattr(config, "_frozen_today", None) is not None:
        config._frozen_today.stop()


def pytest_report_header(config):
    today = config.getoption("--today")
    return f"today: {today} (a fixed clock)" if today else None


def database_vendor() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgresql" if "postgresql" in engine else "sqlite"


def pytest_collection_modifyitems(config, items):
    if database_vendor() == "postgresql":
        return
    skip = pytest.mark.skip(reason="PostgreSQL-only: runs in the PostgreSQL pass (DATABASE_URL)")
    large = pytest.mark.skip(reason="a large world: built in the PostgreSQL pass only")
    for item in items:
        if "postgres_only" in item.keywords:
            item.add_marker(skip)
        elif "large" in item.keywords:
            item.add_marker(large)


def restore_reference_data():
    """Tests outside a transaction (live-server and race tests) empty the tables after each one —
    including what the data migrations seeded. Seed it again, with the migrations' own code."""
    from django.apps import apps

    from organisations.models import PolicyParameter
    from participants.models import CauseSymbol

    if not PolicyParameter.objects.exists():
        seeds = sorted(Path(__file__).parents[1].glob("organisations/migrations/0*_seed_*.py"))
        for seed in seeds:
            import_module(f"organisations.migrations.{seed.stem}").seed(apps, None)
    if not CauseSymbol.objects.exists():
        import_module("participants.migrations.0002_seed_symbols_and_indications").seed(apps, None)


def empties_the_tables(item) -> bool:
    """Whether ``item`` runs outside a transaction, so that its database is flushed after it."""
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    return bool({"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that empties the tables, the reference data is back before the next test:
    the tests of a file run together on one worker, so a test in a transaction may come next."""
    try:
        return (yield)
    finally:  # even when the test's own teardown failed; after the last one, nothing is left
        if nextitem is not None and empties_the_tables(item):
            with item.config.stash[blocking_manager_key].unblock():
                restore_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    # Throttling counts live in the cache; every test starts with none.
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    powiat: object
    other_powiat: object
    gmina: object
    other_gmina: object
    workshop: object
    sibling_workshop: object
    far_workshop: object
    room: object
    far_room: object
    cooperative: object
    other_cooperative: object
    staff: object
    instructor: object
    manager: object
    officer: object
    admin: object
    outsider: object

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def world(db) -> World:
    powiat = PowiatFactory(code="3002", name="czarnkowsko-trzcianecki")
    other_powiat = PowiatFactory(code="3005", name="grodziski")
    gmina = GminaFactory(parent=powiat, code="3002011", name="Czarnków")
    other_gmina = GminaFactory(parent=other_powiat, code="3005043", name="Rakoniewice")
    workshop = WorkshopFactory(name="WTZ Czarnków", territory=gmina)
    sibling_workshop = WorkshopFactory(name="WTZ Trzcianka", territory=gmina)
    far_workshop = WorkshopFactory(name="WTZ Rakoniewice", territory=other_gmina)
    cooperative = CooperativeFactory()
    staff = UserFactory(username="staff")
    instructor = UserFactory(username="instructor")
    StaffAssignmentFactory(user=staff, workshop=workshop, role=StaffAssignment.Role.MANAGER)
    StaffAssignmentFactory(user=instructor, workshop=workshop)
    manager = UserFactory(username="manager")
    ManagerAssignmentFactory(user=manager, cooperative=cooperative)
    officer = UserFactory(username="officer")
    OfficerAssignmentFactory(user=officer, territory=powiat)
    return World(
        powiat=powiat,
        other_powiat=other_powiat,
        gmina=gmina,
        other_gmina=other_gmina,
        workshop=workshop,
        sibling_workshop=sibling_workshop,
        far_workshop=far_workshop,
        room=RoomFactory(workshop=workshop, name="Pracownia stolarska"),
        far_room=RoomFactory(workshop=far_workshop, name="Pracownia plastyczna"),
        cooperative=cooperative,
        other_cooperative=CooperativeFactory(),
        staff=staff,
        instructor=instructor,
        manager=manager,
        officer=officer,
        admin=UserFactory(username="admin", is_superuser=True, is_staff=True),
        outsider=UserFactory(username="outsider"),
    )


@pytest.fixture
def client_for():
    """``client_for(user)``: a browser-like client logged in as ``user`` (None: anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_for():
    """``api_for(user)``: an API client authenticated as ``user`` (None: anonymous)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@dataclass
class People:
    """Participants' records around the cast's workshops."""

    candidate: object  # registered at the staff's workshop, approved on its organiser's list
    participant: object  # attends the staff's workshop
    former: object  # left the staff's workshop for work
    stranger: object  # attends the far workshop
    candidate_entry: object
    enrolment: object
    former_enrolment: object
    stranger_enrolment: object
    certificate: object
    stranger_certificate: object
    consent: object
    representative: object
    readiness: object
    referral: object
    vacancy: object
    programme: object
    evaluation: object
    note: object


@pytest.fixture
def people(world) -> People:
    from participants import services
    from participants.models import Evaluation, ProgressNote, Readiness, Referral, Vacancy
    from tests.factories.participants import (
        CertificateFactory,
        ConsentFactory,
        EnrolmentFactory,
        PersonFactory,
        RegistrationFactory,
        RepresentativeFactory,
        WaitingListEntryFactory,
    )

    candidate = PersonFactory(last_name="Kandydacka", residence=world.gmina)
    RegistrationFactory(person=candidate, workshop=world.workshop)
    CertificateFactory(person=candidate, workshop=world.workshop)
    candidate_entry = WaitingListEntryFactory(person=candidate, organiser=world.workshop.organiser)
    participant = PersonFactory(last_name="Uczestnicka", residence=world.gmina)
    enrolment = EnrolmentFactory(person=participant, workshop=world.workshop)
    RegistrationFactory(person=participant, workshop=world.workshop)
    certificate = CertificateFactory(person=participant, workshop=world.workshop)
    consent = ConsentFactory(person=participant, workshop=world.workshop)
    readiness = Readiness.objects.create(
        enrolment=enrolment,
        decided_on="2024-01-05",
        skills_summary="Sprząta starannie, pracuje w zespole.",
        availability="Pon–pt, 4 godziny dziennie.",
    )
    referral = Referral.objects.create(
        person=participant,
        workshop=world.workshop,
        cooperative=world.cooperative,
        consent=consent,
        readiness=readiness,
        referred_on="2024-02-01",
    )
    former = PersonFactory(last_name="Pracująca", residence=world.gmina)
    former_enrolment = EnrolmentFactory(
        person=former,
        workshop=world.workshop,
        admitted_on="2021-03-01",
        exited_on="2023-06-30",
        exit_reason="work_sc",
        exit_employer=world.cooperative.organisation,
        exit_contract_type="employment",
    )
    vacancy = Vacancy.objects.create(
        workshop=world.workshop, opened_on="2023-07-01", freed_by=former_enrolment
    )
    stranger = PersonFactory(last_name="Obca", residence=world.other_gmina)
    stranger_enrolment = EnrolmentFactory(person=stranger, workshop=world.far_workshop)
    stranger_certificate = CertificateFactory(person=stranger, workshop=world.far_workshop)
    programme = services.programme_start(enrolment=enrolment, valid_from="2023-03-15")
    return People(
        candidate=candidate,
        participant=participant,
        former=former,
        stranger=stranger,
        candidate_entry=candidate_entry,
        enrolment=enrolment,
        former_enrolment=former_enrolment,
        stranger_enrolment=stranger_enrolment,
        certificate=certificate,
        stranger_certificate=stranger_certificate,
        consent=consent,
        representative=RepresentativeFactory(person=participant),
        readiness=readiness,
        referral=referral,
        vacancy=vacancy,
        programme=programme,
        evaluation=Evaluation.objects.create(
            enrolment=enrolment, kind="periodic", held_on="2023-09-01"
        ),
        note=ProgressNote.objects.create(
            enrolment=enrolment,
            goal=programme.goals.create(domain="social", description="Dojazd komunikacją."),
            written_on="2023-10-02",
            rating=3,
            author=world.staff,
        ),
    )
