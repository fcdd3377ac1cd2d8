"""WTZ staff work only with their own workshops: other workshops answer 404 and cannot be chosen."""

import pytest

from wtz.models import Room, Workshop


def test_staff_list_only_their_workshops_in_the_admin(client_for, world):
    response = client_for(world.staff).get("/admin/wtz/workshop/")
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [world.workshop]


def test_staff_list_only_their_workshops_in_the_api(api_for, world):
    response = api_for(world.instructor).get("/api/v1/workshops/")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [world.workshop.pk]
    assert response.json()["results"][0]["places"] == 30


@pytest.mark.parametrize("suffix", ["change/", "history/", "delete/"])
def test_another_workshop_in_the_admin_answers_404(client_for, world, suffix):
    url = f"/admin/wtz/workshop/{world.far_workshop.pk}/{suffix}"
    assert client_for(world.staff).get(url).status_code == 404


def test_a_missing_workshop_answers_the_same_404(client_for, world):
    assert client_for(world.staff).get("/admin/wtz/workshop/999999/change/").status_code == 404


def test_another_workshop_in_the_api_answers_404(api_for, world):
    client = api_for(world.staff)
    assert client.get(f"/api/v1/workshops/{world.far_workshop.pk}/").status_code == 404
    assert client.get(f"/api/v1/rooms/{world.far_room.pk}/").status_code == 404


def test_the_admin_refuses_a_room_in_another_workshop_as_an_invalid_choice(client_for, world):
    response = client_for(world.staff).post(
        "/admin/wtz/room/add/",
        {"workshop": world.far_workshop.pk, "name": "Pracownia ceramiczna", "is_active": "on"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Wybierz poprawną wartość" in errors["workshop"][0]
    assert not Room.objects.filter(name="Pracownia ceramiczna").exists()


def test_the_admin_offers_only_the_staff_members_workshops(client_for, world):
    response = client_for(world.staff).get("/admin/wtz/room/add/")
    choices = response.context["adminform"].form.fields["workshop"].queryset
    assert list(choices) == [world.workshop]


def test_the_api_refuses_a_room_in_another_workshop_as_if_it_did_not_exist(api_for, world):
    response = api_for(world.staff).post(
        "/api/v1/rooms/",
        {"workshop": world.far_workshop.pk, "name": "Pracownia ceramiczna"},
        format="json",
    )
    assert response.status_code == 400
    assert "nie istnieje" in response.json()["workshop"][0]
    assert not Room.objects.filter(name="Pracownia ceramiczna").exists()


def test_the_workshop_manager_adds_and_renames_rooms_in_the_api(api_for, world):
    client = api_for(world.staff)
    created = client.post(
        "/api/v1/rooms/", {"workshop": world.workshop.pk, "name": "Pracownia ceramiczna"}
    )
    assert created.status_code == 201, created.content
    renamed = client.patch(f"/api/v1/rooms/{created.json()['id']}/", {"name": "Ceramika"})
    assert renamed.status_code == 200
    assert Room.objects.get(pk=created.json()["id"]).name == "Ceramika"


def test_a_duplicate_room_name_is_a_field_error(api_for, world):
    response = api_for(world.staff).post(
        "/api/v1/rooms/", {"workshop": world.workshop.pk, "name": world.room.name}
    )
    assert response.status_code == 400
    assert response.json() == {"name": ["Warsztat ma już pracownię o tej nazwie."]}


def test_an_instructor_reads_rooms_but_cannot_add_or_change_them(api_for, client_for, world):
    api = api_for(world.instructor)
    assert api.get(f"/api/v1/rooms/{world.room.pk}/").status_code == 200
    assert (
        api.post("/api/v1/rooms/", {"workshop": world.workshop.pk, "name": "X"}).status_code == 403
    )
    assert api.patch(f"/api/v1/rooms/{world.room.pk}/", {"name": "X"}).status_code == 403
    admin = client_for(world.instructor)
    response = admin.post(
        f"/admin/wtz/room/{world.room.pk}/change/",
        {"workshop": world.workshop.pk, "name": "X", "is_active": "on"},
    )
    assert response.status_code == 403
    world.room.refresh_from_db()
    assert world.room.name == "Pracownia stolarska"


def test_only_the_head_of_a_workshop_may_change_it(client_for, world):
    page = client_for(world.staff).get(f"/admin/wtz/workshop/{world.workshop.pk}/change/")
    assert page.context["has_change_permission"] is True
    page = client_for(world.instructor).get(f"/admin/wtz/workshop/{world.workshop.pk}/change/")
    assert page.context["has_change_permission"] is False


def test_staff_cannot_move_their_workshop_to_another_organiser(client_for, world):
    page = client_for(world.staff).get(f"/admin/wtz/workshop/{world.workshop.pk}/change/")
    assert {"organiser", "territory"} <= set(page.context["adminform"].readonly_fields)


def test_managers_and_officers_see_no_workshop_rows(api_for, world):
    assert api_for(world.manager).get("/api/v1/workshops/").status_code == 403
    assert api_for(world.officer).get("/api/v1/workshops/").status_code == 403
    assert not Workshop.objects.visible_to(world.manager).exists()
    assert not Workshop.objects.visible_to(world.officer).exists()


def test_an_administrator_sees_every_workshop(api_for, world):
    response = api_for(world.admin).get("/api/v1/workshops/")
    assert response.json()["count"] == 3
