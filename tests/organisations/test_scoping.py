import datetime

import pytest
from django.apps import apps

from common.scoping import is_scoped
from organisations.models import Cooperative
from organisations.scoping import aggregate_scope


def scoped_models():
    return [model for model in apps.get_models() if is_scoped(model._default_manager.all())]


@pytest.mark.rule("DIS-08")
def test_an_officer_sees_no_row_of_any_scoped_model(world):
    assert len(scoped_models()) >= 6
    for model in scoped_models():
        assert not model._default_manager.visible_to(world.officer).exists(), model


@pytest.mark.rule("DIS-08")
def test_anonymous_and_outsiders_see_no_row_of_any_scoped_model(world):
    from django.contrib.auth.models import AnonymousUser

    for model in scoped_models():
        for user in (AnonymousUser(), world.outsider):
            assert not model._default_manager.visible_to(user).exists(), (model, user)


@pytest.mark.rule("DIS-08")
def test_an_officer_reads_aggregates_only_for_their_territory(world):
    assert list(aggregate_scope(world.officer)) == [world.powiat]
    assert not aggregate_scope(world.staff).exists()
    assert not aggregate_scope(world.manager).exists()


def test_a_manager_sees_only_their_cooperative(world):
    assert list(Cooperative.objects.visible_to(world.manager)) == [world.cooperative]


def test_an_ended_officer_assignment_ends_the_scope(world):
    assignment = world.officer.territory_assignments.get()
    assignment.ends_on = datetime.date(2021, 1, 1)
    assignment.save()
    assert not aggregate_scope(world.officer).exists()
