import django_filters

from participants.models import (
    Consent,
    DisabilityCertificate,
    Enrolment,
    Person,
    Readiness,
    Referral,
    Representative,
    Vacancy,
    WaitingListEntry,
)


class PersonFilter(django_filters.FilterSet):
    workshop = django_filters.NumberFilter(
        field_name="registrations__workshop", label="workshop", distinct=True
    )

    class Meta:
        model = Person
        fields = ("workshop", "legal_capacity", "residence")


class RepresentativeFilter(django_filters.FilterSet):
    class Meta:
        model = Representative
        fields = ("person", "kind")


class ConsentFilter(django_filters.FilterSet):
    class Meta:
        model = Consent
        fields = ("person", "workshop", "purpose")


class CertificateFilter(django_filters.FilterSet):
    valid_until_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte")

    class Meta:
        model = DisabilityCertificate
        fields = ("person", "workshop", "kind", "degree", "is_permanent", "valid_until_before")


class WaitingListEntryFilter(django_filters.FilterSet):
    class Meta:
        model = WaitingListEntry
        fields = ("person", "organiser", "status", "has_priority")


class EnrolmentFilter(django_filters.FilterSet):
    active = django_filters.BooleanFilter(field_name="exited_on", lookup_expr="isnull")

    class Meta:
        model = Enrolment
        fields = ("person", "workshop", "exit_reason", "active")


class VacancyFilter(django_filters.FilterSet):
    unfilled = django_filters.BooleanFilter(field_name="filled_by", lookup_expr="isnull")

    class Meta:
        model = Vacancy
        fields = ("workshop", "unfilled")


class ReadinessFilter(django_filters.FilterSet):
    class Meta:
        model = Readiness
        fields = ("enrolment", "is_ready")


class ReferralFilter(django_filters.FilterSet):
    class Meta:
        model = Referral
        fields = ("person", "workshop", "cooperative")
