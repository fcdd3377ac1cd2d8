"""A representative is shared across the organiser's workshops only as identity facts: who
represents the person and in what role. The phone and the documents go to administrators and to
the staff of a workshop that holds the person (registered or admitted there)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from participants.models import Representative
from tests.factories.accounts import UserFactory
from tests.factories.participants import RepresentativeFactory
from tests.factories.wtz import StaffAssignmentFactory, WorkshopFactory
from tests.participants.test_consent_withdrawal import form_data
from wtz.models import StaffAssignment

PHONE = "600 700 801"
DOCUMENT = "III RNs 77/21"
SCOPE = "Zarząd majątkiem i reprezentacja przed sądem"


@pytest.fixture
def guardian(world, people):
    """The guardian of the candidate, whom the staff's workshop registered and whom the
    organiser's reserve list holds."""
    return RepresentativeFactory(
        person=people.candidate,
        first_name="Halina",
        last_name="Strażnicka",
        phone=PHONE,
        decision_reference=DOCUMENT,
        authority_scope=SCOPE,
    )


@pytest.fixture
def sister_staff(world):
    """Staff of another workshop of the same organiser: they see the candidate through the
    organiser's reserve list, but their workshop does not hold the candidate."""
    sister = WorkshopFactory(
        name="WTZ Siostrzany", organiser=world.workshop.organiser, territory=world.gmina
    )
    user = UserFactory(username="sister_staff")
    StaffAssignmentFactory(user=user, workshop=sister, role=StaffAssignment.Role.MANAGER)
    return user


def details_in(text: str) -> list[str]:
    return [detail for detail in (PHONE, DOCUMENT, SCOPE) if detail in text]


def test_the_holding_workshop_and_administrators_see_the_details(
    world, people, guardian, client_for, api_for
):
    for user in (world.staff, world.instructor, world.admin):
        page = client_for(user).get(f"/admin/participants/person/{people.candidate.pk}/change/")
        assert page.status_code == 200
        assert details_in(page.content.decode()) == [PHONE, DOCUMENT, SCOPE]
        assert 'name="representatives-0-phone"' in page.content.decode()
        answer = api_for(user).get(f"/api/v1/representatives/{guardian.pk}/").json()
        assert (answer["phone"], answer["decision_reference"]) == (PHONE, DOCUMENT)


def test_another_workshop_of_the_organiser_sees_who_and_in_what_role_only(
    world, people, guardian, sister_staff, client_for
):
    page = client_for(sister_staff).get(f"/admin/participants/person/{people.candidate.pk}/change/")
    assert page.status_code == 200  # the organiser's reserve list shows them the person
    text = page.content.decode()
    assert "Strażnicka" in text
    assert "Halina" in text
    assert "opiekun prawny" in text  # the role, on a Polish page
    assert details_in(text) == []
    # Read only: the holders keep the record.
    assert 'name="representatives-0-last_name"' not in text
    assert 'name="representatives-TOTAL_FORMS"' in text  # the inline is there, to read
    assert "representatives-empty" not in text


