from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from common.api import ModelValidationMixin, ScopedModelSerializer
from employment import rules, scoping
from employment.models import (
    Candidate,
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    Placement,
)
from wtz.scoping import workshop_ids_for_staff


class ChosenFrom(serializers.PrimaryKeyRelatedField):
    """A primary key among the rows ``choices(user)`` offers; any other id "does not exist"."""

    def __init__(self, choices, **kwargs):
        self.choices_for = choices
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.choices_for(self.context["request"].user)


class PlacementSerializer(ModelValidationMixin, ScopedModelSerializer):
    person = ChosenFrom(scoping.persons_for, queryset=Placement.person.field.related_model.objects)
    referral = ChosenFrom(
        scoping.referrals_for,
        queryset=Placement.referral.field.related_model.objects,
        required=False,
        allow_null=True,
    )

    class Meta:
        model = Placement
        fields = (
            "id",
            "kind",
            "person",
            "enrolment",
            "programme",
            "cooperative",
            "referral",
            "host",
            "supervisor",
            "tasks",
            "weekly_hours",
            "starts_on",
            "ends_on",
            "extended_until",
            "ended_on",
            "outcome",
            "outcome_notes",
            "recorded_by",
        )
        read_only_fields = ("recorded_by",)

    def to_representation(self, placement):
        data = super().to_representation(placement)
        if placement.enrolment_id and not self._keeps_participation(placement):
            # The host of a practice reads the practice — who comes, when, for how long, with
            # whom — not the workshop's participation and programme.
            data["enrolment"] = data["programme"] = None
        return data

    def _keeps_participation(self, placement) -> bool:
        user = self.context["request"].user
        if user.is_superuser:
            return True
        if "staff_workshops" not in self.context:
            self.context["staff_workshops"] = set(
                workshop_ids_for_staff(user).values_list("workshop", flat=True)
            )
        return placement.enrolment.workshop_id in self.context["staff_workshops"]


class DisabilityFactsSerializer(ModelValidationMixin, ScopedModelSerializer):
    class Meta:
        model = DisabilityFacts
        fields = (
            "id",
            "employment",
            "degree",
            "special_conditions",
            "applies_from",
            "valid_until",
            "assessed_since",
            "evidence_shown_on",
        )


class FactsOnHireSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisabilityFacts
        fields = (
            "degree",
            "special_conditions",
            "valid_until",
            "assessed_since",
            "evidence_shown_on",
        )


class EmploymentSerializer(ScopedModelSerializer):
    person = ChosenFrom(scoping.persons_for, queryset=Employment.person.field.related_model.objects)
    referral = ChosenFrom(
        scoping.referrals_for,
        queryset=Employment.referral.field.related_model.objects,
        required=False,
        allow_null=True,
    )
    facts = FactsOnHireSerializer(
        write_only=True,
        required=False,
        help_text=_("On hiring: what the employer knows of the disability (art. 2b)."),
    )
    disability_facts = DisabilityFactsSerializer(
        many=True,
        read_only=True,
        allow_null=True,
        help_text=_(
            "What the employer was shown (art. 2b); null for the side that does not keep the job."
        ),
    )
    expected_subsidy = serializers.SerializerMethodField(
        help_text=_("EMP-08: the wage subsidy expected for this month (zł), or null.")
    )

    class Meta:
        model = Employment
        fields = (
            "id",
            "person",
            "employer",
            "employer_kind",
            "cooperative",
            "recorded_by_workshop",
            "placement",
            "referral",
            "position",
            "contract_type",
            "fte",
            "daily_hours",
            "weekly_hours",
            "night_work",
            "overtime",
            "extra_break",
            "monthly_wage",
            "full_norm_wage",
            "ordinary_leave_days",
            "other_extra_leave",
            "starts_on",
            "ends_on",
            "end_reason",
            "recorded_by",
            "facts",
            "disability_facts",
            "expected_subsidy",
        )
        read_only_fields = ("recorded_by",)
        # For the cooperative's own employees, both come from the cooperative.
        extra_kwargs = {"employer": {"required": False}, "employer_kind": {"required": False}}

    def to_representation(self, employment):
        data = super().to_representation(employment)
        request = self.context["request"]
        if "keepers" not in self.context:  # read once for the page
            self.context["keepers"] = scoping.keeper_ids(request.user)
        keepers = self.context["keepers"]
        if not scoping.keeps_job(employment, keepers, request.user):
            # The employer's records about the disability stay with the side that keeps the job.
            data["disability_facts"] = None
            data["expected_subsidy"] = None
        return data

    def get_expected_subsidy(self, employment) -> str | None:
        facts = list(employment.disability_facts.all())
        lookup = self.context.setdefault("policy", rules.memoised_policy())
        amount = rules.expected_subsidy(employment, timezone.localdate(), facts, lookup=lookup)
        return str(amount) if amount is not None else None

    def validate(self, attrs):
        cooperative = attrs.get("cooperative", getattr(self.instance, "cooperative", None))
        if cooperative is not None:
            attrs["employer"] = cooperative.organisation
            attrs["employer_kind"] = Employment.EmployerKind.COOPERATIVE
        elif self.instance is None and not (attrs.get("employer") and attrs.get("employer_kind")):
            raise serializers.ValidationError(
                {"employer": _("Name the employer of a job outside the cooperative.")}
            )
        if self.instance is None and cooperative is None and not attrs.get("recorded_by_workshop"):
            raise serializers.ValidationError(
                {
                    "recorded_by_workshop": _(
                        "A job outside the cooperative is recorded by a workshop."
                    )
                }
            )
        return attrs


class HoursWaiverSerializer(ModelValidationMixin, ScopedModelSerializer):
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = HoursWaiver
        fields = (
            "id",
            "employment",
            "ground",
            "issued_on",
            "valid_until",
            "document",
            "has_document",
        )
        extra_kwargs = {"document": {"write_only": True, "required": False}}

    def get_has_document(self, waiver) -> bool:
        return bool(waiver.document)


class FollowUpSerializer(ScopedModelSerializer):
    class Meta:
        model = FollowUp
        fields = (
            "id",
            "employment",
            "days_after_start",
            "due_on",
            "held_on",
            "outcome",
            "left_reason",
            "notes",
            "recorded_by",
        )
        read_only_fields = ("employment", "days_after_start", "due_on", "recorded_by")


class CandidateSerializer(serializers.ModelSerializer):
    """Only what the referral shares."""

    name = serializers.CharField(source="person.__str__", read_only=True)
    workshop = serializers.CharField(source="workshop.name", read_only=True)
    skills = serializers.SerializerMethodField()
    availability = serializers.SerializerMethodField()
    contact = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = (
            "id",
            "person",
            "name",
            "workshop",
            "cooperative",
            "referred_on",
            "skills",
            "availability",
            "contact",
        )
        read_only_fields = fields

    def get_skills(self, referral) -> str | None:
        shared = referral.shares_skills and referral.readiness_id
        return referral.readiness.skills_summary if shared else None

    def get_availability(self, referral) -> str | None:
        shared = referral.shares_availability and referral.readiness_id
        return referral.readiness.availability if shared else None

    def get_contact(self, referral) -> dict | None:
        if not referral.shares_contact:
            return None
        return {"phone": referral.person.phone, "email": referral.person.email}
