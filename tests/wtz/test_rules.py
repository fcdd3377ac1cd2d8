import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from wtz import todo
from wtz.rules import funding_share


@pytest.mark.rule("WTZ-06")
def test_class_hours_above_the_limits_are_refused(world):
    workshop = world.workshop
    workshop.hours_per_day = Decimal("7.5")
    workshop.hours_per_week = 36
    with pytest.raises(ValidationError) as error:
        workshop.full_clean()
    assert error.value.message_dict["hours_per_day"][0].startswith("WTZ-06")
    assert error.value.message_dict["hours_per_week"][0].startswith("WTZ-06")


@pytest.mark.rule("WTZ-06")
def test_fewer_weekly_hours_reduce_funding_and_are_flagged(world):
    workshop = world.workshop
    workshop.hours_per_week = 28
    workshop.full_clean()
    workshop.save()
    assert funding_share(workshop, datetime.date(2025, 1, 1)) == Decimal("0.8")
    with translation.override("en"):
        found = todo.items_for(world.staff, datetime.date(2025, 1, 1))
    assert [item.rule for item in found] == ["WTZ-06"]
    assert "80%" in found[0].text


@pytest.mark.rule("WTZ-06")
def test_the_admin_refuses_too_many_hours_with_the_rule_named(world, client_for):
    url = f"/admin/wtz/workshop/{world.workshop.pk}/change/"
    response = client_for(world.staff).post(
        url,
        {
            "name": world.workshop.name,
            "address": "",
            "hours_per_day": "8",
            "hours_per_week": "35",
            **{
                f"{prefix}-TOTAL_FORMS": "0"
                for prefix in ("contracted_places", "rooms", "staff_assignments")
            },
            **{
                f"{prefix}-INITIAL_FORMS": "0"
                for prefix in ("contracted_places", "rooms", "staff_assignments")
            },
        },
    )
    assert response.status_code == 200
    assert "WTZ-06" in str(response.context["adminform"].form.errors)
    world.workshop.refresh_from_db()
    assert world.workshop.hours_per_day == 7
