"""Everyone's own settings: the language of the pages and the daily e-mail."""

from django.utils import translation


def test_a_user_sets_their_language_and_the_digest(world, client_for):
    client = client_for(world.manager)
    with translation.override("pl"):
        page = client.get("/accounts/profile/")
    assert page.status_code == 200
    assert "codzienny e-mail" in page.content.decode().lower()
    saved = client.post("/accounts/profile/", {"language": "en", "wants_digest": ""})
    assert saved.status_code == 302
    world.manager.refresh_from_db()
    assert (world.manager.language, world.manager.wants_digest) == ("en", False)
    assert saved.cookies["sciezka_language"].value == "en"


def test_a_language_the_product_does_not_speak_is_refused(world, client_for):
    client = client_for(world.staff)
    with translation.override("pl"):
        refused = client.post("/accounts/profile/", {"language": "xx", "wants_digest": "on"})
    assert refused.status_code == 200
    assert "xx" in refused.content.decode()  # the error names the choice
    world.staff.refresh_from_db()
    assert world.staff.language == "pl"
