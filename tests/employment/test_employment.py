"""Employment within the legal limits for disabled workers (EMP-01..10), its follow-ups, and the
hand-over to the workshop (WTZ-16, WTZ-02) that changes no record of the workshop."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from employment import rules, services, todo
from employment.models import DisabilityFacts, Employment, FollowUp, HoursWaiver
from participants.models import Enrolment, WaitingListEntry
from tests.employment.conftest import D, doctor_waiver, facts, job
from tests.factories.participants import EnrolmentFactory, PersonFactory


def messages_of(call) -> list[str]:
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.messages


@pytest.fixture
def person(world):
    return PersonFactory(residence=world.gmina)


@pytest.mark.rule("EMP-01")
def test_a_mild_degree_works_at_most_eight_hours_a_day_and_forty_a_week(world, person, hire):
    refused = messages_of(lambda: hire(person, degree="mild", daily_hours=9, weekly_hours=40))
    assert refused[0].startswith("EMP-01")
    assert not Employment.objects.exists()
    employment, _warnings = hire(person, degree="mild", daily_hours=8, weekly_hours=40)
    assert employment.pk


@pytest.mark.rule("EMP-02")
def test_a_moderate_degree_works_at_most_seven_and_thirty_five(world, person, hire):
    refused = messages_of(lambda: hire(person, daily_hours=8, weekly_hours=40))
    assert refused[0].startswith("EMP-02")
    assert not DisabilityFacts.objects.exists()
    hire(person, daily_hours=7, weekly_hours=35)


@pytest.mark.rule("EMP-04")
@pytest.mark.rule("EMP-02")
def test_over_the_limit_only_with_a_recorded_waiver(world, person, hire):
    employment, _warnings = hire(person, daily_hours=8, weekly_hours=40, waiver=doctor_waiver())
    waiver = employment.waivers.get()
    assert waiver.document.name.startswith("waivers/")
    assert waiver.issued_on == D(2025, 1, 28)


@pytest.mark.rule("EMP-04")
def test_a_doctors_consent_is_kept_as_a_document(world, person, hire):
    without_document = HoursWaiver(ground=HoursWaiver.Ground.DOCTOR, issued_on=D(2025, 1, 28))
    refused = messages_of(
        lambda: hire(person, daily_hours=8, weekly_hours=40, waiver=without_document)
    )
    assert any(message.startswith("EMP-04") for message in refused)
    guarding = HoursWaiver(ground=HoursWaiver.Ground.GUARDING, issued_on=D(2025, 1, 28))
    hire(person, daily_hours=8, weekly_hours=40, night_work=True, waiver=guarding)


@pytest.mark.rule("EMP-03")
def test_no_night_work_or_overtime_without_a_waiver(world, person, hire):
    assert messages_of(lambda: hire(person, night_work=True))[0].startswith("EMP-03")
    assert messages_of(lambda: hire(person, overtime=True))[0].startswith("EMP-03")


@pytest.mark.rule("EMP-02")
def test_new_facts_during_the_job_recheck_the_hours_from_their_date(world, person, hire):
    employment, _warnings = hire(person, degree="mild", daily_hours=8, weekly_hours=40)
    worse = facts("significant", applies_from=D(2025, 9, 1), evidence_shown_on=D(2025, 8, 25))
    worse.employment = employment
    with translation.override("en"):
        refused = messages_of(lambda: services.facts_record(worse))
    assert refused[0].startswith("EMP-02")
    assert "2025-09-01" in refused[0] or "Sept. 1, 2025" in refused[0]
    employment.daily_hours, employment.weekly_hours = Decimal(7), Decimal(35)
    employment.full_clean()
    employment.save()
    services.facts_record(worse)


def test_an_outside_job_recorded_by_the_workshop_warns_instead(world, person, business):
    employment, warnings = services.employment_hire(
        job(
            person,
            employer=business,
            employer_kind=Employment.EmployerKind.OPEN_MARKET,
            recorded_by_workshop=world.workshop,
            daily_hours=8,
            weekly_hours=40,
        ),
        facts=facts("moderate"),
        by=world.staff,
    )
    assert employment.pk
    assert any(warning.startswith("EMP-02") for warning in warnings)


@pytest.mark.rule("EMP-05")
def test_a_schedule_without_the_extra_break_is_flagged(world, person, hire):
    _employment, warnings = hire(person, extra_break=False)
    assert any(warning.startswith("EMP-05") for warning in warnings)


@pytest.mark.rule("EMP-07")
def test_the_shortened_norm_must_not_lower_the_pay(world, person, hire):
    _employment, warnings = hire(person, monthly_wage=4000, full_norm_wage=4806)
    assert any(warning.startswith("EMP-07") for warning in warnings)
    _employment, warnings = hire(PersonFactory(), monthly_wage=4806, full_norm_wage=4806)
    assert not any(warning.startswith("EMP-07") for warning in warnings)


@pytest.mark.rule("EMP-06")
def test_extra_leave_after_a_year_from_the_assessment(world, person):
    employment = job(person, world.cooperative)
    moderate = [facts("moderate", assessed_since=D(2024, 10, 1))]
    assert rules.extra_leave_days(employment, moderate, D(2025, 9, 30)) == 0
    assert rules.extra_leave_days(employment, moderate, D(2025, 10, 1)) == 10
    assert rules.extra_leave_days(employment, [facts("mild")], D(2026, 1, 1)) == 0
    employment.ordinary_leave_days = 27  # more than 26 days of ordinary leave
    assert rules.extra_leave_days(employment, moderate, D(2026, 1, 1)) == 0
    employment.ordinary_leave_days, employment.other_extra_leave = 26, True
    assert rules.extra_leave_days(employment, moderate, D(2026, 1, 1)) == 0


@pytest.mark.rule("EMP-08")
@pytest.mark.parametrize(
    ("degree", "special", "fte", "month", "expected"),
    [
        # The table of DOMAIN.md 5.3, new amounts from July 2024, old ones before.
        ("significant", False, "1.00", D(2025, 1, 1), "2760.00"),
        ("significant", True, "1.00", D(2025, 1, 1), "4140.00"),
        ("moderate", True, "0.50", D(2025, 1, 1), "1292.50"),  # (1550 + 1035) × 0.5
        ("mild", True, "0.75", D(2025, 1, 1), "948.75"),  # (575 + 690) × 0.75
        ("moderate", True, "0.50", D(2024, 6, 1), "1125.00"),  # (1350 + 900) × 0.5
        ("mild", False, "1.00", D(2024, 6, 1), "500.00"),
    ],
)
def test_the_subsidy_follows_the_dated_table(world, person, degree, special, fte, month, expected):
    employment = job(person, world.cooperative, fte=Decimal(fte), starts_on=D(2024, 1, 2))
    known = [facts(degree, special_conditions=special, applies_from=D(2024, 1, 2))]
    assert rules.expected_subsidy(employment, month, known) == Decimal(expected)


@pytest.mark.rule("EMP-08")
def test_no_subsidy_for_a_civil_law_contract_or_without_facts(world, person):
    known = [facts("significant", applies_from=D(2024, 1, 2))]
    civil = job(person, world.cooperative, contract_type="civil", starts_on=D(2024, 1, 2))
    assert rules.expected_subsidy(civil, D(2025, 1, 1), known) is None
    cooperative = job(
        person, world.cooperative, contract_type="coop_employment", starts_on=D(2024, 1, 2)
    )
    assert rules.expected_subsidy(cooperative, D(2025, 1, 1), known) == Decimal("2760.00")
    assert rules.expected_subsidy(cooperative, D(2025, 1, 1), []) is None
    assert rules.expected_subsidy(cooperative, D(2023, 12, 1), known) is None  # not yet employed


@pytest.mark.rule("EMP-09")
def test_a_large_employer_without_the_disabled_share_is_warned(world):
    on = D(2025, 3, 3)
    people = [job(PersonFactory(), world.cooperative, pk=n) for n in range(1, 27)]
    assert rules.share_warning(*rules.employer_share(people, on, facts_by_employment={}), on)
    facts_by_employment = {1: [facts("mild")], 2: [facts("moderate")]}  # 2 of 26 FTE: 7.7 %
    total, disabled = rules.employer_share(people, on, facts_by_employment=facts_by_employment)
    assert (total, disabled) == (Decimal(26), Decimal(2))
    assert rules.share_warning(total, disabled, on) is None
    small = people[:24]
    assert rules.share_warning(*rules.employer_share(small, on, facts_by_employment={}), on) is None


@pytest.mark.rule("EMP-10")
def test_the_monthly_subsidy_filing_is_the_managers_task(world, person, hire):
    hire(person, starts_on=D(2025, 2, 3))
    with translation.override("en"):
        (task,) = [
            i for i in todo.manager_items(world.manager, D(2025, 3, 3)) if i.rule == "EMP-10"
        ]
    assert task.due_on == D(2025, 3, 25)
    assert "1,550.00 zł" in task.text  # moderate, no special conditions, 1.0 FTE
    later = todo.manager_items(world.manager, D(2025, 3, 26))
    assert not [i for i in later if i.rule == "EMP-10" and i.due_on == D(2025, 3, 25)]


def test_pay_above_a_benefits_threshold_names_the_benefit_and_the_threshold(world, person, hire):
    """The social pension is suspended above 5 934,10 zł from 1 March to 31 May 2025 (70 % of
    8 477,21 zł); the permanent allowance's criterion for a person living alone is 1 010 zł."""

    def about(warnings, benefit):
        return [warning for warning in warnings if benefit in warning]

    with translation.override("en"):
        _job, at_limit = hire(person, monthly_wage=Decimal("5934.10"), starts_on=D(2025, 5, 31))
        _job, above = hire(
            PersonFactory(), monthly_wage=Decimal("5934.11"), starts_on=D(2025, 3, 1)
        )
        _job, next_quarter = hire(PersonFactory(), monthly_wage=4806, starts_on=D(2025, 6, 2))
    assert about(at_limit, "social pension") == []
    (pension,) = about(above, "social pension")
    assert "5,934.11 zł a month is above 5,934.10 zł" in pension
    assert "renta socjalna" in pension
    assert "art. 10" in pension
    (allowance,) = about(above, "permanent allowance")
    assert "above 1,010.00 zł" in allowance
    # The next quarter's limit is not recorded: said, not skipped.
    (unknown,) = about(next_quarter, "social pension")
    assert "not recorded" in unknown
    with translation.override("pl"):
        _job, polish = hire(PersonFactory(), monthly_wage=Decimal("6000"), starts_on=D(2025, 4, 1))
    assert any("6\xa0000,00 zł" in warning and "5\xa0934,10 zł" in warning for warning in polish)


