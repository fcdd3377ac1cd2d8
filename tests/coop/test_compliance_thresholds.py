"""Each compliance rule on both sides of its threshold, at the threshold itself, and on the edge
dates: the lines are counted from hand-built records (no demo fixture), one rule at a time."""

from decimal import Decimal

import pytest
from django.utils import translation

from coop import compliance, rules
from coop.compliance import Records, Thresholds
from coop.models import SocialStatus
from coop.statuses import Status, StatusBook
from organisations.models import PolicyParameter
from tests.employment.conftest import D, job
from tests.factories.coop import CooperativeFactory
from tests.factories.participants import PersonFactory

ON = D(2025, 6, 30)
HIRED = D(2025, 1, 2)
AT_RISK = Status.AT_RISK
DISABLED = Status.DISABLED
CARER = Status.CARER
CIS_GRADUATE = Status.CIS_GRADUATE
NONE = None  # no status


@pytest.fixture
def cooperative(db):
    """Of natural persons, a social enterprise since 2023."""
    return CooperativeFactory(
        founder_kind="natural",
        registered_on=D(2022, 3, 31),
        social_enterprise_since=D(2023, 1, 2),
    )


def staff(cooperative, *groups, fte="1.00", wage="5000.00", starts_on=HIRED):
    """Unsaved jobs, one per status given (NONE: no status), each status held from the hire on
    (``book_of`` reads them)."""
    jobs = []
    for index, group in enumerate(groups):
        employment = job(
            PersonFactory.build(pk=index + 1),
            cooperative,
            fte=Decimal(fte),
            monthly_wage=Decimal(wage),
            starts_on=starts_on,
        )
        employment.held_status = group
        jobs.append(employment)
    return jobs


def book_of(jobs) -> StatusBook:
    return StatusBook(
        SocialStatus(person_id=j.person.pk, kind=j.held_status, starts_on=j.starts_on)
        for j in jobs
        if j.held_status is not NONE
    )


def line(line_of, cooperative, jobs, on=ON, **records):
    values = {
        "cooperative": cooperative,
        "on": on,
        "book": book_of(jobs),
        "jobs": jobs,
        "people": [],
        "organisations": [],
        "plans": set(),
        "grants": [],
        "orders": [],
        "surplus": None,
    }
    values.update(records)
    with translation.override("en"):
        (found,) = line_of(Records(**values), Thresholds(on))
    return found


@pytest.mark.rule("SC-05")
@pytest.mark.parametrize(
    ("groups", "met"),
    [
        ((DISABLED, NONE), True),  # 50 %: the threshold itself
        ((DISABLED, NONE, NONE), False),  # 33 %
        ((DISABLED, DISABLED, NONE), True),  # 67 %
        ((NONE,), False),
    ],
)
def test_half_the_workforce_comes_from_disadvantaged_groups(cooperative, groups, met):
    found = line(compliance.workforce_line, cooperative, staff(cooperative, *groups))
    assert found.ok is met
    assert found.rule == "SC-05"
    assert found.threshold == "≥ 50 %"


@pytest.mark.rule("SC-05")
def test_the_workforce_share_counts_only_those_working_that_day(cooperative):
    jobs = staff(cooperative, DISABLED, NONE)
    jobs[0].ends_on = ON - D.resolution  # the disadvantaged employee left the day before
    assert line(compliance.workforce_line, cooperative, jobs).ok is False
    jobs[0].ends_on = ON  # ... or on the day itself: still working
    assert line(compliance.workforce_line, cooperative, jobs).ok is True


@pytest.mark.rule("SC-05")
@pytest.mark.rule("PS-02")
@pytest.mark.parametrize(
    ("status", "for_the_cooperative", "for_the_enterprise"),
    [
        (CARER, True, False),  # SC Act art. 4 ust. 1 lists carers; UES art. 2 pkt 6 does not
        (CIS_GRADUATE, False, True),  # a CIS graduate: the other way round
        (DISABLED, True, True),
    ],
)
def test_each_rule_counts_its_own_acts_groups(
    cooperative, status, for_the_cooperative, for_the_enterprise
):
    jobs = staff(cooperative, status, NONE)  # one of two: 50 % if counted, 0 % if not
    assert line(compliance.workforce_line, cooperative, jobs).ok is for_the_cooperative
    assert line(compliance.at_risk_line, cooperative, jobs).ok is for_the_enterprise


@pytest.mark.rule("SC-05")
def test_a_status_counts_only_on_the_days_it_holds(cooperative):
    jobs = staff(cooperative, DISABLED, NONE)
    dated = StatusBook(
        [SocialStatus(person_id=1, kind=Status.UNEMPLOYED, starts_on=HIRED, ends_on=ON)]
    )
    assert line(compliance.workforce_line, cooperative, jobs, book=dated).ok is True
    after = ON + D.resolution
    assert line(compliance.workforce_line, cooperative, jobs, on=after, book=dated).ok is False


@pytest.mark.rule("SC-06")
@pytest.mark.parametrize(
    ("on", "employed", "met"),
    [
        (D(2024, 7, 30), 0, None),  # registered 31 January: six months end on 31 July
        (D(2024, 7, 31), 4, False),
        (D(2024, 7, 31), 5, True),  # the threshold itself
        (D(2024, 8, 1), 6, True),
    ],
)
def test_a_cooperative_of_legal_persons_employs_five_within_six_months(db, on, employed, met):
    legal = CooperativeFactory(founder_kind="legal", registered_on=D(2024, 1, 31))
    jobs = staff(legal, *([DISABLED] * employed), starts_on=D(2024, 2, 1))
    found = line(compliance.disadvantaged_employees_line, legal, jobs, on=on)
    assert found.ok is met
    assert "31" in found.threshold  # from 31 July 2024


