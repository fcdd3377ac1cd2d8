import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from organisations.models import Territory
from tests.factories.coop import GminaFactory, PowiatFactory, VoivodeshipFactory


def test_a_gmina_code_must_extend_its_powiats_code(db):
    powiat = PowiatFactory(code="3002")
    gmina = Territory(code="3005011", name="Obca", level=Territory.Level.GMINA, parent=powiat)
    with pytest.raises(ValidationError) as error:
        gmina.full_clean()
    assert "code" in error.value.message_dict


def test_a_code_has_the_length_of_its_level(db):
    voivodeship = VoivodeshipFactory()
    powiat = Territory(code="300", name="Krótki", level=Territory.Level.POWIAT, parent=voivodeship)
    with pytest.raises(ValidationError) as error:
        powiat.full_clean()
    assert "code" in error.value.message_dict


def test_a_gmina_lies_in_a_powiat(db):
    voivodeship = VoivodeshipFactory()
    gmina = Territory(code="3000012", name="X", level=Territory.Level.GMINA, parent=voivodeship)
    with pytest.raises(ValidationError) as error:
        gmina.full_clean()
    assert "parent" in error.value.message_dict


def test_the_database_refuses_a_powiat_without_a_voivodeship(db):
    with pytest.raises(IntegrityError):
        Territory.objects.create(code="3002", name="Sierota", level=Territory.Level.POWIAT)


def test_within_returns_the_territory_and_everything_inside_it(db):
    powiat = PowiatFactory(code="3002")
    inside = GminaFactory(parent=powiat, code="3002011")
    outside = GminaFactory(parent=PowiatFactory(code="3005"), code="3005011")
    found = set(Territory.objects.within([powiat]))
    assert found == {powiat, inside}
    assert outside not in found
    assert not Territory.objects.within([]).exists()


def test_a_city_with_powiat_rights_is_one_unit(db):
    city = PowiatFactory(code="3064", name="Poznań", is_city_with_powiat_rights=True)
    city.full_clean()
    assert city.level == Territory.Level.POWIAT
    with pytest.raises(IntegrityError):
        GminaFactory(is_city_with_powiat_rights=True)
