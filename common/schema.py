"""The published API schema lists every answer an operation can give, refusals included.

drf-spectacular documents only the answer of success; a client (and the schema-driven fuzzing in
CI) must also know the refusals. ``AutoSchema`` adds them to every operation by what the
operation is: a 400 where something sent can be refused, 401 and 403 where a token and a
permission are needed, a 404 where a record or a page is named, a 409 for a write that lost a
race, and 412 (with the ``If-Match`` header that causes it) for a change of a versioned record.
An operation that refuses for another reason lists it itself with ``extend_schema(responses=…)``;
what it lists wins.
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, inline_serializer
from rest_framework import serializers

from common.api import ScopedViewSetMixin
from common.models import VersionedModel

WRITES = ("POST", "PUT", "PATCH", "DELETE")
CHANGES = ("PUT", "PATCH", "DELETE")
# Query parameters that select what is shown and are never refused: an unknown ordering is
# ignored, and a page beyond the last is a 404. (A search is refused for a character no text can
# hold: it is a 400 like any filter.)
NEVER_REFUSED = {"ordering", "page"}

DETAIL = inline_serializer("ErrorDetail", {"detail": serializers.CharField()})
CONFLICT = inline_serializer(
    "Conflict",
    {
        "detail": serializers.CharField(help_text="what happened, in the user's language"),
        "code": serializers.CharField(help_text="'stale' or 'conflict'"),
    },
)
VALIDATION_ERRORS = {
    "type": "object",
    "description": (
        "Each refused field (or parameter) with its messages; ``non_field_errors`` for a rule "
        "about the record as a whole; a nested record's errors under its field."
    ),
    "additionalProperties": {
        "anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "object"}]
    },
}
UNREADABLE = {
    "type": "object",
    "description": "A body that is not JSON (or not the declared media type).",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}

BAD_REQUEST = OpenApiResponse(
    {"anyOf": [VALIDATION_ERRORS, UNREADABLE]}, description="Refused input."
)
UNAUTHENTICATED = OpenApiResponse(DETAIL, description="No token, or one that ended.")
FORBIDDEN = OpenApiResponse(DETAIL, description="The user's roles do not allow this.")
NOT_FOUND = OpenApiResponse(
    DETAIL, description="No such record within the user's scope, or no such page."
)
STALE_OR_CONFLICT = OpenApiResponse(
    CONFLICT,
    description="Another save came between reading and writing, or a rule of the database held.",
)
PRECONDITION_FAILED = OpenApiResponse(
    DETAIL, description="The record changed since the version ``If-Match`` names."
)
TOO_MANY_REQUESTS = OpenApiResponse(DETAIL, description="Too many requests; try again later.")

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    description=(
        "The ETag (version) the change is based on; a newer version on the server answers 412."
    ),
)


class AutoSchema(openapi.AutoSchema):
    def _versioned_record(self) -> bool:
        if not isinstance(self.view, ScopedViewSetMixin) or self.method not in CHANGES:
            return False
        queryset = getattr(self.view, "queryset", None)
        return queryset is not None and issubclass(queryset.model, VersionedModel)

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self._versioned_record():
            parameters = [*parameters, IF_MATCH]
        return parameters

    def _refusals(self) -> dict[int, OpenApiResponse]:
        refusals = {}
        query = {
            parameter["name"]
            for parameter in self._get_parameters()
            if parameter.get("in") == "query"
        }
        sends_data = self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer()
        if sends_data or query - NEVER_REFUSED:
            refusals[400] = BAD_REQUEST
        authentication = self.get_auth()
        if authentication and {} not in authentication:
            refusals[401] = UNAUTHENTICATED
            refusals[403] = FORBIDDEN
        if "{" in self.path or "page" in query:
            refusals[404] = NOT_FOUND
        if isinstance(self.view, ScopedViewSetMixin) and self.method in WRITES:
            refusals[409] = STALE_OR_CONFLICT
        if self._versioned_record():
            refusals[412] = PRECONDITION_FAILED
        return refusals

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, refusal in self._refusals().items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(
                    refusal, str(status), direction=direction
                )
        return responses
