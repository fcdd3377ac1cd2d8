"""Pages that read as Poles write and link only where the reader may go: a record's change
history field by field, a related record named without a link the reader could not follow, and
numbers typed with a decimal comma and spaces."""

import datetime
import re

import pytest
import time_machine

from coop.models import Order
from participants.models import Readiness
from tests.factories.participants import EnrolmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_the_history_says_what_changed_from_what_to_what_in_polish(world, people, client_for):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=datetime.date(2025, 1, 2))
        enrolment.exited_on = datetime.date(2026, 2, 27)
        enrolment.exit_reason = "moved"
        enrolment.save()
        html = (
            client_for(world.staff)
            .get(f"/admin/participants/enrolment/{enrolment.pk}/history/")
            .content.decode()
        )
    table = re.sub(r"\s+", " ", html[html.index('id="change-history"') :])
    assert "Data odejścia:</strong> —&nbsp;&rarr;&nbsp;27 lutego 2026" in table
    assert "Przyczyna odejścia:</strong> —&nbsp;&rarr;&nbsp;zmiana miejsca zamieszkania" in table
    assert "None" not in table
    assert "2 wersje" in table


def test_a_related_record_is_linked_only_where_the_reader_may_open_it(world, people, client_for):
    url = f"/admin/employment/candidate/{people.referral.pk}/change/"
    manager_page = client_for(world.manager).get(url).content.decode()
    # The candidate is named, but their record and the workshop are not the manager's to open.
    assert str(people.referral.person) in manager_page
    assert f"/admin/participants/person/{people.candidate.pk}/change/" not in manager_page
    assert f"/admin/wtz/workshop/{world.workshop.pk}/change/" not in manager_page
    admin_page = client_for(world.admin).get(url).content.decode()
    assert f"/admin/wtz/workshop/{world.workshop.pk}/change/" in admin_page


def test_an_amount_is_typed_with_spaces_and_a_decimal_comma(world, client_for):
    client = client_for(world.manager)
    response = client.post(
        "/admin/coop/order/add/",
        {
            "cooperative": world.cooperative.pk,
            "client": world.workshop.organiser.pk,
            "title": "Koszenie trawy",
            "route": "below_threshold",
            "net_value": "12 500,50",
            "awarded_on": "2026-03-02",
            "starts_on": "2026-03-09",
            "is_business_activity": "on",
            "assignments-TOTAL_FORMS": "0",
            "assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    order = Order.objects.get(title="Koszenie trawy")
    assert str(order.net_value) == "12500.50"
    form = client.get(f"/admin/coop/order/{order.pk}/change/").context["adminform"].form
    shown = str(form["net_value"])
    assert 'value="12500,50"' in shown
    assert 'inputmode="decimal"' in shown


def test_a_referrals_consent_and_readiness_follow_the_chosen_person(world, people, client_for):
    other = EnrolmentFactory(workshop=world.workshop, admitted_on=datetime.date(2024, 1, 2))
    Readiness.objects.create(enrolment=other, decided_on=datetime.date(2024, 6, 3))
    client = client_for(world.staff)
    url = "/admin/participants/referral/add/"
    unchosen = client.get(url).context["adminform"].form.fields
    assert unchosen["readiness"].queryset.count() == 2
    assert 'data-choices-follow="reload"' in client.get(url).content.decode()
    fields = client.get(f"{url}?person={people.participant.pk}").context["adminform"].form.fields
    assert list(fields["readiness"].queryset) == [people.readiness]
    assert {consent.person for consent in fields["consent"].queryset} == {people.participant}


def test_a_page_opened_from_the_to_do_list_leads_back_there_once_saved(world, client_for):
    client = client_for(world.staff)
    page = f"/admin/wtz/room/{world.room.pk}/change/"
    data = {
        "workshop": world.workshop.pk,
        "name": "Pracownia stolarska i ogrodnicza",
        "is_active": "on",
    }
    response = client.post(f"{page}?next=/admin/todo/overdue/", data)
    assert response["Location"] == "/admin/todo/overdue/"
    world.room.refresh_from_db()
    assert world.room.name == "Pracownia stolarska i ogrodnicza"
    # Another site is no place to lead back to; "save and continue" stays on the page.
    response = client.post(f"{page}?next=https://zly.example/", data)
    assert response["Location"] == "/admin/wtz/room/"
    response = client.post(f"{page}?next=/admin/todo/overdue/", {**data, "_continue": "1"})
    assert response["Location"].startswith(page)


def test_namesakes_are_told_apart_by_their_birth_year_for_the_staff(world, people, client_for):
    client = client_for(world.staff)
    found = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "participants",
            "model_name": "referral",
            "field_name": "person",
            "term": "Uczestnicka",
        },
    ).json()["results"]
    year = people.participant.birth_date.year
    assert [result["text"] for result in found] == [f"{people.participant}, ur. {year}"]
    field = (
        client.get("/admin/employment/placement/add/").context["adminform"].form.fields["person"]
    )
    assert field.label_from_instance(people.participant) == f"{people.participant}, ur. {year}"
    # A manager names a referred candidate by the name the referral shares, nothing more.
    manager_field = (
        client_for(world.manager)
        .get("/admin/employment/placement/add/")
        .context["adminform"]
        .form.fields["person"]
    )
    assert manager_field.label_from_instance(people.candidate) == str(people.candidate)


def test_a_page_checks_a_bounded_number_of_related_records_for_links(world, people):
    from django.contrib import admin
    from django.test import RequestFactory

    from config.links import MOST_CHECKS_PER_PAGE, may_open
    from participants.models import Person

    request = RequestFactory().get("/")
    request.user = world.admin
    person_admin = admin.site._registry[Person]
    others = PersonFactory.create_batch(MOST_CHECKS_PER_PAGE, residence=world.gmina)
    assert all(may_open(request, person_admin, person) for person in others)
    # Past the bound a record is named without a link: no query more for a longer table.
    assert not may_open(request, person_admin, people.participant)
