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
