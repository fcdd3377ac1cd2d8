"""``GET /api/v1/reports/?territory=3002&period=2025``: the dashboard's protected figures, as
JSON."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.response import Response

from reports.dashboard import build, may_read_outcomes
from reports.query import read_query


class ReportViewSet(viewsets.ViewSet):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        summary="Outcomes of a territory in a fixed period",
        description=(
            "Aggregates only: counts from 1 to the threshold are returned with status 'small' and "
            "no value; figures hidden so that no small count can be recovered by subtraction have "
            "status 'hidden'; figures not measurable yet have status 'pending'."
        ),
        parameters=[
            OpenApiParameter(
                "territory",
                OpenApiTypes.STR,
                description="TERYT code of a territory the user reads (default: the first)",
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="2025, 2025-Q3 or 2025-07; ended periods only (default: last year)",
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request, *args, **kwargs):
        if not may_read_outcomes(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            query = read_query(request.user, request.query_params, today)
        except ValidationError as error:
            raise BadRequest(error.message_dict) from error
        return Response(build(query.territory, query.period, today).as_json())