def test_follow_ups_are_scheduled_at_30_90_180_and_365_days(world, person, hire):
    employment, _warnings = hire(person, starts_on=D(2025, 2, 3))
    assert list(employment.follow_ups.values_list("days_after_start", "due_on")) == [
        (30, D(2025, 3, 5)),
        (90, D(2025, 5, 4)),
        (180, D(2025, 8, 2)),
        (365, D(2026, 2, 3)),
    ]


def test_a_follow_up_records_its_outcome(world, person, hire):
    employment, _warnings = hire(person)
    first = employment.follow_ups.first()
    with pytest.raises(ValidationError):
        services.follow_up_record(first, outcome="left", by=world.manager)  # says why
    services.follow_up_record(
        first, outcome="left", left_reason="Przeprowadzka", held_on=D(2025, 3, 5), by=world.manager
    )
    employment.refresh_from_db()
    assert employment.ends_on == D(2025, 3, 5)


@pytest.mark.rule("WTZ-16")
def test_hiring_a_participant_is_a_task_for_the_workshop_and_changes_nothing_there(world, hire):
    enrolment = EnrolmentFactory(workshop=world.workshop, admitted_on=D(2023, 1, 2))
    before = Enrolment.objects.values().get(pk=enrolment.pk)
    entries = WaitingListEntry.objects.count()

    hire(enrolment.person, starts_on=D(2025, 2, 3))

    assert Enrolment.objects.values().get(pk=enrolment.pk) == before
    assert WaitingListEntry.objects.count() == entries
    with translation.override("en"):
        (task,) = [i for i in todo.staff_items(world.staff, D(2025, 1, 31)) if i.rule == "WTZ-16"]
    assert task.severity == "task"
    assert task.due_on == D(2025, 2, 2)  # the last day in the workshop
    assert "exited_on=2025-02-02" in task.url
    assert "reason=work_sc" in task.url
    assert f"employer={world.cooperative.organisation_id}" in task.url
    assert [i.rule for i in todo.staff_items(world.instructor, D(2025, 1, 31))] == ["WTZ-16"]
    assert todo.staff_items(world.outsider, D(2025, 1, 31)) == []
    services_exit(enrolment, world.cooperative)
    assert not [i for i in todo.staff_items(world.staff, D(2025, 2, 5)) if i.rule == "WTZ-16"]


