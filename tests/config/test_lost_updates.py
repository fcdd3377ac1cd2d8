"""Two people, one record: a save over a newer version is refused with what changed (admin) or a
409/412 (API) and nothing is lost; a save that lost a race to a database constraint answers with
the constraint's own words, never a 500; a form sent twice saves once."""

import datetime

from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from common.api import exception_handler
from common.integrity import conflict_message
from common.middleware import ConflictMiddleware
from coop.models import SurplusAllocation
from employment.models import Employment
from participants.models import Person, ProgressNote
from tests.employment.test_admin import hire_form


def test_an_admin_save_over_a_newer_version_is_refused_with_what_changed(world, people, client_for):
    person = people.participant
    url = f"/admin/participants/person/{person.pk}/change/"
    mine = client_for(world.staff)
    page = mine.get(url)
    data = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    data |= {"residence": person.residence_id, "record_version": person.version}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {f"{management.prefix}-{name}": value for name, value in management.initial.items()}
    # Meanwhile a colleague corrects the last name.
    theirs = Person.objects.get(pk=person.pk)
    theirs.last_name = "Poprawiona"
    theirs.save()

    data["first_name"] = "Moja"
    response = mine.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "ktoś inny zmienił" in page.lower()
    assert "Poprawiona" in page  # what they changed
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == (theirs.first_name, "Poprawiona")


def test_the_api_says_which_version_it_shows_and_refuses_a_stale_one(world, people, api_for):
    api = api_for(world.staff)
    url = f"/api/v1/persons/{people.participant.pk}/"
    shown = api.get(url)
    etag = shown["ETag"]
    assert etag == f'"{people.participant.version}"'
    changed = api.patch(url, {"first_name": "Pierwsza"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    stale = api.patch(url, {"first_name": "Druga"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert Person.objects.get(pk=people.participant.pk).first_name == "Pierwsza"
    again = api.patch(url, {"first_name": "Druga"}, format="json", HTTP_IF_MATCH=changed["ETag"])
    assert again.status_code == 200


def test_a_save_over_a_newer_version_read_in_the_same_moment_is_a_409(world, people, api_for):
    """Without If-Match, the version read when the request began is the one saved over."""
    from participants.api import views

    original = views.PersonViewSet.get_object

    def read_then_someone_saves(viewset):
        obj = original(viewset)
        other = Person.objects.get(pk=obj.pk)
        other.last_name = "Szybsza"
        other.save()
        return obj

    views.PersonViewSet.get_object = read_then_someone_saves
    try:
        response = api_for(world.staff).patch(
            f"/api/v1/persons/{people.participant.pk}/", {"first_name": "Wolna"}, format="json"
        )
    finally:
        views.PersonViewSet.get_object = original
    assert response.status_code == 409
    assert response.json()["code"] == "stale"
    # (The other save ran on this request's connection, so it went back with it; in life it is
    # another person's, and stays.) This request's change was not saved over it.
    assert Person.objects.get(pk=people.participant.pk).first_name != "Wolna"


def duplicate_surplus(world):
    values = {
        "cooperative": world.cooperative,
        "year": 2024,
        "surplus": 100,
        "reserve_fund": 40,
        "reintegration": 40,
        "jobs_and_investment": 20,
    }
    SurplusAllocation.objects.create(**values)
    try:
        with transaction.atomic():
            SurplusAllocation.objects.create(**values)
    except IntegrityError as error:
        return error
    raise AssertionError("the database took a duplicate")


def test_a_constraint_the_database_held_is_explained_in_its_own_words(world):
    error = duplicate_surplus(world)
    assert conflict_message(error) == "Nadwyżka za ten rok jest już podzielona."


def test_the_api_answers_a_lost_race_with_409_and_the_rule(world):
    response = exception_handler(duplicate_surplus(world), {})
    assert response.status_code == 409
    assert response.data == {
        "detail": "Nadwyżka za ten rok jest już podzielona.",
        "code": "conflict",
    }


def test_a_page_answers_a_lost_race_with_a_polish_page_that_leads_back(world):
    request = RequestFactory().post("/participants/notes/new/", HTTP_REFERER="http://testserver/x/")
    request.user = world.staff
    response = ConflictMiddleware(lambda r: HttpResponse()).process_exception(
        request, duplicate_surplus(world)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nie zapisano" in page
    assert "Nadwyżka za ten rok jest już podzielona." in page
    assert 'href="http://testserver/x/"' in page


def test_a_quick_note_sent_twice_is_saved_once(world, people, client_for):
    people.programme.approved_on = "2023-03-20"
    people.programme.save()
    client = client_for(world.staff)
    page = client.get("/participants/notes/new/", {"person": people.participant.pk})
    token = page.context["form_token"]
    goal = people.note.goal
    data = {
        "form_token": token,
        "person": people.participant.pk,
        "goal": goal.pk,
        "rating": 3,
        "text": "Samodzielnie dojechała.",
        "written_on": "2025-03-12",
    }
    before = ProgressNote.objects.count()
    first = client.post("/participants/notes/new/", data)
    second = client.post("/participants/notes/new/", data, follow=True)
    assert first.status_code == 302
    assert ProgressNote.objects.count() == before + 1, first.content
    assert "jest już zapisana" in second.content.decode()


def test_a_hire_sent_twice_from_the_admin_hires_once(world, people, client_for):
    client = client_for(world.manager)
    url = "/admin/employment/employment/add/"
    token = client.get(url).context["form_token"]
    data = {**hire_form(world, people), "form_token": token}
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert Employment.objects.count() == 1
    assert "już wysłany i zapisany" in second.content.decode()


def test_every_admin_form_carries_its_one_time_token(world, people, client_for):
    page = client_for(world.staff).get(
        f"/admin/participants/person/{people.participant.pk}/change/"
    )
    html = page.content.decode()
    assert 'name="form_token"' in html
    assert 'name="record_version"' in html
    assert page.context["form_token"] in html


def test_a_form_sent_without_a_token_is_still_saved(world, people, client_for):
    data = hire_form(world, people)
    assert (
        client_for(world.manager).post("/admin/employment/employment/add/", data).status_code == 302
    )


def test_a_refusal_that_escaped_a_page_is_a_polish_400_that_leads_back(world):
    from organisations.policy import Key, MissingPolicyParameter

    request = RequestFactory().get("/coop/compliance/", HTTP_REFERER="http://testserver/y/")
    request.user = world.manager
    with translation.override("pl"):
        response = ConflictMiddleware(lambda r: HttpResponse()).process_exception(
            request, MissingPolicyParameter(Key.PS_MIN_EMPLOYEES, datetime.date(2022, 10, 29))
        )
    assert response.status_code == 400
    page = response.content.decode()
    assert "nie jest znana wartość parametru" in page
    assert 'href="http://testserver/y/"' in page
