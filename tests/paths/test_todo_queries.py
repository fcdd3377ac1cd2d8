"""The to-do lists and the digest cost the same number of queries for a few items or many."""

import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from employment.models import DisabilityFacts, Employment, FollowUp
from participants import services
from participants.models import (
    DisabilityCertificate,
    Enrolment,
    Person,
    ProgrammeVersion,
    RehabProgramme,
    WaitingListEntry,
)
from paths import digest
from paths.todo import URGENCIES, todo_items
from tests.employment.conftest import D, facts, job
from tests.factories.participants import (
    CertificateFactory,
    EnrolmentFactory,
    PersonFactory,
    WaitingListEntryFactory,
)

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
        what_the_manager_follows(hired).save()
        running_out(hired).save()
        people.append(person)
    return people


def attending_in_bulk(world, count):
    """``attending`` for many at once, written in bulk: what the to-do lists read, without the
    minutes that saving each record through its services would take."""
    people = Person.objects.bulk_create(
        PersonFactory.build(holder=world.workshop.organiser, residence=world.gmina)
        for _ in range(count)
    )
    applications = WaitingListEntry.objects.bulk_create(
        WaitingListEntryFactory.build(
            person=person,
            organiser=world.workshop.organiser,
            status=WaitingListEntry.Status.ADMITTED,
        )
        for person in people
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(
            person=application.person,
            workshop=world.workshop,
            application=application,
            admitted_on=D(2024, 3, 1),
        )
        for application in applications
    )
    DisabilityCertificate.objects.bulk_create(
        CertificateFactory.build(
            person=person,
            workshop=world.workshop,
            is_permanent=False,
            issued_on=D(2022, 1, 10),
            valid_until=D(2026, 12, 31),
        )
        for person in people
    )
    programmes = RehabProgramme.objects.bulk_create(
        RehabProgramme(enrolment=enrolment) for enrolment in enrolments
    )
    ProgrammeVersion.objects.bulk_create(
        ProgrammeVersion(programme=programme, number=1, valid_from=D(2024, 3, 1))
        for programme in programmes
    )
    jobs = Employment.objects.bulk_create(
        job(person, world.cooperative, starts_on=D(2026, 11, 16)) for person in people
    )
    FollowUp.objects.bulk_create(what_the_manager_follows(hired) for hired in jobs)
    DisabilityFacts.objects.bulk_create(running_out(hired) for hired in jobs)


def what_the_manager_follows(hired) -> FollowUp:
    return FollowUp(employment=hired, days_after_start=30, due_on=D(2026, 12, 16))


def running_out(hired) -> DisabilityFacts:
    """The disability document the employer was shown runs out this month (DIS-04)."""
    return facts(employment=hired, applies_from=D(2026, 11, 16), valid_until=D(2026, 12, 31))


def named(user) -> int:
    """How many times the user's to-do list names someone."""
    with time_machine.travel(TODAY, tick=False):
        return sum(len(item.people) for item in todo_items(user, TODAY))


def queries(callable_):
    with CaptureQueriesContext(connection) as captured:
        callable_()
    return len(captured.captured_queries)


def test_the_home_page_costs_the_same_for_5_and_500_people_in_scope(world, client_for):
    """As the workshop's staff and as the cooperative's manager, over the same people."""
    roles = {"staff": world.staff, "manager": world.manager}
    clients = {role: client_for(user) for role, user in roles.items()}

    def home(role):
        with translation.override("pl"), time_machine.travel(TODAY, tick=False):
            assert clients[role].get("/admin/").status_code == 200
            for urgency in URGENCIES:  # each group's own paged list
                assert clients[role].get(f"/admin/todo/{urgency.slug}/").status_code == 200

    attending(world, 5)
    few = {}
    for role, user in roles.items():
        home(role)
        few[role] = queries(lambda role=role: home(role)), named(user)
    attending_in_bulk(world, 495)
    for role, user in roles.items():
        many_queries, many_named = queries(lambda role=role: home(role)), named(user)
        few_queries, few_named = few[role]
        assert many_queries == few_queries, role
        assert many_named >= few_named + 495, role  # each of them has something due


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
