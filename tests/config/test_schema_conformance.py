"""The API answers what its published schema says, for every role: every list and every record
of the cast's world, validated against the OpenAPI document the API serves."""

import copy

import jsonschema
import pytest

from config.api import router
from tests.conftest import ROLES


def as_json_schema(node):
    """OpenAPI 3.0 schema objects as JSON Schema: ``nullable`` becomes a null type (or a null
    alternative), and read-only markers stay harmless."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        document = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    return document.json()


def response_schema(schema, path, method="get", status="200"):
    operation = schema["paths"][path][method]
    content = operation["responses"][status]["content"]["application/json"]["schema"]
    definitions = as_json_schema(copy.deepcopy(schema["components"]["schemas"]))
    return {**as_json_schema(content), "components": {"schemas": definitions}}


def validate(body, schema):
    jsonschema.validate(body, schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("role", [role for role in ROLES if role != "anonymous"])
def test_every_answer_matches_the_published_schema(world, people, api_for, schema, role):
    from tests.config.test_permission_matrix import sample_objects

    sample_objects(world, people)  # a record of every kind
    api = api_for(world.user(role))
    checked = 0
    for prefix, _viewset, _basename in router.registry:
        listing = api.get(f"/api/v1/{prefix}/")
        if listing.status_code != 200:
            continue
        validate(listing.json(), response_schema(schema, f"/api/v1/{prefix}/"))
        checked += 1
        for row in listing.json()["results"][:3]:
            record = api.get(f"/api/v1/{prefix}/{row['id']}/")
            assert record.status_code == 200
            path = f"/api/v1/{prefix}/{{id}}/"
            validate(record.json(), response_schema(schema, path))
    assert checked or role == "officer"  # officers read aggregates, no endpoint here
    proposal = api.get("/api/v1/reserve-list/proposal/", {"workshop": world.workshop.pk})
    if proposal.status_code == 200:
        validate(proposal.json(), response_schema(schema, "/api/v1/reserve-list/proposal/"))


def assert_documented(schema, response, path, method):
    """The answer's status is one the operation lists, and its body is the one listed for it."""
    operation = schema["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], (path, method, status, response.content)
    validate(response.json(), response_schema(schema, path, method, status))


def test_every_operation_lists_the_refusals_it_can_give(schema):
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = set(operation["responses"])
            expected = set()
            if operation.get("security") and {} not in operation["security"]:
                expected |= {"401", "403"}
            if "{" in path or any(p["name"] == "page" for p in operation.get("parameters", [])):
                expected.add("404")
            if "requestBody" in operation:
                expected.add("400")
            if method in ("put", "patch") and path.startswith("/api/v1/") and "{id}" in path:
                expected |= {"409", "412"}
                headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
                if "If-Match" not in headers:
                    missing.append(f"{method.upper()} {path}: If-Match")
            missing += [f"{method.upper()} {path}: {code}" for code in expected - responses]
    assert not missing


@pytest.mark.parametrize(
    ("role", "path", "query"),
    [
        ("anonymous", "/api/v1/persons/", {}),  # no token: 401
        ("staff", "/api/v1/orders/", {}),  # not the staff's business: 403
        ("staff", "/api/v1/enrolments/", {"workshop": "0"}),  # a filter refused: 400
        ("staff", "/api/v1/enrolments/", {"search": "a\x00b"}),  # a search refused: 400
        ("staff", "/api/v1/enrolments/", {"page": "999"}),  # beyond the last page: 404
    ],
)
def test_a_refused_list_answers_as_documented(world, api_for, schema, role, path, query):
    response = api_for(world.user(role)).get(path, query)
    assert response.status_code >= 400
    assert_documented(schema, response, path, "get")


def test_a_record_out_of_scope_answers_as_documented(world, people, api_for, schema):
    response = api_for(world.staff).get(f"/api/v1/persons/{people.stranger.pk}/")
    assert response.status_code == 404
    assert_documented(schema, response, "/api/v1/persons/{id}/", "get")


def test_a_body_that_is_not_json_answers_as_documented(world, api_for, schema):
    response = api_for(world.staff).generic(
        "POST", "/api/v1/rooms/", b"\xef\xbb{", content_type="application/json"
    )
    assert response.status_code == 400
    assert "detail" in response.json()
    assert_documented(schema, response, "/api/v1/rooms/", "post")


def test_a_change_over_a_newer_version_answers_as_documented(world, api_for, schema):
    response = api_for(world.staff).patch(
        f"/api/v1/rooms/{world.room.pk}/",
        {"name": "Pracownia ceramiczna"},
        format="json",
        HTTP_IF_MATCH=f'"{world.room.version + 1}"',
    )
    assert response.status_code == 412
    assert_documented(schema, response, "/api/v1/rooms/{id}/", "patch")


def test_a_locked_out_token_request_answers_as_documented(world, schema):
    from rest_framework.test import APIClient

    from tests.accounts.test_login_security import LIMIT

    client = APIClient()
    for _ in range(LIMIT):
        response = client.post(
            "/api/v1/auth/token/", {"username": "staff", "password": "x"}, format="json"
        )
    assert response.status_code == 429
    assert_documented(schema, response, "/api/v1/auth/token/", "post")


def test_a_territory_out_of_reach_answers_as_documented(world, api_for, schema):
    response = api_for(world.officer).get(
        "/api/v1/reports/", {"territory": world.other_powiat.code, "period": "2024"}
    )
    assert response.status_code == 404
    assert_documented(schema, response, "/api/v1/reports/", "get")


def test_a_proposal_for_a_workshop_out_of_reach_answers_as_documented(world, api_for, schema):
    response = api_for(world.staff).get(
        "/api/v1/reserve-list/proposal/", {"workshop": world.far_workshop.pk}
    )
    assert response.status_code == 404
    assert_documented(schema, response, "/api/v1/reserve-list/proposal/", "get")


def test_an_admission_answers_201_as_documented(world, people, api_for, schema):
    response = api_for(world.staff).post(
        f"/api/v1/reserve-list/{people.candidate_entry.pk}/admit/",
        {"workshop": world.workshop.pk, "admitted_on": "2024-03-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert_documented(schema, response, "/api/v1/reserve-list/{id}/admit/", "post")


def test_a_register_answers_as_documented(world, people, api_for, schema):
    import datetime

    from participants import services

    services.room_assign(
        enrolment=people.enrolment, room=world.room, starts_on=datetime.date(2024, 1, 1)
    )
    code = "unexcused"  # so that a warning may come back
    response = api_for(world.staff).post(
        "/api/v1/attendance/register/",
        {"room": world.room.pk, "day": "2025-03-03", "codes": {str(people.enrolment.pk): code}},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert_documented(schema, response, "/api/v1/attendance/register/", "post")
    body_schema = schema["components"]["schemas"]["RegisterResult"]
    assert set(body_schema["required"]) == {"saved", "warnings"}


def test_an_approval_answers_with_its_warnings_as_documented(world, people, api_for, schema):
    from tests.participants.test_programme import complete

    complete(people.programme, world)
    response = api_for(world.staff).post(
        f"/api/v1/programmes/{people.programme.pk}/approve/",
        {"approved_on": "2023-03-20", "council": [world.staff.staff_assignments.get().pk]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert_documented(schema, response, "/api/v1/programmes/{id}/approve/", "post")
    assert "warnings" in schema["components"]["schemas"]["ApprovedProgramme"]["required"]
