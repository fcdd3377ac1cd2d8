"""Ratings per goal inside an evaluation: offered for the goals of the programme in force,
saved from the admin and the API, never against another participant's goal."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from participants import services
from participants.models import Evaluation, GoalRating, ProgrammeVersion
from tests.factories.participants import EnrolmentFactory


@pytest.fixture
def rated(people):
    """The participant's approved programme with two goals, and an evaluation of it."""
    version = people.programme
    ProgrammeVersion.objects.filter(pk=version.pk).update(approved_on=datetime.date(2023, 3, 15))
    second = version.goals.create(domain="vocational", description="Szlifowanie deski.")
    return people.evaluation, [people.note.goal, second]


def inline_data(goals, ratings, *, initial=0):
    data = {
        "goal_ratings-TOTAL_FORMS": str(len(goals)),
        "goal_ratings-INITIAL_FORMS": str(initial),
        "goal_ratings-MIN_NUM_FORMS": "0",
        "goal_ratings-MAX_NUM_FORMS": "1000",
    }
    for index, (goal, rating) in enumerate(zip(goals, ratings, strict=True)):
        data[f"goal_ratings-{index}-goal"] = str(goal.pk)
        data[f"goal_ratings-{index}-rating"] = str(rating or "")
        data[f"goal_ratings-{index}-comment"] = ""
    return data


def evaluation_form(evaluation):
    return {
        "enrolment": str(evaluation.enrolment_id),
        "kind": evaluation.kind,
        "held_on": evaluation.held_on,
        "participant_present": "on",
        "summary": "",
        "outcome": "",
        "extension_reason": "",
        "council_decision": "",
    }


def test_the_evaluation_page_offers_each_goal_of_the_programme_in_force(world, rated, client_for):
    evaluation, goals = rated
    response = client_for(world.staff).get(
        f"/admin/participants/evaluation/{evaluation.pk}/change/"
    )
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "goal_ratings"
    )
    offered = [form.initial.get("goal") for form in formset.formset.forms]
    assert offered == [goal.pk for goal in goals]


def test_staff_rate_goals_and_a_goal_left_unrated_is_skipped(world, rated, client_for):
    evaluation, goals = rated
    response = client_for(world.staff).post(
        f"/admin/participants/evaluation/{evaluation.pk}/change/",
        {**evaluation_form(evaluation), **inline_data(goals, [4, None])},
    )
    assert response.status_code == 302, response.context["errors"]
    assert list(evaluation.goal_ratings.values_list("goal", "rating")) == [(goals[0].pk, 4)]
    assert GoalRating.history.count() == 1


def test_another_participants_goal_cannot_be_rated(world, rated):
    _evaluation, goals = rated
    other = Evaluation.objects.create(
        enrolment=EnrolmentFactory(workshop=world.workshop), kind="periodic", held_on="2024-01-01"
    )
    with pytest.raises(ValidationError) as error:
        GoalRating(evaluation=other, goal=goals[0], rating=3).full_clean()
    assert "goal" in error.value.message_dict


def test_the_api_saves_and_replaces_the_ratings(world, rated, api_for):
    evaluation, goals = rated
    client = api_for(world.staff)
    url = f"/api/v1/evaluations/{evaluation.pk}/"
    response = client.patch(
        url, {"goal_ratings": [{"goal": goals[0].pk, "rating": 5}]}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["goal_ratings"] == [{"goal": goals[0].pk, "rating": 5, "comment": ""}]
    response = client.patch(
        url, {"goal_ratings": [{"goal": goals[1].pk, "rating": 2}]}, format="json"
    )
    assert list(evaluation.goal_ratings.values_list("goal", "rating")) == [(goals[1].pk, 2)]


def test_the_api_refuses_a_goal_of_another_participant(world, rated, api_for):
    _evaluation, goals = rated
    response = api_for(world.staff).post(
        "/api/v1/evaluations/",
        {
            "enrolment": EnrolmentFactory(workshop=world.workshop).pk,
            "kind": "periodic",
            "held_on": "2024-02-01",
            "goal_ratings": [{"goal": goals[0].pk, "rating": 3}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "goal_ratings" in response.json()
    assert not Evaluation.objects.filter(held_on="2024-02-01").exists()


def test_the_api_cannot_reach_a_goal_outside_the_users_workshops(world, rated, people, api_for):
    evaluation, _goals = rated
    stranger_version = services.programme_start(
        enrolment=people.stranger_enrolment, valid_from="2023-01-01"
    )
    stranger_goal = stranger_version.goals.create(domain="social", description="Obcy cel.")
    response = api_for(world.staff).patch(
        f"/api/v1/evaluations/{evaluation.pk}/",
        {"goal_ratings": [{"goal": stranger_goal.pk, "rating": 3}]},
        format="json",
    )
    assert response.status_code == 400
    assert not GoalRating.objects.exists()
