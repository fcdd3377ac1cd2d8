"""The lists of the tables that grow without bound — attendance, notes, evaluations, allowances,
enrolments, the access log — cost the same whatever their size: the same statements for few rows
and for many, for the scoped staff user and for an administrator; no date links read from every
row, no second count of the whole table, and beyond ten thousand rows no exact count at all."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common import pagination
from common.pagination import EstimatedCountPaginator
from organisations.models import Cooperative
from participants import scoping
from participants.models import (
    AccessLog,
    AllowancePayment,
    AttendanceDay,
    Enrolment,
    Person,
    Representative,
)
from tests.factories.coop import CooperativeFactory
from tests.participants.test_queries import add_participants

ADMIN_LISTS = [
    "/admin/participants/attendanceday/",
    "/admin/participants/progressnote/",
    "/admin/participants/evaluation/",
    "/admin/participants/allowancepayment/",
    "/admin/participants/enrolment/",
]
API_LISTS = [
    "/api/v1/attendance/",
    "/api/v1/progress-notes/",
    "/api/v1/evaluations/",
    "/api/v1/enrolments/",
]
# Tables whose lists may hold millions of rows: no date_hierarchy, an estimated count.
LARGE = ("attendanceday", "progressnote", "evaluation", "allowancepayment", "accesslog")


def add_rows(world, count):
    """``count`` more participants at the staff's workshop, each with a row of every kind."""
    add_participants(world, count)
    for enrolment in Enrolment.objects.filter(allowance_payments__isnull=True):
        AllowancePayment.objects.create(
            enrolment=enrolment,
            month=datetime.date(2022, 8, 1),
            due_amount=Decimal("50.00"),
            amount=Decimal("50.00"),
            unexcused_days=0,
        )


def captured(client, url):
    client.get(url)  # warm-up: roles cached on the client's user, the session saved once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries]


@pytest.mark.parametrize("role", ["staff", "admin"])
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_large_admin_lists_run_the_same_queries_for_few_and_many_rows(world, client_for, role, url):
    client = client_for(getattr(world, role))
    add_rows(world, 1)
    few = captured(client, url)
    add_rows(world, 20)
    many = captured(client, url)
    assert len(many) == len(few), url
    counts = [sql for sql in many if "COUNT(" in sql.upper()]
    assert len(counts) == 1, counts  # the list's own rows, never the whole table beside them
    assert not any("DISTINCT" in sql.upper() and "DATE" in sql.upper() for sql in many)
    assert not any("MIN(" in sql.upper() or "MAX(" in sql.upper() for sql in many)


def test_the_access_log_list_runs_the_same_queries_for_few_and_many_rows(world, people, client_for):
    client = client_for(world.admin)
    url = "/admin/participants/accesslog/"
    client_for(world.staff).get("/admin/participants/person/")
    few = captured(client, url)
    for _ in range(20):
        client_for(world.staff).get("/admin/participants/enrolment/")
    many = captured(client, url)
    assert len(many) == len(few)
    assert len([sql for sql in many if "COUNT(" in sql.upper()]) == 1


@pytest.mark.parametrize("role", ["staff", "admin"])
@pytest.mark.parametrize("url", API_LISTS)
def test_large_api_lists_run_the_same_queries_for_few_and_many_rows(world, api_for, role, url):
    client = api_for(getattr(world, role))
    add_rows(world, 1)
    few = captured(client, url)
    add_rows(world, 20)
    many = captured(client, url)
    assert len(many) == len(few), url
    assert client.get(url).json()["count"] >= 21


def test_the_staff_lists_stay_scoped(world, people, client_for, api_for):
    add_rows(world, 2)
    far = people.stranger_enrolment
    AttendanceDay.objects.create(enrolment=far, day="2022-08-02", code="present")
    shown = api_for(world.staff).get("/api/v1/attendance/").json()["results"]
    assert far.pk not in {row["enrolment"] for row in shown}
    assert len(shown) == AttendanceDay.objects.filter(enrolment__workshop=world.workshop).count()
    page = client_for(world.staff).get("/admin/participants/attendanceday/")
    assert list(page.context["cl"].result_list) == list(
        AttendanceDay.objects.filter(enrolment__workshop=world.workshop).order_by(
            "-day", "enrolment_id"
        )
    )


