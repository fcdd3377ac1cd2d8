"""The cooperative's orders by procurement route (JST-01..03) and who works on them (SC-08)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coop import rules
from coop.models import Order, OrderAssignment
from coop.statuses import SOCIAL_COOPERATIVES_ACT, StatusBook
from tests.employment.conftest import D, job
from tests.factories.coop import OrganisationFactory, social_status
from tests.factories.participants import PersonFactory


@pytest.fixture
def gmina_office(world):
    return OrganisationFactory(name="Urząd Gminy Czarnków", kind="gmina", territory=world.gmina)


def order(world, client, **fields) -> Order:
    values = {
        "cooperative": world.cooperative,
        "client": client,
        "title": "Utrzymanie zieleni",
        "route": Order.Route.RESERVED,
        "net_value": Decimal("180000.00"),
        "bid_on": D(2025, 3, 3),
        "awarded_on": D(2025, 3, 20),
        "starts_on": D(2025, 4, 1),
        "ends_on": D(2025, 12, 31),
    }
    values.update(fields)
    return Order(**values)


HIRED = D(2025, 1, 2)


def employees(world, groups, *, starts_on=HIRED):
    """The cooperative's employees on employment contracts, one per status given ("none": no
    status), each status held from the hire on."""
    jobs = []
    for group in groups:
        employment = job(PersonFactory(), world.cooperative, starts_on=starts_on)
        employment.save()
        if group != "none":
            social_status(world.cooperative, employment.person, group, starts_on)
        jobs.append(employment)
    return jobs


def book(world):
    return StatusBook.read(world.cooperative)


@pytest.mark.rule("JST-02")
def test_the_below_threshold_route_is_for_values_under_130000(world, gmina_office):
    too_much = order(world, gmina_office, route=Order.Route.BELOW_THRESHOLD, net_value=130000)
    with pytest.raises(ValidationError) as error:
        too_much.full_clean()
    assert error.value.message_dict["net_value"][0].startswith("JST-02")
    fine = order(world, gmina_office, route=Order.Route.BELOW_THRESHOLD, net_value=129999)
    fine.full_clean()


@pytest.mark.rule("JST-03")
def test_a_reserved_social_award_repeated_within_three_years_is_warned(world, gmina_office):
    first = order(world, gmina_office, route=Order.Route.RESERVED_SOCIAL, awarded_on=D(2023, 4, 1))
    first.save()
    again = order(world, gmina_office, route=Order.Route.RESERVED_SOCIAL, awarded_on=D(2026, 3, 31))
    again.save()
    (warning,) = again.warnings()
    assert warning.startswith("JST-03")
    later = order(world, gmina_office, route=Order.Route.RESERVED_SOCIAL, awarded_on=D(2026, 4, 2))
    later.save()
    assert [w for w in later.warnings() if "2023" in w] == []
    other_client = OrganisationFactory(kind="powiat")
    elsewhere = order(world, other_client, route=Order.Route.RESERVED_SOCIAL)
    elsewhere.save()
    assert elsewhere.warnings() == []


@pytest.mark.rule("JST-01")
def test_a_reserved_contract_needs_30_percent_from_the_listed_groups_on_the_bid_day(
    world, gmina_office
):
    # Ten employees on the bid day (3 March 2025): 2 disabled, 8 not from a listed group = 20 %.
    jobs = employees(world, ["disabled", "disabled"] + ["none"] * 8)
    reserved = order(world, gmina_office)
    reserved.save()
    assert rules.reserved_contract_share(reserved, jobs, book(world)) == (2, 10, D(2025, 3, 3))
    warning = rules.reserved_contract_warning(reserved, jobs, book(world))
    assert warning.startswith("JST-01")
    # A third one from a listed group (unemployed since the bid day) makes 3 of 10 = 30 %.
    unemployed = social_status(world.cooperative, jobs[2].person, "unemployed", D(2025, 3, 3))
    assert rules.reserved_contract_warning(reserved, jobs, book(world)) is None
    # A status that began the day after the bid does not count on the bid day.
    unemployed.starts_on = D(2025, 3, 4)
    unemployed.save()
    assert rules.reserved_contract_share(reserved, jobs, book(world))[:2] == (2, 10)
    # Someone hired after the bid does not count.
    late = employees(world, ["disabled"] * 5, starts_on=D(2025, 3, 4))
    assert rules.reserved_contract_share(reserved, jobs + late, book(world))[:2] == (2, 10)


@pytest.mark.rule("JST-01")
def test_a_reserved_contract_counts_the_procurement_laws_groups_not_the_cooperatives(
    world, gmina_office
):
    """A job-seeking carer and a person after addiction therapy count for the cooperative (SC
    Act, through the social employment act) but Pzp art. 94 lists neither; a member of a
    disadvantaged minority counts for the procurement law only."""
    jobs = employees(world, ["disabled", "disabled", "carer", "addiction"] + ["none"] * 6)
    reserved = order(world, gmina_office)
    reserved.save()
    assert rules.reserved_contract_share(reserved, jobs, book(world))[:2] == (2, 10)
    assert rules.reserved_contract_warning(reserved, jobs, book(world)).startswith("JST-01")
    on = D(2025, 3, 3)
    counted = [book(world).counted(SOCIAL_COOPERATIVES_ACT, j.person_id, on) for j in jobs[:4]]
    assert counted == [True, True, True, True]
    social_status(world.cooperative, jobs[4].person, "minority", D(2024, 1, 1))
    assert not book(world).counted(SOCIAL_COOPERATIVES_ACT, jobs[4].person_id, on)
    assert rules.reserved_contract_warning(reserved, jobs, book(world)) is None


@pytest.mark.rule("SC-08")
def test_a_volunteer_never_works_on_business_activity(world, gmina_office):
    business = order(world, gmina_office)
    business.save()
    volunteer = OrderAssignment(
        order=business,
        person=PersonFactory(),
        role=OrderAssignment.Role.VOLUNTEER,
        weekly_hours=5,
        starts_on=D(2025, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        volunteer.full_clean()
    assert error.value.message_dict["role"][0].startswith("SC-08")
    statutory = order(world, gmina_office, route=Order.Route.GRANT, is_business_activity=False)
    statutory.save()
    volunteer.order = statutory
    volunteer.full_clean()


def test_an_employee_works_on_an_order_through_their_job(world, gmina_office):
    business = order(world, gmina_office)
    business.save()
    (employment,) = employees(world, ["disabled"])
    assignment = OrderAssignment(
        order=business,
        person=employment.person,
        role=OrderAssignment.Role.EMPLOYEE,
        weekly_hours=20,
        starts_on=D(2025, 4, 1),
    )
    with pytest.raises(ValidationError):
        assignment.full_clean()
    assignment.employment = employment
    assignment.full_clean()
    assignment.starts_on = D(2026, 1, 5)  # after the order ends
    with pytest.raises(ValidationError):
        assignment.full_clean()


def test_the_manager_keeps_orders_and_the_workshops_do_not_see_them(world, gmina_office, api_for):
    (employment,) = employees(world, ["disabled"])
    client = api_for(world.manager)
    created = client.post(
        "/api/v1/orders/",
        {
            "cooperative": world.cooperative.pk,
            "client": gmina_office.pk,
            "title": "Catering dla ŚDS",
            "route": "social_clause",
            "net_value": "250000.00",
            "awarded_on": "2025-03-20",
            "starts_on": "2025-04-01",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assigned = client.post(
        "/api/v1/order-assignments/",
        {
            "order": created.json()["id"],
            "person": employment.person_id,
            "role": "employee",
            "employment": employment.pk,
            "weekly_hours": "20",
            "starts_on": "2025-04-01",
        },
        format="json",
    )
    assert assigned.status_code == 201, assigned.json()
    detail = client.get(f"/api/v1/orders/{created.json()['id']}/").json()
    assert detail["warnings"] == []
    assert api_for(world.staff).get("/api/v1/orders/").status_code == 403
    assert not Order.objects.visible_to(world.staff).exists()
    assert not Order.objects.visible_to(world.officer).exists()


def add_orders(world, client, count):
    for _ in range(count):
        (employment,) = employees(world, ["disabled"])
        placed = order(world, client)
        placed.save()
        OrderAssignment.objects.create(
            order=placed,
            person=employment.person,
            role="employee",
            employment=employment,
            weekly_hours=20,
            starts_on=D(2025, 4, 1),
        )


@pytest.mark.parametrize(
    "url", ["/api/v1/orders/", "/api/v1/order-assignments/", "/admin/coop/order/"]
)
def test_order_lists_run_constant_queries(
    world, gmina_office, api_for, client_for, django_assert_num_queries, url
):
    add_orders(world, gmina_office, 1)
    client = api_for(world.manager) if url.startswith("/api/") else client_for(world.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    one_row = len(context.captured_queries)
    add_orders(world, gmina_office, 25)
    with django_assert_num_queries(one_row):
        client.get(url)


@pytest.mark.rule("SC-08")
def test_a_volunteer_is_refused_on_a_new_order_too(world, gmina_office):
    unsaved = order(world, gmina_office)  # the order's add page: not saved yet
    volunteer = OrderAssignment(
        order=unsaved,
        person=PersonFactory(),
        role=OrderAssignment.Role.VOLUNTEER,
        weekly_hours=5,
        starts_on=D(2025, 4, 1),
    )
    with pytest.raises(ValidationError) as error:
        volunteer.full_clean(exclude=["order"])
    assert error.value.message_dict["role"][0].startswith("SC-08")


@pytest.mark.rule("SC-08")
def test_an_order_with_volunteers_does_not_become_business_activity(world, gmina_office, api_for):
    statutory = order(world, gmina_office, route=Order.Route.GRANT, is_business_activity=False)
    statutory.save()
    OrderAssignment.objects.create(
        order=statutory,
        person=PersonFactory(),
        role=OrderAssignment.Role.VOLUNTEER,
        weekly_hours=5,
        starts_on=D(2025, 4, 1),
    )
    response = api_for(world.manager).patch(
        f"/api/v1/orders/{statutory.pk}/", {"is_business_activity": True}, format="json"
    )
    assert response.status_code == 400
    assert "SC-08" in str(response.json())
    statutory.refresh_from_db()
    assert statutory.is_business_activity is False
