"""The cooperative's founders and members: who may found it (SC-01, DIS-07), its name (SC-09),
member numbers and shares over time (SC-02, SC-03, SC-04), membership after a year of work
(SC-07), and the audit (SC-11)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from coop import rules, todo
from coop.models import MembershipOffer, OrganisationMembership, PersonMembership
from coop.statuses import StatusBook
from organisations.models import Cooperative
from tests.employment.conftest import D, job
from tests.factories.coop import CooperativeFactory, OrganisationFactory, social_status
from tests.factories.participants import PersonFactory


def member(cooperative, status="disabled", **fields):
    """A member who is a person, holding ``status`` from joining (None: no status)."""
    values = {"starts_on": D(2024, 1, 2), "person": None}
    values.update(fields)
    values["person"] = values["person"] or PersonFactory()
    if status:
        social_status(cooperative, values["person"], status, values["starts_on"])
    return PersonMembership.objects.create(cooperative=cooperative, **values)


def problems_on(cooperative, organisations, people, on):
    return rules.membership_problems(
        cooperative, organisations, people, on, StatusBook.read(cooperative)
    )


def founding_on(cooperative, people, employments, on):
    return rules.three_founders_deadline(
        cooperative, people, employments, on, StatusBook.read(cooperative)
    )


def organisation_member(cooperative, **fields):
    """A founding NGO, unless told otherwise."""
    values = {"organisation": None, "starts_on": D(2019, 5, 1), "is_founder": True}
    values.update(fields)
    values["organisation"] = values["organisation"] or OrganisationFactory(kind="ngo")
    return OrganisationMembership.objects.create(cooperative=cooperative, **values)


@pytest.mark.rule("SC-09")
def test_the_name_says_spoldzielnia_socjalna(world):
    cooperative = world.cooperative
    cooperative.full_clean()
    cooperative.organisation.name = "Wspólna Droga sp. z o.o."
    with pytest.raises(ValidationError) as error:
        cooperative.full_clean()
    assert error.value.messages[0].startswith("SC-09")


@pytest.mark.rule("SC-01")
def test_only_allowed_legal_persons_are_members(world):
    company = OrganisationMembership(
        cooperative=world.cooperative,
        organisation=OrganisationFactory(kind="company"),
        starts_on=D(2019, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        company.full_clean()
    assert error.value.message_dict["organisation"][0].startswith("SC-01")


@pytest.mark.rule("SC-01")
def test_a_cooperative_of_legal_persons_needs_two_founders(world, client_for):
    gmina = OrganisationFactory(kind="gmina", name="Gmina Czarnków")
    ngo = OrganisationFactory(kind="ngo", name="Stowarzyszenie Razem")
    cooperative = world.cooperative
    url = f"/admin/organisations/cooperative/{cooperative.pk}/change/"

    def post(founders):
        data = {
            "organisation": str(cooperative.organisation_id),
            "founder_kind": "legal",
            "registered_on": "2019-05-01",
            "organisation_members-TOTAL_FORMS": str(len(founders)),
            "organisation_members-INITIAL_FORMS": "0",
        }
        assignment = cooperative.manager_assignments.get()
        data.update(
            {
                "manager_assignments-INITIAL_FORMS": "1",
                "manager_assignments-TOTAL_FORMS": "1",
                "manager_assignments-0-id": str(assignment.pk),
                "manager_assignments-0-cooperative": str(cooperative.pk),
                "manager_assignments-0-user": str(assignment.user_id),
                "manager_assignments-0-starts_on": str(assignment.starts_on),
            }
        )
        for index, organisation in enumerate(founders):
            data[f"organisation_members-{index}-organisation"] = str(organisation.pk)
            data[f"organisation_members-{index}-is_founder"] = "on"
            data[f"organisation_members-{index}-starts_on"] = "2019-04-10"
        return client_for(world.admin).post(url, data)

    refused = post([gmina])
    assert refused.status_code == 200
    assert "SC-01" in refused.content.decode()
    assert not OrganisationMembership.objects.exists()
    assert post([gmina, ngo]).status_code == 302
    assert OrganisationMembership.objects.filter(is_founder=True).count() == 2


@pytest.mark.rule("DIS-07")
def test_a_founder_has_full_legal_capacity(world):
    founder = PersonMembership(
        cooperative=world.cooperative,
        person=PersonFactory(legal_capacity="partial"),
        is_founder=True,
        starts_on=D(2019, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        founder.full_clean()
    assert error.value.message_dict["is_founder"][0].startswith("DIS-07")
    founder.is_founder = False  # as an ordinary member, with the curator's consent, they may
    founder.full_clean()


@pytest.mark.rule("SC-04")
def test_below_the_minimum_of_members_is_warned_from_the_first_day(world):
    cooperative = world.cooperative  # a cooperative of legal persons: at least 2 members
    organisation_member(cooperative)
    leaving = organisation_member(cooperative)
    organisations = list(OrganisationMembership.objects.all())
    assert problems_on(cooperative, organisations, [], D(2025, 3, 31)) == []
    leaving.ends_on = D(2025, 3, 31)
    leaving.save()
    organisations = list(OrganisationMembership.objects.all())
    with translation.override("en"):
        ((rule, message),) = problems_on(cooperative, organisations, [], D(2025, 4, 1))
        assert rules.below_minimum_since(cooperative, organisations, [], D(2025, 6, 15)) == D(
            2025, 4, 1
        )
    assert rule.id == "SC-04"
    assert "April 1, 2025" in message
    assert "July 1, 2025" in message  # three months later: a ground for liquidation
    with translation.override("en"):
        (item,) = [i for i in todo.items_for(world.manager, D(2025, 4, 1)) if i.rule == "SC-04"]
    assert item.severity == "warn"  # a membership problem is flagged on the list, never "refused"


@pytest.mark.rule("SC-04")
def test_more_than_fifty_members_is_warned(world):
    organisations = [organisation_member(world.cooperative) for _ in range(2)]
    people = [member(world.cooperative) for _ in range(49)]
    problems = problems_on(world.cooperative, organisations, people, D(2025, 1, 1))
    assert [rule.id for rule, _message in problems] == ["SC-04"]


@pytest.mark.rule("SC-03")
def test_members_not_from_disadvantaged_groups_are_at_most_half(world):
    organisations = [organisation_member(world.cooperative) for _ in range(2)]
    people = [member(world.cooperative) for _ in range(3)]
    people += [member(world.cooperative, status=None) for _ in range(3)]
    # 3 of 6 natural members are not from a disadvantaged group: 50 %, allowed.
    assert problems_on(world.cooperative, organisations, people, D(2025, 1, 1)) == []
    people.append(member(world.cooperative, status=None))
    # 4 of 7 = 57 %: warned.
    problems = problems_on(world.cooperative, organisations, people, D(2025, 1, 1))
    assert [rule.id for rule, _message in problems] == ["SC-03"]


@pytest.mark.rule("SC-03")
def test_a_members_group_is_the_one_the_social_cooperatives_act_lists(world):
    """A member of a disadvantaged minority counts for a reserved contract (Pzp art. 94) but not
    among the cooperative's groups; a carer the other way round."""
    organisations = [organisation_member(world.cooperative) for _ in range(2)]
    people = [member(world.cooperative) for _ in range(3)]
    people += [member(world.cooperative, status="minority") for _ in range(4)]
    on = D(2025, 1, 1)
    assert [rule.id for rule, _m in problems_on(world.cooperative, organisations, people, on)] == [
        "SC-03"
    ]
    social_status(world.cooperative, people[-1].person, "carer", D(2024, 12, 1))
    assert problems_on(world.cooperative, organisations, people, on) == []


