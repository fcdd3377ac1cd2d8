"""Filters for the participants API. Related objects are filtered by id, never offered as a list
of choices: a choice list would name people outside the user's scope."""

import django_filters

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


def by_id(field_name: str) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(field_name=field_name)


class PersonFilter(django_filters.FilterSet):
    workshop = django_filters.NumberFilter(method="registered_at")
    residence = by_id("residence")

    class Meta:
        model = Person
        fields = ("workshop", "legal_capacity", "residence")

    def registered_at(self, queryset, name, value):
        # Only the user's own workshops: another workshop's registrations are not theirs to see.
        workshops = Workshop.objects.visible_to(self.request.user).filter(pk=value)
        return queryset.filter(pk__in=Person.objects.filter(registrations__workshop__in=workshops))


class RepresentativeFilter(django_filters.FilterSet):
    person = by_id("person")

    class Meta:
        model = Representative
        fields = ("person", "kind")


class ConsentFilter(django_filters.FilterSet):
    person = by_id("person")
    workshop = by_id("workshop")

    class Meta:
        model = Consent
        fields = ("person", "workshop", "purpose")


class CertificateFilter(django_filters.FilterSet):
    person = by_id("person")
    workshop = by_id("workshop")
    valid_until_before = django_filters.DateFilter(field_name="valid_until", lookup_expr="lte")

    class Meta:
        model = DisabilityCertificate
        fields = ("person", "workshop", "kind", "degree", "is_permanent", "valid_until_before")


class WaitingListEntryFilter(django_filters.FilterSet):
    person = by_id("person")
    organiser = by_id("organiser")

    class Meta:
        model = WaitingListEntry
        fields = ("person", "organiser", "status", "has_priority")


class EnrolmentFilter(django_filters.FilterSet):
    person = by_id("person")
    workshop = by_id("workshop")
    active = django_filters.BooleanFilter(field_name="exited_on", lookup_expr="isnull")

    class Meta:
        model = Enrolment
        fields = ("person", "workshop", "exit_reason", "active")


class VacancyFilter(django_filters.FilterSet):
    workshop = by_id("workshop")
    unfilled = django_filters.BooleanFilter(field_name="filled_by", lookup_expr="isnull")

    class Meta:
        model = Vacancy
        fields = ("workshop", "unfilled")


class ReadinessFilter(django_filters.FilterSet):
    enrolment = by_id("enrolment")

    class Meta:
        model = Readiness
        fields = ("enrolment", "is_ready")


class ReferralFilter(django_filters.FilterSet):
    person = by_id("person")
    workshop = by_id("workshop")
    cooperative = by_id("cooperative")

    class Meta:
        model = Referral
        fields = ("person", "workshop", "cooperative")


class ProgrammeVersionFilter(django_filters.FilterSet):
    enrolment = by_id("programme__enrolment")

    class Meta:
        model = ProgrammeVersion
        fields = ("enrolment",)


class EvaluationFilter(django_filters.FilterSet):
    enrolment = by_id("enrolment")

    class Meta:
        model = Evaluation
        fields = ("enrolment", "kind", "outcome")


class ProgressNoteFilter(django_filters.FilterSet):
    enrolment = by_id("enrolment")
    goal = by_id("goal")

    class Meta:
        model = ProgressNote
        fields = ("enrolment", "goal", "rating")


class AttendanceDayFilter(django_filters.FilterSet):
    enrolment = by_id("enrolment")

    class Meta:
        model = AttendanceDay
        fields = ("enrolment", "day", "code")
