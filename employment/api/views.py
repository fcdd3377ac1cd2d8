from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from common.api import RolePermissions, ScopedViewSetMixin
from employment import scoping, services
from employment.api import filters, serializers
from employment.models import (
    Candidate,
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    Placement,
)
from participants.access import PersonDataViewSetMixin
from participants.api.views import PersonDataViewSet


class WriteScopeMixin:
    """Reading is scoped by ``visible_to``; writing also needs the record to be the user's side's
    (the workshop's or the cooperative's, ``scoping.may_write``)."""

    def check_write(self, obj):
        if not scoping.may_write(self.request.user, self.owner(obj)):
            raise PermissionDenied

    def owner(self, obj):
        return obj

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        super().perform_update(serializer)


class PlacementViewSet(WriteScopeMixin, PersonDataViewSet):
    """Practices (WTZ-13, WTZ-14), work trainings and internships."""

    queryset = Placement.objects.select_related("host", "enrolment")
    serializer_class = serializers.PlacementSerializer
    filterset_class = filters.PlacementFilter
    ordering_fields = ("starts_on",)

    def perform_create(self, serializer):
        placement = Placement(**serializer.validated_data)
        serializer.instance = services.placement_record(placement, by=self.request.user)

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        for name, value in serializer.validated_data.items():
            setattr(serializer.instance, name, value)
        services.placement_record(serializer.instance)


class EmploymentViewSet(WriteScopeMixin, PersonDataViewSet):
    """Jobs with any employer. Creating one checks the hours against the employer's disability
    facts sent with it (EMP-01..03), schedules the follow-ups and answers with the warnings."""

    queryset = Employment.objects.select_related("employer").prefetch_related("disability_facts")
    serializer_class = serializers.EmploymentSerializer
    filterset_class = filters.EmploymentFilter
    ordering_fields = ("starts_on",)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        facts_data = data.pop("facts", None)
        employment = Employment(**data)
        facts = None
        if facts_data:
            facts = DisabilityFacts(applies_from=employment.starts_on, **facts_data)
        employment, warnings = services.employment_hire(employment, facts=facts, by=request.user)
        self._people_read = ([employment], "record")
        body = {**self.get_serializer(employment).data, "warnings": warnings}
        return Response(body, status=status.HTTP_201_CREATED)

    # Who the job is for and whose it is are fixed once recorded (as on its admin page).
    FIXED = ("person", "cooperative", "employer", "employer_kind", "recorded_by_workshop", "facts")

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        employment = serializer.instance
        for name, value in serializer.validated_data.items():
            if name not in self.FIXED:
                setattr(employment, name, value)
        services.employment_change(employment)


class EmploymentRecordViewSet(WriteScopeMixin, PersonDataViewSet):
    """Facts and waivers: written only on a job the user's side keeps, before and after."""

    def owner(self, obj):
        return obj.employment

    def _check_job(self, serializer):
        employment = serializer.validated_data.get("employment")
        if employment is not None and not scoping.may_write(self.request.user, employment):
            raise PermissionDenied

    def perform_create(self, serializer):
        self._check_job(serializer)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self._check_job(serializer)
        super().perform_update(serializer)


class DisabilityFactsViewSet(EmploymentRecordViewSet):
    """What the employer knows of an employee's disability; new facts re-check the hours."""

    queryset = DisabilityFacts.objects.all()
    serializer_class = serializers.DisabilityFactsSerializer
    filterset_class = filters.DisabilityFactsFilter


class HoursWaiverViewSet(EmploymentRecordViewSet):
    """Art. 16 waivers (EMP-04); the document is sent as multipart and never returned."""

    queryset = HoursWaiver.objects.all()
    serializer_class = serializers.HoursWaiverSerializer
    filterset_class = filters.HoursWaiverFilter


class FollowUpViewSet(
    WriteScopeMixin,
    PersonDataViewSetMixin,
    ScopedViewSetMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Follow-ups are scheduled by the hire; their outcome is recorded with an update."""

    queryset = FollowUp.objects.select_related("employment")
    serializer_class = serializers.FollowUpSerializer
    permission_classes = [RolePermissions]
    filterset_class = filters.FollowUpFilter
    ordering_fields = ("due_on",)

    def owner(self, obj):
        return obj.employment

    def perform_update(self, serializer):
        self.check_write(serializer.instance)
        data = serializer.validated_data
        follow_up = serializer.instance
        services.follow_up_record(
            follow_up,
            outcome=data.get("outcome", follow_up.outcome),
            held_on=data.get("held_on", follow_up.held_on),
            left_reason=data.get("left_reason", follow_up.left_reason),
            notes=data.get("notes", follow_up.notes),
            by=self.request.user,
        )


class CandidateViewSet(PersonDataViewSetMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The candidates referred to the user's cooperative: only what each referral shares."""

    queryset = Candidate.objects.select_related("person", "workshop", "readiness")
    serializer_class = serializers.CandidateSerializer
    permission_classes = [RolePermissions]
    filterset_class = filters.CandidateFilter
    ordering_fields = ("referred_on",)