@pytest.mark.rule("SC-07")
def test_a_year_of_work_brings_a_membership_offer(world):
    employee = job(PersonFactory(), world.cooperative, starts_on=D(2024, 2, 1))
    employee.save()
    assert rules.membership_offers_due(world.cooperative, [employee], [], D(2025, 1, 31)) == []
    assert rules.membership_offers_due(world.cooperative, [employee], [], D(2025, 2, 1)) == [
        employee
    ]
    joined = member(world.cooperative, person=employee.person, starts_on=D(2025, 2, 1))
    assert rules.membership_offers_due(world.cooperative, [employee], [joined], D(2025, 2, 1)) == []
    joined.delete()
    with translation.override("en"):
        items = todo.items_for(world.manager, D(2025, 2, 3))
    (offer,) = [item for item in items if item.rule == "SC-07"]
    assert f"person={employee.person_id}" in offer.url


@pytest.mark.rule("SC-07")
def test_a_membership_offer_declined_ends_the_reminder_and_an_earlier_one_does_not(
    world, client_for
):
    employee = job(PersonFactory(), world.cooperative, starts_on=D(2024, 2, 1))
    employee.save()
    before_the_job = MembershipOffer(
        cooperative=world.cooperative, person=employee.person, offered_on=D(2023, 5, 5)
    )
    assert rules.membership_offers_due(
        world.cooperative, [employee], [], D(2025, 2, 1), [before_the_job]
    ) == [employee]
    client = client_for(world.manager)
    response = client.post(
        "/admin/coop/membershipoffer/add/",
        {
            "cooperative": world.cooperative.pk,
            "person": employee.person_id,
            "offered_on": "2025-02-03",
            "answer": "declined",
            "answered_on": "",
        },
    )
    assert response.status_code == 200  # a declined answer has its day
    assert "answered_on" in response.context["adminform"].form.errors
    response = client.post(
        "/admin/coop/membershipoffer/add/",
        {
            "cooperative": world.cooperative.pk,
            "person": employee.person_id,
            "offered_on": "2025-02-03",
            "answer": "declined",
            "answered_on": "2025-02-10",
        },
    )
    assert response.status_code == 302
    offers = list(MembershipOffer.objects.all())
    assert (
        rules.membership_offers_due(world.cooperative, [employee], [], D(2025, 3, 1), offers) == []
    )
    items = todo.items_for(world.manager, D(2025, 3, 1))
    assert not [item for item in items if item.rule == "SC-07"]


