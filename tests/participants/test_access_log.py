"""Every read of a person's data is logged: records, lists, API pages — and the log only grows."""

import pytest

from participants.models import AccessLog


def logged(user, kind):
    return set(AccessLog.objects.filter(user=user, kind=kind).values_list("person", flat=True))


def test_opening_a_person_in_the_admin_is_logged(world, people, client_for):
    client_for(world.staff).get(f"/admin/participants/person/{people.participant.pk}/change/")
    entry = AccessLog.objects.get(user=world.staff)
    assert entry.person == people.participant
    assert entry.kind == AccessLog.Kind.RECORD
    assert entry.where == f"/admin/participants/person/{people.participant.pk}/change/"


def test_an_admin_list_logs_every_person_on_the_page(world, people, client_for):
    client_for(world.staff).get("/admin/participants/person/")
    assert logged(world.staff, "list") == {
        people.candidate.pk,
        people.participant.pk,
        people.former.pk,
    }


def test_records_about_a_person_log_that_person(world, people, client_for):
    client = client_for(world.staff)
    client.get(f"/admin/participants/disabilitycertificate/{people.certificate.pk}/change/")
    client.get(f"/admin/participants/enrolment/{people.enrolment.pk}/history/")
    assert logged(world.staff, "record") == {people.participant.pk}
    assert AccessLog.objects.filter(user=world.staff).count() == 2


def test_api_pages_and_records_are_logged(world, people, api_for):
    client = api_for(world.staff)
    client.get("/api/v1/certificates/")
    client.get(f"/api/v1/persons/{people.candidate.pk}/")
    assert logged(world.staff, "list") == {people.candidate.pk, people.participant.pk}
    assert logged(world.staff, "record") == {people.candidate.pk}


def test_a_refused_read_logs_nothing(world, people, api_for, client_for):
    api_for(world.staff).get(f"/api/v1/persons/{people.stranger.pk}/")
    client_for(world.manager).get(f"/admin/participants/person/{people.participant.pk}/change/")
    assert not AccessLog.objects.exists()


def test_opening_a_scan_is_logged(world, people, client_for):
    from django.core.files.base import ContentFile

    people.certificate.scan.save("scan.pdf", ContentFile(b"%PDF-1.4"))
    response = client_for(world.staff).get(
        f"/participants/certificates/{people.certificate.pk}/scan/"
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4"
    assert logged(world.staff, "record") == {people.participant.pk}


def test_the_access_log_is_append_only(world, people, client_for):
    client_for(world.staff).get(f"/admin/participants/person/{people.participant.pk}/change/")
    entry = AccessLog.objects.get()
    entry.kind = AccessLog.Kind.EXPORT
    with pytest.raises(ValueError, match="append-only"):
        entry.save()


def test_every_admin_and_viewset_of_personal_data_logs_reads():
    from django.contrib import admin

    from config.api import router
    from participants.access import PersonDataAdminMixin, PersonDataViewSetMixin

    for model, model_admin in admin.site._registry.items():
        if hasattr(model, "person_path"):
            assert isinstance(model_admin, PersonDataAdminMixin), model
    for _prefix, viewset, _basename in router.registry:
        model = viewset.queryset.model
        if hasattr(model, "person_path"):
            assert issubclass(viewset, PersonDataViewSetMixin), viewset


def test_changes_are_kept_in_the_history(world, people, client_for):
    person = people.participant
    person.first_name = "Zmienione"
    person.save()
    assert person.history.count() == 2
    page = client_for(world.staff).get(f"/admin/participants/person/{person.pk}/history/")
    assert page.status_code == 200
    assert "Zmienione" in page.content.decode()


def test_an_autocomplete_search_logs_the_people_it_returns(world, people, client_for):
    response = client_for(world.staff).get(
        "/admin/autocomplete/",
        {
            "term": "Uczestnicka",
            "app_label": "participants",
            "model_name": "disabilitycertificate",
            "field_name": "person",
        },
    )
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(people.participant.pk)]
    assert logged(world.staff, "choice") == {people.participant.pk}