def services_exit(enrolment, cooperative):
    from participants import services as participants_services

    participants_services.enrolment_exit(
        enrolment=enrolment,
        exited_on=D(2025, 2, 2),
        reason="work_sc",
        employer=cooperative.organisation,
        contract_type="employment",
    )


@pytest.mark.rule("WTZ-16")
def test_a_return_to_the_workshop_is_a_reserve_list_task_with_both_dates(world, hire):
    enrolment = EnrolmentFactory(
        workshop=world.workshop,
        admitted_on=D(2022, 1, 3),
        exited_on=D(2025, 2, 2),
        exit_reason="work_sc",
        exit_employer=world.cooperative.organisation,
        exit_contract_type="employment",
    )
    employment, _warnings = hire(enrolment.person, starts_on=D(2025, 2, 3))
    entries = WaitingListEntry.objects.count()
    follow_up = employment.follow_ups.get(days_after_start=90)
    services.follow_up_record(
        follow_up,
        outcome=FollowUp.Outcome.RETURNED_TO_WTZ,
        left_reason="Za duże obciążenie",
        held_on=D(2025, 5, 4),
        by=world.manager,
    )

    assert WaitingListEntry.objects.count() == entries
    with translation.override("en"):
        (task,) = [i for i in todo.staff_items(world.staff, D(2025, 5, 5)) if i.rule == "WTZ-02"]
    assert "left_workshop_for_work_on=2025-02-02" in task.url
    assert "job_lost_on=2025-05-04" in task.url
    assert task.people == (enrolment.person_id,)
    WaitingListEntry.objects.create(
        person=enrolment.person,
        organiser=world.workshop.organiser,
        applied_on=D(2025, 5, 6),
        left_workshop_for_work_on=D(2025, 2, 2),
        job_lost_on=D(2025, 5, 4),
    )
    assert not [i for i in todo.staff_items(world.staff, D(2025, 5, 7)) if i.rule == "WTZ-02"]


