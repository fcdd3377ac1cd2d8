"""seed_demo: the demo world the README promises, built once per module (it takes seconds)."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max, Min

from accounts.models import User
from accounts.roles import Role
from config import demo
from config.roles import roles_of
from coop.models import (
    GrantedJob,
    Order,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SurplusAllocation,
)
from employment import todo as employment_todo
from employment.models import Employment, FollowUp, HoursWaiver, Placement
from organisations.models import Cooperative
from organisations.scoping import aggregate_scope
from participants import services
from participants.models import (
    AllowancePayment,
    AttendanceDay,
    Enrolment,
    Person,
    ProgressNote,
    Vacancy,
    WaitingListEntry,
)
from wtz.models import Workshop

TODAY = datetime.date(2026, 11, 27)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("accounts", "coop", "wtz", "participants", "employment")
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo seeded twice inside one transaction that is rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.seed(scale="demo", today=TODAY)
        first = row_counts()
        demo.seed(scale="demo", today=TODAY)
        yield first
        transaction.set_rollback(True)


def test_seed_demo_is_idempotent(seeded, db):
    assert row_counts() == seeded


def test_the_four_demo_accounts_have_their_roles(seeded, db):
    users = {user.username: user for user in User.objects.filter(password__isnull=False)}
    assert {"admin", "staff", "manager", "officer"} <= set(users)
    assert all(
        users[name].check_password("demo") for name in ("admin", "staff", "manager", "officer")
    )
    assert roles_of(users["admin"]) == {Role.ADMIN}
    assert roles_of(users["staff"]) == {Role.WTZ_STAFF, Role.WTZ_MANAGER}
    assert roles_of(users["manager"]) == {Role.COOP_MANAGER}
    assert roles_of(users["officer"]) == {Role.OFFICER}
    others = User.objects.exclude(username__in=["admin", "staff", "manager", "officer"])
    assert not any(user.has_usable_password() for user in others)


def test_the_officers_powiat_has_three_workshops_and_staff_works_in_one(seeded, db):
    officer = User.objects.get(username="officer")
    in_powiat = Workshop.objects.in_territories(aggregate_scope(officer))
    assert in_powiat.count() >= 3
    staff = User.objects.get(username="staff")
    assert Workshop.objects.visible_to(staff).count() == 1
    assert set(Workshop.objects.visible_to(staff)) <= set(in_powiat)


def test_the_demo_has_three_years_of_participants(seeded, db):
    officer = User.objects.get(username="officer")
    powiat = Workshop.objects.in_territories(aggregate_scope(officer))
    people = Person.objects.filter(enrolments__workshop__in=powiat).distinct()
    assert people.count() >= 150
    assert Person.objects.count() >= 200
    last_year = Enrolment.objects.filter(
        workshop__in=powiat,
        exit_reason__in=Enrolment.WORK_REASONS,
        exited_on__gt=TODAY - datetime.timedelta(days=365),
    )
    assert last_year.count() >= 10
    assert Vacancy.objects.filter(filled_by__isnull=False).exists()
    assert WaitingListEntry.objects.filter(has_priority=True).exists()
    assert WaitingListEntry.objects.filter(status="waiting").count() >= 10


def test_the_demo_has_three_years_of_daily_work(seeded, db):
    staff = User.objects.get(username="staff")
    workshop = Workshop.objects.visible_to(staff).get()
    since = TODAY - datetime.timedelta(days=3 * 365)
    attending = Enrolment.objects.filter(workshop=workshop).active_on(since)
    assert attending.exists()
    for model, day in ((AttendanceDay, "day"), (ProgressNote, "written_on")):
        days = model.objects.filter(enrolment__workshop=workshop).aggregate(
            first=Min(day), last=Max(day)
        )
        assert days["first"] <= since, model
        assert days["last"] >= TODAY - datetime.timedelta(days=14), model
    last_month = datetime.date(2026, 10, 1)
    sheet = services.allowance_sheet(workshop, last_month)
    assert sheet
    assert all(row.payment is not None and row.payment.amount == row.due for row in sheet)
    assert not AllowancePayment.objects.filter(month=datetime.date(2026, 11, 1)).exists()


def test_the_demo_has_three_years_of_work(seeded, db):
    jobs = Employment.objects.all()
    assert jobs.count() >= 20
    assert jobs.filter(cooperative__isnull=False).count() >= 10
    assert jobs.filter(recorded_by_workshop__isnull=False).count() >= 5  # outside employers
    assert jobs.filter(starts_on__lt=TODAY - datetime.timedelta(days=2 * 365)).exists()
    assert FollowUp.objects.filter(outcome=FollowUp.Outcome.RETURNED_TO_WTZ).count() >= 2
    assert HoursWaiver.objects.exists()
    assert {kind for (kind,) in Placement.objects.values_list("kind")} == {
        "practice",
        "training",
        "internship",
    }
    staff, manager = User.objects.get(username="staff"), User.objects.get(username="manager")
    live = {item.rule for item in employment_todo.items_for(staff, TODAY)}
    assert {"WTZ-16", "WTZ-02"} <= live
    assert employment_todo.items_for(manager, TODAY)


def test_the_cooperative_was_founded_by_a_gmina_and_an_ngo(seeded, db):
    founders = OrganisationMembership.objects.filter(is_founder=True)
    assert {m.organisation.kind for m in founders} == {"gmina", "ngo"}
    assert PersonMembership.objects.count() >= 5


def test_the_demo_cooperative_has_one_compliance_warning_live(seeded, db):
    from coop import compliance

    cooperative = Cooperative.objects.get()
    assert GrantedJob.objects.filter(agreement__cooperative=cooperative).exists()
    assert ReintegrationPlan.objects.filter(employment__cooperative=cooperative).exists()
    assert SurplusAllocation.objects.filter(cooperative=cooperative).count() == 2
    not_met = [line.rule for line in compliance.lines_for(cooperative, TODAY) if line.ok is False]
    assert not_met == ["PS-03"]


def test_the_cooperative_has_orders_on_every_route(seeded, db):
    orders = Order.objects.all()
    assert {route for (route,) in orders.values_list("route")} == set(Order.Route.values)
    assert {kind for (kind,) in orders.values_list("client__kind")} >= {
        "gmina",
        "powiat",
        "company",
    }
    assert all(order.assignments.exists() for order in orders)
    assert any(w.startswith("JST-03") for order in orders for w in order.warnings())


def test_the_county_scale_has_ten_workshops(db):
    demo.seed(scale="county", today=TODAY, with_history=False)
    assert Workshop.objects.count() == 10


def test_seed_demo_refuses_to_run_in_production_unless_forced(db, settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="DJANGO_DEBUG=false"):
        call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
