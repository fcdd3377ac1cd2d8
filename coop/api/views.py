"""The cooperative's own records in the API: orders and who works on them, members (legal persons
and people), the surplus, OWES grants and granted jobs, reintegration plans."""

from rest_framework import mixins, viewsets

from common.api import RolePermissions, ScopedViewSetMixin
from coop import rules, services
from coop.api import filters, serializers
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
from participants.api.views import PersonDataViewSet


class OrderViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The cooperative's orders by procurement route; one order's answer carries its warnings."""

    permission_classes = [RolePermissions]
    queryset = Order.objects.select_related("client")
    filterset_class = filters.OrderFilter
    ordering_fields = ("awarded_on", "net_value")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.OrderSerializer
        return serializers.OrderDetailSerializer

    def perform_update(self, serializer):
        order = serializer.instance
        order.is_business_activity = serializer.validated_data.get(
            "is_business_activity", order.is_business_activity
        )
        rules.check_order_volunteers(order)
        super().perform_update(serializer)


class OrderAssignmentViewSet(PersonDataViewSet):
    """Who works on which order (SC-08: never a volunteer on business activity)."""

    queryset = OrderAssignment.objects.select_related("order")
    serializer_class = serializers.OrderAssignmentSerializer
    filterset_class = filters.OrderAssignmentFilter
    ordering_fields = ("starts_on",)


class PersonMembershipViewSet(PersonDataViewSet):
    """The cooperative's members who are people."""

    queryset = PersonMembership.objects.all()
    serializer_class = serializers.PersonMembershipSerializer
    filterset_class = filters.PersonMembershipFilter
    ordering_fields = ("starts_on",)

    def perform_create(self, serializer):
        membership = PersonMembership(**serializer.validated_data)
        serializer.instance = services.membership_record(membership)

    def perform_update(self, serializer):
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        services.membership_record(serializer.instance)


class SocialStatusViewSet(PersonDataViewSet):
    """The situations of the cooperative's people that the law counts, dated, with evidence."""

    queryset = SocialStatus.objects.select_related("person")
    serializer_class = serializers.SocialStatusSerializer
    filterset_class = filters.SocialStatusFilter
    ordering_fields = ("starts_on",)


class OrganisationMembershipViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The cooperative's members that are legal persons (its founders among them)."""

    queryset = OrganisationMembership.objects.select_related("organisation")
    serializer_class = serializers.OrganisationMembershipSerializer
    permission_classes = [RolePermissions]
    filterset_fields = ("cooperative", "is_founder")


class CooperativeRecordViewSet(
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    permission_classes = [RolePermissions]


class SurplusAllocationViewSet(CooperativeRecordViewSet):
    """Each year's surplus and its allocation (SC-10)."""

    queryset = SurplusAllocation.objects.all()
    filterset_fields = ("cooperative", "year")

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.SurplusAllocationSerializer
        return serializers.SurplusAllocationDetailSerializer


class GrantAgreementViewSet(CooperativeRecordViewSet):
    """OWES grant agreements."""

    queryset = GrantAgreement.objects.all()
    serializer_class = serializers.GrantAgreementSerializer
    filterset_fields = ("cooperative", "owes")


class GrantedJobViewSet(PersonDataViewSet):
    """The jobs a grant created, each kept until its date (OWES-01)."""

    queryset = GrantedJob.objects.all()
    serializer_class = serializers.GrantedJobSerializer
    filterset_fields = ("agreement", "employment")


class ReintegrationPlanViewSet(PersonDataViewSet):
    """Individual reintegration plans of employees at risk of social exclusion (PS-03)."""

    queryset = ReintegrationPlan.objects.all()
    serializer_class = serializers.ReintegrationPlanSerializer
    filterset_fields = ("employment",)
