"""Unpaid vocational practice: on the IPR, within the hours and months (WTZ-13), and never more
than half of a workshop's participants on practice on any day (WTZ-14)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from employment import services, todo
from employment.models import Placement
from tests.employment.conftest import D, attending, practice


def refusal(placement) -> list[str]:
    with pytest.raises(ValidationError) as error:
        services.placement_record(placement)
    return error.value.messages


@pytest.fixture
def host(world):
    return world.cooperative.organisation


@pytest.mark.rule("WTZ-13")
def test_a_practice_within_the_law_is_recorded(world, host):
    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    placement = services.placement_record(practice(enrolment, version, host), by=world.staff)
    assert placement.pk
    assert placement.recorded_by == world.staff


@pytest.mark.rule("WTZ-13")
def test_a_practice_needs_the_approved_programme(world, host):
    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    version.approved_on = None
    version.save()
    assert refusal(practice(enrolment, version, host))[0].startswith("WTZ-13")
    assert refusal(practice(enrolment, None, host))[0].startswith("WTZ-13")


@pytest.mark.rule("WTZ-13")
def test_hours_and_months_are_capped_with_one_extension(world, host):
    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    assert "15" in refusal(practice(enrolment, version, host, weekly_hours=16))[0]
    too_long = practice(enrolment, version, host, ends_on=D(2024, 6, 1))  # 3 months from 1 March
    assert refusal(too_long)[0].startswith("WTZ-13")
    extended = practice(enrolment, version, host, extended_until=D(2024, 8, 31))
    services.placement_record(extended)
    extended.extended_until = D(2024, 9, 1)  # six months end on 31 August
    assert refusal(extended)[0].startswith("WTZ-13")


@pytest.mark.rule("WTZ-13")
def test_a_practice_stays_within_the_participation(world, host):
    enrolment, version = attending(world.workshop, exited_on=D(2024, 4, 30))
    attending(world.workshop)
    assert refusal(practice(enrolment, version, host))[0].startswith("WTZ-13")


@pytest.mark.rule("WTZ-14")
def test_the_share_is_checked_on_every_day_of_the_new_practice(world, host):
    """Four participants. A is on practice from 1 March, C from 1 April. B's practice from
    1 February is fine at its start (1 of 4) and on 1 March (2 of 4), but on 1 April three of
    four would be on practice: refused, naming that day."""
    people = [attending(world.workshop) for _ in range(4)]
    (a, a_programme), (b, b_programme), (c, c_programme), _d = people
    services.placement_record(practice(a, a_programme, host, starts_on=D(2024, 3, 1)))
    services.placement_record(
        practice(c, c_programme, host, starts_on=D(2024, 4, 1), ends_on=D(2024, 6, 30))
    )
    new = practice(b, b_programme, host, starts_on=D(2024, 2, 1), ends_on=D(2024, 4, 30))

    with translation.override("en"):
        (message,) = refusal(new)
    assert message.startswith("WTZ-14")
    assert "2024-04-01" in message or "April 1, 2024" in message
    new.ends_on = D(2024, 3, 31)
    services.placement_record(new)


@pytest.mark.rule("WTZ-14")
def test_an_exit_inside_the_interval_counts(world, host):
    """Four participants, one of whom leaves on 15 March: from 16 March two practices are two of
    three participants."""
    (a, a_programme), (b, b_programme), _c = [attending(world.workshop) for _ in range(3)]
    attending(world.workshop, exited_on=D(2024, 3, 15))
    services.placement_record(practice(a, a_programme, host, starts_on=D(2024, 3, 1)))
    with translation.override("en"):
        (message,) = refusal(practice(b, b_programme, host, starts_on=D(2024, 3, 4)))
    assert message.startswith("WTZ-14")
    assert "2024-03-16" in message or "March 16, 2024" in message


@pytest.mark.rule("WTZ-14")
def test_exits_after_the_practice_was_agreed_are_warned(world, host):
    (a, a_programme), (b, b_programme), _c, (d, _d_programme) = [
        attending(world.workshop) for _ in range(4)
    ]
    today = datetime.date(2024, 3, 20)
    services.placement_record(practice(a, a_programme, host))
    services.placement_record(practice(b, b_programme, host))
    with translation.override("en"):
        assert not [i for i in todo.staff_items(world.staff, today) if i.rule == "WTZ-14"]
        d.exited_on, d.exit_reason = D(2024, 3, 19), "moved"
        d.save()
        (warning,) = [i for i in todo.staff_items(world.staff, today) if i.rule == "WTZ-14"]
    assert warning.severity == "warn"
    assert "2 of 3" in warning.text


def test_a_training_is_organised_by_a_cooperative(world, people):
    training = Placement(
        kind=Placement.Kind.TRAINING,
        person=people.participant,
        referral=people.referral,
        host=world.cooperative.organisation,
        supervisor="Kierowniczka zmiany",
        weekly_hours=20,
        starts_on=D(2024, 3, 1),
        ends_on=D(2024, 5, 31),
    )
    with pytest.raises(ValidationError) as error:
        training.full_clean()
    assert "cooperative" in error.value.message_dict
    training.cooperative = world.cooperative
    services.placement_record(training, by=world.manager)


def test_missing_dates_are_reported_by_their_fields(world, host):
    enrolment, version = attending(world.workshop)
    placement = practice(enrolment, version, host, starts_on=None, ends_on=None)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert {"starts_on", "ends_on"} <= set(error.value.message_dict)


@pytest.mark.rule("WTZ-13")
@pytest.mark.parametrize(
    ("second_from", "second_until", "at_same_host", "warned"),
    [
        (D(2024, 6, 1), D(2024, 8, 31), True, False),  # 1 March to 31 August: six months
        (D(2024, 6, 2), D(2024, 9, 1), True, True),  # one day past the six months
        (D(2024, 6, 30), D(2024, 9, 29), True, True),  # 29 days' break is no break
        (D(2024, 7, 1), D(2024, 9, 30), True, False),  # all of June apart: a new practice
        (D(2024, 6, 2), D(2024, 9, 1), False, False),  # another host
    ],
)
def test_practices_chained_at_one_host_are_warned_beyond_the_cap(
    world, host, second_from, second_until, at_same_host, warned
):
    from tests.factories.coop import OrganisationFactory

    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    services.placement_record(practice(enrolment, version, host))  # 1 March - 31 May
    second = services.placement_record(
        practice(
            enrolment,
            version,
            host if at_same_host else OrganisationFactory(kind="business"),
            starts_on=second_from,
            ends_on=second_until,
        )
    )
    with translation.override("en"):
        warnings = second.warnings()
    assert bool(warnings) is warned
    if warned:
        assert warnings[0].startswith("WTZ-13")
        assert "6 months" in warnings[0]


def test_a_practice_ending_without_an_outcome_is_the_staffs_task(world, host):
    enrolment, version = attending(world.workshop)
    attending(world.workshop)
    placement = services.placement_record(practice(enrolment, version, host), by=world.staff)

    def ending(on):
        with translation.override("en"):
            return [i for i in todo.staff_items(world.staff, on) if "practice at" in i.text]

    assert ending(D(2024, 5, 16)) == []  # ends on 31 May: more than two weeks ahead
    (soon,) = ending(D(2024, 5, 17))
    assert soon.due_on == D(2024, 5, 31)
    assert soon.people == (enrolment.person_id,)
    (overdue,) = ending(D(2024, 6, 3))  # ended, still nothing recorded
    assert overdue.due_on < D(2024, 6, 3)
    placement.outcome = Placement.Outcome.COMPLETED
    placement.save()
    assert ending(D(2024, 6, 3)) == []
