"""The to-do lists and the digest cost the same number of queries for a few items or many."""

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from participants import services
from paths import digest
from tests.employment.conftest import D, job
from tests.factories.participants import CertificateFactory, EnrolmentFactory, PersonFactory

TODAY = D(2026, 12, 2)


def attending(world, count):
    """Participants with something due each: a certificate running out, a programme to write,
    a job that began while they still attend (the exit to record)."""
    people = []
    for _ in range(count):
        person = PersonFactory()
        enrolment = EnrolmentFactory(
            person=person, workshop=world.workshop, admitted_on=D(2024, 3, 1)
        )
        CertificateFactory(
            person=person, workshop=world.workshop, is_permanent=False,
            issued_on=D(2022, 1, 10), valid_until=D(2026, 12, 31),
        )  # fmt: skip
        services.programme_start(enrolment=enrolment, valid_from=D(2024, 3, 1))
        hired = job(person, world.cooperative, starts_on=D(2026, 11, 16))
        hired.save()
        people.append(person)
    return people


def queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["staff", "manager"])
def test_the_home_page_costs_the_same_for_few_and_many_items(world, client_for, role):
    client = client_for(getattr(world, role))

    def home():
        with translation.override("pl"), time_machine.travel(TODAY, tick=False):
            assert client.get("/admin/").status_code == 200

    attending(world, 1)
    home()
    few = queries(home)
    attending(world, 8)
    many = queries(home)
    assert many == few


def test_the_digest_costs_the_same_and_names_no_one(world):
    world.staff.email = "instruktor@example.org"
    world.staff.save()
    first = attending(world, 1)
    with translation.override("pl"):
        few = queries(lambda: digest.digest_for(world.staff, TODAY))
        more = attending(world, 8)
        many = queries(lambda: digest.digest_for(world.staff, TODAY))
        assert many == few
        sent = digest.send_digests(TODAY)
    assert sent == len(mail.outbox)
    (message,) = [m for m in mail.outbox if m.to == ["instruktor@example.org"]]
    assert "WTZ-16" in message.body
    assert "/admin/todo/overdue/" in message.body
    for person in [*first, *more]:
        assert person.last_name not in message.body
        assert person.last_name not in message.alternatives[0][0]


def test_no_digest_for_those_who_switched_it_off_or_have_nothing_urgent(world, client_for):
    world.officer.email = "urzednik@example.org"
    world.officer.save()
    assert digest.digest_for(world.officer, TODAY) is None  # an officer has no to-do list
    world.staff.email = "instruktor@example.org"
    world.staff.save()
    attending(world, 1)
    response = client_for(world.staff).post(
        "/accounts/profile/", {"language": "pl", "wants_digest": ""}
    )
    assert response.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.wants_digest is False
    digest.send_digests(TODAY)
    assert [m for m in mail.outbox if m.to == ["instruktor@example.org"]] == []
