import django_filters

from common.api import FilterSet, IdFilter
from employment.models import (
    Candidate,
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    Placement,
)


class PlacementFilter(FilterSet):
    person = IdFilter(field_name="person")
    enrolment = IdFilter(field_name="enrolment")
    cooperative = IdFilter(field_name="cooperative")
    host = IdFilter(field_name="host")

    class Meta:
        model = Placement
        fields = ("person", "enrolment", "cooperative", "host", "kind", "outcome")


class EmploymentFilter(FilterSet):
    person = IdFilter(field_name="person")
    cooperative = IdFilter(field_name="cooperative")
    employer = IdFilter(field_name="employer")
    active_on = django_filters.DateFilter(method="filter_active_on")

    class Meta:
        model = Employment
        fields = ("person", "cooperative", "employer", "employer_kind", "contract_type")

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class EmploymentRecordFilter(FilterSet):
    employment = IdFilter(field_name="employment")


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


class CandidateFilter(FilterSet):
    workshop = IdFilter(field_name="workshop")

    class Meta:
        model = Candidate
        fields = ("workshop",)