def test_follow_ups_of_an_outside_job_are_the_workshops_tasks(world, person, business):
    services.employment_hire(
        job(
            person,
            employer=business,
            employer_kind=Employment.EmployerKind.OPEN_MARKET,
            recorded_by_workshop=world.workshop,
        ),
        by=world.staff,
    )
    with translation.override("en"):
        due = [i for i in todo.staff_items(world.staff, D(2025, 3, 6)) if not i.rule]
    assert [i.text.split(" of ")[0] for i in due] == ["30-day follow-up"]
    assert not [i for i in todo.manager_items(world.manager, D(2025, 3, 6)) if not i.rule]


def test_follow_ups_due_are_the_managers_tasks(world, person, hire):
    hire(person, starts_on=D(2025, 2, 3))
    with translation.override("en"):
        before = todo.manager_items(world.manager, D(2025, 3, 4))
        (due,) = [i for i in todo.manager_items(world.manager, D(2025, 3, 6)) if not i.rule]
    assert [i.rule for i in before if i.rule in ("", "EMP-10")] == ["EMP-10"]
    assert due.text.startswith("30-day follow-up")
    assert (due.due_on, due.severity) == (D(2025, 3, 5), "task")
    assert todo.manager_items(world.staff, D(2025, 3, 6)) == []