@pytest.mark.rule("SC-02")
def test_three_founders_admit_two_more_within_twelve_months(world):
    cooperative = CooperativeFactory(founder_kind="natural", registered_on=D(2025, 1, 15))
    founders = [member(cooperative, starts_on=D(2025, 1, 15), is_founder=True) for _ in range(3)]
    employee = job(PersonFactory(), cooperative, starts_on=D(2025, 3, 3))
    employee.save()
    joined = member(cooperative, person=employee.person, starts_on=D(2025, 6, 2))
    people = [*founders, joined]
    assert founding_on(cooperative, people, [employee], D(2025, 7, 1)) == (
        D(2026, 1, 15),
        1,
    )
    second = job(PersonFactory(), cooperative, starts_on=D(2025, 9, 1))
    second.save()
    people.append(member(cooperative, person=second.person, starts_on=D(2025, 12, 1)))
    assert founding_on(cooperative, people, [employee, second], D(2025, 12, 2))[1] == 2


@pytest.mark.rule("SC-11")
def test_the_audit_is_due_three_years_after_the_last(world):
    cooperative = world.cooperative
    cooperative.last_audit_on = D(2023, 6, 30)
    cooperative.save()
    assert rules.audit_due_on(cooperative) == D(2026, 6, 30)
    with translation.override("en"):
        before = todo.items_for(world.manager, D(2025, 12, 31))
        after = todo.items_for(world.manager, D(2026, 1, 2))
    assert not [item for item in before if item.rule == "SC-11"]
    (task,) = [item for item in after if item.rule == "SC-11"]
    assert task.due_on == D(2026, 6, 30)


