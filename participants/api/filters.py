"""Filters for the participants API. Related objects are filtered by id, never offered as a list
of choices: a choice list would name people outside the user's scope."""

import django_filters

from common.api import FilterSet, IdFilter
from participants.models import (
    AttendanceDay,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    Person,
    ProgrammeVersion,
    ProgressNote,
    Readiness,
    Referral,
    Representative,
    Vacancy,
    WaitingListEntry,
)
from wtz.models import Workshop


class PersonFilter(FilterSet):
    workshop = IdFilter(method="registered_at")
    residence = IdFilter(field_name="residence")

    class Meta:
        model = Person
        fields = ("workshop", "legal_capacity", "residence")

    def registered_at(self, queryset, name, value):
        # Only the user's own workshops: another workshop's registrations are not theirs to see.
        workshops = Workshop.objects.visible_to(self.request.user).filter(pk=value)
        return queryset.filter(pk__in=Person.objects.filter(registrations__workshop__in=workshops))


class RepresentativeFilter(FilterSet):
    person = IdFilter(field_name="person")

    class Meta:
        model = Representative
        fields = ("person", "kind")


class ConsentFilter(FilterSet):
    person = IdFilter(field_name="person")
    workshop = IdFilter(field_name="workshop")

    class Meta:
        model = Consent
        fields = ("person", "workshop", "purpose")


class CertificateFilter(FilterSet):
    person = IdFilter(field_name="person")
    workshop = IdFilter(field_name="workshop")
    valid_until_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte")

    class Meta:
        model = DisabilityCertificate
        fields = ("person", "workshop", "kind", "degree", "is_permanent", "valid_until_before")


class WaitingListEntryFilter(FilterSet):
    person = IdFilter(field_name="person")
    organiser = IdFilter(field_name="organiser")

    class Meta:
        model = WaitingListEntry
        fields = ("person", "organiser", "status", "has_priority")


class EnrolmentFilter(FilterSet):
    person = IdFilter(field_name="person")
    workshop = IdFilter(field_name="workshop")
    active = django_filters.BooleanFilter(field_name="exited_on", lookup_expr="isnull")

    class Meta:
        model = Enrolment
        fields = ("person", "workshop", "exit_reason", "active")


class VacancyFilter(FilterSet):
    workshop = IdFilter(field_name="workshop")
    unfilled = django_filters.BooleanFilter(field_name="filled_by", lookup_expr="isnull")

    class Meta:
        model = Vacancy
        fields = ("workshop", "unfilled")


class ReadinessFilter(FilterSet):
    enrolment = IdFilter(field_name="enrolment")

    class Meta:
        model = Readiness
        fields = ("enrolment", "is_ready")


class ReferralFilter(FilterSet):
    person = IdFilter(field_name="person")
    workshop = IdFilter(field_name="workshop")
    cooperative = IdFilter(field_name="cooperative")

    class Meta:
        model = Referral
        fields = ("person", "workshop", "cooperative")


class ProgrammeVersionFilter(FilterSet):
    enrolment = IdFilter(field_name="programme__enrolment")

    class Meta:
        model = ProgrammeVersion
        fields = ("enrolment",)


class EvaluationFilter(FilterSet):
    enrolment = IdFilter(field_name="enrolment")

    class Meta:
        model = Evaluation
        fields = ("enrolment", "kind", "outcome")


class ProgressNoteFilter(FilterSet):
    enrolment = IdFilter(field_name="enrolment")
    goal = IdFilter(field_name="goal")

    class Meta:
        model = ProgressNote
        fields = ("enrolment", "goal", "rating")


class AttendanceDayFilter(FilterSet):
    enrolment = IdFilter(field_name="enrolment")

    class Meta:
        model = AttendanceDay
        fields = ("enrolment", "day", "code")