@pytest.mark.rule("PS-01")
@pytest.mark.parametrize(
    ("count", "fte", "met"),
    [(3, "0.50", True), (2, "0.50", False), (3, "0.49", False), (4, "1.00", True)],
)
def test_a_social_enterprise_employs_three_at_half_time_at_least(cooperative, count, fte, met):
    found = line(
        compliance.enterprise_employees_line,
        cooperative,
        staff(cooperative, *[AT_RISK] * count, fte=fte),
    )
    assert found.ok is met


@pytest.mark.rule("PS-01")
def test_the_enterprise_conditions_apply_from_the_status_day(cooperative):
    cooperative.social_enterprise_since = ON
    jobs = staff(cooperative, AT_RISK)
    assert line(compliance.enterprise_employees_line, cooperative, jobs).ok is False
    day_before = ON - D.resolution
    assert line(compliance.enterprise_employees_line, cooperative, jobs, on=day_before).ok is None


@pytest.mark.rule("PS-02")
@pytest.mark.parametrize(
    ("groups", "met"),
    [
        ((AT_RISK, AT_RISK, AT_RISK, NONE, NONE, NONE, NONE, NONE, NONE), True),  # 33 %
        ((AT_RISK, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, AT_RISK), False),  # 20 %
        (
            (AT_RISK, NONE, NONE, NONE, NONE, NONE, NONE, AT_RISK, NONE, AT_RISK, NONE),
            False,
        ),  # 27 %
        ((AT_RISK, NONE, NONE, AT_RISK, NONE, NONE, AT_RISK, NONE, NONE, NONE), True),  # 30 %
    ],
)
def test_thirty_percent_of_those_employed_are_at_risk(cooperative, groups, met):
    found = line(compliance.at_risk_line, cooperative, staff(cooperative, *groups))
    assert found.ok is met


@pytest.mark.rule("PS-02")
def test_the_at_risk_share_counts_only_contracts_of_half_time(cooperative):
    jobs = staff(cooperative, AT_RISK, NONE, NONE)  # 33 %
    assert line(compliance.at_risk_line, cooperative, jobs).ok is True
    jobs[0].fte = Decimal("0.49")
    assert line(compliance.at_risk_line, cooperative, jobs).ok is False


@pytest.mark.rule("PS-04")
def test_nobodys_pay_exceeds_three_average_wages(cooperative):
    PolicyParameter.objects.create(
        key=PolicyParameter.Key.PS_AVERAGE_WAGE,
        value=Decimal("7000.00"),
        valid_from=D(2025, 1, 1),
        valid_to=D(2025, 12, 31),
        known_on=D(2025, 1, 20),
        scope=PolicyParameter.Scope.NATIONAL,
        legal_source="Obwieszczenie Prezesa GUS (test)",
        evidence="S",
    )
    at_cap = staff(cooperative, AT_RISK, wage="21000.00")
    assert line(compliance.pay_cap_line, cooperative, at_cap).ok is True
    above = staff(cooperative, AT_RISK, wage="21000.01")
    found = line(compliance.pay_cap_line, cooperative, above)
    assert found.ok is False
    assert found.threshold == "≤ 3 × 7,000.00 (the average wage of 2024)"
    with translation.override("pl"):
        (polish,) = compliance.pay_cap_line(
            Records(cooperative, ON, above, [], [], set(), [], [], None, book_of(above)),
            Thresholds(ON),
        )
    assert polish.threshold == "≤ 3 × 7\xa0000,00 (przeciętne wynagrodzenie z 2024 r.)"
    assert polish.figure == "21\xa0000,01"
    # In 2024 the seeded figure for 2023 applies, and the line names it and its source.
    seeded = line(compliance.pay_cap_line, cooperative, above, on=D(2024, 12, 31))
    assert seeded.threshold == "≤ 3 × 7,444.39 (the average wage of 2023)"
    assert "GUS" in seeded.source
    assert "2023" in seeded.source
    # Before any recorded figure: not judged, and the line says the figure is missing.
    earlier = line(compliance.pay_cap_line, cooperative, above, on=D(2022, 12, 31))
    assert earlier.ok is None
    assert "not recorded" in earlier.threshold


class Granted:
    """A granted job as the rules read it."""

    def __init__(self, employment, keep_until, fte="1.00"):
        self.employment, self.keep_until, self.fte = employment, keep_until, Decimal(fte)


@pytest.mark.rule("OWES-01")
@pytest.mark.parametrize(
    ("ends_on", "fte", "at_risk"),
    [
        (D(2026, 2, 28), "1.00", False),  # ends on the keep-until day itself
        (D(2026, 2, 27), "1.00", True),  # a day short
        (None, "0.99", True),  # below the FTE granted
        (None, "1.00", False),
    ],
)
def test_a_granted_job_is_kept_whole_until_its_date(cooperative, ends_on, fte, at_risk):
    (employment,) = staff(cooperative, AT_RISK, fte=fte, starts_on=D(2025, 3, 3))
    employment.ends_on = ends_on
    # Support to 31 August 2025, six whole months after it: 28 February 2026.
    keep_until = rules.grant_keep_until(D(2025, 8, 31))
    assert keep_until == D(2026, 2, 28)
    granted = Granted(employment, keep_until)
    with translation.override("en"):
        assert bool(rules.grant_at_risk(granted, ON, [employment])) is at_risk
        assert rules.grant_at_risk(granted, keep_until + D.resolution, [employment]) is None
