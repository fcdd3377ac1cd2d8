"""The economic-training allowance: settled per workshop and month by the organiser's rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organisations.models import PolicyParameter
from participants import services
from participants.models import AllowancePayment, AttendanceDay
from tests.factories.participants import EnrolmentFactory

MARCH = datetime.date(2025, 3, 1)


def rules(world, amount="120", deduction="10", valid_from=datetime.date(2024, 1, 1)):
    for key, value in (
        (PolicyParameter.Key.WTZ_ALLOWANCE_MONTHLY_AMOUNT, amount),
        (PolicyParameter.Key.WTZ_ALLOWANCE_UNEXCUSED_DEDUCTION, deduction),
    ):
        PolicyParameter.objects.create(
            key=key,
            value=Decimal(value),
            valid_from=valid_from,
            known_on=valid_from,
            scope=PolicyParameter.Scope.ORGANISER,
            organiser=world.workshop.organiser,
            legal_source="Regulamin WTZ § 12",
            evidence="practice",
        )


def attending(world, count=1):
    return [
        EnrolmentFactory(workshop=world.workshop, admitted_on=datetime.date(2024, 1, 1))
        for _ in range(count)
    ]


@pytest.mark.rule("WTZ-20")
def test_the_amount_follows_the_rules_in_force_that_month(world):
    rules(world)
    rules(world, amount="150", deduction="15", valid_from=datetime.date(2025, 3, 1))
    (enrolment,) = attending(world)
    for day in (3, 4):
        AttendanceDay.objects.create(
            enrolment=enrolment, day=datetime.date(2025, 3, day), code="unexcused"
        )
    (march,) = services.allowance_sheet(world.workshop, MARCH)
    assert (march.unexcused_days, march.due) == (2, Decimal("120.00"))
    (february,) = services.allowance_sheet(world.workshop, datetime.date(2025, 2, 1))
    assert february.due == Decimal("120.00")


@pytest.mark.rule("WTZ-20")
def test_a_payment_different_from_the_rules_is_saved_and_flagged(world):
    rules(world)
    first, second = attending(world, 2)
    warnings = services.allowance_settle(
        workshop=world.workshop,
        month=MARCH,
        amounts={first.pk: Decimal("120"), second.pk: Decimal("90")},
        by=world.staff,
    )
    assert len(warnings) == 1
    assert warnings[0].startswith("WTZ-20")
    assert AllowancePayment.objects.get(enrolment=second).amount == Decimal("90")


@pytest.mark.rule("WTZ-20")
def test_without_the_organisers_rules_nothing_is_settled(world):
    (enrolment,) = attending(world)
    with pytest.raises(ValidationError) as error:
        services.allowance_settle(
            workshop=world.workshop, month=MARCH, amounts={enrolment.pk: Decimal(100)}, by=None
        )
    assert error.value.messages[0].startswith("WTZ-20")
    assert not AllowancePayment.objects.exists()


def test_a_month_is_settled_on_one_page_and_can_be_corrected(world, client_for):
    rules(world)
    (enrolment,) = attending(world)
    client = client_for(world.staff)
    url = f"/participants/allowance/?workshop={world.workshop.pk}&month=2025-03"
    page = client.get(url)
    assert page.status_code == 200
    data = {"workshop": world.workshop.pk, "month": "2025-03", f"amount-{enrolment.pk}": "120.00"}
    assert client.post(url, data).status_code == 302
    client.post(url, {**data, f"amount-{enrolment.pk}": "100.00"})
    payment = AllowancePayment.objects.get(enrolment=enrolment)
    assert payment.amount == Decimal("100.00")
    assert payment.history.count() == 2


def test_the_allowance_page_runs_constant_queries(world, client_for, django_assert_num_queries):
    rules(world)
    attending(world, 5)
    client = client_for(world.staff)
    url = f"/participants/allowance/?workshop={world.workshop.pk}&month=2025-03"
    with CaptureQueriesContext(connection) as five:
        client.get(url)
    expected = len(five.captured_queries)
    attending(world, 35)
    with django_assert_num_queries(expected):
        client.get(url)


@pytest.mark.rule("WTZ-20")
def test_amounts_are_typed_as_poles_write_them_and_a_bad_one_is_named(world, client_for):
    from django.utils import translation

    rules(world)
    first, second = attending(world, 2)
    client = client_for(world.staff)
    url = f"/participants/allowance/?workshop={world.workshop.pk}&month=2025-03"
    data = {"workshop": world.workshop.pk, "month": "2025-03"}
    with translation.override("pl"):
        page = client.get(url).content.decode()
        assert "120,00" in page  # suggested as the page's language writes it
        assert "jeszcze nierozliczony" in page
        refused = client.post(
            url, {**data, f"amount-{first.pk}": "110,50", f"amount-{second.pk}": "sto"}
        )
    body = refused.content.decode()
    assert refused.status_code == 200
    assert str(second.person) in body  # the message names the row
    assert 'value="sto"' in body  # what was typed stays
    assert 'value="110,50"' in body
    assert not AllowancePayment.objects.exists()  # nothing half-saved
    with translation.override("pl"):
        saved = client.post(
            url, {**data, f"amount-{first.pk}": "110,50", f"amount-{second.pk}": "1\xa0120,00"}
        )
    assert saved.status_code == 302
    assert AllowancePayment.objects.get(enrolment=first).amount == Decimal("110.50")
    assert AllowancePayment.objects.get(enrolment=second).amount == Decimal("1120.00")
    with translation.override("pl"):
        assert "rozliczony" in client.get(url).content.decode()


def test_the_page_opens_on_the_month_just_ended(world, client_for):
    import time_machine

    rules(world)
    attending(world)
    client = client_for(world.staff)
    with time_machine.travel(datetime.date(2025, 3, 1), tick=False):
        page = client.get(f"/participants/allowance/?workshop={world.workshop.pk}")
    assert page.context["month"] == datetime.date(2025, 2, 1)
