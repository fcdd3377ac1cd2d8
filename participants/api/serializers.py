from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import ModelValidationMixin, ScopedModelSerializer, ScopedPrimaryKeyRelatedField
from organisations.models import Cooperative, Organisation
from participants import rules
from participants.identity import validate_pesel
from participants.models import (
    AttendanceDay,
    CauseSymbol,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    GoalRating,
    Indication,
    Person,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
    Readiness,
    Referral,
    Representative,
    Vacancy,
    WaitingListEntry,
)
from participants.scoping import contact_consented_person_ids, may_see_representative_details
from wtz.models import Room, StaffAssignment, Workshop


class PersonSerializer(ModelValidationMixin, ScopedModelSerializer):
    workshop = ScopedPrimaryKeyRelatedField(
        queryset=Workshop.objects.all(),
        write_only=True,
        required=False,
        help_text=_("On registration: the workshop that registers the person."),
    )

    CONTACT_FIELDS = ("phone", "email")

    def validate_pesel(self, value):
        return value or None  # an empty PESEL is no PESEL (the reason then says why)

    def _contact_ids(self) -> set[int]:
        if "contact_ids" not in self.context:
            request = self.context["request"]
            self.context["contact_ids"] = contact_consented_person_ids(
                request.user, timezone.localdate()
            )
        return self.context["contact_ids"]

    def _may_see_contact(self, person_id) -> bool:
        return self.context["request"].user.is_superuser or person_id in self._contact_ids()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._may_see_contact(instance.pk):
            # Contact details kept under another workshop's consent are that workshop's.
            for field in self.CONTACT_FIELDS:
                data[field] = ""
        return data

    class Meta:
        model = Person
        fields = (
            "id",
            "first_name",
            "last_name",
            "pesel",
            "no_pesel_reason",
            "birth_date",
            "sex",
            "residence",
            "legal_capacity",
            "phone",
            "email",
            "holder",
            "workshop",
        )
        read_only_fields = ("holder",)
        extra_kwargs = {
            "birth_date": {"required": False},
            "sex": {"required": False},
            # No uniqueness check here: the organisation's own record of a known PESEL is linked
            # (person_register), and another organisation's record is never looked at.
            "pesel": {"validators": [validate_pesel]},
        }

    def validate(self, attrs):
        if self.instance is not None and not self._may_see_contact(self.instance.pk):
            for field in self.CONTACT_FIELDS:
                if attrs.get(field):
                    raise serializers.ValidationError(
                        {
                            field: rules.DIS_09.error(
                                _("record your consent to contact first.")
                            ).messages
                        }
                    )
        workshop = attrs.pop("workshop", None)
        if self.instance is None:
            if workshop is None:
                raise serializers.ValidationError({"workshop": _("This field is required.")})
            # person_register validates the typed identity, the same for a known PESEL as for
            # a new one, and decides which organisation holds the record.
            attrs["workshop"] = workshop
            return attrs
        return super().validate(attrs)


class RepresentativeSerializer(ModelValidationMixin, ScopedModelSerializer):
    """Who represents a person. The contact details and documents (``DETAIL_FIELDS``) go only
    to administrators and the staff of a workshop holding the person: anyone else who sees the
    person reads them as null, and only the holders write the record."""

    # Null when hidden (see above), so the schema says they may be; a null sent is no text.
    phone = serializers.CharField(max_length=32, allow_blank=True, allow_null=True, required=False)
    decision_reference = serializers.CharField(
        max_length=120, allow_blank=True, allow_null=True, required=False
    )
    authority_scope = serializers.CharField(
        max_length=255, allow_blank=True, allow_null=True, required=False
    )

    def _details_shown(self, instance) -> bool:
        shown = getattr(instance, "details_shown", None)  # annotated by the viewset's queryset
        if shown is None:
            shown = may_see_representative_details(self.context["request"].user, instance.person)
        return shown

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self._details_shown(instance):
            for field in Representative.DETAIL_FIELDS:
                data[field] = None
        return data

    def validate(self, attrs):
        user = self.context["request"].user
        # Both the person the record is about now and the one it would be moved to: moving a
        # representative onto a person one holds would otherwise show their details.
        people = {attrs.get("person"), getattr(self.instance, "person", None)} - {None}
        if any(not may_see_representative_details(user, person) for person in people):
            # Seen through the organiser's reserve list only: the holders keep the record.
            message = _("Only a workshop that holds the person records its representatives.")
            raise serializers.ValidationError({"person": [message]})
        for name in ("phone", "decision_reference", "authority_scope"):
            if name in attrs and attrs[name] is None:
                attrs[name] = ""
        return super().validate(attrs)

    class Meta:
        model = Representative
        fields = (
            "id",
            "person",
            "kind",
            "first_name",
            "last_name",
            "phone",
            "decision_reference",
            "decision_on",
            "authority_scope",
            "starts_on",
            "ends_on",
        )


class ConsentSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = Consent
        fields = (
            "id",
            "person",
            "workshop",
            "purpose",
            "legal_basis",
            "description",
            "given_on",
            "signed_by",
            "representative",
            "withdrawn_on",
        )


class CertificateSerializer(ModelValidationMixin, ScopedModelSerializer):
    symbols = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=CauseSymbol.objects.all(), required=False
    )
    indications = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Indication.objects.all(), required=False
    )

    class Meta:
        model = DisabilityCertificate
        fields = (
            "id",
            "person",
            "workshop",
            "kind",
            "degree",
            "symbols",
            "indications",
            "number",
            "issuing_board",
            "issued_on",
            "disability_since",
            "degree_since",
            "is_permanent",
            "valid_until",
        )

    def validate(self, attrs):
        symbols = attrs.get("symbols")
        issued_on = attrs.get("issued_on") or getattr(self.instance, "issued_on", None)
        if symbols is not None and issued_on:
            try:
                rules.check_symbols(symbols, issued_on)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"symbols": error.messages}) from error
        return super().validate(attrs)


class WaitingListEntrySerializer(ModelValidationMixin, ScopedModelSerializer):
    organiser = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.none())
    preferred_workshop = serializers.PrimaryKeyRelatedField(
        queryset=Workshop.objects.none(), required=False, allow_null=True
    )

    class Meta:
        model = WaitingListEntry
        fields = (
            "id",
            "person",
            "organiser",
            "preferred_workshop",
            "applied_on",
            "approved_on",
            "pcpr_reference",
            "status",
            "has_priority",
            "left_workshop_for_work_on",
            "job_lost_on",
            "closed_on",
            "close_reason",
        )
        read_only_fields = (
            "approved_on",
            "pcpr_reference",
            "status",
            "has_priority",
            "closed_on",
            "close_reason",
        )

    def get_fields(self):
        fields = super().get_fields()
        user = self.context["request"].user
        organisers = Workshop.objects.visible_to(user).values("organiser")
        fields["organiser"].queryset = Organisation.objects.filter(pk__in=organisers)
        fields["preferred_workshop"].queryset = Workshop.objects.filter(organiser__in=organisers)
        if self.instance is not None:  # whose application, and to whom, never changes
            fields["person"].read_only = True
            fields["organiser"].read_only = True
        return fields

    def validate(self, attrs):
        if self.instance is not None and self.instance.status not in WaitingListEntry.OPEN_STATUSES:
            raise serializers.ValidationError(_("A closed or admitted application is not edited."))
        return super().validate(attrs)


class ApproveSerializer(serializers.Serializer):
    approved_on = serializers.DateField()
    pcpr_reference = serializers.CharField(max_length=120)


class AdmitSerializer(serializers.Serializer):
    workshop = ScopedPrimaryKeyRelatedField(queryset=Workshop.objects.all())
    admitted_on = serializers.DateField()
    room = ScopedPrimaryKeyRelatedField(
        queryset=Room.objects.all(), required=False, allow_null=True
    )
    certificate_override_reason = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default=""
    )
    order_override_reason = serializers.CharField(
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Required to admit anyone but the first the reserve list proposes."),
    )


class ProposalSerializer(serializers.Serializer):
    entry = serializers.IntegerField(source="entry.pk")
    person = serializers.IntegerField(source="entry.person_id")
    person_name = serializers.CharField(source="entry.person.__str__")
    has_priority = serializers.BooleanField(source="entry.has_priority")
    reason = serializers.CharField()


class EnrolmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Enrolment
        fields = (
            "id",
            "person",
            "workshop",
            "application",
            "admitted_on",
            "certificate",
            "certificate_override_reason",
            "passed_over",
            "order_override_reason",
            "exited_on",
            "exit_reason",
            "exit_employer",
            "exit_contract_type",
            "exit_notes",
        )
        read_only_fields = fields