def test_another_workshop_cannot_write_the_details_through_the_page(
    world, people, guardian, sister_staff, client_for
):
    client = client_for(sister_staff)
    url = f"/admin/participants/person/{people.candidate.pk}/change/"
    page = client.get(url)
    data = form_data(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        data.update(form_data(inline.formset.management_form))
        for inline_form in inline.formset.forms:
            data.update(form_data(inline_form))
    # What a forged form would send for the read-only row.
    data["representatives-0-id"] = str(guardian.pk)
    data["representatives-0-person"] = str(people.candidate.pk)
    data["representatives-0-phone"] = "111 222 333"
    data["representatives-0-last_name"] = "Podmieniona"
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["errors"]
    guardian.refresh_from_db()
    assert (guardian.phone, guardian.last_name) == (PHONE, "Strażnicka")


def test_the_api_gives_another_workshop_identity_only_and_no_writes(
    world, people, guardian, sister_staff, api_for
):
    api = api_for(sister_staff)
    listed = api.get("/api/v1/representatives/", {"person": people.candidate.pk}).json()
    [row] = listed["results"]
    assert (row["first_name"], row["last_name"]) == ("Halina", "Strażnicka")
    assert row["kind"] == Representative.Kind.LEGAL_GUARDIAN
    for field in Representative.DETAIL_FIELDS:
        assert row[field] is None, field
    detail = api.get(f"/api/v1/representatives/{guardian.pk}/").json()
    assert {field: detail[field] for field in Representative.DETAIL_FIELDS} == dict.fromkeys(
        Representative.DETAIL_FIELDS
    )

    changed = api.patch(f"/api/v1/representatives/{guardian.pk}/", {"phone": "111"}, format="json")
    assert changed.status_code == 400
    assert "person" in changed.json()
    added = api.post(
        "/api/v1/representatives/",
        {
            "person": people.candidate.pk,
            "kind": "carer",
            "first_name": "Jan",
            "last_name": "Dopisany",
            "phone": "111",
            "starts_on": "2024-01-01",
        },
        format="json",
    )
    assert added.status_code == 400
    guardian.refresh_from_db()
    assert guardian.phone == PHONE
    assert not Representative.objects.filter(last_name="Dopisany").exists()


def test_the_api_list_decides_each_row_in_the_same_query(
    world, people, guardian, sister_staff, api_for
):
    """Whether the details are shown is part of the list's query, not a query per row."""

    def read(user):
        with CaptureQueriesContext(connection) as captured:
            answer = api_for(user).get("/api/v1/representatives/").json()
        return len(captured), [row["phone"] for row in answer["results"]]

    users = (world.staff, sister_staff)
    for user in users:
        read(user)  # a user's first request fills caches (content types, the user's roles)
    few = {user: read(user) for user in users}
    for _ in range(5):
        RepresentativeFactory(person=people.candidate, phone=PHONE)
    many = {user: read(user) for user in users}
    assert many[world.staff] == (few[world.staff][0], [PHONE] * 6 + [""])
    assert many[sister_staff] == (few[sister_staff][0], [None] * 7)


def test_the_holder_still_writes_through_the_api(world, people, guardian, api_for):
    answer = api_for(world.staff).patch(
        f"/api/v1/representatives/{guardian.pk}/", {"phone": "501 502 503"}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["phone"] == "501 502 503"


def test_no_other_page_or_export_shows_a_representatives_details(
    world, people, guardian, sister_staff, client_for
):
    """Representatives have no list, history or export of their own: the person's page and the
    API are the only ways to them. The person's history and export show no representative."""
    with pytest.raises(NoReverseMatch):
        reverse("admin:participants_representative_changelist")
    with pytest.raises(NoReverseMatch):
        reverse("admin:participants_representative_history", args=[guardian.pk])
    client = client_for(sister_staff)
    export = client.get("/admin/export/participants/representative/csv/")
    assert export.status_code == 404
    people_export = client.get("/admin/export/participants/person/csv/")
    assert people_export.status_code == 200
    assert details_in(people_export.content.decode("utf-8-sig")) == []
    history = client.get(f"/admin/participants/person/{people.candidate.pk}/history/")
    assert history.status_code == 200
    assert details_in(history.content.decode()) == []


def test_a_representative_cannot_be_moved_onto_a_person_one_holds(
    world, people, guardian, sister_staff, api_for
):
    from tests.factories.participants import PersonFactory, RegistrationFactory

    sister = StaffAssignment.objects.get(user=sister_staff).workshop
    own = PersonFactory(residence=world.gmina)
    RegistrationFactory(person=own, workshop=sister)
    moved = api_for(sister_staff).patch(
        f"/api/v1/representatives/{guardian.pk}/", {"person": own.pk}, format="json"
    )
    assert moved.status_code == 400
    assert "person" in moved.json()
    guardian.refresh_from_db()
    assert guardian.person_id == people.candidate.pk


def test_a_holder_sending_null_details_clears_them(world, people, guardian, api_for):
    answer = api_for(world.staff).patch(
        f"/api/v1/representatives/{guardian.pk}/", {"authority_scope": None}, format="json"
    )
    assert answer.status_code == 200, answer.json()
    guardian.refresh_from_db()
    assert guardian.authority_scope == ""
