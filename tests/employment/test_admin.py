"""The manager's pages: hire from a candidate with the employer's facts in one page, and record a
follow-up."""

import datetime

import pytest
import time_machine

from employment.models import Employment, FollowUp


def hire_form(world, people, **changes):
    data = {
        "person": people.participant.pk,
        "cooperative": world.cooperative.pk,
        "referral": people.referral.pk,
        "position": "Pomoc kuchenna",
        "contract_type": "employment",
        "fte": "1.00",
        "daily_hours": "7",
        "weekly_hours": "35",
        "extra_break": "on",
        "monthly_wage": "4806.00",
        "ordinary_leave_days": "20",
        "starts_on": "2025-02-03",
        "degree": "moderate",
        "evidence_shown_on": "2025-01-20",
    }
    data.update(changes)
    return data


@pytest.mark.rule("EMP-02")
def test_the_manager_hires_in_one_page_within_the_limits(world, people, client_for):
    client = client_for(world.manager)
    url = "/admin/employment/employment/add/"
    prefilled = client.get(f"{url}?person={people.participant.pk}&referral={people.referral.pk}")
    assert prefilled.context["adminform"].form.initial["person"] == str(people.participant.pk)

    refused = client.post(url, hire_form(world, people, daily_hours="8", weekly_hours="40"))
    assert refused.status_code == 200
    assert "EMP-02" in refused.content.decode()
    assert not Employment.objects.exists()

    saved = client.post(url, hire_form(world, people))
    assert saved.status_code == 302
    employment = Employment.objects.get()
    assert employment.employer == world.cooperative.organisation
    assert employment.disability_facts.get().degree == "moderate"
    assert employment.follow_ups.count() == 4
    assert employment.recorded_by == world.manager


def test_the_manager_records_a_follow_up(world, people, client_for):
    client = client_for(world.manager)
    client.post("/admin/employment/employment/add/", hire_form(world, people))
    follow_up = FollowUp.objects.get(days_after_start=30)
    response = client.post(
        f"/admin/employment/followup/{follow_up.pk}/change/",
        {"held_on": "2025-03-05", "outcome": "employed", "left_reason": "", "notes": "Dobrze."},
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.outcome, follow_up.recorded_by) == ("employed", world.manager)


def test_several_follow_ups_held_in_a_batch_are_recorded_at_once(world, people, client_for):
    client = client_for(world.manager)
    client.post("/admin/employment/employment/add/", hire_form(world, people))
    first, second, third, last = FollowUp.objects.order_by("days_after_start")
    second.held_on, second.outcome = datetime.date(2025, 5, 2), "hours_changed"
    second.save()
    with time_machine.travel(datetime.date(2025, 5, 5), tick=False):
        response = client.post(
            "/admin/employment/followup/",
            {
                "action": "held_today_still_employed",
                "_selected_action": [first.pk, second.pk, last.pk],
            },
        )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.held_on, first.outcome) == (datetime.date(2025, 5, 5), "employed")
    assert (second.held_on, second.outcome) == (datetime.date(2025, 5, 2), "hours_changed")
    last.refresh_from_db()
    assert last.held_on is None  # the 365-day follow-up is not due yet: not held by a batch
    # WTZ staff read the cooperative's follow-ups but record none of them.
    with time_machine.travel(datetime.date(2025, 9, 1), tick=False):  # the third is due now
        client_for(world.staff).post(
            "/admin/employment/followup/",
            {"action": "held_today_still_employed", "_selected_action": [third.pk]},
        )
    third.refresh_from_db()
    assert third.held_on is None


def test_a_doctors_waiver_without_its_document_is_a_form_error(world, people, client_for):
    response = client_for(world.manager).post(
        "/admin/employment/employment/add/",
        hire_form(
            world,
            people,
            daily_hours="8",
            weekly_hours="40",
            waiver_ground="doctor",
            waiver_issued_on="2025-01-28",
        ),
    )
    assert response.status_code == 200
    assert "EMP-04" in response.content.decode()
    assert not Employment.objects.exists()


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("7/8", "0.875000", "7/8"),
        ("1/3", "0.333333", "1/3"),
        ("0,5", "0.500000", "1/2"),
        ("1", "1.000000", "1"),
    ],
)
def test_the_fte_is_typed_as_the_contract_writes_it(
    world, people, client_for, typed, stored, shown
):
    from decimal import Decimal

    client = client_for(world.manager)
    url = "/admin/employment/employment/add/"
    hours = (
        {"daily_hours": "7", "weekly_hours": "35"}
        if typed == "1"
        else {"daily_hours": "4", "weekly_hours": "20"}
    )
    saved = client.post(url, hire_form(world, people, fte=typed, **hours))
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    employment = Employment.objects.get()
    assert employment.fte == Decimal(stored)
    page = client.get(f"/admin/employment/employment/{employment.pk}/change/")
    assert f'value="{shown}"' in page.content.decode()


def test_an_fte_that_is_no_share_is_refused_with_words(world, people, client_for):
    client = client_for(world.manager)
    for typed in ("7/0", "pół", "9/8"):
        refused = client.post(
            "/admin/employment/employment/add/", hire_form(world, people, fte=typed)
        )
        assert refused.status_code == 200, typed
        assert refused.context["adminform"].form.errors["fte"], typed
    assert not Employment.objects.exists()


def test_the_follow_up_list_shows_the_open_ones_latest_due_first(world, people, client_for):
    client = client_for(world.manager)
    client.post("/admin/employment/employment/add/", hire_form(world, people))
    employment = Employment.objects.get(person=people.participant)
    first = employment.follow_ups.order_by("due_on").first()
    first.held_on, first.outcome = first.due_on, FollowUp.Outcome.STILL_EMPLOYED
    first.save()
    page = client.get("/admin/employment/followup/", {"held": "no"})
    shown = list(page.context["cl"].result_list)
    assert first not in shown
    assert [f.due_on for f in shown] == sorted((f.due_on for f in shown), reverse=True)
    assert len(shown) == employment.follow_ups.count() - 1