@pytest.mark.rule("EMP-04")
def test_shortening_a_waiver_rechecks_the_hours(world, person, hire):
    employment, _warnings = hire(person, daily_hours=8, weekly_hours=40, waiver=doctor_waiver())
    waiver = employment.waivers.get()
    waiver.valid_until = D(2025, 6, 30)
    with pytest.raises(ValidationError) as error:
        waiver.full_clean()
    assert error.value.messages[0].startswith("EMP-02")


def test_a_follow_up_cannot_precede_the_job(world, person, hire):
    employment, _warnings = hire(person)
    with pytest.raises(ValidationError):
        services.follow_up_record(
            employment.follow_ups.first(),
            outcome="left",
            left_reason="—",
            held_on=D(2025, 1, 2),
            by=world.manager,
        )
    employment.refresh_from_db()
    assert employment.ends_on is None


@pytest.mark.rule("DIS-05")
def test_employer_facts_replaced_by_newer_ones_do_not_come_back_when_those_run_out(world):
    from employment.rules import expected_subsidy, working_time_limits

    moderate = facts("moderate", applies_from=D(2024, 1, 2), valid_until=None)
    mild = facts("mild", applies_from=D(2025, 3, 1), valid_until=D(2026, 2, 28))
    records = [moderate, mild]
    assert working_time_limits(D(2025, 2, 28), records, [])[1] == 7  # moderate: 7 hours a day
    assert working_time_limits(D(2026, 2, 28), records, [])[1] == 8  # mild: the general limit
    # The day after the mild degree runs out: no valid evidence, so no limits of a disabled
    # employee and no subsidy — not the moderate degree it replaced.
    assert working_time_limits(D(2026, 3, 1), records, []) is None
    employment = job(PersonFactory(), world.cooperative, starts_on=D(2024, 1, 2))
    assert expected_subsidy(employment, D(2026, 2, 1), records) is not None
    assert expected_subsidy(employment, D(2026, 3, 1), records) is None


@pytest.mark.rule("EMP-02")
def test_the_hours_are_checked_on_the_day_after_the_facts_run_out(world):
    from employment.rules import working_time_problems

    employment = job(
        PersonFactory(), world.cooperative, starts_on=D(2025, 1, 2), daily_hours=Decimal(8)
    )
    employment.weekly_hours = Decimal(40)
    mild = facts("mild", applies_from=D(2025, 1, 2), valid_until=D(2025, 6, 30))
    moderate_again = facts("moderate", applies_from=D(2025, 7, 15), valid_until=None)
    problems = working_time_problems(employment, [mild, moderate_again], [], others=[])
    assert [p.code for p in problems] == ["EMP-02"]  # from 15 July, not on 1 July
    assert "2025" in problems[0].messages[0]


@pytest.mark.rule("EMP-08")
def test_the_subsidy_for_a_third_of_a_full_time_is_a_third_to_the_grosz(world):
    from common.models import as_fraction, times_share
    from employment.rules import expected_subsidy

    third = job(PersonFactory(), world.cooperative, fte=Decimal("0.333333"))
    moderate = facts("moderate", applies_from=D(2025, 2, 3), valid_until=None)
    full = expected_subsidy(job(PersonFactory(), world.cooperative), D(2025, 3, 1), [moderate])
    assert as_fraction(third.fte) == Fraction(1, 3)
    assert expected_subsidy(third, D(2025, 3, 1), [moderate]) == times_share(full, Fraction(1, 3))
    assert times_share(Decimal("1800.00"), Decimal("0.333333")) == Decimal("600.00")
    assert times_share(Decimal("1800.00"), Decimal("0.875000")) == Decimal("1575.00")


def test_a_company_is_never_recorded_as_a_social_cooperative(world, person):
    from tests.factories.coop import OrganisationFactory

    bakery = OrganisationFactory(kind="company", name="Piekarnia Kłos sp. z o.o.")
    outside = job(person, employer=bakery, employer_kind="cooperative",
                  recorded_by_workshop=world.workshop)  # fmt: skip
    with pytest.raises(ValidationError) as error, translation.override("en"):
        outside.full_clean()
    assert "Piekarnia Kłos" in error.value.message_dict["employer_kind"][0]
    outside.employer_kind = "open"
    outside.full_clean(exclude=["person"])
