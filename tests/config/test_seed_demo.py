import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role
from config.roles import roles_of
from coop.scoping import aggregate_scope
from wtz.models import Workshop


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in ("accounts", "coop", "wtz")
    }


def test_seed_demo_creates_the_four_demo_accounts_with_their_roles(db):
    output = seed()
    assert "password 'demo'" in output
    users = {user.username: user for user in User.objects.all()}
    assert set(users) == {"admin", "staff", "manager", "officer"}
    assert all(user.check_password("demo") for user in users.values())
    assert roles_of(users["admin"]) == {Role.ADMIN}
    assert roles_of(users["staff"]) == {Role.WTZ_STAFF, Role.WTZ_MANAGER}
    assert roles_of(users["manager"]) == {Role.COOP_MANAGER}
    assert roles_of(users["officer"]) == {Role.OFFICER}


def test_seed_demo_is_idempotent(db):
    seed()
    first = row_counts()
    seed()
    assert row_counts() == first


def test_the_officers_powiat_has_at_least_three_workshops_and_staff_works_in_one(db):
    seed()
    officer = User.objects.get(username="officer")
    in_powiat = Workshop.objects.in_territories(aggregate_scope(officer))
    assert in_powiat.count() >= 3
    assert Workshop.objects.count() == 4
    staff = User.objects.get(username="staff")
    assert set(Workshop.objects.visible_to(staff)) <= set(in_powiat)
    assert Workshop.objects.visible_to(staff).count() == 1


def test_the_county_scale_has_ten_workshops(db):
    seed(scale="county")
    assert Workshop.objects.count() == 10


def test_seed_demo_refuses_to_run_in_production_unless_forced(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG=false"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not User.objects.exists()
