from rest_framework import serializers

from common.api import ModelValidationMixin, ScopedModelSerializer
from coop import rules
from coop.models import (
    GrantAgreement,
    GrantedJob,
    Order,
    OrderAssignment,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SurplusAllocation,
)
from employment import scoping as employment_scoping
from employment.api.serializers import ChosenFrom
from employment.models import Employment


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
        jobs = Employment.objects.filter(cooperative=order.cooperative_id)
        share = rules.reserved_contract_warning(order, jobs)
        return [*order.warnings(), *([share] if share else [])]


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
            "disadvantaged_group",
            "disadvantaged_evidence",
        )


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