def test_a_person_autocomplete_logs_one_row_per_person_returned_and_no_other(
    world, people, client_for
):
    client = client_for(world.staff)

    def lookup(term):
        response = client.get(
            "/admin/autocomplete/",
            {
                "term": term,
                "app_label": "participants",
                "model_name": "consent",
                "field_name": "person",
            },
        )
        assert response.status_code == 200
        return {int(result["id"]) for result in response.json()["results"]}

    returned = lookup("cka")  # Kandydacka, Uczestnicka — and Obca's workshop is not theirs
    assert returned == {people.candidate.pk, people.participant.pk}
    rows = AccessLog.objects.filter(user=world.staff)
    assert sorted(rows.values_list("person", flat=True)) == sorted(returned)
    assert set(rows.values_list("kind", flat=True)) == {AccessLog.Kind.CHOICE}
    assert all(row.where.startswith("/admin/autocomplete/") for row in rows)

    assert lookup("obca") == set()  # a search that returns nobody logs nobody
    assert rows.count() == len(returned)


def test_an_api_search_logs_exactly_the_people_it_returns(world, people, api_for):
    response = api_for(world.staff).get("/api/v1/persons/", {"search": "Uczestnicka"})
    assert [row["id"] for row in response.json()["results"]] == [people.participant.pk]
    assert logged(world.staff, "list") == {people.participant.pk}
    assert AccessLog.objects.filter(user=world.staff).count() == 1


def test_the_proposal_for_a_place_logs_the_people_it_names(world, people, api_for):
    response = api_for(world.staff).get(
        "/api/v1/reserve-list/proposal/", {"workshop": world.workshop.pk}
    )
    assert response.status_code == 200
    named = {proposal["person"] for proposal in response.json()}
    assert named
    assert logged(world.staff, "list") == named


def test_a_form_that_offers_people_as_choices_logs_them(world, people, client_for):
    # The referral's consent and readiness selects name the people they belong to.
    response = client_for(world.staff).get("/admin/participants/referral/add/")
    assert response.status_code == 200
    assert people.participant.last_name in response.content.decode()
    assert people.participant.pk in logged(world.staff, "choice")


def test_a_page_of_a_record_without_a_person_logs_the_people_of_its_rows(world, people, client_for):
    from coop.models import Order, OrderAssignment
    from tests.employment.conftest import job as a_job

    job = a_job(people.participant, world.cooperative, starts_on="2024-06-03")
    job.save()
    order = Order.objects.create(
        cooperative=world.cooperative,
        client=world.workshop.organiser,
        title="Sprzątanie",
        route="below_threshold",
        net_value=90000,
        awarded_on="2024-05-20",
        starts_on="2024-06-03",
    )
    OrderAssignment.objects.create(
        order=order,
        person=people.participant,
        role="employee",
        employment=job,
        weekly_hours=20,
        starts_on="2024-06-03",
    )
    client = client_for(world.manager)
    for url in (
        f"/admin/coop/order/{order.pk}/change/",
        f"/admin/coop/order/{order.pk}/history/",
    ):
        assert client.get(url).status_code == 200
        assert AccessLog.objects.filter(
            user=world.manager, person=people.participant, where=url
        ).exists(), url


def test_a_deletion_page_logs_whom_it_shows(world, people, client_for):
    url = f"/admin/participants/person/{people.participant.pk}/delete/"
    assert client_for(world.admin).get(url).status_code == 200
    assert logged(world.admin, "record") == {people.participant.pk}


def test_who_read_a_record_outlives_the_record(world, people, client_for):
    person_id = people.stranger.pk
    client_for(world.admin).get(f"/admin/participants/person/{person_id}/change/")
    people.stranger.certificates.all().delete()
    people.stranger_enrolment.delete()
    people.stranger.delete()
    entry = AccessLog.objects.get(user=world.admin, kind="record")
    assert entry.person is None
    assert entry.person_ref == person_id


def test_every_admin_whose_pages_show_people_logs_them(world, client_for):
    """An admin whose model is about a person, whose inlines hold people, or whose forms offer
    people as choices must log what it shows."""
    from django.contrib import admin
    from django.test import RequestFactory

    from participants.access import PersonDataAdminMixin

    request = RequestFactory().get("/")
    request.user = world.admin
    for model, model_admin in admin.site._registry.items():
        shows_people = hasattr(model, "person_path") or any(
            hasattr(inline.model, "person_path")
            for inline in model_admin.get_inline_instances(request)
        )
        form = model_admin.get_form(request)
        shows_people |= any(
            hasattr(getattr(getattr(field, "queryset", None), "model", None), "person_path")
            for field in form.base_fields.values()
        )
        if shows_people:
            assert isinstance(model_admin, PersonDataAdminMixin), model
