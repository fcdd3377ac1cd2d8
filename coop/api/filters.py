import django_filters

from common.api import FilterSet, IdFilter
from coop.models import Order, OrderAssignment, PersonMembership, SocialStatus


class OrderFilter(FilterSet):
    cooperative = IdFilter(field_name="cooperative")
    client = IdFilter(field_name="client")
    awarded_from = django_filters.DateFilter(field_name="awarded_on", lookup_expr="gte")
    awarded_until = django_filters.DateFilter(field_name="awarded_on", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ("cooperative", "client", "route")


class OrderAssignmentFilter(FilterSet):
    order = IdFilter(field_name="order")
    person = IdFilter(field_name="person")

    class Meta:
        model = OrderAssignment
        fields = ("order", "person", "role")


class PersonMembershipFilter(FilterSet):
    cooperative = IdFilter(field_name="cooperative")
    person = IdFilter(field_name="person")

    class Meta:
        model = PersonMembership
        fields = ("cooperative", "person", "is_founder")


class SocialStatusFilter(FilterSet):
    cooperative = IdFilter(field_name="cooperative")
    person = IdFilter(field_name="person")

    class Meta:
        model = SocialStatus
        fields = ("cooperative", "person", "kind")
