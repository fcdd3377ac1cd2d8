"""The TERYT list shipped with Ścieżka: loaded parents first, every unit where the register puts
it, a city with powiat rights stored once, and a second load adding nothing."""

import io

from django.core.management import call_command

from organisations import teryt
from organisations.models import Territory


def test_the_whole_country_loads_once_and_in_its_tree(db):
    Territory.objects.create(code="30", name="Wielkopolska (nazwa własna)", level="voivodeship")
    out = io.StringIO()
    call_command("load_territories", stdout=out)
    assert "2806" in out.getvalue()
    levels = {
        level: Territory.objects.filter(level=level).count() for level in Territory.Level.values
    }
    assert levels == {"voivodeship": 16, "powiat": 380, "gmina": 2411}
    assert Territory.objects.filter(is_city_with_powiat_rights=True).count() == 66
    # A unit already stored keeps the name it was given.
    assert Territory.objects.get(code="30").name == "Wielkopolska (nazwa własna)"
    for gmina in Territory.objects.filter(level="gmina").select_related("parent")[::97]:
        assert gmina.parent.level == "powiat"
        assert gmina.code.startswith(gmina.parent.code)
    warsaw = Territory.objects.get(code="1465")
    assert (warsaw.name, warsaw.level, warsaw.is_city_with_powiat_rights) == (
        "Warszawa",
        "powiat",
        True,
    )
    assert not warsaw.children.exists()  # a city with powiat rights is its own gmina
    # A town and the rural gmina around it, both named after it, are told apart.
    assert Territory.objects.get(code="0201011").name == "Bolesławiec (miasto)"
    assert Territory.objects.get(code="0201022").name == "Bolesławiec"
    assert teryt.load() == 0
