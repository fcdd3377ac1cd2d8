"""A person lives in a gmina: the residence field takes a gmina or a city with powiat rights
(which is both), never a powiat or a voivodeship — reports count people by where they live."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories.coop import PowiatFactory, VoivodeshipFactory
from tests.factories.participants import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_powiat_is_not_a_place_of_residence(world):
    person = PersonFactory.build(residence=world.powiat, holder=world.workshop.organiser)
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert set(error.value.message_dict) == {"residence"}


def test_a_gmina_and_a_city_with_powiat_rights_are(world):
    # Another voivodeship's code: the factories' sequence of powiat codes never reaches it.
    city = PowiatFactory(
        code="1261",
        name="Kraków",
        is_city_with_powiat_rights=True,
        parent=VoivodeshipFactory(code="12", name="małopolskie"),
    )
    for place in (world.gmina, city):
        PersonFactory.build(residence=place, holder=world.workshop.organiser).full_clean()


def test_the_person_form_offers_no_powiat(world, client_for):
    field = (
        client_for(world.staff)
        .get("/admin/participants/person/add/")
        .context["adminform"]
        .form.fields["residence"]
    )
    assert world.gmina in field.queryset
    assert world.powiat not in field.queryset
