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
    assert found[0].severity == "warn"  # DOMAIN.md: a warning below 35 h, a refusal above the cap


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


@pytest.mark.rule("WTZ-18")
@pytest.mark.parametrize(
    ("on", "shown"),
    [
        (datetime.date(2025, 1, 31), False),
        (datetime.date(2025, 2, 1), True),
        (datetime.date(2025, 3, 1), True),
        (datetime.date(2025, 3, 2), False),
        # A leap year: February has 29 days, and the task still starts on 1 February.
        (datetime.date(2028, 1, 31), False),
        (datetime.date(2028, 2, 1), True),
        (datetime.date(2028, 2, 29), True),
        (datetime.date(2028, 3, 1), True),
        (datetime.date(2028, 3, 2), False),
    ],
)
def test_the_annual_report_is_a_task_for_the_workshop_manager_in_february(world, on, shown):
    with translation.override("en"):
        items = [i for i in todo.items_for(world.staff, on) if i.rule == "WTZ-18"]
    assert bool(items) is shown
    if shown:
        assert f"annual report for {on.year - 1}" in items[0].text
        assert items[0].due_on == datetime.date(on.year, 3, 1)


@pytest.mark.rule("WTZ-18")
def test_the_annual_report_is_not_an_instructors_task(world):
    items = todo.items_for(world.instructor, datetime.date(2025, 2, 10))
    assert not [i for i in items if i.rule == "WTZ-18"]
