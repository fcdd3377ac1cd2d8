"""seed_demo --scale national: the demo copied over real powiats in bulk, each copy with names of
its own, every constraint holding, and the copies' paths those of the people they were copied from.
Built here with three copies of the demo's four workshops; the benchmark builds all 732."""

import datetime
import io

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from localflavor.pl.forms import PLNIPField as NIPField

from common.text import fold
from config import demo, national
from organisations.models import Organisation, Territory
from participants.identity import birth_date_from_pesel, sex_from_pesel, validate_pesel
from participants.models import AttendanceDay, Person, ProgressNote
from paths.services import paths_for
from wtz.models import Workshop

TODAY = datetime.date(2026, 11, 27)
NOW = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def built(db):
    with time_machine.travel(NOW, tick=False):
        demo.seed(scale="demo", today=TODAY)
        template = {
            "people": Person.objects.count(),
            "notes": ProgressNote.objects.count(),
            "days": AttendanceDay.objects.count(),
            "highest person": Person.objects.order_by("-pk").first().pk,
            "highest organisation": Organisation.objects.order_by("-pk").first().pk,
        }
        figures = national.build(today=TODAY, workshops=12)
    return template, figures


@pytest.mark.postgres_only
def test_the_demo_is_copied_over_real_powiats_with_names_of_its_own_and_the_same_paths(built):
    # One build (a minute) for every check.
    the_copies_hold_the_whole_demo_in_real_powiats_of_one_voivodeship(*built)
    each_copy_has_names_pesel_and_nip_numbers_of_its_own(*built)
    the_copies_paths_are_their_templates_and_new_rows_get_new_keys(*built)
    building_it_again_changes_nothing()


def the_copies_hold_the_whole_demo_in_real_powiats_of_one_voivodeship(template, figures):
    assert figures["workshops"] == Workshop.objects.count() == 12
    assert Person.objects.count() == 3 * template["people"]
    assert ProgressNote.objects.count() == 3 * template["notes"]
    assert AttendanceDay.objects.count() == 3 * template["days"]
    copies = Workshop.objects.exclude(territory__code__startswith="30")
    assert copies.count() == 8
    for workshop in copies.select_related("territory", "organiser__territory"):
        assert workshop.name.startswith("WTZ nr ")
        assert workshop.name.endswith(workshop.territory.name)
        # The organiser is in the same voivodeship as its workshop, as in the template.
        assert workshop.organiser.territory.code[:2] == workshop.territory.code[:2]
    # Every territory a copy refers to is a real unit of the shipped TERYT list.
    assert not Person.objects.filter(residence__level=Territory.Level.VOIVODESHIP).exists()
    assert Territory.objects.count() == len(national.teryt.read())


def each_copy_has_names_pesel_and_nip_numbers_of_its_own(template, figures):
    copied = Person.objects.filter(pk__gt=template["highest person"])
    with_pesel = copied.exclude(pesel=None)
    assert with_pesel.values("pesel").distinct().count() == with_pesel.count()
    for person in with_pesel[:200]:
        validate_pesel(person.pesel)
        assert birth_date_from_pesel(person.pesel) == person.birth_date
        assert sex_from_pesel(person.pesel) == person.sex
        assert person.search_key == fold(f"{person.last_name} {person.first_name} {person.pesel}")
    nips = Organisation.objects.exclude(nip="")
    assert nips.values("nip").distinct().count() == nips.count()
    copied_nips = nips.filter(pk__gt=template["highest organisation"])
    assert copied_nips.count() == 2 * nips.filter(pk__lte=template["highest organisation"]).count()
    for organisation in copied_nips:
        NIPField().clean(organisation.nip)
    # Nobody but the template's accounts can sign in.
    copied_users = get_user_model().objects.filter(username__endswith="-1")
    assert copied_users.exists()
    assert not any(user.has_usable_password() for user in copied_users)


def the_copies_paths_are_their_templates_and_new_rows_get_new_keys(template, figures):
    stride = template["highest person"] + 1
    originals = list(Person.objects.filter(pk__lt=stride).values_list("pk", flat=True))
    paths = paths_for(originals + [pk + 2 * stride for pk in originals], today=TODAY)
    for pk in originals:
        assert national._shape(paths[pk]) == national._shape(paths[pk + 2 * stride])
    workshop = Workshop.objects.order_by("pk").first()
    person = Person.objects.create(
        holder=workshop.organiser,
        first_name="Nowa",
        last_name="Osoba",
        no_pesel_reason="cudzoziemka",
        birth_date=datetime.date(1990, 1, 1),
        sex="F",
        residence=workshop.territory,
    )
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk


def building_it_again_changes_nothing():
    counts = (Workshop.objects.count(), Person.objects.count())
    with time_machine.travel(NOW, tick=False):
        national.build(today=TODAY, workshops=12)
    assert (Workshop.objects.count(), Person.objects.count()) == counts


@pytest.mark.postgres_only
def test_a_county_database_is_refused(db):
    with time_machine.travel(NOW, tick=False):
        demo.seed(scale="demo", today=TODAY, with_history=False)
        Workshop.objects.create(
            name="WTZ piąty",
            organiser=Organisation.objects.first(),
            territory=Territory.objects.get(code="3002011"),
        )
        with pytest.raises(national.NationalError, match="Use a new database"):
            national.build(today=TODAY, workshops=12)


def test_on_sqlite_the_command_says_it_needs_postgresql(db):
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL pass builds it")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", "--scale", "national", "--force", stdout=io.StringIO())
