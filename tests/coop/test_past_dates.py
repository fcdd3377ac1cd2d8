"""A cooperative entering its past: every page and answer about a day before today's rules either
judges it under the rules of that day or says what is missing — never a server error."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coop.models import Order
from tests.coop.test_orders import order
from tests.employment.conftest import D, job
from tests.factories.coop import OrganisationFactory
from tests.factories.participants import PersonFactory


@pytest.fixture
def client_office(world):
    return OrganisationFactory(name="Urząd Gminy Czarnków", kind="gmina", territory=world.gmina)


def old_order(world, client_office, **fields):
    values = {
        "route": Order.Route.BELOW_THRESHOLD,
        "net_value": Decimal("100000.00"),
        "bid_on": D(2019, 5, 6),
        "awarded_on": D(2019, 6, 3),
        "starts_on": D(2019, 7, 1),
        "ends_on": D(2019, 12, 31),
    }
    values.update(fields)
    made = order(world, client_office, **values)
    made.save()
    return made


def test_an_order_from_2019_opens_and_lists(world, client_office, client_for, api_for):
    made = old_order(world, client_office)
    reserved = old_order(world, client_office, route=Order.Route.RESERVED)
    admin = client_for(world.manager)
    assert admin.get(f"/admin/coop/order/{made.pk}/change/").status_code == 200
    assert admin.get(f"/admin/coop/order/{reserved.pk}/change/").status_code == 200
    assert admin.get("/admin/coop/order/").status_code == 200
    api = api_for(world.manager)
    assert api.get("/api/v1/orders/").status_code == 200
    assert api.get(f"/api/v1/orders/{reserved.pk}/").status_code == 200


def test_an_order_from_2019_is_judged_or_refused_with_words(world, client_office, api_for):
    answer = api_for(world.manager).post(
        "/api/v1/orders/",
        {
            "cooperative": world.cooperative.pk,
            "client": client_office.pk,
            "title": "Sprzątanie 2019",
            "route": "below_threshold",
            "net_value": "100000.00",
            "bid_on": "2019-05-06",
            "awarded_on": "2019-06-03",
            "starts_on": "2019-07-01",
            "ends_on": "2019-12-31",
        },
        format="json",
    )
    assert answer.status_code in (201, 400), answer.content


def test_the_compliance_page_for_2021_and_2022(world, client_for):
    employee = job(PersonFactory(), world.cooperative, starts_on=D(2021, 3, 1))
    employee.save()
    page = client_for(world.manager)
    for day in ("2021-06-30", "2022-10-29", "2022-10-30", "2019-01-01", "2006-01-01"):
        answer = page.get(f"/coop/compliance/?cooperative={world.cooperative.pk}&on={day}")
        assert answer.status_code == 200, day
    # The social-enterprise act's thresholds are in force from 30 October 2022: the day before,
    # its lines say what is missing; from that day they are judged.
    before = page.get(f"/coop/compliance/?cooperative={world.cooperative.pk}&on=2022-10-29")
    from_then = page.get(f"/coop/compliance/?cooperative={world.cooperative.pk}&on=2022-10-30")
    assert "PS-01" in before.content.decode()
    assert "nie jest znana wartość parametru" in before.content.decode()
    assert "nie jest znana wartość parametru" not in from_then.content.decode()


@pytest.mark.rule("JST-02")
def test_an_order_before_2021_is_judged_by_the_old_law_or_said_not_judged(world, client_office):
    # 30,000 euro at 4.3117 zł: 129,351 zł in 2019 — "not exceeding" is outside the old Pzp.
    at_the_limit = old_order(world, client_office, net_value=Decimal("129351.00"))
    at_the_limit.full_clean()
    above = order(
        world,
        client_office,
        route=Order.Route.BELOW_THRESHOLD,
        net_value=Decimal("129351.01"),
        awarded_on=D(2019, 12, 31),
        bid_on=D(2019, 12, 2),
    )
    with pytest.raises(ValidationError) as error:
        above.full_clean()
    assert error.value.message_dict["net_value"][0].startswith("JST-02")
    # 2020: 30,000 euro at 4.2693 zł.
    above.awarded_on = D(2020, 2, 29)
    above.net_value = Decimal("128079.01")
    with pytest.raises(ValidationError):
        above.full_clean()
    above.net_value = Decimal("128079.00")
    above.full_clean()
    # Before any threshold Ścieżka knows: kept, and its page says it was not judged.
    older = old_order(world, client_office, net_value=Decimal("500000"), awarded_on=D(2017, 6, 1))
    older.full_clean()
    with translation.override("en"):
        (warning,) = older.warnings()
    assert warning.startswith("JST-02: not judged")
    assert "2017" in warning


def test_records_from_before_the_rules_leave_every_home_page_working(
    world, client_office, client_for
):
    employee = job(PersonFactory(), world.cooperative, starts_on=D(2019, 3, 1))
    employee.save()
    old_order(world, client_office, route=Order.Route.RESERVED)
    for user in (world.manager, world.staff, world.admin):
        assert client_for(user).get("/admin/").status_code == 200


def test_a_job_from_before_the_subsidy_table_opens_and_lists(world, client_for, api_for):
    employee = job(PersonFactory(), world.cooperative, starts_on=D(2012, 3, 1))
    employee.ends_on = D(2016, 2, 29)
    employee.end_reason = "fixed_term"
    employee.save()
    current = job(PersonFactory(), world.cooperative, starts_on=D(2015, 1, 2))
    current.save()
    admin = client_for(world.manager)
    for url in (
        "/admin/employment/employment/",
        f"/admin/employment/employment/{employee.pk}/change/",
        f"/admin/employment/employment/{current.pk}/change/",
        "/admin/",
        f"/coop/compliance/?cooperative={world.cooperative.pk}&on=2015-06-30",
    ):
        assert admin.get(url).status_code == 200, url
    api = api_for(world.manager)
    for url in ("/api/v1/employments/", f"/api/v1/employments/{employee.pk}/"):
        assert api.get(url).status_code == 200, url
