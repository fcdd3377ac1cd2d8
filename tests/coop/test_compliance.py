"""The compliance view, line by line, on a cooperative whose figures were computed by hand: every
line met on 31 December 2024, and six not met on 30 September 2025."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coop import compliance
from coop.models import (
    GrantAgreement,
    GrantedJob,
    OrganisationMembership,
    ReintegrationPlan,
    SurplusAllocation,
)
from organisations.models import Cooperative, PolicyParameter
from tests.employment.conftest import D, job
from tests.factories.coop import CooperativeFactory, OrganisationFactory, social_status
from tests.factories.participants import PersonFactory

COMPLIANT = D(2024, 12, 31)
NOT_COMPLIANT = D(2025, 9, 30)


def employ(cooperative, name, group, starts_on, ends_on=None, **fields):
    employment = job(PersonFactory(last_name=name), cooperative, starts_on=starts_on, **fields)
    if group != "none":
        social_status(cooperative, employment.person, group, starts_on, ends_on)
    employment.ends_on = ends_on
    employment.end_reason = "fixed_term" if ends_on else ""
    employment.save()
    return employment


@pytest.fixture
def cooperative(db):
    """A cooperative of legal persons, in the KRS from 15 January 2024, a social enterprise from
    1 June 2024.

    Jobs (employment contracts unless said; "—" open-ended):
      A disabled   1.00  2024-02-01 —            E none  1.00  2024-02-01 —  (7,000 zł)
      B disabled   0.50  2024-02-01 —            F none  1.00  2025-01-02 —
      C disabled   0.75  2024-03-01 —            G disabled, civil-law contract, 2024-05-01 —
      D unemployed 1.00  2024-03-01 2025-06-30   H disabled 1.00 2024-04-01 2025-03-31
      I disabled   1.00  2024-04-01 —            J none 0.50 2025-07-01 — (OWES grant for 1.00)
                                                 K, L none 1.00 2025-07-01 —
    """
    cooperative = CooperativeFactory(registered_on=D(2024, 1, 15))
    cooperative.social_enterprise_since = D(2024, 6, 1)
    cooperative.save()
    gmina = OrganisationFactory(kind="gmina")
    ngo = OrganisationFactory(kind="ngo")
    OrganisationMembership.objects.create(
        cooperative=cooperative, organisation=gmina, is_founder=True, starts_on=D(2024, 1, 1)
    )
    OrganisationMembership.objects.create(
        cooperative=cooperative,
        organisation=ngo,
        is_founder=True,
        starts_on=D(2024, 1, 1),
        ends_on=D(2025, 6, 30),
    )
    jobs = {
        "A": employ(cooperative, "A", "disabled", D(2024, 2, 1)),
        "B": employ(cooperative, "B", "disabled", D(2024, 2, 1), fte=Decimal("0.50")),
        "C": employ(cooperative, "C", "disabled", D(2024, 3, 1), fte=Decimal("0.75")),
        "D": employ(cooperative, "D", "unemployed", D(2024, 3, 1), D(2025, 6, 30)),
        "E": employ(cooperative, "E", "none", D(2024, 2, 1), monthly_wage=Decimal(7000)),
        "F": employ(cooperative, "F", "none", D(2025, 1, 2)),
        "G": employ(cooperative, "G", "disabled", D(2024, 5, 1), contract_type="civil"),
        "H": employ(cooperative, "H", "disabled", D(2024, 4, 1), D(2025, 3, 31)),
        "I": employ(cooperative, "I", "disabled", D(2024, 4, 1)),
        "J": employ(cooperative, "J", "none", D(2025, 7, 1), fte=Decimal("0.50")),
        "K": employ(cooperative, "K", "none", D(2025, 7, 1)),
        "L": employ(cooperative, "L", "none", D(2025, 7, 1)),
    }
    for name in "ABCDGH":
        ReintegrationPlan.objects.create(
            employment=jobs[name], situation="—", actions="—", expected_effects="—",
            starts_on=jobs[name].starts_on,
        )  # fmt: skip
    ReintegrationPlan.objects.create(
        employment=jobs["I"], situation="—", actions="—", expected_effects="—",
        starts_on=D(2024, 4, 1), ends_on=D(2025, 8, 31),
    )  # fmt: skip
    agreement = GrantAgreement.objects.create(
        cooperative=cooperative,
        owes=OrganisationFactory(kind="owes"),
        reference="OWES/1/2024",
        signed_on=D(2024, 3, 15),
    )
    # J's job, granted for 1.00 FTE, is 0.50: at risk as soon as it exists (kept until the end
    # of the support, 30 June 2026, plus 6 months).
    GrantedJob.objects.create(
        agreement=agreement, employment=jobs["J"], fte=1, amount=31229, support_until=D(2026, 6, 30)
    )
    SurplusAllocation.objects.create(  # 2023: 40 % + 45 % + 15 %
        cooperative=cooperative, year=2023, surplus=Decimal(10000), reserve_fund=Decimal(4000),
        reintegration=Decimal(4500), jobs_and_investment=Decimal(1500),
    )  # fmt: skip
    SurplusAllocation.objects.create(  # 2024: 30 % to the reserve fund, under 40 %
        cooperative=cooperative, year=2024, surplus=Decimal(20000), reserve_fund=Decimal(6000),
        reintegration=Decimal(10000), jobs_and_investment=Decimal(4000),
    )  # fmt: skip
    PolicyParameter.objects.create(
        key=PolicyParameter.Key.PS_AVERAGE_WAGE,
        value=Decimal(8000),
        valid_from=D(2025, 1, 1),
        known_on=D(2025, 1, 1),
        legal_source="GUS: przeciętne wynagrodzenie w sektorze przedsiębiorstw 2024",
        evidence="S",
    )
    return cooperative


def lines(cooperative, on) -> dict:
    with translation.override("en"):
        return {line.rule: line for line in compliance.lines_for(cooperative, on)}


def test_every_line_met_at_the_end_of_2024(cooperative):  # or not applicable yet
    found = lines(cooperative, COMPLIANT)
    # Working: A B C D E G H I (F starts in 2025). On employment contracts: A B C D E H I = 7.
    expected = {
        "SC-04": ("2 / 0", True),  # two legal persons, the minimum
        "SC-03": ("—", None),  # no members who are people
        "SC-05": ("6 / 7 (85.7 %)", True),  # A B C D H I of the 7 on contracts
        "SC-06": ("6", True),  # ≥ 5 disadvantaged persons employed since 15 July 2024
        "PS-01": ("7", True),  # everyone on a contract has at least 0.5 FTE (B has exactly)
        "PS-02": ("6 / 8 (75.0 %)", True),  # 6 at risk on contracts, of 8 who work (with G)
        "PS-04": ("7,000", True),  # at most 3 × 7,444.39 (the figure for 2023, seeded)
        "PS-03": ("0", True),  # A B C D G H I all have a plan
        "SC-10": ("4,000 / 10,000 (40.0 %) / 4,500 / 10,000 (45.0 %)", True),  # the 2023 surplus
        "SC-11": (None, True),  # due 15 January 2027
        "OWES-01": ("0 / 0", None),  # J's granted job does not exist yet
    }
    for rule, (figure, ok) in expected.items():
        if figure is not None:
            assert found[rule].figure == figure, rule
        assert found[rule].ok is ok, rule
    assert found["SC-11"].figure == "Jan. 15, 2027"
    assert found["PS-05"].ok is None
    assert found["PS-06"].ok is True
    assert found["SC-05"].threshold == "≥ 50 %"
    assert found["SC-05"].source.startswith("Ustawa o spółdzielniach socjalnych art. 5a")


def test_six_lines_not_met_in_september_2025(cooperative):
    found = lines(cooperative, NOT_COMPLIANT)
    # Working: A B C E F G I J K L (D left in June, H in March). On contracts: all but G = 9.
    expected = {
        "SC-04": ("1 / 0", False),  # the association left on 30 June: below 2
        "SC-05": ("4 / 9 (44.4 %)", False),  # A B C I of 9, under 50 %
        "SC-06": ("4", False),  # under 5
        "PS-01": ("9", True),
        "PS-02": ("4 / 10 (40.0 %)", True),
        "PS-04": ("7,000", True),  # ≤ 3 × 8,000 zł
        "PS-03": (None, False),  # I's plan ended on 31 August
        "SC-10": ("6,000 / 20,000 (30.0 %) / 10,000 / 20,000 (50.0 %)", False),  # the 2024 surplus
        "OWES-01": ("1 / 1", False),  # J works 0.50 FTE of the 1.00 granted
    }
    for rule, (figure, ok) in expected.items():
        if figure is not None:
            assert found[rule].figure == figure, rule
        assert found[rule].ok is ok, rule
    assert found["PS-03"].figure.startswith("1: I ")
    assert found["PS-04"].threshold == "≤ 3 × 8,000.00 (the average wage of 2024)"
    assert [rule for rule, line in found.items() if line.ok is False] == [
        "SC-04",
        "SC-05",
        "SC-06",
        "PS-03",
        "SC-10",
        "OWES-01",
    ]


@pytest.mark.rule("OWES-01")
def test_a_granted_job_ended_too_early_is_at_risk(cooperative):
    assert lines(cooperative, NOT_COMPLIANT)["OWES-01"].ok is False


@pytest.mark.rule("PS-03")
def test_an_employee_at_risk_without_a_plan_is_flagged(cooperative):
    assert lines(cooperative, NOT_COMPLIANT)["PS-03"].ok is False
    assert lines(cooperative, COMPLIANT)["PS-03"].ok is True


@pytest.mark.rule("SC-05")
@pytest.mark.rule("SC-06")
def test_the_workforce_shares(cooperative):
    assert lines(cooperative, COMPLIANT)["SC-05"].ok is True
    assert lines(cooperative, NOT_COMPLIANT)["SC-06"].ok is False


@pytest.mark.rule("PS-01")
@pytest.mark.rule("PS-02")
@pytest.mark.rule("PS-04")
def test_the_social_enterprise_conditions_apply_only_to_one(cooperative):
    assert lines(cooperative, NOT_COMPLIANT)["PS-04"].ok is True
    cooperative.social_enterprise_since = None
    cooperative.save()
    found = lines(cooperative, NOT_COMPLIANT)
    assert (found["PS-01"].ok, found["PS-02"].ok, found["PS-04"].ok) == (None, None, None)


@pytest.mark.rule("SC-10")
def test_the_surplus_split(cooperative):
    (warning,) = SurplusAllocation.objects.get(year=2024).warnings()
    assert warning.startswith("SC-10")
    assert SurplusAllocation.objects.get(year=2023).warnings() == []


@pytest.mark.rule("PS-06")
def test_a_cooperative_of_legal_persons_is_exempt_from_the_control_rule(cooperative, world):
    cooperative.full_clean()  # a gmina among its members, and the status: exempt
    natural = CooperativeFactory(founder_kind="natural", social_enterprise_since=D(2024, 6, 1))
    OrganisationMembership.objects.create(
        cooperative=natural, organisation=OrganisationFactory(kind="gmina"), starts_on=D(2024, 1, 1)
    )
    with pytest.raises(Exception, match="PS-06"):
        natural.full_clean()


@pytest.mark.rule("PS-05")
def test_the_annual_report_to_the_voivode_is_a_task_in_march(cooperative, world):
    from coop import todo
    from tests.factories.coop import ManagerAssignmentFactory

    ManagerAssignmentFactory(user=world.manager, cooperative=cooperative)
    with translation.override("en"):
        march = todo.items_for(world.manager, D(2025, 3, 2))
        april = todo.items_for(world.manager, D(2025, 4, 1))
    (task,) = [item for item in march if item.rule == "PS-05"]
    assert task.due_on == D(2025, 3, 31)
    assert not [item for item in april if item.rule == "PS-05"]


def test_the_page_shows_every_line_to_the_manager_only(cooperative, world, client_for):
    from tests.factories.coop import ManagerAssignmentFactory

    ManagerAssignmentFactory(user=world.manager, cooperative=cooperative)
    url = f"/coop/compliance/?cooperative={cooperative.pk}&on=2025-09-30"
    page = client_for(world.manager).get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="compliance-warn"') == 6
    assert client_for(world.staff).get(url).status_code == 403
    other = Cooperative.objects.exclude(pk=cooperative.pk).exclude(pk=world.cooperative.pk)
    assert (
        client_for(world.manager)
        .get(f"/coop/compliance/?cooperative={other.first().pk if other.exists() else 0}")
        .status_code
        == 404
    )


def test_the_page_costs_the_same_whatever_the_workforce(
    cooperative, world, client_for, django_assert_num_queries
):
    from tests.factories.coop import ManagerAssignmentFactory

    ManagerAssignmentFactory(user=world.manager, cooperative=cooperative)
    client = client_for(world.manager)
    url = f"/coop/compliance/?cooperative={cooperative.pk}&on=2025-09-30"
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        client.get(url)
    small = len(context.captured_queries)
    for number in range(40):
        employ(cooperative, f"N{number}", "disabled", D(2025, 1, 2))
    with django_assert_num_queries(small):
        client.get(url)


def add_records(cooperative, count):
    agreement = GrantAgreement.objects.create(
        cooperative=cooperative, owes=OrganisationFactory(kind="owes"), reference="R",
        signed_on=D(2024, 3, 15),
    )  # fmt: skip
    for number in range(count):
        employment = employ(cooperative, f"Q{number}", "disabled", D(2025, 1, 2))
        GrantedJob.objects.create(
            agreement=agreement, employment=employment, fte=1, amount=1000,
            support_until=D(2025, 12, 31),
        )  # fmt: skip
        ReintegrationPlan.objects.create(
            employment=employment, situation="—", actions="—", expected_effects="—",
            starts_on=D(2025, 1, 2),
        )  # fmt: skip
        SurplusAllocation.objects.create(
            cooperative=cooperative, year=2040 + number + (count > 1) * 10, surplus=10,
            reserve_fund=4, reintegration=4, jobs_and_investment=2,
        )  # fmt: skip
        OrganisationMembership.objects.create(
            cooperative=cooperative, organisation=OrganisationFactory(kind="ngo"),
            starts_on=D(2024, 1, 1),
        )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/member-organisations/",
        "/api/v1/surplus-allocations/",
        "/api/v1/grants/",
        "/api/v1/granted-jobs/",
        "/api/v1/reintegration-plans/",
        "/admin/coop/surplusallocation/",
        "/admin/coop/grantagreement/",
        "/admin/coop/reintegrationplan/",
    ],
)
def test_the_cooperatives_lists_run_constant_queries(
    cooperative, world, api_for, client_for, django_assert_num_queries, url
):
    from tests.factories.coop import ManagerAssignmentFactory

    ManagerAssignmentFactory(user=world.manager, cooperative=cooperative)
    add_records(cooperative, 1)
    client = api_for(world.manager) if url.startswith("/api/") else client_for(world.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    one_row = len(context.captured_queries)
    add_records(cooperative, 20)
    with django_assert_num_queries(one_row):
        client.get(url)


@pytest.mark.rule("OWES-01")
def test_the_keep_until_date_follows_the_support(cooperative):
    granted = GrantedJob.objects.get()
    # Six whole months after a support that ended on 30 June: until 31 December.
    assert granted.keep_until == D(2026, 12, 31)
    granted.support_until = D(2025, 12, 31)
    granted.save()
    granted.refresh_from_db()
    assert granted.keep_until == D(2026, 6, 30)


def test_the_employees_the_page_names_are_logged_as_read(cooperative, world, client_for):
    from participants.models import AccessLog
    from tests.factories.coop import ManagerAssignmentFactory

    ManagerAssignmentFactory(user=world.manager, cooperative=cooperative)
    named = set(lines(cooperative, NOT_COMPLIANT)["PS-03"].people)
    assert named  # the line names someone on that day
    client_for(world.manager).get(f"/coop/compliance/?cooperative={cooperative.pk}&on=2025-09-30")
    logged = set(
        AccessLog.objects.filter(user=world.manager, kind="list").values_list("person", flat=True)
    )
    assert logged == named
