"""Saved views: a list as the user filtered it, kept under a name and opened again from the home
page; the ready-made ones each role finds there; nobody else's views, and no address that is
not a list of these pages."""

import pytest

from accounts.models import SavedView
from accounts.views import SAVED_VIEWS_PER_USER

pytestmark = pytest.mark.django_db

LIST = "/admin/employment/followup/?held=no&o=-3"


def test_a_user_saves_a_list_and_finds_it_on_the_home_page(world, client_for):
    client = client_for(world.staff)
    response = client.post("/accounts/views/", {"address": LIST, "name": "Moje monitoringi"})
    assert response["Location"] == LIST
    home = client.get("/admin/").content.decode()
    assert f'<a href="{LIST.replace("&", "&amp;")}">Moje monitoringi</a>' in home
    # The same name again keeps one view, at the new address.
    client.post(
        "/accounts/views/", {"address": "/admin/employment/followup/", "name": "Moje monitoringi"}
    )
    assert SavedView.objects.get(user=world.staff).address == "/admin/employment/followup/"


def test_ready_views_follow_what_the_user_may_read(world, client_for):
    staff_home = client_for(world.staff).get("/admin/").content.decode()
    assert "/admin/participants/enrolment/?exited_on__isnull=True" in staff_home
    manager_home = client_for(world.manager).get("/admin/").content.decode()
    assert "/admin/participants/enrolment/" not in manager_home
    assert "/admin/employment/employment/?ends_on__isnull=True" in manager_home


@pytest.mark.parametrize(
    "address", ["https://zly.example/admin/", "//zly.example/admin/", "/accounts/profile/", ""]
)
def test_only_a_list_of_these_pages_is_saved(world, client_for, address):
    client_for(world.staff).post("/accounts/views/", {"address": address, "name": "Obcy"})
    assert not SavedView.objects.exists()


def test_a_view_without_a_name_is_not_saved(world, client_for):
    response = client_for(world.staff).post("/accounts/views/", {"address": LIST, "name": "  "})
    assert response["Location"] == LIST
    assert not SavedView.objects.exists()


def test_nobody_deletes_or_sees_anothers_view(world, client_for):
    view = SavedView.objects.create(user=world.staff, name="Zaległe monitoringi", address=LIST)
    assert client_for(world.manager).post(f"/accounts/views/{view.pk}/delete/").status_code == 404
    assert "Zaległe monitoringi" not in client_for(world.manager).get("/admin/").content.decode()
    assert client_for(world.staff).post(f"/accounts/views/{view.pk}/delete/").status_code == 302
    assert not SavedView.objects.exists()


def test_a_user_keeps_a_bounded_number_of_views(world, client_for):
    SavedView.objects.bulk_create(
        SavedView(user=world.staff, name=f"Widok {index}", address=LIST)
        for index in range(SAVED_VIEWS_PER_USER)
    )
    client_for(world.staff).post("/accounts/views/", {"address": LIST, "name": "Jeszcze jeden"})
    assert SavedView.objects.filter(user=world.staff).count() == SAVED_VIEWS_PER_USER
