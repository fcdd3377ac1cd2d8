from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import ModelValidationMixin, ScopedModelSerializer
from coop import services
from coop.models import (
    GrantAgreement,
    GrantedJob,
    Order,
    OrderAssignment,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SocialStatus,
    SurplusAllocation,
)
from coop.statuses import ACTS
from employment import scoping as employment_scoping
from employment.api.serializers import ChosenFrom


class OrderSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = Order
        fields = (
            "id",
            "cooperative",
            "client",
            "title",
            "reference",
            "route",
            "net_value",
            "bid_on",
            "awarded_on",
            "starts_on",
            "ends_on",
            "is_business_activity",
            "notes",
        )


class OrderDetailSerializer(OrderSerializer):
    """One order, with what to watch: JST-01 (the reserved contract's share of employees from the
    listed groups on the bid day) and JST-03 (a repeated reserved social-services award)."""

    warnings = serializers.SerializerMethodField()

    class Meta(OrderSerializer.Meta):
        fields = (*OrderSerializer.Meta.fields, "warnings")

    def get_warnings(self, order) -> list[str]:
        return services.order_warnings(order)


class OrderAssignmentSerializer(ModelValidationMixin, ScopedModelSerializer):
    person = ChosenFrom(
        employment_scoping.persons_for, queryset=OrderAssignment.person.field.related_model.objects
    )

    class Meta:
        model = OrderAssignment
        fields = (
            "id",
            "order",
            "person",
            "role",
            "employment",
            "placement",
            "weekly_hours",
            "starts_on",
            "ends_on",
        )


class PersonMembershipSerializer(ModelValidationMixin, ScopedModelSerializer):
    person = ChosenFrom(
        employment_scoping.persons_for, queryset=PersonMembership.person.field.related_model.objects
    )

    class Meta:
        model = PersonMembership
        fields = (
            "id",
            "cooperative",
            "person",
            "is_founder",
            "starts_on",
            "ends_on",
        )


class SocialStatusSerializer(ModelValidationMixin, ScopedModelSerializer):
    person = ChosenFrom(
        employment_scoping.persons_for, queryset=SocialStatus.person.field.related_model.objects
    )
    counted_by = serializers.SerializerMethodField(
        help_text=_("The acts whose list of groups counts this status.")
    )

    class Meta:
        model = SocialStatus
        fields = (
            "id",
            "cooperative",
            "person",
            "kind",
            "starts_on",
            "ends_on",
            "evidence",
            "counted_by",
        )

    def get_counted_by(self, status) -> list[str]:
        return [act.source for act in ACTS if status.kind in act.counts]


class OrganisationMembershipSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = OrganisationMembership
        fields = ("id", "cooperative", "organisation", "is_founder", "starts_on", "ends_on")


class SurplusAllocationSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = SurplusAllocation
        fields = (
            "id",
            "cooperative",
            "year",
            "surplus",
            "reserve_fund",
            "reintegration",
            "jobs_and_investment",
            "resolution",
        )


class SurplusAllocationDetailSerializer(SurplusAllocationSerializer):
    """One year's allocation, with what SC-10 says of it."""

    warnings = serializers.SerializerMethodField()

    class Meta(SurplusAllocationSerializer.Meta):
        fields = (*SurplusAllocationSerializer.Meta.fields, "warnings")

    def get_warnings(self, allocation) -> list[str]:
        return allocation.warnings()


class GrantAgreementSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = GrantAgreement
        fields = ("id", "cooperative", "owes", "reference", "signed_on")


class GrantedJobSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = GrantedJob
        fields = ("id", "agreement", "employment", "fte", "amount", "support_until", "keep_until")
        read_only_fields = ("keep_until",)


class ReintegrationPlanSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = ReintegrationPlan
        fields = (
            "id",
            "employment",
            "situation",
            "actions",
            "expected_effects",
            "starts_on",
            "ends_on",
        )
