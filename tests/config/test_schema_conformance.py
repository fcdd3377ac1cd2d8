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
