"""Bad input never breaks a record: every number has a range the database holds, filters and URLs
refuse ids no row can have, a date before the rules is a clear 400 — and nothing is saved unless
everything validates."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models

from common.ids import MAX_ID
from config.api import router
from coop.models import Order, SurplusAllocation
from tests.employment.conftest import attending, practice

PROJECT_APPS = {"accounts", "coop", "wtz", "participants", "employment", "reports"}
HUGE = ("23880264187", "-12262393369995149312", str(MAX_ID + 1), "99999999999999999999999")


def lookups(q) -> set[tuple[str, str]]:
    """The (field, lookup) pairs of a Q, however nested."""
    found = set()
    for child in q.children:
        if isinstance(child, models.Q):
            found |= lookups(child)
        else:
            field, _, lookup = child[0].partition("__")
            found.add((field, lookup or "exact"))
    return found


def test_every_number_a_user_types_has_a_range_the_database_holds():
    unbounded = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model.__name__.startswith("Historical"):
            continue
        if model._meta.proxy and model._meta.concrete_model._meta.app_label not in PROJECT_APPS:
            continue  # another package's records under our names, read only (sign-ins)
        checked = set()
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint):
                checked |= lookups(constraint.condition)
        for field in model._meta.concrete_fields:
            numeric = isinstance(field, models.IntegerField | models.DecimalField)
            if not numeric or field.is_relation or field.primary_key or field.choices:
                continue
            if not field.editable:
                continue  # set by the code, never typed
            has_low = {(field.name, "gte"), (field.name, "gt")} & checked
            # A decimal's digits bound it from above; an integer needs its own upper bound.
            has_high = (
                isinstance(field, models.DecimalField)
                or {
                    (field.name, "lte"),
                    (field.name, "lt"),
                }
                & checked
            )
            if not (has_low and has_high):
                unbounded.append(f"{model._meta.label}.{field.name}")
    assert not unbounded


@pytest.mark.parametrize("year", [0, 1999, 2101, 10**18])
def test_a_year_out_of_range_is_refused_and_nothing_is_saved(world, api_for, year):
    allocation = SurplusAllocation.objects.create(
        cooperative=world.cooperative,
        year=2024,
        surplus=100,
        reserve_fund=40,
        reintegration=40,
        jobs_and_investment=20,
    )
    api = api_for(world.manager)
    response = api.patch(
        f"/api/v1/surplus-allocations/{allocation.pk}/", {"year": year}, format="json"
    )
    assert response.status_code == 400, response.content
    allocation.refresh_from_db()
    assert allocation.year == 2024
    assert api.get(f"/api/v1/surplus-allocations/{allocation.pk}/").status_code == 200


def test_a_negative_wage_or_a_day_of_30_hours_is_refused(world, api_for):
    order = Order.objects.create(
        cooperative=world.cooperative,
        client=world.workshop.organiser,
        title="Sprzątanie",
        route="below_threshold",
        net_value=90000,
        awarded_on="2024-05-20",
        starts_on="2024-06-03",
    )
    response = api_for(world.manager).patch(
        f"/api/v1/orders/{order.pk}/", {"net_value": "-1.00"}, format="json"
    )
    assert response.status_code == 400
    order.refresh_from_db()
    assert order.net_value == Decimal("90000")


def test_a_date_before_the_rules_is_a_clear_refusal(world, api_for, people):
    order = Order.objects.create(
        cooperative=world.cooperative,
        client=world.workshop.organiser,
        title="Sprzątanie",
        route="below_threshold",
        net_value=90000,
        awarded_on="2024-05-20",
        starts_on="2024-06-03",
    )
    # An award before any procurement threshold Ścieżka knows is kept, and says it is not judged
    # and against what (the cooperative may enter its past); it is never a server error.
    response = api_for(world.manager).patch(
        f"/api/v1/orders/{order.pk}/", {"awarded_on": "1990-01-02"}, format="json"
    )
    assert response.status_code == 200, response.content
    (warning,) = api_for(world.manager).get(f"/api/v1/orders/{order.pk}/").json()["warnings"]
    assert warning.startswith("JST-02")
    assert "1990" in warning

    enrolment, version = attending(world.workshop)
    placement = practice(enrolment, version, world.cooperative.organisation)
    placement.save()
    response = api_for(world.staff).patch(
        f"/api/v1/placements/{placement.pk}/",
        {"starts_on": "1995-03-01", "ends_on": "1995-04-30"},
        format="json",
    )
    assert response.status_code == 400, response.content
    placement.refresh_from_db()
    assert placement.starts_on == datetime.date(2024, 3, 1)


def test_no_filter_of_any_endpoint_breaks_on_a_number_no_row_can_have(world, people, api_for):
    for role in (world.staff, world.manager, world.admin):
        api = api_for(role)
        for prefix, viewset, _basename in router.registry:
            filterset = getattr(viewset, "filterset_class", None)
            names = list(filterset.base_filters) if filterset else []
            names += list(getattr(viewset, "filterset_fields", ()))
            for name in names:
                for value in HUGE:
                    response = api.get(f"/api/v1/{prefix}/", {name: value})
                    assert response.status_code in (200, 400, 403), (prefix, name, value)


def test_an_id_no_row_can_have_is_not_found(world, people, api_for, client_for):
    api = api_for(world.admin)
    pages = client_for(world.admin)
    for value in HUGE:
        for prefix, _viewset, _basename in router.registry:
            assert api.get(f"/api/v1/{prefix}/{value}/").status_code == 404, prefix
        for model in admin.site._registry:
            info = model._meta.app_label, model._meta.model_name
            url = f"/admin/{info[0]}/{info[1]}/{value}/change/"
            assert pages.get(url).status_code in (302, 404), url
    response = api_for(world.staff).get("/api/v1/reserve-list/proposal/", {"workshop": HUGE[-1]})
    assert response.status_code == 400


def test_a_search_with_a_null_character_is_refused_under_its_name(world, people, api_for):
    for prefix in ("persons", "enrolments"):
        response = api_for(world.staff).get(f"/api/v1/{prefix}/", {"search": "Kowal\x00ska"})
        assert response.status_code == 400, prefix
        assert list(response.json()) == ["search"]


def test_a_refusal_that_names_no_field_is_about_the_request_as_a_whole():
    from rest_framework.exceptions import ValidationError

    from common.api import exception_handler

    response = exception_handler(ValidationError(["Nie tak."]), {})
    assert response.status_code == 400
    assert response.data == {"non_field_errors": ["Nie tak."]}
