"""Evaluations: the outcome of a comprehensive evaluation, and when each kind is due."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from participants import rules, todo
from participants.models import Evaluation
from tests.factories.participants import EnrolmentFactory

D = datetime.date


def evaluation(enrolment, **fields):
    return Evaluation(enrolment=enrolment, held_on=D(2024, 6, 1), **fields)


@pytest.mark.rule("WTZ-10")
def test_a_comprehensive_evaluation_needs_exactly_one_outcome(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    without = evaluation(enrolment, kind="comprehensive")
    with pytest.raises(ValidationError) as error:
        without.full_clean()
    assert error.value.message_dict["outcome"][0].startswith("WTZ-10")
    evaluation(enrolment, kind="comprehensive", outcome="employment").full_clean()


@pytest.mark.rule("WTZ-10")
def test_an_extension_names_its_reason_and_only_an_extension_has_one(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError) as error:
        evaluation(enrolment, kind="comprehensive", outcome="extension").full_clean()
    assert "extension_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        evaluation(
            enrolment, kind="comprehensive", outcome="employment", extension_reason="no_job"
        ).full_clean()
    evaluation(
        enrolment, kind="comprehensive", outcome="extension", extension_reason="prognosis"
    ).full_clean()


@pytest.mark.rule("WTZ-10")
def test_a_periodic_evaluation_records_no_outcome(world):
    enrolment = EnrolmentFactory(workshop=world.workshop)
    with pytest.raises(ValidationError):
        evaluation(enrolment, kind="periodic", outcome="employment").full_clean()


@pytest.mark.rule("WTZ-10")
def test_the_admin_refuses_a_comprehensive_evaluation_without_an_outcome(world, people, client_for):
    response = client_for(world.staff).post(
        "/admin/participants/evaluation/add/",
        {
            "enrolment": people.enrolment.pk,
            "kind": "comprehensive",
            "held_on": "2024-06-01",
            "participant_present": "on",
        },
    )
    assert response.status_code == 200
    assert "WTZ-10" in str(response.context["adminform"].form.errors)
    assert people.enrolment.evaluations.count() == 1


def due(enrolment, on):
    held = list(enrolment.evaluations.all())
    return {rule.id: day for rule, _label, day in rules.evaluations_due(enrolment, held, on)}


@pytest.mark.rule("WTZ-08")
def test_a_periodic_evaluation_is_due_six_months_after_the_last_with_the_participant(world):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 15))
    assert due(enrolment, D(2024, 3, 1))["WTZ-08"] == D(2024, 7, 15)
    Evaluation.objects.create(enrolment=enrolment, kind="periodic", held_on=D(2024, 7, 1))
    Evaluation.objects.create(
        enrolment=enrolment, kind="annual", held_on=D(2024, 9, 1), participant_present=False
    )
    assert due(enrolment, D(2024, 9, 2))["WTZ-08"] == D(2025, 1, 1)


@pytest.mark.rule("WTZ-09")
def test_the_first_comprehensive_evaluation_is_due_within_six_months_then_every_three_years(world):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 31))
    assert due(enrolment, D(2024, 2, 1))["WTZ-09"] == D(2024, 7, 31)
    Evaluation.objects.create(
        enrolment=enrolment,
        kind="first_comprehensive",
        held_on=D(2024, 6, 20),
        outcome="extension",
        extension_reason="prognosis",
    )
    assert due(enrolment, D(2024, 7, 1))["WTZ-09"] == D(2027, 6, 20)


@pytest.mark.rule("WTZ-08")
def test_an_overdue_evaluation_is_on_the_to_do_list(world):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 15))
    with translation.override("en"):
        found = [i for i in todo.items_for(world.staff, D(2024, 8, 1)) if i.rule == "WTZ-08"]
    assert found[0].people == (enrolment.person_id,)
    assert "overdue since July 15, 2024" in found[0].text
    assert found[0].severity == "warn"  # DOMAIN.md: a task while due, a warning once overdue
    assert found[0].url.endswith(f"?enrolment={enrolment.pk}")


@pytest.mark.rule("WTZ-09")
def test_a_coming_comprehensive_evaluation_is_on_the_to_do_list(world):
    EnrolmentFactory(workshop=world.workshop, admitted_on=D(2024, 1, 15))
    with translation.override("en"):
        found = [i for i in todo.items_for(world.staff, D(2024, 6, 20)) if i.rule == "WTZ-09"]
    assert "due by July 15, 2024" in found[0].text
    assert found[0].severity == "task"


@pytest.mark.rule("WTZ-09")
@pytest.mark.parametrize(
    ("admitted_on", "held_on", "warned"),
    [
        # Admitted on 30 November: three months later is the last day of February.
        (D(2023, 11, 30), D(2024, 2, 28), True),
        (D(2023, 11, 30), D(2024, 2, 29), False),  # a leap year's last day of February
        (D(2023, 11, 30), D(2024, 5, 30), False),  # six months: the last day allowed
        (D(2023, 11, 30), D(2024, 5, 31), True),
        (D(2024, 8, 31), D(2024, 11, 29), True),
        (D(2024, 8, 31), D(2024, 11, 30), False),  # 31 August + 3 months: 30 November
        (D(2024, 8, 31), D(2025, 2, 28), False),  # + 6 months: 28 February
        (D(2024, 8, 31), D(2025, 3, 1), True),
    ],
)
def test_the_first_comprehensive_evaluation_is_held_three_to_six_months_after_admission(
    world, admitted_on, held_on, warned
):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=admitted_on)
    first = Evaluation(
        enrolment=enrolment, kind="first_comprehensive", held_on=held_on, outcome="employment"
    )
    first.full_clean()  # a warning, never a refusal: the council may have met off the window
    with translation.override("en"):
        warnings = first.warnings()
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].startswith("WTZ-09")
    periodic = Evaluation(enrolment=enrolment, kind="periodic", held_on=admitted_on)
    assert periodic.warnings() == []
