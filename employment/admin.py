from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import formats
from common.admin import (
    ChoicesFollowMixin,
    LabelledTabularInline,
    ListedInline,
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    path_link,
)
from common.ids import is_id
from employment import rules, scoping, services
from employment.forms import FollowUpForm, HireForm
from employment.models import (
    Candidate,
    DisabilityFacts,
    Employment,
    FollowUp,
    HoursWaiver,
    Placement,
)
from organisations.models import Cooperative
from participants.access import PersonDataAdminMixin
from participants.admin import PersonDataAdmin
from participants.models import Enrolment, ProgrammeVersion


class WriteScopeMixin:
    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and scoping.may_write(
            request.user, self.owner(obj)
        )

    def owner(self, obj):
        return obj


@admin.register(Placement)
class PlacementAdmin(ChoicesFollowMixin, WriteScopeMixin, PersonDataAdmin):
    """Practices arranged by the workshop (WTZ-13, WTZ-14); trainings and internships organised by
    the cooperative."""

    choices_follow = {
        "enrolment": "person",
        "programme": "programme__enrolment__person",
        "referral": "person",
    }

    list_display = ("person", "kind", "host", "starts_on", "last_day", "weekly_hours", "outcome")
    list_select_related = ("person", "host")
    list_filter = ("kind", "outcome")
    search_fields = ("person__last_name", "person__first_name", "host__name")
    date_hierarchy = "starts_on"

    @admin.display(description=_("last day"))
    def last_day(self, placement):
        return placement.last_day

    fieldsets = (
        (None, {"fields": ("kind", "person", ("enrolment", "programme"))}),
        (None, {"fields": (("cooperative", "referral"), "host", "supervisor", "tasks")}),
        (None, {"fields": ("weekly_hours", ("starts_on", "ends_on", "extended_until"))}),
        (_("Outcome"), {"fields": (("ended_on", "outcome"), "outcome_notes")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "person":
            kwargs["queryset"] = scoping.persons_for(user)
        elif db_field.name == "enrolment":
            kwargs["queryset"] = (
                Enrolment.objects.visible_to(user)
                .filter(exited_on__isnull=True)
                .select_related("person", "workshop")
            )
        elif db_field.name == "programme":
            kwargs["queryset"] = (
                ProgrammeVersion.objects.visible_to(user)
                .filter(approved_on__isnull=False, programme__enrolment__exited_on__isnull=True)
                .select_related("programme__enrolment__person")
            )
        elif db_field.name == "cooperative":
            kwargs["queryset"] = Cooperative.objects.visible_to(user)
        elif db_field.name == "referral":
            kwargs["queryset"] = scoping.referrals_for(user).select_related("person")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not scoping.may_write(request.user, obj):
            # A host reads the practice, not the workshop's participation and programme.
            return [(None, {"fields": ("kind", "person")}), *fieldsets[1:]]
        return fieldsets

    def save_model(self, request, obj, form, change):
        services.placement_record(obj, by=request.user)
        for warning in obj.warnings():
            messages.warning(request, warning)


class DisabilityFactsInline(ScopedAdminMixin, admin.StackedInline):
    model = DisabilityFacts
    extra = 0
    fields = (
        ("degree", "special_conditions"),
        ("applies_from", "valid_until"),
        ("assessed_since", "evidence_shown_on"),
    )


class HoursWaiverInline(ScopedAdminMixin, admin.StackedInline):
    model = HoursWaiver
    extra = 0
    fields = (("ground", "issued_on", "valid_until"), "document", "document_link")
    readonly_fields = ("document_link",)

    @admin.display(description=_("document"))
    def document_link(self, waiver):
        if not waiver.pk or not waiver.document:
            return "—"
        url = reverse("employment:waiver_document", args=[waiver.pk])
        return format_html('<a href="{}">{}</a>', url, _("open the document"))


class FollowUpInline(ListedInline, LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = FollowUp
    fields = ("days_after_start", "due_on", "held_on", "outcome", "open_link")
    show_change_link = False  # the "open" column says it in the table's words

    @admin.display(description=_("record"))
    def open_link(self, follow_up):
        url = reverse("admin:employment_followup_change", args=[follow_up.pk])
        return format_html('<a href="{}">{}</a>', url, _("open"))


class CooperativeFilter(admin.RelatedFieldListFilter):
    """The cooperatives to filter by, each named by its organisation read with it: one query,
    however many cooperatives there are (a national instance has hundreds)."""

    def field_choices(self, field, request, model_admin):
        cooperatives = Cooperative.objects.select_related("organisation").order_by(
            "organisation__name", "pk"
        )
        return [(cooperative.pk, str(cooperative)) for cooperative in cooperatives]


@admin.register(Employment)
class EmploymentAdmin(ChoicesFollowMixin, WriteScopeMixin, PersonDataAdmin):
    """Jobs with any employer. A new one is checked with the employer's disability facts and any
    waiver before it is saved (EMP-01..04); its follow-ups are scheduled."""

    choices_follow = {"referral": "person", "placement": "person"}

    add_form = HireForm
    list_display = (
        "person",
        "employer",
        "position",
        "contract_type",
        "fte",
        "starts_on",
        "ends_on",
        "path",
    )
    list_select_related = ("person", "employer")
    list_filter = ("employer_kind", "contract_type", ("cooperative", CooperativeFilter))
    search_fields = ("person__last_name", "person__first_name", "employer__name", "position")
    date_hierarchy = "starts_on"
    inlines = (DisabilityFactsInline, HoursWaiverInline, FollowUpInline)
    readonly_fields = ("person", "cooperative", "employer", "employer_kind", "figures")
    fieldsets = (
        (None, {"fields": ("person", ("cooperative", "employer", "employer_kind"), "position")}),
        (
            _("Contract and hours"),
            {
                "fields": (
                    ("contract_type", "fte"),
                    ("daily_hours", "weekly_hours"),
                    ("night_work", "overtime", "extra_break"),
                    ("monthly_wage", "full_norm_wage"),
                    ("ordinary_leave_days", "other_extra_leave"),
                    ("starts_on", "ends_on", "end_reason"),
                )
            },
        ),
        (_("This month"), {"fields": ("figures",)}),
    )
    add_fieldsets = (
        (None, {"fields": ("person", "cooperative", "recorded_by_workshop")}),
        (_("Employer outside the cooperative"), {"fields": (("employer", "employer_kind"),)}),
        (None, {"fields": (("referral", "placement"), "position")}),
        (
            _("Contract and hours"),
            {
                "fields": (
                    ("contract_type", "fte"),
                    ("daily_hours", "weekly_hours"),
                    ("night_work", "overtime", "extra_break"),
                    ("monthly_wage", "full_norm_wage"),
                    ("ordinary_leave_days", "other_extra_leave"),
                    "starts_on",
                )
            },
        ),
        (
            _("What the employer knows of the disability (1997 Act art. 2b)"),
            {
                "fields": (
                    ("degree", "special_conditions"),
                    ("facts_valid_until", "assessed_since", "evidence_shown_on"),
                )
            },
        ),
        (
            _("Working-time waiver (art. 16)"),
            {"fields": (("waiver_ground", "waiver_issued_on"), "waiver_document")},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def _exit_of(self, request) -> Enrolment | None:
        """The exit to work this new job continues from (``?exit=<enrolment>``), if the user may
        read it."""
        pk = request.GET.get("exit", "")
        if not is_id(pk):
            return None
        return (
            Enrolment.objects.visible_to(request.user)
            .filter(pk=pk, exit_reason__in=Enrolment.WORK_REASONS, exit_employer__isnull=False)
            .first()
        )

    def add_view(self, request, form_url="", extra_context=None):
        enrolment = self._exit_of(request) if request.method == "GET" else None
        job = services.job_recorded_after(enrolment) if enrolment is not None else None
        if job is not None and self.has_view_permission(request, job):
            messages.info(request, _("This job is already recorded."))
            return redirect("admin:employment_employment_change", job.pk)
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop("exit", None)
        enrolment = self._exit_of(request)
        if enrolment is not None:
            initial.update(services.job_from_exit(enrolment))
        return initial

    @admin.display(description=_("path"))
    def path(self, employment):
        return path_link(employment.person_id)

    def get_inlines(self, request, obj):
        if obj is None:
            return ()
        if not scoping.may_write(request.user, obj):
            return (FollowUpInline,)  # the employer's disability records are the keeper's
        return self.inlines

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        fieldsets = super().get_fieldsets(request, obj)
        if not scoping.may_write(request.user, obj):
            fieldsets = [fs for fs in fieldsets if "figures" not in fs[1]["fields"]]
        return fieldsets

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = scoping.persons_for(request.user)
        elif db_field.name == "referral":
            kwargs["queryset"] = scoping.referrals_for(request.user).select_related("person")
        elif db_field.name == "placement":
            kwargs["queryset"] = Placement.objects.visible_to(request.user).select_related(
                "person", "host"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("subsidy and leave"))
    def figures(self, employment):
        today = timezone.localdate()
        facts = list(employment.disability_facts.all())
        subsidy = rules.expected_subsidy(employment, today, facts)
        leave = rules.extra_leave_days(employment, facts, today)
        return format_html(
            "{}: {} · {}: {}",
            _("expected wage subsidy (EMP-08)"),
            f"{formats.amount(subsidy)} zł" if subsidy is not None else _("none"),
            _("extra leave this year (EMP-06)"),
            leave,
        )

    def save_model(self, request, obj, form, change):
        if change:
            services.employment_change(obj)  # the warnings are shown after the inlines are saved
            return
        _employment, warnings = services.employment_hire(
            obj, facts=form.facts, waiver=form.waiver, by=request.user
        )
        for warning in warnings:
            messages.warning(request, warning)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        employment = form.instance
        warnings = rules.employment_warnings(
            employment, list(employment.disability_facts.all()), list(employment.waivers.all())
        )
        if change:
            for warning in warnings:
                messages.warning(request, warning)


class HeldFilter(admin.SimpleListFilter):
    title = _("held")
    parameter_name = "held"

    def lookups(self, request, model_admin):
        return (("no", _("not yet")), ("yes", _("held")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(held_on__isnull=True)
        if self.value() == "yes":
            return queryset.filter(held_on__isnull=False)
        return queryset


@admin.register(FollowUp)
class FollowUpAdmin(WriteScopeMixin, PersonDataAdmin):
    """Follow-ups due after a hire, the latest due first; the outcome is recorded here."""

    form = FollowUpForm
    list_display = ("employment", "days_after_start", "due_on", "held_on", "outcome")
    list_select_related = ("employment__person", "employment__employer")
    list_filter = (HeldFilter, "outcome", "days_after_start")
    ordering = ("-due_on", "-pk")
    search_fields = ("employment__person__last_name", "employment__person__first_name")
    date_hierarchy = "due_on"
    readonly_fields = ("employment", "days_after_start", "due_on")
    fields = (
        "employment",
        ("days_after_start", "due_on"),
        "held_on",
        "outcome",
        "left_reason",
        "notes",
    )

    actions = ("held_today_still_employed",)

    def owner(self, obj):
        return obj.employment if obj is not None else None

    def has_add_permission(self, request):
        return False  # scheduled by the hire

    @admin.action(
        description=_("Held today: still employed (the selected follow-ups due and not yet held)"),
        permissions=("change",),
    )
    def held_today_still_employed(self, request, queryset):
        """Calls made in a batch, each person still at work: recorded at once. Anything else is
        recorded one by one, with its reason."""
        today = timezone.localdate()
        due = queryset.filter(
            held_on__isnull=True, due_on__lte=today, employment__starts_on__lte=today
        ).select_related("employment")
        open_ones = [
            follow_up for follow_up in due if scoping.may_write(request.user, follow_up.employment)
        ]
        with transaction.atomic():
            for follow_up in open_ones:
                services.follow_up_record(
                    follow_up, outcome=FollowUp.Outcome.STILL_EMPLOYED, by=request.user
                )
        self.message_user(
            request,
            ngettext(
                "%(count)d follow-up recorded as held today.",
                "%(count)d follow-ups recorded as held today.",
                len(open_ones),
            )
            % {"count": len(open_ones)},
            messages.SUCCESS if open_ones else messages.WARNING,
        )

    def save_model(self, request, obj, form, change):
        services.follow_up_record(
            obj,
            outcome=form.cleaned_data["outcome"],
            held_on=form.cleaned_data["held_on"],
            left_reason=form.cleaned_data["left_reason"],
            notes=form.cleaned_data["notes"],
            by=request.user,
        )


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdminMixin, PersonDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The candidates the workshops referred to the cooperative, with only what each referral
    shares: never a diagnosis, a symbol, an evaluation, a note or the programme."""

    list_display = (
        "person",
        "workshop",
        "referred_on",
        "skills",
        "availability",
        "next_steps",
        "path",
    )
    list_select_related = ("person", "workshop", "readiness", "cooperative__organisation")
    search_fields = ("person__last_name", "person__first_name")
    fields = (
        "person",
        "workshop",
        "referred_on",
        "skills",
        "availability",
        "contact",
        "next_steps",
    )
    readonly_fields = fields

    @admin.display(description=_("path"))
    def path(self, referral):
        return path_link(referral.person_id)

    @admin.display(description=_("skills"))
    def skills(self, referral):
        shared = referral.shares_skills and referral.readiness_id
        return referral.readiness.skills_summary if shared else "—"

    @admin.display(description=_("availability"))
    def availability(self, referral):
        shared = referral.shares_availability and referral.readiness_id
        return referral.readiness.availability if shared else "—"

    @admin.display(description=_("contact"))
    def contact(self, referral):
        if not referral.shares_contact:
            return "—"
        person = referral.person
        return ", ".join(value for value in (person.phone, person.email) if value) or "—"

    @admin.display(description=_("next step"))
    def next_steps(self, referral):
        prefill = (
            f"person={referral.person_id}&referral={referral.pk}"
            f"&cooperative={referral.cooperative_id}"
        )
        training = reverse("admin:employment_placement_add")
        hire = reverse("admin:employment_employment_add")
        return format_html(
            '<a href="{}?kind=training&host={}&{}">{}</a> · '
            '<a href="{}?kind=internship&host={}&{}">{}</a> · <a href="{}?{}">{}</a>',
            training,
            referral.cooperative.organisation_id,
            prefill,
            _("start a work training"),
            training,
            referral.cooperative.organisation_id,
            prefill,
            _("start an internship"),
            hire,
            prefill,
            _("hire"),
        )
