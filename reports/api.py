"""``GET /api/v1/reports/?territory=3002&period=2025``: the dashboard's protected figures, as
JSON."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from common.schema import NOT_FOUND
from reports import money
from reports.dashboard import may_read_outcomes
from reports.query import read_query


class FigureSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    unit = serializers.CharField(required=False, help_text="'zł' for an amount of money")
    value = serializers.FloatField(
        allow_null=True, help_text="null unless the status is 'shown' (or a rate of zero)"
    )
    status = serializers.ChoiceField(
        ["shown", "small", "hidden", "pending"],
        help_text=(
            "small: 1 to threshold-1 people; hidden: hidden so that no small number can be "
            "recovered by subtraction, or a rate or median over too few people; pending: not "
            "measurable yet"
        ),
    )


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()
    figures = FigureSerializer(many=True)


class AssumptionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="the query parameter that changes it")
    label = serializers.CharField()
    unit = serializers.ChoiceField(["%", "zł"])
    value = serializers.FloatField(allow_null=True, help_text="the value used")
    recorded = serializers.FloatField(allow_null=True, help_text="the recorded policy value")
    source = serializers.CharField(allow_null=True)


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    figures = FigureSerializer(many=True, required=False)
    columns = serializers.ListField(child=serializers.CharField(), required=False)
    rows = RowSerializer(many=True, required=False)
    note = serializers.CharField(required=False)
    assumptions = AssumptionSerializer(many=True, required=False)
    not_counted = serializers.ListField(child=serializers.CharField(), required=False)


class TerritorySerializer(serializers.Serializer):
    code = serializers.CharField(help_text="TERYT code; PL for the whole country")
    name = serializers.CharField()
    level = serializers.ChoiceField(["country", "voivodeship", "powiat", "gmina"])


class PeriodSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()


class DashboardSerializer(serializers.Serializer):
    territory = TerritorySerializer()
    period = PeriodSerializer()
    threshold = serializers.IntegerField(help_text="the smallest number of people shown")
    headline = FigureSerializer(many=True)
    sections = SectionSerializer(many=True)


class ReportView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="reports_retrieve",
        summary="Outcomes of a territory in a fixed period",
        description=(
            "Aggregates only, never a person's data (docs/REPORTS.md). Scoped like the page: "
            "officers read their territories, managers the powiats of what they run. A bad "
            "period answers 400 naming the parameter; a territory out of reach answers 404."
        ),
        parameters=[
            OpenApiParameter(
                "territory",
                OpenApiTypes.STR,
                description=(
                    "TERYT code of a territory the user reads, or PL for the whole country "
                    "(for those who read every voivodeship); default: the first"
                ),
            ),
            OpenApiParameter(
                "period",
                OpenApiTypes.STR,
                description="2025, 2025-Q3 or 2025-07; ended periods only (default: last year)",
            ),
            *(
                OpenApiParameter(
                    assumption.field,
                    OpenApiTypes.DECIMAL,
                    description=(
                        f"What-if for the public balance ({assumption.unit}); the recorded "
                        "value when left out. A negative value, or a percentage above 100, "
                        "answers 400 naming it."
                    ),
                )
                for assumption in money.ASSUMPTIONS
            ),
        ],
        responses={200: DashboardSerializer, 404: NOT_FOUND},
    )
    def get(self, request):
        if not may_read_outcomes(request.user):
            raise PermissionDenied
        today = timezone.localdate()
        try:
            query = read_query(request.user, request.query_params, today)
        except ValidationError as error:
            raise BadRequest(error.message_dict) from error
        if query.assumptions_form.errors:
            raise BadRequest(
                {name: list(messages) for name, messages in query.assumptions_form.errors.items()}
            )
        dashboard = query.dashboard(today)
        return Response(dashboard.as_json())
