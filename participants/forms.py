"""Forms for the staff admin: they translate between the page and the services, and decide no
rule themselves."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from common.text import fold
from organisations.models import Organisation
from participants import imports, rules
from participants.models import (
    DisabilityCertificate,
    Enrolment,
    Person,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
    Representative,
    WaitingListEntry,
)
from wtz.models import Room, StaffAssignment, Workshop


class PersonAddForm(forms.ModelForm):
    """Registering a person. A PESEL the workshop's organisation already holds is not an error
    here: the service links that record to the workshop instead."""

    workshop = forms.ModelChoiceField(
        label=_("register at workshop"), queryset=Workshop.objects.none()
    )

    class Meta:
        model = Person
        fields = (
            "first_name",
            "last_name",
            "pesel",
            "no_pesel_reason",
            "birth_date",
            "sex",
            "residence",
            "legal_capacity",
        )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = Workshop.objects.visible_to(user) if user else Workshop.objects.none()
        self.fields["workshop"].queryset = workshops
        if workshops.count() == 1:
            self.fields["workshop"].initial = workshops.first()
        # Derived from the PESEL when there is one.
        self.fields["birth_date"].required = False
        self.fields["sex"].required = False

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("pesel"):
            for field in ("birth_date", "sex"):
                if not cleaned.get(field):
                    self.add_error(field, _("Without a PESEL, give this."))
        return cleaned


class CertificateForm(forms.ModelForm):
    class Meta:
        model = DisabilityCertificate
        fields = (
            "person",
            "workshop",
            "kind",
            "degree",
            "number",
            "issuing_board",
            "issued_on",
            "disability_since",
            "degree_since",
            "is_permanent",
            "valid_until",
            "symbols",
            "indications",
            "scan",
        )
        widgets = {
            "symbols": forms.CheckboxSelectMultiple,
            "indications": forms.CheckboxSelectMultiple,
        }

    def clean(self):
        cleaned = super().clean()
        symbols, issued_on = cleaned.get("symbols"), cleaned.get("issued_on")
        if symbols is not None and issued_on:
            try:
                rules.check_symbols(list(symbols), issued_on)
            except ValidationError as error:
                self.add_error("symbols", error)
        return cleaned


class AdmitForm(forms.Form):
    entry = forms.ModelChoiceField(
        label=_("person to admit"),
        queryset=WaitingListEntry.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    admitted_on = forms.DateField(label=_("admitted on"), initial=timezone.localdate)
    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.none(), required=False)
    certificate_override_reason = forms.CharField(
        label=_("admit without a certificate indicating occupational therapy, because"),
        required=False,
        max_length=255,
    )
    order_override_reason = forms.CharField(
        label=_("admit someone other than the first proposed, because"),
        required=False,
        max_length=255,
        help_text=_(
            "The organiser's order and a returnee's priority are what an inspection checks."
        ),
    )

    def __init__(self, *args, workshop, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = {proposal.entry.pk: proposal.reason for proposal in proposals}
        self.fields["entry"].queryset = WaitingListEntry.objects.filter(
            pk__in=self.reasons
        ).select_related("person")
        self.fields["entry"].label_from_instance = self.label_for
        if proposals:
            self.fields["entry"].initial = proposals[0].entry.pk
        self.fields["room"].queryset = workshop.rooms.filter(is_active=True)

    def label_for(self, entry):
        return f"{entry.person} — {self.reasons[entry.pk]}"


class ExitForm(forms.Form):
    exited_on = forms.DateField(label=_("last day of participation"), initial=timezone.localdate)
    reason = forms.ChoiceField(
        label=_("reason for leaving"), choices=[("", "---------"), *Enrolment.ExitReason.choices]
    )
    employer = forms.ModelChoiceField(
        label=_("employer"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("For an exit to work: the employer, wherever it is."),
    )
    contract_type = forms.ChoiceField(
        label=_("contract"),
        choices=[("", "---------"), *Enrolment.ContractType.choices],
        required=False,
    )
    club_activities = forms.ChoiceField(
        label=_("club activities (art. 10g)"),
        choices=[("", _("not offered")), *Enrolment.ClubAnswer.choices],
        required=False,
        help_text=_("For an exit to work: the workshop's club stays open to the person."),
    )
    notes = forms.CharField(
        label=_("notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ProgrammeStartForm(forms.ModelForm):
    """A new programme version: the first for a participant, or the next one (a copy of the
    latest, to change after an evaluation)."""

    enrolment = forms.ModelChoiceField(label=_("participant"), queryset=Enrolment.objects.none())

    class Meta:
        model = ProgrammeVersion
        fields = ("valid_from",)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = (
            Enrolment.objects.visible_to(user)
            .filter(exited_on__isnull=True)
            .select_related("person", "workshop")
        )

    def validate_unique(self):
        pass  # the number is given by the service


class ApproveProgrammeForm(forms.Form):
    approved_on = forms.DateField(label=_("approved by the council on"), initial=timezone.localdate)
    council = forms.ModelMultipleChoiceField(
        label=_("council members present"),
        queryset=StaffAssignment.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    signed_on = forms.DateField(label=_("signed on"), required=False)
    signed_by = forms.ChoiceField(
        label=_("signed by"),
        choices=[("", "---------"), *ProgrammeVersion.Signer.choices],
        required=False,
    )
    representative = forms.ModelChoiceField(
        label=_("representative who signed"), queryset=Representative.objects.none(), required=False
    )

    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        enrolment = version.programme.enrolment
        self.fields["council"].queryset = (
            StaffAssignment.objects.filter(workshop=enrolment.workshop)
            .active_on(timezone.localdate())
            .select_related("user")
        )
        self.fields["representative"].queryset = enrolment.person.representatives.all()


def current_goals(user):
    """The goals of the latest approved programme version of everyone attending the user's
    workshops: what a note can be written against today. One query."""
    latest_approved = (
        ProgrammeVersion.objects.filter(
            programme=OuterRef("version__programme"), approved_on__isnull=False
        )
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        ProgrammeGoal.objects.visible_to(user)
        .filter(
            version=Subquery(latest_approved),
            version__programme__enrolment__exited_on__isnull=True,
        )
        .select_related("version__programme__enrolment__person")
        .order_by(
            "version__programme__enrolment__person__last_name",
            "version__programme__enrolment__person__first_name",
            "domain",
            "pk",
        )
    )


def people_to_note(user, search: str = ""):
    """The people ``user`` may write a note about now — those with a goal in ``current_goals`` —
    by name; narrowed to those whose name (or PESEL) holds every word of ``search``, diacritics
    or not. A queryset: slice it, as a page shows a bounded list."""
    goals = current_goals(user).filter(version__programme__enrolment__person=OuterRef("pk"))
    people = Person.objects.filter(Exists(goals))
    for word in fold(search).split():
        people = people.filter(search_key__contains=word)
    return people.order_by("last_name", "first_name", "pk")


class QuickNoteForm(forms.Form):
    """One note in a few seconds about a person already chosen: one of their goals, a rating, a
    line of text. ``goals`` are that person's current goals; nothing else can be posted."""

    person = forms.IntegerField(widget=forms.HiddenInput)
    goal = forms.TypedChoiceField(
        label=_("goal"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a goal from the list.")},
    )
    rating = forms.TypedChoiceField(
        label=_("rating"),
        choices=ProgressNote.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    written_on = forms.DateField(label=_("date"), initial=timezone.localdate)

    def __init__(self, *args, person, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.goals = {goal.pk: goal for goal in goals}
        self.fields["person"].initial = person.pk
        self.fields["goal"].choices = [
            (goal.pk, f"{goal.get_domain_display()}: {Truncator(goal.description).chars(150)}")
            for goal in self.goals.values()
        ]
        if len(self.goals) == 1:  # nothing to choose: one tap less
            self.fields["goal"].initial = next(iter(self.goals))

    def clean_goal(self):
        return self.goals[self.cleaned_data["goal"]]


class ImportForm(forms.Form):
    workshop = forms.ModelChoiceField(label=_("workshop"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("file"), help_text=_("XLSX or CSV, with the template's column headers.")
    )

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops

    def clean_file(self):
        return imports.read_sheet(self.cleaned_data["file"])
