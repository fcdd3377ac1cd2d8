def test_a_signed_in_user_can_switch_to_english_and_it_is_remembered(client_for, world):
    client = client_for(world.officer)
    response = client.post("/accounts/language/", {"language": "en", "next": "/reports/"})
    assert response.status_code == 302
    assert response["Location"] == "/reports/"
    world.officer.refresh_from_db()
    assert world.officer.language == "en"
    page = client.get("/reports/").content.decode()
    assert '<html lang="en">' in page
    assert "Contracted places" in page


def test_the_users_choice_wins_over_the_browser(client_for, world):
    world.officer.language = "pl"
    world.officer.save()
    page = client_for(world.officer).get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="pl">' in page


def test_an_anonymous_visitor_switches_with_a_cookie(client, db):
    client.post("/accounts/language/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in page
    assert "Log in" in page


def test_an_unknown_language_or_foreign_redirect_is_ignored(client_for, world):
    client = client_for(world.officer)
    response = client.post(
        "/accounts/language/", {"language": "xx", "next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/"
    world.officer.refresh_from_db()
    assert world.officer.language == "pl"


def test_switching_language_needs_post(client, db):
    assert client.get("/accounts/language/").status_code == 405