class ExitSerializer(serializers.Serializer):
    exited_on = serializers.DateField()
    reason = serializers.ChoiceField(choices=Enrolment.ExitReason.choices)
    employer = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    contract_type = serializers.ChoiceField(
        choices=Enrolment.ContractType.choices, required=False, allow_blank=True, default=""
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class VacancySerializer(ScopedModelSerializer):
    class Meta:
        model = Vacancy
        fields = ("id", "workshop", "opened_on", "freed_by", "filled_by", "filled_on")
        read_only_fields = fields


class ReadinessSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = Readiness
        fields = ("id", "enrolment", "decided_on", "is_ready", "skills_summary", "availability")


class ReferralSerializer(ScopedModelSerializer):
    cooperative = serializers.PrimaryKeyRelatedField(queryset=Cooperative.objects.all())

    class Meta:
        model = Referral
        fields = (
            "id",
            "person",
            "workshop",
            "cooperative",
            "consent",
            "readiness",
            "referred_on",
            "shares_contact",
            "shares_skills",
            "shares_availability",
            "withdrawn_on",
        )
        read_only_fields = ("withdrawn_on",)


class WithdrawSerializer(serializers.Serializer):
    withdrawn_on = serializers.DateField()


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgrammeGoal
        fields = ("id", "domain", "description", "in_own_words")


class ProgrammeVersionSerializer(ModelValidationMixin, ScopedModelSerializer):
    enrolment = serializers.IntegerField(source="programme.enrolment_id", read_only=True)
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = ProgrammeVersion
        fields = (
            "id",
            "enrolment",
            "number",
            "valid_from",
            *ProgrammeVersion.ELEMENTS,
            "responsible_staff",
            "goals",
            "approved_on",
            "council",
            "signed_on",
            "signed_by",
            "representative",
        )
        read_only_fields = (
            "number",
            "approved_on",
            "council",
            "signed_on",
            "signed_by",
            "representative",
        )

    def validate(self, attrs):
        if self.instance is not None and self.instance.is_approved:
            raise serializers.ValidationError(_("An approved programme changes by a new version."))
        return super().validate(attrs)


class ApprovedProgrammeSerializer(ProgrammeVersionSerializer):
    """The approved version, with the warnings about its council (WTZ-11)."""

    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta(ProgrammeVersionSerializer.Meta):
        fields = (*ProgrammeVersionSerializer.Meta.fields, "warnings")


class StartProgrammeSerializer(serializers.Serializer):
    enrolment = ScopedPrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    valid_from = serializers.DateField()


class ApproveProgrammeSerializer(serializers.Serializer):
    approved_on = serializers.DateField()
    council = ScopedPrimaryKeyRelatedField(queryset=StaffAssignment.objects.all(), many=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    signed_by = serializers.ChoiceField(
        choices=ProgrammeVersion.Signer.choices, required=False, allow_blank=True, default=""
    )
    representative = ScopedPrimaryKeyRelatedField(
        queryset=Representative.objects.all(), required=False, allow_null=True
    )


class GoalRatingSerializer(ScopedModelSerializer):
    class Meta:
        model = GoalRating
        fields = ("goal", "rating", "comment")


class EvaluationSerializer(ModelValidationMixin, ScopedModelSerializer):
    goal_ratings = GoalRatingSerializer(
        many=True,
        required=False,
        help_text=_("The council's rating of each goal; on update, the list replaces the old one."),
    )

    class Meta:
        model = Evaluation
        fields = (
            "id",
            "enrolment",
            "kind",
            "held_on",
            "participant_present",
            "summary",
            "outcome",
            "extension_reason",
            "council_decision",
            "council",
            "goal_ratings",
        )

    def validate(self, attrs):
        attrs = super().validate(attrs)
        enrolment = attrs.get("enrolment") or getattr(self.instance, "enrolment", None)
        goals = [rating["goal"] for rating in attrs.get("goal_ratings", [])]
        if any(goal.version.programme.enrolment_id != enrolment.pk for goal in goals):
            raise serializers.ValidationError(
                {"goal_ratings": _("Choose a goal of this participant's programme.")}
            )
        if len(goals) != len(set(goals)):
            raise serializers.ValidationError(
                {"goal_ratings": _("This goal is already rated in this evaluation.")}
            )
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        ratings = validated_data.pop("goal_ratings", [])
        evaluation = super().create(validated_data)
        self._rate(evaluation, ratings)
        return evaluation

    @transaction.atomic
    def update(self, instance, validated_data):
        ratings = validated_data.pop("goal_ratings", None)
        evaluation = super().update(instance, validated_data)
        if ratings is not None:
            evaluation.goal_ratings.all().delete()
            self._rate(evaluation, ratings)
        return evaluation

    @staticmethod
    def _rate(evaluation, ratings):
        for rating in ratings:  # one by one, so that each gets its history entry
            GoalRating.objects.create(evaluation=evaluation, **rating)


class ProgressNoteSerializer(ScopedModelSerializer):
    class Meta:
        model = ProgressNote
        fields = ("id", "enrolment", "goal", "written_on", "rating", "text", "author")
        read_only_fields = ("enrolment", "author")

    def validate(self, attrs):
        goal = attrs.get("goal") or getattr(self.instance, "goal", None)
        attrs["enrolment"] = goal.version.programme.enrolment
        return attrs


class AttendanceDaySerializer(ScopedModelSerializer):
    class Meta:
        model = AttendanceDay
        fields = ("id", "enrolment", "day", "code", "recorded_by")
        read_only_fields = fields


class RegisterResultSerializer(serializers.Serializer):
    saved = serializers.IntegerField(help_text="how many people's day was saved")
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="WTZ-17: absences to look into"
    )


class RegisterSerializer(serializers.Serializer):
    room = ScopedPrimaryKeyRelatedField(queryset=Room.objects.all())
    day = serializers.DateField()
    codes = serializers.DictField(
        child=serializers.ChoiceField(choices=AttendanceDay.Code.choices),
        help_text=_("Enrolment id → attendance code, for the people in the room that day."),
    )

    def validate_codes(self, codes):
        try:
            return {int(key): value for key, value in codes.items()}
        except ValueError:
            raise serializers.ValidationError(_("Keys are enrolment ids.")) from None
