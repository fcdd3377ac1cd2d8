from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from common.api import EstimatedCountPagination, RolePermissions, ScopedViewSetMixin
from common.ids import is_id
from common.schema import NOT_FOUND
from participants import services
from participants.access import PersonDataViewSetMixin
from participants.api import filters, serializers
from participants.models import (
    AccessLog,
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


class PersonDataViewSet(
    PersonDataViewSetMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Scoped, permission-checked, and every read of a person logged. No deletion: records are
    corrected or closed, and removal is the retention policy's job."""

    permission_classes = [RolePermissions]


class PersonViewSet(PersonDataViewSet):
    """People registered at, attending, or waiting for the user's workshops.

    Registering answers 201 with the record the workshop's organisation holds: a new one, or its
    own record of a PESEL it already knew. Whether any other organisation knows the PESEL makes
    no difference to the answer, and nothing another organisation holds is ever returned.
    """

    queryset = Person.objects.select_related("residence")
    serializer_class = serializers.PersonSerializer
    filterset_class = filters.PersonFilter
    search_fields = ("last_name", "first_name", "=pesel")
    ordering_fields = ("last_name", "birth_date")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        workshop = data.pop("workshop")
        person, _created = services.person_register(
            workshop=workshop, on=timezone.localdate(), by=request.user, **data
        )
        self._people_read = ([person], AccessLog.Kind.RECORD)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)


class RepresentativeViewSet(PersonDataViewSet):
    """The representatives of the people the user sees; their contact details and documents
    only where a workshop of the user holds the person (null otherwise)."""

    queryset = Representative.objects.all()
    serializer_class = serializers.RepresentativeSerializer
    filterset_class = filters.RepresentativeFilter

    def get_queryset(self):
        return super().get_queryset().with_details_shown(self.request.user)


class ConsentViewSet(PersonDataViewSet):
    """Consents the user's workshops collected. Setting ``withdrawn_on`` withdraws one: the
    referrals made under it end that day, and contact details kept under it are erased."""

    queryset = Consent.objects.select_related("person")
    serializer_class = serializers.ConsentSerializer
    filterset_class = filters.ConsentFilter

    @transaction.atomic
    def perform_update(self, serializer):
        withdrawn_before = serializer.instance.withdrawn_on
        consent = serializer.save()
        if consent.withdrawn_on and consent.withdrawn_on != withdrawn_before:
            services.consent_withdraw(consent=consent, on=consent.withdrawn_on)


class CertificateViewSet(PersonDataViewSet):
    queryset = DisabilityCertificate.objects.prefetch_related("symbols", "indications")
    serializer_class = serializers.CertificateSerializer
    filterset_class = filters.CertificateFilter
    ordering_fields = ("issued_on", "valid_until")


class WaitingListEntryViewSet(PersonDataViewSet):
    """The reserve lists of the organisers of the user's workshops."""

    queryset = WaitingListEntry.objects.all()
    serializer_class = serializers.WaitingListEntrySerializer
    filterset_class = filters.WaitingListEntryFilter
    ordering_fields = ("applied_on", "approved_on")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.reserve_list_apply(
            person=data["person"],
            organiser=data["organiser"],
            applied_on=data["applied_on"],
            preferred_workshop=data.get("preferred_workshop"),
            left_workshop_for_work_on=data.get("left_workshop_for_work_on"),
            job_lost_on=data.get("job_lost_on"),
        )

    def perform_update(self, serializer):
        with transaction.atomic():
            services.reserve_list_update_priority(serializer.save())

    @extend_schema(
        request=serializers.ApproveSerializer, responses=serializers.WaitingListEntrySerializer
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """WTZ-02: the organiser's approval, agreed with the PCPR."""
        entry = self.get_object()
        form = serializers.ApproveSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.reserve_list_approve(entry=entry, **form.validated_data)
        return Response(self.get_serializer(entry).data)

    @extend_schema(
        request=serializers.AdmitSerializer, responses={201: serializers.EnrolmentSerializer}
    )
    @action(detail=True, methods=["post"])
    def admit(self, request, pk=None):
        """WTZ-01, WTZ-02, WTZ-03: admits the person into a workshop with a free place."""
        if not request.user.has_perm("participants.add_enrolment"):
            raise PermissionDenied
        entry = self.get_object()
        form = serializers.AdmitSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        enrolment = services.enrolment_admit(entry=entry, by=request.user, **form.validated_data)
        return Response(
            serializers.EnrolmentSerializer(enrolment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=[OpenApiParameter("workshop", int, required=True)],
        responses={200: serializers.ProposalSerializer(many=True), 404: NOT_FOUND},
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def proposal(self, request, format=None):
        """Who is offered the next place at a workshop, in the legal order, each with the reason.
        The whole list, unpaginated: it is as long as the organiser's reserve list."""
        workshop_id = request.query_params.get("workshop", "")
        if not is_id(workshop_id):
            raise ValidationError({"workshop": [_("Give the workshop's number.")]})
        workshop = get_object_or_404(Workshop.objects.visible_to(request.user), pk=workshop_id)
        proposals = services.reserve_list_proposal(workshop=workshop, on=timezone.localdate())
        self._people_read = ([p.entry for p in proposals], "list")
        return Response(serializers.ProposalSerializer(proposals, many=True).data)


class EnrolmentViewSet(PersonDataViewSetMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Participation in the user's workshops. Admission is ``reserve-list/{id}/admit/``."""

    queryset = Enrolment.objects.order_by("-admitted_on", "-pk")  # newest first, as indexed
    serializer_class = serializers.EnrolmentSerializer
    permission_classes = [RolePermissions]
    filterset_class = filters.EnrolmentFilter
    ordering_fields = ("admitted_on", "exited_on")

    @extend_schema(request=serializers.ExitSerializer, responses=serializers.EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def exit(self, request, pk=None):
        """WTZ-15: records the exit with its reason; frees the place as a vacancy."""
        if not request.user.has_perm("participants.change_enrolment"):
            raise PermissionDenied
        enrolment = self.get_object()
        form = serializers.ExitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.enrolment_exit(enrolment=enrolment, **form.validated_data)
        return Response(self.get_serializer(enrolment).data)


class VacancyViewSet(PersonDataViewSetMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Vacancy.objects.select_related("freed_by", "filled_by")
    serializer_class = serializers.VacancySerializer
    permission_classes = [RolePermissions]
    filterset_class = filters.VacancyFilter


class ReadinessViewSet(PersonDataViewSet):
    queryset = Readiness.objects.select_related("enrolment")
    serializer_class = serializers.ReadinessSerializer
    filterset_class = filters.ReadinessFilter


class ReferralViewSet(
    PersonDataViewSetMixin,
    ScopedViewSetMixin,
    mixins.CreateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Referrals to the cooperative. A referral is not edited: it is withdrawn (``withdraw``)
    and, if need be, made again with a consent in force."""

    queryset = Referral.objects.all()
    permission_classes = [RolePermissions]
    serializer_class = serializers.ReferralSerializer
    filterset_class = filters.ReferralFilter

    def perform_create(self, serializer):
        serializer.instance = services.referral_create(**serializer.validated_data)

    @extend_schema(request=serializers.WithdrawSerializer, responses=serializers.ReferralSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        referral = self.get_object()
        form = serializers.WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        services.referral_withdraw(referral=referral, on=form.validated_data["withdrawn_on"])
        return Response(self.get_serializer(referral).data)


class ProgrammeVersionViewSet(PersonDataViewSet):
    """Programme versions (IPR). POST creates the first version, or the next one as a copy;
    ``approve`` is the council's approval (WTZ-07, WTZ-11) and the signature (DIS-06)."""

    queryset = ProgrammeVersion.objects.prefetch_related("goals", "responsible_staff", "council")
    serializer_class = serializers.ProgrammeVersionSerializer
    filterset_class = filters.ProgrammeVersionFilter

    @extend_schema(request=serializers.StartProgrammeSerializer)
    def create(self, request, *args, **kwargs):
        form = serializers.StartProgrammeSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        enrolment = form.validated_data["enrolment"]
        programme = getattr(enrolment, "programme", None)
        if programme is not None and programme.versions.exists():
            version = services.programme_new_version(
                programme=programme, valid_from=form.validated_data["valid_from"]
            )
        else:
            version = services.programme_start(
                enrolment=enrolment, valid_from=form.validated_data["valid_from"]
            )
        return Response(self.get_serializer(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=serializers.ApproveProgrammeSerializer,
        responses=serializers.ApprovedProgrammeSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, format=None):
        version = self.get_object()
        if not request.user.has_perm("participants.change_programmeversion"):
            raise PermissionDenied
        form = serializers.ApproveProgrammeSerializer(
            data=request.data, context={"request": request}
        )
        form.is_valid(raise_exception=True)
        warnings = services.programme_approve(version=version, **form.validated_data)
        return Response({**self.get_serializer(version).data, "warnings": warnings})


class EvaluationViewSet(PersonDataViewSet):
    queryset = Evaluation.objects.order_by("-held_on", "-pk").prefetch_related(
        "council", "goal_ratings"
    )  # newest first, as indexed
    serializer_class = serializers.EvaluationSerializer
    pagination_class = EstimatedCountPagination
    filterset_class = filters.EvaluationFilter
    ordering_fields = ("held_on",)


class ProgressNoteViewSet(PersonDataViewSet):
    queryset = ProgressNote.objects.all()
    serializer_class = serializers.ProgressNoteSerializer
    pagination_class = EstimatedCountPagination
    filterset_class = filters.ProgressNoteFilter
    ordering_fields = ("written_on",)

    def perform_create(self, serializer):
        note = ProgressNote(author=self.request.user, **serializer.validated_data)
        note.full_clean()
        note.save()
        serializer.instance = note


class AttendanceDayViewSet(
    PersonDataViewSetMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet
):
    """The register. ``register`` saves a room's day in one request."""

    queryset = AttendanceDay.objects.all()
    serializer_class = serializers.AttendanceDaySerializer
    pagination_class = EstimatedCountPagination
    permission_classes = [RolePermissions]
    filterset_class = filters.AttendanceDayFilter
    ordering_fields = ("day",)

    @extend_schema(
        request=serializers.RegisterSerializer, responses=serializers.RegisterResultSerializer
    )
    @action(detail=False, methods=["post"])
    def register(self, request, format=None):
        if not request.user.has_perm("participants.add_attendanceday"):
            raise PermissionDenied
        form = serializers.RegisterSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        warnings = services.attendance_record(by=request.user, **form.validated_data)
        return Response({"saved": len(form.validated_data["codes"]), "warnings": warnings})
