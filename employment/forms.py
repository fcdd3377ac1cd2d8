"""Forms for the admin pages of work: they translate between the page and the services, and
decide no rule themselves."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from employment import scoping
from employment.models import DisabilityFacts, Employment, FollowUp, HoursWaiver
from organisations.models import Cooperative
from wtz.models import Workshop


class HireForm(forms.ModelForm):
    """A new job with, in one page, what the employer knows of the disability and an art. 16
    waiver if there is one: the hours are checked against them before anything is saved."""

    degree = forms.ChoiceField(
        label=_("degree of disability"),
        choices=[("", _("none known to the employer")), *DisabilityFacts.Degree.choices],
        required=False,
    )
    special_conditions = forms.BooleanField(label=_("special conditions"), required=False)
    facts_valid_until = forms.DateField(
        label=_("document valid until"), required=False, help_text=_("Empty: permanent.")
    )
    assessed_since = forms.DateField(label=_("degree assessed since"), required=False)
    evidence_shown_on = forms.DateField(label=_("document shown on"), required=False)
    waiver_ground = forms.ChoiceField(
        label=_("art. 16 waiver"),
        choices=[("", _("none")), *HoursWaiver.Ground.choices],
        required=False,
    )
    waiver_issued_on = forms.DateField(label=_("waiver issued on"), required=False)
    waiver_document = forms.FileField(label=_("waiver document"), required=False)

    class Meta:
        model = Employment
        fields = (
            "person",
            "cooperative",
            "recorded_by_workshop",
            "employer",
            "employer_kind",
            "referral",
            "placement",
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
        )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["person"].queryset = scoping.persons_for(user)
        self.fields["cooperative"].queryset = Cooperative.objects.visible_to(user)
        self.fields["recorded_by_workshop"].queryset = Workshop.objects.visible_to(user)
        for name in ("employer", "employer_kind"):
            self.fields[name].required = False
            self.fields[name].help_text = _("For the cooperative, filled in from it.")

    def clean(self):
        cleaned = super().clean()
        cooperative = cleaned.get("cooperative")
        if cooperative is not None:
            cleaned["employer"] = cooperative.organisation
            cleaned["employer_kind"] = Employment.EmployerKind.COOPERATIVE
            self.instance.employer = cooperative.organisation
            self.instance.employer_kind = Employment.EmployerKind.COOPERATIVE
        else:
            for name in ("employer", "employer_kind"):
                if not cleaned.get(name):
                    self.add_error(name, _("Name the employer of a job outside the cooperative."))
        if cooperative is None and not cleaned.get("recorded_by_workshop"):
            self.add_error(
                "recorded_by_workshop",
                _("A job outside the cooperative is recorded by a workshop."),
            )
        if cleaned.get("degree") and not cleaned.get("evidence_shown_on"):
            self.add_error("evidence_shown_on", _("Give the day the document was shown."))
        if cleaned.get("waiver_ground") and not cleaned.get("waiver_issued_on"):
            self.add_error("waiver_issued_on", _("Give the day the waiver was issued."))
        return cleaned

    FACTS_FIELDS = {
        "degree": "degree",
        "special_conditions": "special_conditions",
        "valid_until": "facts_valid_until",
        "assessed_since": "assessed_since",
        "evidence_shown_on": "evidence_shown_on",
    }
    WAIVER_FIELDS = {
        "ground": "waiver_ground",
        "issued_on": "waiver_issued_on",
        "document": "waiver_document",
    }

    def _post_clean(self):
        # The model's validation needs the facts and the waiver of this page (EMP-01..04), and
        # each of them is checked on its own too, so that no refusal waits for the save.
        facts, waiver = self.facts, self.waiver
        self.instance.pending_facts = [facts] if facts else []
        self.instance.pending_waivers = [waiver] if waiver else []
        super()._post_clean()
        for record, fields in ((facts, self.FACTS_FIELDS), (waiver, self.WAIVER_FIELDS)):
            if record is None:
                continue
            try:
                record.full_clean(exclude=["employment"])
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    for message in messages:
                        self.add_error(fields.get(name), message)

    @property
    def facts(self) -> DisabilityFacts | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("degree"):
            return None
        return DisabilityFacts(
            degree=data["degree"],
            special_conditions=data.get("special_conditions", False),
            applies_from=data.get("starts_on") or data.get("evidence_shown_on"),
            valid_until=data.get("facts_valid_until"),
            assessed_since=data.get("assessed_since"),
            evidence_shown_on=data.get("evidence_shown_on"),
        )

    @property
    def waiver(self) -> HoursWaiver | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("waiver_ground"):
            return None
        return HoursWaiver(
            ground=data["waiver_ground"],
            issued_on=data.get("waiver_issued_on"),
            document=data.get("waiver_document"),
        )


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ("held_on", "outcome", "left_reason", "notes")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("outcome"):
            self.add_error("outcome", _("Choose what the follow-up found."))
        return cleaned
