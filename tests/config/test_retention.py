"""DIS-10: records kept for their period after what they were kept for ended, then anonymised;
the access log kept for its own period. Both sides of each threshold, on awkward days."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command

from config import retention
from employment.models import Employment
from participants.models import AccessLog, Anonymisation, Person
from tests.factories.participants import EnrolmentFactory, PersonFactory


def is_due(person, today) -> bool:
    return retention.due(today).filter(pk=person.pk).exists()


def left_on(world, admitted_on, exited_on, **person):
    """Someone registered and admitted on ``admitted_on`` who left on ``exited_on``."""
    person = PersonFactory(residence=world.gmina, **person)
    EnrolmentFactory(
        person=person,
        workshop=world.workshop,
        admitted_on=admitted_on,
        exited_on=exited_on,
        exit_reason="other",
    )
    registered = datetime.datetime.combine(admitted_on, datetime.time(9), tzinfo=datetime.UTC)
    Person.objects.filter(pk=person.pk).update(created_at=registered)
    return person


@pytest.fixture
def leaver(world):
    """Left the workshop on 29 February 2024: kept five years, until 28 February 2029."""
    return left_on(
        world, datetime.date(2019, 3, 1), datetime.date(2024, 2, 29), last_name="Odchodząca"
    )


@pytest.mark.rule("DIS-10")
def test_dis_10_workshop_records_are_kept_five_years_after_the_last_day(leaver):
    assert not is_due(leaver, datetime.date(2029, 2, 28))
    assert is_due(leaver, datetime.date(2029, 3, 1))
    periods = retention.Periods.on(datetime.date(2029, 3, 1))
    annotated = retention.due(datetime.date(2029, 3, 1)).get(pk=leaver.pk)
    assert retention.kept_until(annotated, periods) == datetime.date(2029, 2, 28)


@pytest.mark.rule("DIS-10")
def test_dis_10_on_29_february_the_list_and_the_day_shown_agree(world):
    person = left_on(world, datetime.date(2020, 3, 2), datetime.date(2023, 2, 28))
    assert not is_due(person, datetime.date(2028, 2, 28))
    assert is_due(person, datetime.date(2028, 2, 29))
    periods = retention.Periods.on(datetime.date(2028, 2, 29))
    annotated = retention.due(datetime.date(2028, 2, 29)).get(pk=person.pk)
    assert retention.kept_until(annotated, periods) == datetime.date(2028, 2, 28)


@pytest.mark.rule("DIS-10")
def test_dis_10_a_person_still_attending_is_never_due(world):
    person = PersonFactory(residence=world.gmina)
    EnrolmentFactory(person=person, workshop=world.workshop, admitted_on=datetime.date(2010, 1, 4))
    assert not is_due(person, datetime.date(2040, 1, 1))


@pytest.mark.rule("DIS-10")
def test_dis_10_job_records_are_kept_ten_years_from_the_end_of_the_year_the_job_ended(
    leaver, world
):
    from tests.employment.conftest import job

    Employment.objects.bulk_create(
        [
            job(
                leaver,
                world.cooperative,
                starts_on=datetime.date(2024, 3, 1),
                ends_on=datetime.date(2024, 12, 31),
                end_reason="fixed_term",
            )
        ]
    )
    assert not is_due(leaver, datetime.date(2034, 12, 31))
    assert is_due(leaver, datetime.date(2035, 1, 1))


@pytest.mark.rule("DIS-10")
def test_the_daily_command_changes_nothing_unless_asked(leaver):
    out = io.StringIO()
    with time_machine.travel(datetime.date(2029, 3, 1)):
        call_command("apply_retention", stdout=out)
    assert f"nr {leaver.pk}" in out.getvalue()
    assert "Nic nie zmieniono" in out.getvalue()
    assert "Odchodząca" not in out.getvalue()  # ids only in what goes to the logs
    assert Person.objects.get(pk=leaver.pk).anonymised_on is None
    with time_machine.travel(datetime.date(2029, 3, 1)):
        call_command("apply_retention", "--apply", stdout=io.StringIO())
    leaver.refresh_from_db()
    assert leaver.anonymised_on == datetime.date(2029, 3, 1)
    assert Anonymisation.objects.get(person_ref=leaver.pk).reason == "retention"
    assert not is_due(leaver, datetime.date(2029, 3, 2))


@pytest.mark.rule("DIS-10")
def test_the_access_log_is_kept_five_years(world, leaver):
    old = AccessLog.objects.create(
        person=leaver, person_ref=leaver.pk, user=world.staff, kind="record", where="/"
    )
    AccessLog.objects.filter(pk=old.pk).update(
        at=datetime.datetime(2021, 3, 1, 12, tzinfo=datetime.UTC)
    )
    recent = AccessLog.objects.create(
        person=leaver, person_ref=leaver.pk, user=world.staff, kind="record", where="/"
    )
    AccessLog.objects.filter(pk=recent.pk).update(
        at=datetime.datetime(2021, 3, 2, 12, tzinfo=datetime.UTC)
    )
    assert list(retention.old_reads(datetime.date(2026, 3, 2))) == [old]
    retention.apply(datetime.date(2026, 3, 2))
    assert list(AccessLog.objects.filter(pk__in=[old.pk, recent.pk])) == [recent]


def test_the_administrator_sees_who_is_due_and_applies_it(world, leaver, client_for):
    with time_machine.travel(datetime.date(2029, 3, 1)):
        client = client_for(world.admin)
        page = client.get("/admin/retention/")
        text = page.content.decode()
        assert page.status_code == 200
        assert "1 osoba do anonimizacji" in text
        assert "28 lutego 2029" in text
        assert "Kodeks pracy" in text
        client.post("/admin/retention/", {"form_token": page.context["form_token"]})
    assert Person.objects.get(pk=leaver.pk).anonymised_on == datetime.date(2029, 3, 1)


def test_the_retention_page_costs_the_same_queries_for_more_people_due(
    world, client_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def leave(count):
        for _ in range(count):
            left_on(world, datetime.date(2015, 1, 5), datetime.date(2016, 1, 5))

    leave(1)
    with time_machine.travel(datetime.date(2026, 3, 1)):
        client = client_for(world.admin)
        with CaptureQueriesContext(connection) as few:
            assert len(client.get("/admin/retention/").context["rows"]) == 1
        leave(5)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert len(client.get("/admin/retention/").context["rows"]) == 6