@pytest.mark.parametrize(
    "scoped",
    [
        lambda user: Person.objects.visible_to(user),
        lambda user: scoping.persons_held_by(Person.objects.all(), user),
        lambda user: Representative.objects.visible_to(user).with_details_shown(user),
    ],
    ids=["people", "held", "representatives"],
)
def test_a_staff_scope_of_people_reads_their_ids_once_not_every_person(world, scoped):
    """The people a workshop holds are a union of ids read first (registered, enrolled, on the
    reserve list): three IN subqueries joined by OR made PostgreSQL test every person of a
    national instance in the list's order."""
    sql = str(scoped(world.staff).query).upper()
    assert "UNION" in sql
    assert not re.search(r'OR (\w+|"\w+")\."(ID|PERSON_ID)" IN', sql)


def test_the_attendance_list_is_newest_first_in_an_order_the_index_holds(world, client_for):
    add_rows(world, 3)
    first = Enrolment.objects.filter(workshop=world.workshop).order_by("pk").first()
    AttendanceDay.objects.create(enrolment=first, day="2022-08-05", code="excused")
    page = client_for(world.admin).get("/admin/participants/attendanceday/")
    rows = list(page.context["cl"].result_list)
    assert [(row.day, row.enrolment_id) for row in rows] == sorted(
        ((row.day, row.enrolment_id) for row in rows), key=lambda key: (-key[0].toordinal(), key[1])
    )
    assert rows[0].day == datetime.date(2022, 8, 5)


def test_no_list_counts_the_whole_table_beside_its_rows():
    for model, model_admin in admin.site._registry.items():
        assert model_admin.show_full_result_count is False, model._meta.label


def test_the_large_lists_offer_fixed_periods_instead_of_date_links():
    by_name = {
        model._meta.model_name: model_admin for model, model_admin in admin.site._registry.items()
    }
    for name in LARGE:
        model_admin = by_name[name]
        assert model_admin.date_hierarchy is None, name
        assert model_admin.paginator is EstimatedCountPaginator, name
    assert by_name["enrolment"].date_hierarchy is None


@time_machine.travel(datetime.datetime(2024, 3, 15, 10, tzinfo=datetime.UTC))
def test_the_period_filter_offers_the_month_and_the_year_before(world, client_for):
    add_rows(world, 1)
    enrolment = Enrolment.objects.filter(workshop=world.workshop).first()
    for day in ("2024-03-01", "2024-02-29", "2024-02-01", "2024-01-31", "2023-06-01", "2022-12-31"):
        AttendanceDay.objects.create(enrolment=enrolment, day=day, code="present")
    client = client_for(world.staff)
    page = client.get("/admin/participants/attendanceday/")
    period = next(spec for spec in page.context["cl"].filter_specs if spec.field_path == "day")
    periods = [(lookup.get("day__gte"), lookup.get("day__lt")) for _title, lookup in period.links]
    day = datetime.date.fromisoformat
    this_month = periods.index((day("2024-03-01"), day("2024-04-01")))
    assert periods[this_month + 1] == (day("2024-02-01"), day("2024-03-01"))  # last month
    this_year = periods.index((day("2024-01-01"), day("2025-01-01")))
    assert periods[this_year + 1] == (day("2023-01-01"), day("2024-01-01"))  # last year

    last_month = client.get(
        "/admin/participants/attendanceday/?day__gte=2024-02-01&day__lt=2024-03-01"
    )
    assert {row.day.isoformat() for row in last_month.context["cl"].result_list} == {
        "2024-02-29",
        "2024-02-01",
    }
    last_year = client.get(
        "/admin/participants/attendanceday/?day__gte=2023-01-01&day__lt=2024-01-01"
    )
    assert {row.day.isoformat() for row in last_year.context["cl"].result_list} == {"2023-06-01"}


