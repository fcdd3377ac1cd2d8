"""Every participants list — API page or admin change list — runs the same number of queries for
one row and for fifty."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants import services
from participants.models import (
    AttendanceDay,
    Evaluation,
    ProgressNote,
    Readiness,
    Referral,
    Vacancy,
)
from tests.factories.participants import (
    CertificateFactory,
    ConsentFactory,
    EnrolmentFactory,
    RegistrationFactory,
    RepresentativeFactory,
    WaitingListEntryFactory,
)


def add_participants(world, count):
    """``count`` more people, each with every kind of record, at the staff's workshop."""
    for _ in range(count):
        enrolment = EnrolmentFactory(
            workshop=world.workshop,
            admitted_on=datetime.date(2022, 1, 1),
            exited_on=datetime.date(2023, 1, 1),
            exit_reason="moved",
        )
        person = enrolment.person
        RegistrationFactory(person=person, workshop=world.workshop)
        CertificateFactory(person=person, workshop=world.workshop)
        consent = ConsentFactory(person=person, workshop=world.workshop)
        RepresentativeFactory(person=person)
        WaitingListEntryFactory(person=person, organiser=world.workshop.organiser)
        readiness = Readiness.objects.create(
            enrolment=enrolment, decided_on="2022-06-01", skills_summary="—"
        )
        Referral.objects.create(
            person=person,
            workshop=world.workshop,
            cooperative=world.cooperative,
            consent=consent,
            readiness=readiness,
            referred_on="2024-02-01",
        )
        Vacancy.objects.create(workshop=world.workshop, opened_on="2023-01-02", freed_by=enrolment)
        services.programme_start(enrolment=enrolment, valid_from=datetime.date(2022, 2, 1))
        Evaluation.objects.create(enrolment=enrolment, kind="periodic", held_on="2022-07-01")
        version = enrolment.programme.versions.get()
        goal = version.goals.create(domain="social", description="Cel.")
        ProgressNote.objects.create(
            enrolment=enrolment, goal=goal, written_on="2022-08-01", rating=3, author=world.staff
        )
        AttendanceDay.objects.create(enrolment=enrolment, day="2022-08-01", code="present")


API_LISTS = [
    "/api/v1/persons/",
    "/api/v1/representatives/",
    "/api/v1/consents/",
    "/api/v1/certificates/",
    "/api/v1/reserve-list/",
    "/api/v1/enrolments/",
    "/api/v1/vacancies/",
    "/api/v1/readiness/",
    "/api/v1/referrals/",
    "/api/v1/programmes/",
    "/api/v1/evaluations/",
    "/api/v1/progress-notes/",
    "/api/v1/attendance/",
]
ADMIN_LISTS = [
    "/admin/participants/person/",
    "/admin/participants/disabilitycertificate/",
    "/admin/participants/waitinglistentry/",
    "/admin/participants/enrolment/",
    "/admin/participants/vacancy/",
    "/admin/participants/referral/",
    "/admin/participants/programmeversion/",
    "/admin/participants/evaluation/",
    "/admin/organisations/policyparameter/",
]


def queries_for(client, url) -> int:
    client.get(url)  # warm-up: an API client keeps one user object, and its roles cached on it
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_run_constant_queries(world, api_for, django_assert_num_queries, url):
    add_participants(world, 1)
    client = api_for(world.staff)
    one_row = queries_for(client, url)
    add_participants(world, 49)
    # The same statements — roles, count, one page (with its joins and prefetches), and one
    # insert into the access log — whatever the number of rows.
    with django_assert_num_queries(one_row):
        response = client.get(url)
    assert response.json()["count"] >= 50


@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_admin_lists_run_constant_queries(world, client_for, django_assert_num_queries, url):
    add_participants(world, 1)
    client = client_for(world.staff)
    one_row = queries_for(client, url)
    add_participants(world, 49)
    with django_assert_num_queries(one_row):
        client.get(url)


def test_the_access_log_list_runs_constant_queries(
    world, people, client_for, django_assert_num_queries
):
    admin = client_for(world.admin)
    client_for(world.staff).get("/admin/participants/person/")
    one_page = queries_for(admin, "/admin/participants/accesslog/")
    for _ in range(20):
        client_for(world.staff).get("/admin/participants/person/")
    with django_assert_num_queries(one_page):
        admin.get("/admin/participants/accesslog/")
