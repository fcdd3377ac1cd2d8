import datetime

import pytest
import time_machine
from rest_framework.test import APIClient

from tests.factories.accounts import PASSWORD


def token_for(client: APIClient, username: str) -> dict:
    response = client.post(
        "/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_the_router_root_requires_authentication(db):
    response = APIClient().get("/api/v1/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/workshops/", "/api/v1/rooms/"])
def test_every_endpoint_refuses_anonymous_requests(db, path):
    assert APIClient().get(path).status_code == 401


def test_a_token_is_issued_for_good_credentials_and_then_authenticates(world):
    client = APIClient()
    body = token_for(client, "staff")
    assert set(body) == {"token", "expiry"}
    client.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    response = client.get("/api/v1/workshops/")
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["WTZ Czarnków"]


def test_only_a_hash_of_the_token_is_stored(world):
    from knox.models import AuthToken

    token = token_for(APIClient(), "staff")["token"]
    stored = AuthToken.objects.get(user=world.staff)
    assert token not in (stored.digest, stored.token_key)
    assert len(stored.digest) == 128


def test_bad_credentials_get_a_400_naming_the_problem_in_polish(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "staff", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Nie można zalogować się przy użyciu podanych danych."]
    }


def test_a_token_request_without_a_password_names_the_field(world):
    response = APIClient().post("/api/v1/auth/token/", {"username": "staff"}, format="json")
    assert response.status_code == 400
    assert "password" in response.json()


def test_a_token_expires(world):
    client = APIClient()
    token = token_for(client, "staff")["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=11)):
        assert client.get("/api/v1/workshops/").status_code == 401


def test_a_made_up_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "a" * 64)
    assert client.get("/api/v1/workshops/").status_code == 401


def test_token_requests_are_throttled(world, settings):
    settings.AXES_ENABLED = False  # the throttle alone, behind the login lockout
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "staff", "password": "x"}, format="json"
        ).status_code
        for _ in range(25)
    ]
    assert statuses[:20] == [400] * 20
    assert statuses[-1] == 429


def test_the_schema_is_public_and_describes_the_endpoints(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/workshops/", "/api/v1/rooms/", "/api/v1/auth/token/"} <= set(schema["paths"])


def test_the_docs_page_is_public_and_loads_nothing_from_the_internet(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page  # the split view keeps scripts out of the HTML
