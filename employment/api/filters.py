import django_filters

from coop.models import Order
from employment.models import (
    Candidate,
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    OrderAssignment,
    PersonMembership,
    Placement,
)


def by_id(field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name)


class PlacementFilter(django_filters.FilterSet):
    person = by_id("person")
    enrolment = by_id("enrolment")
    cooperative = by_id("cooperative")
    host = by_id("host")

    class Meta:
        model = Placement
        fields = ("person", "enrolment", "cooperative", "host", "kind", "outcome")


class EmploymentFilter(django_filters.FilterSet):
    person = by_id("person")
    cooperative = by_id("cooperative")
    employer = by_id("employer")
    active_on = django_filters.DateFilter(method="filter_active_on")

    class Meta:
        model = Employment
        fields = ("person", "cooperative", "employer", "employer_kind", "contract_type")

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class EmploymentRecordFilter(django_filters.FilterSet):
    employment = by_id("employment")


class DisabilityFactsFilter(EmploymentRecordFilter):
    class Meta:
        model = DisabilityFacts
        fields = ("employment", "degree")


class HoursWaiverFilter(EmploymentRecordFilter):
    class Meta:
        model = HoursWaiver
        fields = ("employment", "ground")


class FollowUpFilter(EmploymentRecordFilter):
    due_before = django_filters.DateFilter(field_name="due_on", lookup_expr="lte")
    open = django_filters.BooleanFilter(field_name="held_on", lookup_expr="isnull")

    class Meta:
        model = FollowUp
        fields = ("employment", "outcome", "days_after_start")


class CandidateFilter(django_filters.FilterSet):
    workshop = by_id("workshop")

    class Meta:
        model = Candidate
        fields = ("workshop",)


class OrderFilter(django_filters.FilterSet):
    cooperative = by_id("cooperative")
    client = by_id("client")
    awarded_from = django_filters.DateFilter(field_name="awarded_on", lookup_expr="gte")
    awarded_until = django_filters.DateFilter(field_name="awarded_on", lookup_expr="lte")

    class Meta:
        model = Order
        fields = ("cooperative", "client", "route")


class OrderAssignmentFilter(django_filters.FilterSet):
    order = by_id("order")
    person = by_id("person")

    class Meta:
        model = OrderAssignment
        fields = ("order", "person", "role")


class PersonMembershipFilter(django_filters.FilterSet):
    cooperative = by_id("cooperative")
    person = by_id("person")

    class Meta:
        model = PersonMembership
        fields = ("cooperative", "person", "is_founder", "disadvantaged_group")
