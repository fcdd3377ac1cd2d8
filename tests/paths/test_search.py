"""Finding a person from any page, as people type: without diacritics, by PESEL, only among
those the user may see; and each list narrowed to one person from their hub."""

import pytest
import time_machine
from django.utils import translation

from common.text import fold
from participants.models import AccessLog, Person
from tests.employment.conftest import D
from tests.factories.participants import EnrolmentFactory, PersonFactory


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Kamiński", "kaminski"),
        ("ŁÓDŹ", "lodz"),
        ("Żółć Gęślą", "zolc gesla"),
        (" Źdźbło ", "zdzblo"),
    ],
)
def test_text_is_compared_without_diacritics(typed, folded):
    assert fold(typed) == folded


@pytest.fixture
def kaminscy(world):
    people = [PersonFactory(last_name="Kamiński", first_name=name) for name in ("Jan", "Ewa")]
    for person in people:
        EnrolmentFactory(person=person, workshop=world.workshop)
    stranger = PersonFactory(last_name="Kamińska", first_name="Obca")
    EnrolmentFactory(person=stranger, workshop=world.far_workshop)
    return people, stranger


def search(client, q):
    with translation.override("pl"):
        return client.get("/search/", {"q": q}).content.decode()


def test_staff_find_people_as_they_type(world, kaminscy, client_for):
    (jan, ewa), _stranger = kaminscy
    client = client_for(world.staff)
    page = search(client, "kaminski")
    assert f"/participants/{jan.pk}/path/" in page
    assert f"/participants/{ewa.pk}/path/" in page
    assert "Obca" not in page  # another organiser's participant
    assert "ur. " in page  # namesakes told apart by their birth year
    only_ewa = search(client, "kaminski ewa")
    assert f"/participants/{ewa.pk}/path/" in only_ewa
    assert f"/participants/{jan.pk}/path/" not in only_ewa
    assert f"/participants/{jan.pk}/path/" in search(client, jan.pesel)
    assert AccessLog.objects.filter(person=jan, kind=AccessLog.Kind.LIST).exists()
    assert "Obca" not in search(client_for(world.manager), "kamin")
    assert "/participants/" not in search(client_for(world.officer), "kamin")


def test_admin_lists_search_without_diacritics(world, kaminscy, client_for):
    (jan, _ewa), _stranger = kaminscy
    client = client_for(world.staff)
    people = client.get("/admin/participants/person/", {"q": "kaminski jan"}).content.decode()
    assert f"/admin/participants/person/{jan.pk}/change/" in people
    enrolments = client.get("/admin/participants/enrolment/", {"q": "KAMINSKI"}).content.decode()
    assert enrolments.count("Kamiński") >= 2


def test_a_renamed_person_is_found_by_the_new_name(world, kaminscy):
    (jan, _ewa), _stranger = kaminscy
    jan.last_name = "Łęcki"
    jan.save(update_fields=["last_name"])
    assert Person.objects.get(pk=jan.pk).search_key.startswith("lecki jan")


def test_the_hub_links_each_list_narrowed_to_the_person(world, people, client_for):
    client = client_for(world.staff)
    link = f"/admin/participants/progressnote/?enrolment__person__id__exact={people.participant.pk}"
    with translation.override("pl"), time_machine.travel(D(2026, 12, 2), tick=False):
        page = client.get(f"/participants/{people.participant.pk}/path/").content.decode()
        notes = client.get(link)
    assert link in page
    assert notes.status_code == 200
    assert notes.context["cl"].result_count == 1
    # The manager's hub lists none of the therapy records.
    with translation.override("pl"), time_machine.travel(D(2026, 12, 2), tick=False):
        theirs = client_for(world.manager).get(f"/participants/{people.participant.pk}/path/")
    assert "progressnote" not in theirs.content.decode()