def test_the_access_log_forgets_a_deleted_person_by_its_kept_id(world, people):
    stranger_id = people.stranger.pk
    kept = AccessLog.objects.create(
        person=people.stranger,
        person_ref=people.stranger.pk,
        user=world.admin,
        kind="record",
        where="/",
    )
    other = AccessLog.objects.create(
        person=people.participant,
        person_ref=people.participant.pk,
        user=world.admin,
        kind="record",
        where="/",
    )
    people.stranger.certificates.all().delete()
    people.stranger_enrolment.delete()
    people.stranger.delete()
    kept.refresh_from_db()
    other.refresh_from_db()
    assert (kept.person_id, kept.person_ref) == (None, stranger_id)
    assert other.person_id == people.participant.pk


def test_the_paginator_counts_exactly_on_sqlite_or_below_the_limit(world):
    add_rows(world, 3)
    paginator = EstimatedCountPaginator(AttendanceDay.objects.all(), 2)
    assert paginator.count == AttendanceDay.objects.count()
    assert not paginator.count_is_estimated


@pytest.mark.postgres_only
def test_beyond_the_limit_postgresql_estimates_and_never_refuses_a_page(world, monkeypatch):
    add_rows(world, 6)
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)
    for rows in (
        AttendanceDay.objects.all(),
        AttendanceDay.objects.filter(enrolment__workshop=world.workshop),
    ):
        paginator = EstimatedCountPaginator(rows.order_by("-day", "enrolment_id"), 2)
        with CaptureQueriesContext(connection) as queries:
            count = paginator.count
        assert paginator.count_is_estimated
        assert count >= 4  # never below what was counted: more than the limit
        assert len(queries.captured_queries) == 2  # counted up to the limit, then estimated
        assert "LIMIT 4" in queries.captured_queries[0]["sql"]  # the count stops at the limit
        far_page = paginator.page(paginator.num_pages + 3)
        assert list(far_page.object_list) == []


@pytest.mark.postgres_only
def test_below_the_limit_postgresql_counts_exactly_in_one_query(world):
    add_rows(world, 3)
    paginator = EstimatedCountPaginator(AttendanceDay.objects.all(), 2)
    with CaptureQueriesContext(connection) as queries:
        count = paginator.count
    assert count == AttendanceDay.objects.count()
    assert len(queries.captured_queries) == 1
    assert not paginator.count_is_estimated


def test_the_schema_says_a_large_list_count_may_be_estimated(client):
    schema = client.get("/api/schema/?format=json").json()
    paginated = schema["components"]["schemas"]["PaginatedAttendanceDayList"]
    assert "estimate" in paginated["properties"]["count"]["description"]


@pytest.mark.postgres_only
def test_an_estimated_count_reads_as_one_on_the_list(world, client_for, monkeypatch):
    add_rows(world, 6)
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)
    page = client_for(world.admin).get("/admin/participants/attendanceday/").content.decode()
    assert "około " in page
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 10_000)
    page = client_for(world.admin).get("/admin/participants/attendanceday/").content.decode()
    assert "około " not in page


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_the_jobs_list_names_its_cooperatives_to_filter_by_in_one_query(world, client_for, role):
    """A national instance has hundreds of cooperatives: the filter reads them with their
    organisations' names at once, not one organisation per cooperative."""
    client = client_for(getattr(world, role))
    few = captured(client, "/admin/employment/employment/")
    CooperativeFactory.create_batch(20)
    many = captured(client, "/admin/employment/employment/")
    assert len(many) == len(few)
    page = client.get("/admin/employment/employment/").content.decode()
    assert page.count("?cooperative__id__exact=") == Cooperative.objects.count()