def test_members_are_the_managers_records(world, people, api_for, client_for):
    response = api_for(world.manager).post(
        "/api/v1/members/",
        {
            "cooperative": world.cooperative.pk,
            "person": people.participant.pk,  # referred to the cooperative
            "starts_on": "2025-02-03",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    stranger = api_for(world.manager).post(
        "/api/v1/members/",
        {
            "cooperative": world.cooperative.pk,
            "person": people.stranger.pk,
            "starts_on": "2025-02-03",
        },
        format="json",
    )
    assert stranger.status_code == 400
    assert api_for(world.staff).get("/api/v1/members/").status_code == 403
    assert not PersonMembership.objects.visible_to(world.staff).exists()
    other = Cooperative.objects.exclude(pk=world.cooperative.pk).first()
    assert not PersonMembership.objects.visible_to(world.manager).filter(cooperative=other).exists()


@pytest.mark.parametrize("url", ["/api/v1/members/", "/admin/coop/personmembership/"])
def test_member_lists_run_constant_queries(
    world, api_for, client_for, django_assert_num_queries, url
):
    member(world.cooperative)
    client = api_for(world.manager) if url.startswith("/api/") else client_for(world.manager)
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    one_row = len(context.captured_queries)
    for _ in range(30):
        member(world.cooperative)
    with django_assert_num_queries(one_row):
        client.get(url)


@pytest.mark.rule("SC-04")
@pytest.mark.rule("SC-02")
def test_three_founders_are_not_below_the_minimum_within_their_twelve_months(world):
    cooperative = CooperativeFactory(founder_kind="natural", registered_on=D(2025, 1, 15))
    people = [member(cooperative, starts_on=D(2025, 1, 15), is_founder=True) for _ in range(3)]
    assert problems_on(cooperative, [], people, D(2025, 6, 1)) == []
    (rule, _message), = [
        p for p in problems_on(cooperative, [], people, D(2026, 1, 16))
        if p[0].id == "SC-04"
    ]  # fmt: skip
    assert rule.id == "SC-04"


def test_a_cooperative_from_before_the_2018_rules_does_not_break_the_list(world):
    old = CooperativeFactory(founder_kind="natural", registered_on=D(2012, 3, 1))
    people = [member(old, starts_on=D(2012, 3, 1), is_founder=True) for _ in range(2)]
    assert rules.below_minimum_since(old, [], people, D(2016, 1, 1)) is None
    assert founding_on(old, people, [], D(2016, 1, 1)) is None
    assert [rule.id for rule, _m in problems_on(old, [], people, D(2025, 1, 1))] == ["SC-04"]


@pytest.mark.rule("SC-01")
def test_too_few_natural_founders_are_a_warning_on_the_list_not_a_refusal(world):
    cooperative = world.cooperative
    cooperative.founder_kind = "natural"
    cooperative.registered_on = D(2025, 1, 15)
    cooperative.save()
    for _ in range(2):
        member(cooperative, starts_on=D(2025, 1, 15), is_founder=True)
    with translation.override("en"):
        (item,) = [i for i in todo.items_for(world.manager, D(2025, 2, 3)) if i.rule == "SC-01"]
    assert "not 2" in item.text
    assert item.severity == "warn"


@pytest.mark.rule("SC-07")
@pytest.mark.parametrize(
    ("next_starts_on", "offer_due_on"),
    [
        (D(2024, 3, 1), D(2025, 2, 1)),  # the next contract the day after: one employment
        (D(2024, 3, 2), D(2025, 3, 2)),  # a day's gap: the year starts again
    ],
)
def test_a_year_of_work_counts_across_contracts_without_a_gap(world, next_starts_on, offer_due_on):
    person = PersonFactory()
    fixed_term = job(
        person,
        world.cooperative,
        starts_on=D(2024, 2, 1),
        ends_on=D(2024, 2, 29),  # a leap day, the last of the month
        end_reason="fixed_term",
    )
    fixed_term.save()
    indefinite = job(person, world.cooperative, starts_on=next_starts_on)
    indefinite.save()
    jobs = [fixed_term, indefinite]
    day_before = offer_due_on - datetime.timedelta(days=1)
    assert rules.membership_offers_due(world.cooperative, jobs, [], day_before) == []
    assert rules.membership_offers_due(world.cooperative, jobs, [], offer_due_on) == [indefinite]
    with translation.override("en"):
        assert [i for i in todo.items_for(world.manager, day_before) if i.rule == "SC-07"] == []
        (offer,) = [i for i in todo.items_for(world.manager, offer_due_on) if i.rule == "SC-07"]
    assert f"person={person.pk}" in offer.url


@pytest.mark.rule("OWES-01")
def test_a_granted_job_continued_by_the_next_contract_is_kept(world):
    from coop.models import GrantAgreement, GrantedJob

    person = PersonFactory()
    first = job(
        person,
        world.cooperative,
        starts_on=D(2025, 3, 3),
        ends_on=D(2026, 4, 30),
        end_reason="fixed_term",
    )
    first.save()
    agreement = GrantAgreement.objects.create(
        cooperative=world.cooperative,
        owes=OrganisationFactory(kind="owes"),
        reference="OWES/7/2025",
        signed_on=D(2025, 2, 14),
    )
    granted = GrantedJob.objects.create(
        agreement=agreement, employment=first, fte=1, amount=31229, support_until=D(2025, 9, 30)
    )
    assert granted.keep_until == D(2026, 3, 31)  # six whole months after 30 September
    on = D(2025, 12, 1)
    with translation.override("en"):
        alone = rules.grant_at_risk(granted, on, [first])
    assert alone is None  # the contract runs past the keep-until date
    first.ends_on = D(2026, 2, 28)
    first.save()
    with translation.override("en"):
        assert "Feb. 28, 2026" in str(rules.grant_at_risk(granted, on, [first]))
    # The next contract from 1 March continues the same job: nothing is at risk.
    second = job(person, world.cooperative, starts_on=D(2026, 3, 1))
    second.save()
    assert rules.grant_at_risk(granted, on, [first, second]) is None
    with translation.override("en"):
        assert not [i for i in todo.items_for(world.manager, on) if i.rule == "OWES-01"]
    # With a day's gap it is a new job, and the granted one ended early.
    second.starts_on = D(2026, 3, 2)
    second.save()
    with translation.override("en"):
        (item,) = [i for i in todo.items_for(world.manager, on) if i.rule == "OWES-01"]
    assert "Feb. 28, 2026" in item.text
