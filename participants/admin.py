from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.widgets import AutocompleteSelect, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import (
    ChoicesFollowMixin,
    LabelledTabularInline,
    LargeListMixin,
    ListedInline,
    PeriodFilter,
    ReadOnlyAdminMixin,
    ScopedAdminMixin,
    ScopedHistoryAdmin,
)
from common.ids import is_id
from organisations.models import Cooperative, Organisation
from participants import rules, scoping, services
from participants.access import PersonDataAdminMixin, log_reads
from participants.forms import (
    AdmitForm,
    ApproveProgrammeForm,
    CertificateForm,
    ExitForm,
    PersonAddForm,
    ProgrammeStartForm,
)
from participants.models import (
    AccessLog,
    AllowancePayment,
    AttendanceDay,
    Consent,
    DisabilityCertificate,
    Enrolment,
    Evaluation,
    GoalRating,
    Person,
    ProgrammeGoal,
    ProgrammeVersion,
    ProgressNote,
    Readiness,
    Referral,
    Representative,
    RoomAssignment,
    Vacancy,
    WaitingListEntry,
)
from participants.scoping import contact_consented_person_ids
from wtz.models import Room, StaffAssignment, Workshop


def show_errors(form, error: ValidationError, field_map: dict | None = None) -> None:
    """Puts a service's refusal on the page's form: each message on its field when the form has
    one (``field_map`` renames the model's fields to the form's), the rest above the form."""
    field_map = field_map or {}
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for field, field_messages in errors.items():
        target = field_map.get(field, field)
        for message in field_messages:
            form.add_error(target if target in form.fields else None, message)


class PersonDataAdmin(PersonDataAdminMixin, ScopedHistoryAdmin):
    """Every admin of a person's records: scoped, with history, and with reads logged.

    ``add_form``, when set, is the form of the add page; it takes the request's user, to offer
    only what that user may choose.
    """

    add_form = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None or self.add_form is None:
            return super().get_form(request, obj, change, **kwargs)
        form = super().get_form(
            request, obj, change, **{**kwargs, "form": self.add_form, "fields": None}
        )

        class AddFormForUser(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, user=request.user, **inner)

        return AddFormForUser


class RepresentativeInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = Representative
    extra = 0
    fields = (
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

    def _details_shown(self, request, person) -> bool:
        """Whether the page's user sees the representatives' details (the answer kept for the
        request: the admin asks for the fields and each permission several times)."""
        if person is None:
            return True
        shown = request.__dict__.setdefault("representative_details_shown", {})
        if person.pk not in shown:
            shown[person.pk] = scoping.may_see_representative_details(request.user, person)
        return shown[person.pk]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if self._details_shown(request, obj):
            return fields
        # Who represents the person and in what role only; the holders keep the rest.
        return [name for name in fields if name not in Representative.DETAIL_FIELDS]

    def has_add_permission(self, request, obj=None):
        return self._details_shown(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._details_shown(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._details_shown(request, obj) and super().has_delete_permission(request, obj)


class ConsentInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = Consent
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        self._person = obj  # the representatives offered are this person's own
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "representative":
            kwargs["queryset"] = Representative.objects.visible_to(request.user).filter(
                person=getattr(self, "_person", None)
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    fields = (
        "purpose",
        "legal_basis",
        "description",
        "given_on",
        "signed_by",
        "representative",
        "withdrawn_on",
        "workshop",
    )


class CertificateInline(ScopedAdminMixin, admin.StackedInline):
    model = DisabilityCertificate
    form = CertificateForm
    extra = 0
    fields = (
        ("workshop", "kind", "degree"),
        ("number", "issuing_board", "issued_on"),
        ("disability_since", "degree_since"),
        ("is_permanent", "valid_until"),
        "symbols",
        "indications",
        "scan",
    )


class WaitingListInline(ListedInline, LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    # Added elsewhere: applications go through the reserve list's own form (priority, WTZ-04).
    model = WaitingListEntry
    fields = ("organiser", "status", "has_priority", "applied_on", "approved_on", "pcpr_reference")


class EnrolmentInline(ListedInline, LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    # Added elsewhere: admission goes through "admit from the reserve list" (WTZ-01..03).
    model = Enrolment
    fk_name = "person"
    fields = ("workshop", "admitted_on", "exited_on", "exit_reason")


class ReferralInline(ListedInline, LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = Referral
    fields = ("cooperative", "referred_on", "withdrawn_on")


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("attending", _("attending a workshop")),
            ("waiting", _("on a reserve list")),
            ("former", _("former participant")),
        ]

    def queryset(self, request, queryset):
        visible_enrolments = Enrolment.objects.visible_to(request.user)
        if self.value() == "attending":
            active = visible_enrolments.active_on(timezone.localdate())
            return queryset.filter(pk__in=active.values("person"))
        if self.value() == "waiting":
            waiting = WaitingListEntry.objects.visible_to(request.user).open()
            return queryset.filter(pk__in=waiting.values("person"))
        if self.value() == "former":
            former = visible_enrolments.filter(exited_on__isnull=False).values("person")
            active = visible_enrolments.filter(exited_on__isnull=True).values("person")
            return queryset.filter(pk__in=former).exclude(pk__in=active)
        return queryset


class WorkshopFilter(admin.SimpleListFilter):
    title = _("workshop")
    parameter_name = "workshop"

    def lookups(self, request, model_admin):
        return [(w.pk, w.name) for w in Workshop.objects.visible_to(request.user)]

    def queryset(self, request, queryset):
        if self.value():
            workshops = Workshop.objects.visible_to(request.user).filter(pk=self.value())
            registered = queryset.model.objects.filter(registrations__workshop__in=workshops)
            return queryset.filter(pk__in=registered.values("pk"))
        return queryset


class CertificateExpiringFilter(admin.SimpleListFilter):
    title = _("certificate")
    parameter_name = "certificate"

    def lookups(self, request, model_admin):
        return [
            ("expiring", _("expires within 90 days")),
            ("expired", _("no valid certificate")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        certificates = DisabilityCertificate.objects.visible_to(request.user)
        valid = certificates.governing_on(today).values("person")
        if self.value() == "expiring":
            soon = certificates.filter(
                is_permanent=False,
                valid_until__gte=today,
                valid_until__lte=today + timezone.timedelta(days=90),
            )
            later = certificates.filter(valid_until__gt=today + timezone.timedelta(days=90))
            permanent = certificates.filter(is_permanent=True)
            return (
                queryset.filter(pk__in=soon.values("person"))
                .exclude(pk__in=later.values("person"))
                .exclude(pk__in=permanent.values("person"))
            )
        if self.value() == "expired":
            return queryset.exclude(pk__in=valid)
        return queryset


@admin.register(Person)
class PersonAdmin(PersonDataAdmin):
    add_form = PersonAddForm
    list_display = ("__str__", "birth_date", "residence", "current_workshop")
    list_select_related = ("residence",)
    list_filter = (StatusFilter, WorkshopFilter, CertificateExpiringFilter, "legal_capacity")
    search_fields = ("last_name", "first_name", "=pesel")
    autocomplete_fields = ("residence",)
    inlines = (
        RepresentativeInline,
        ConsentInline,
        CertificateInline,
        WaitingListInline,
        EnrolmentInline,
        ReferralInline,
    )
    fieldsets = (
        (None, {"fields": (("first_name", "last_name"), ("pesel", "no_pesel_reason"))}),
        (None, {"fields": (("birth_date", "sex"), "residence", "legal_capacity")}),
        (_("Contact (with consent)"), {"fields": (("phone", "email"),)}),
    )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        person = self.get_object(request, object_id) if is_id(object_id) else None
        extra_context = {
            **(extra_context or {}),
            "may_hand_over_data": person is not None
            and scoping.may_hand_over_data(request.user, person),
            "may_anonymise": person is not None
            and person.anonymised_on is None
            and scoping.may_anonymise(request.user),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        # The workshop the person attends today, as one subquery: no query per row.
        current = (
            Enrolment.objects.visible_to(request.user)
            .filter(person=OuterRef("pk"), exited_on__isnull=True)
            .values("workshop__name")[:1]
        )
        return super().get_queryset(request).annotate(current_workshop_name=Subquery(current))

    @admin.display(description=_("attends"), ordering="current_workshop_name")
    def current_workshop(self, obj):
        return obj.current_workshop_name or "—"

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return (
                (None, {"fields": ("workshop",)}),
                (None, {"fields": (("first_name", "last_name"), ("pesel", "no_pesel_reason"))}),
                (None, {"fields": (("birth_date", "sex"), "residence", "legal_capacity")}),
            )
        if request.user.is_superuser or obj.pk in contact_consented_person_ids(
            request.user, timezone.localdate()
        ):
            return super().get_fieldsets(request, obj)
        # Contact details kept under another workshop's consent are that workshop's.
        return self.fieldsets[:2]

    def get_inlines(self, request, obj):
        return () if obj is None else self.inlines

    def save_formset(self, request, form, formset, change):
        if formset.model is not Consent:
            return super().save_formset(request, form, formset, change)
        withdrawn = [
            consent_form.instance
            for consent_form in formset.forms
            if "withdrawn_on" in consent_form.changed_data
            and consent_form.instance.withdrawn_on
            and consent_form not in formset.deleted_forms
        ]
        super().save_formset(request, form, formset, change)
        for consent in withdrawn:
            # What rested on the consent ends with it, and the workshop is told what ended.
            for referral in services.consent_withdraw(consent=consent, on=consent.withdrawn_on):
                messages.warning(
                    request,
                    _(
                        "The withdrawn consent ended the referral to %(cooperative)s from "
                        "%(date)s: the cooperative no longer sees %(person)s."
                    )
                    % {
                        "cooperative": referral.cooperative,
                        "date": date_format(referral.withdrawn_on),
                        "person": referral.person,
                    },
                )

    def response_add(self, request, obj, post_url_continue=None):
        # After registering, the next step is the person's page: certificate, consents, list.
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        messages.success(
            request,
            _("%(person)s is registered. Add the certificate, consents and representatives.")
            % {"person": obj},
        )
        return redirect("admin:participants_person_change", obj.pk)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        person, created = services.person_register(
            workshop=form.cleaned_data["workshop"],
            on=timezone.localdate(),
            by=request.user,
            pesel=obj.pesel,
            first_name=obj.first_name,
            last_name=obj.last_name,
            no_pesel_reason=obj.no_pesel_reason,
            birth_date=obj.birth_date,
            sex=obj.sex,
            residence=obj.residence,
            legal_capacity=obj.legal_capacity,
        )
        # The admin goes on with the form's object: point it at the registered person, which is
        # the existing one when the PESEL was already known.
        obj.pk = person.pk
        obj._state.adding = False
        obj.refresh_from_db()
        if not created:
            messages.info(
                request,
                _(
                    "Your organisation already holds a record of this PESEL: the person is now "
                    "registered at your workshop too, as your organisation recorded them."
                ),
            )


@admin.register(DisabilityCertificate)
class DisabilityCertificateAdmin(PersonDataAdmin):
    form = CertificateForm
    list_display = (
        "person",
        "kind",
        "degree",
        "issued_on",
        "valid_until",
        "is_permanent",
        "workshop",
    )
    list_select_related = ("person", "workshop")
    list_filter = ("kind", "degree", "is_permanent")
    search_fields = ("person__last_name", "person__first_name", "=person__pesel", "number")
    autocomplete_fields = ("person",)
    readonly_fields = ("scan_link",)

    @admin.display(description=_("scan"))
    def scan_link(self, obj):
        if not obj.scan:
            return "—"
        url = reverse("participants:certificate_scan", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("open the scan"))


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(PersonDataAdmin):
    list_display = (
        "person",
        "organiser",
        "status",
        "has_priority",
        "applied_on",
        "approved_on",
        "preferred_workshop",
    )
    list_select_related = ("person", "organiser", "preferred_workshop")
    list_filter = ("status", "has_priority")
    search_fields = ("person__last_name", "person__first_name", "=person__pesel")
    autocomplete_fields = ("person",)
    readonly_fields = ("has_priority", "status", "closed_on", "close_reason")
    fields = (
        "person",
        "organiser",
        "preferred_workshop",
        "applied_on",
        ("approved_on", "pcpr_reference"),
        ("left_workshop_for_work_on", "job_lost_on"),
        "has_priority",
        ("status", "closed_on", "close_reason"),
    )
    change_list_template = "admin/participants/waitinglistentry/change_list.html"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        organisers = Workshop.objects.visible_to(request.user).values("organiser")
        if db_field.name == "organiser":
            kwargs["queryset"] = Organisation.objects.filter(pk__in=organisers)
        if db_field.name == "preferred_workshop":
            # Any workshop of the organisers the user works for: the list is the organiser's.
            kwargs["queryset"] = Workshop.objects.filter(organiser__in=organisers)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        if obj.status not in WaitingListEntry.OPEN_STATUSES:
            return tuple(flatten_fieldsets([(None, {"fields": self.fields})]))
        return (*self.readonly_fields, "person", "organiser")

    def save_model(self, request, obj, form, change):
        if not change:
            approved_on, pcpr_reference = obj.approved_on, obj.pcpr_reference
            created = services.reserve_list_apply(
                person=obj.person,
                organiser=obj.organiser,
                applied_on=obj.applied_on,
                preferred_workshop=obj.preferred_workshop,
                left_workshop_for_work_on=obj.left_workshop_for_work_on,
                job_lost_on=obj.job_lost_on,
            )
            obj.pk = created.pk
            obj._state.adding = False
            obj.refresh_from_db()
            if approved_on:
                services.reserve_list_approve(
                    entry=obj, approved_on=approved_on, pcpr_reference=pcpr_reference
                )
            return
        approving = obj.status == WaitingListEntry.Status.APPLIED and obj.approved_on
        if approving:
            services.reserve_list_approve(
                entry=obj, approved_on=obj.approved_on, pcpr_reference=obj.pcpr_reference
            )
        else:
            super().save_model(request, obj, form, change)
            services.reserve_list_update_priority(obj)

    def get_urls(self):
        return [
            path(
                "admit/",
                self.admin_site.admin_view(self.admit_view),
                name="participants_waitinglistentry_admit",
            ),
            *super().get_urls(),
        ]

    def admit_view(self, request):
        """Admit the next person from the reserve list: the legally right candidate is proposed
        first, each with the reason for their place in the order."""
        if not self.has_view_permission(request) or not request.user.has_perm(
            "participants.add_enrolment"
        ):
            raise PermissionDenied
        workshops = Workshop.objects.visible_to(request.user).with_places_on(timezone.localdate())
        workshop_id = request.GET.get("workshop") or request.POST.get("workshop")
        workshop = (
            get_object_or_404(workshops, pk=workshop_id) if workshop_id else workshops.first()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Admit from the reserve list"),
            "workshops": workshops,
            "workshop": workshop,
        }
        if workshop is None:
            return TemplateResponse(request, "admin/participants/admit.html", context)
        on = timezone.localdate()
        proposals = services.reserve_list_proposal(workshop=workshop, on=on)
        form = AdmitForm(
            request.POST if request.method == "POST" else None,
            workshop=workshop,
            proposals=proposals,
        )
        if request.method == "POST" and form.is_valid():
            try:
                enrolment = services.enrolment_admit(
                    entry=form.cleaned_data["entry"],
                    workshop=workshop,
                    admitted_on=form.cleaned_data["admitted_on"],
                    by=request.user,
                    certificate_override_reason=form.cleaned_data["certificate_override_reason"],
                    order_override_reason=form.cleaned_data["order_override_reason"],
                    room=form.cleaned_data["room"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s has been admitted to %(workshop)s.")
                    % {"person": enrolment.person, "workshop": workshop},
                )
                return redirect("admin:participants_enrolment_change", enrolment.pk)
        log_reads(request, [p.entry for p in proposals], kind=AccessLog.Kind.LIST)
        context.update(
            form=form,
            proposals=proposals,
            free_places=services.free_places(workshop, on),
            places=workshop.places_on(on),
        )
        return TemplateResponse(request, "admin/participants/admit.html", context)


class RoomAssignmentInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = RoomAssignment
    extra = 0
    fields = ("room", "starts_on", "ends_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "room":
            kwargs["queryset"] = Room.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadinessInline(ScopedAdminMixin, admin.StackedInline):
    model = Readiness
    extra = 0
    fields = (("decided_on", "is_ready"), "skills_summary", "availability")


@admin.register(Enrolment)
class EnrolmentAdmin(PersonDataAdmin):
    list_display = ("person", "workshop", "admitted_on", "exited_on", "exit_reason")
    list_select_related = ("person", "workshop")
    list_filter = (("admitted_on", PeriodFilter), "exit_reason")
    search_fields = ("person__last_name", "person__first_name", "=person__pesel")
    ordering = ("-admitted_on", "-pk")
    inlines = (RoomAssignmentInline, ReadinessInline)
    readonly_fields = (
        "person",
        "workshop",
        "application",
        "admitted_on",
        "certificate",
        "certificate_override_reason",
        "order_override_reason",
        "admitted_by",
        "exited_on",
        "exit_reason",
        "exit_employer",
        "exit_contract_type",
        "club_activities",
    )
    fields = (*readonly_fields, "exit_notes")
    actions = ("record_exit",)

    def has_add_permission(self, request):
        return False  # admission goes through "admit from the reserve list" (WTZ-01..03)

    @admin.action(description=_("Record the exit of the selected participant"))
    def record_exit(self, request, queryset):
        enrolment = queryset.filter(exited_on__isnull=True).first()
        if enrolment is None:
            self.message_user(request, _("Choose a participant who attends."), messages.WARNING)
            return None
        return redirect("admin:participants_enrolment_exit", enrolment.pk)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/exit/",
                self.admin_site.admin_view(self.exit_view),
                name="participants_enrolment_exit",
            ),
            *super().get_urls(),
        ]

    def exit_view(self, request, object_id):
        enrolment = self.get_object(request, str(object_id))
        if not self.has_change_permission(request, enrolment):
            raise PermissionDenied
        # A task (e.g. a participant's new job, WTZ-16) may link here with the exit prefilled.
        initial = {name: request.GET[name] for name in ExitForm.base_fields if name in request.GET}
        form = ExitForm(request.POST if request.method == "POST" else None, initial=initial)
        self._employer_widget(request, form)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.enrolment_exit(
                    enrolment=enrolment,
                    exited_on=data["exited_on"],
                    reason=data["reason"],
                    employer=data["employer"],
                    contract_type=data["contract_type"],
                    notes=data["notes"],
                    club_activities=data["club_activities"],
                )
            except ValidationError as error:
                show_errors(
                    form,
                    error,
                    {
                        "exit_reason": "reason",
                        "exit_employer": "employer",
                        "exit_contract_type": "contract_type",
                        "exit_notes": "notes",
                    },
                )
            else:
                return self._after_exit(request, enrolment)
        log_reads(request, [enrolment], kind=AccessLog.Kind.RECORD)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Record the exit of %(person)s") % {"person": enrolment.person},
            "enrolment": enrolment,
            "form": form,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/participants/exit.html", context)

    def _employer_widget(self, request, form):
        """The employer is searched for as it is typed; one not yet known is added on the spot."""
        field = Enrolment._meta.get_field("exit_employer")
        employer = form.fields["employer"]
        employer.widget = RelatedFieldWidgetWrapper(
            AutocompleteSelect(field, self.admin_site),
            field.remote_field,
            self.admin_site,
            can_add_related=request.user.has_perm("organisations.add_organisation"),
            can_change_related=False,
            can_delete_related=False,
            can_view_related=False,
        )
        employer.widget.choices = employer.choices

    def _after_exit(self, request, enrolment):
        """An exit to an outside employer goes straight on to the job, filled in from the exit;
        a job at a cooperative kept here is its manager's to record (WTZ-16 runs the other way)."""
        outside_job = (
            enrolment.exit_employer is not None
            and not Cooperative.objects.filter(organisation=enrolment.exit_employer).exists()
            and request.user.has_perm("employment.add_employment")
        )
        if not outside_job:
            messages.success(
                request,
                _("The exit of %(person)s has been recorded.") % {"person": enrolment.person},
            )
            return redirect("admin:participants_enrolment_change", enrolment.pk)
        messages.success(
            request,
            _(
                "The exit of %(person)s has been recorded. Now the job at %(employer)s: the form "
                "is filled in from the exit."
            )
            % {"person": enrolment.person, "employer": enrolment.exit_employer},
        )
        return redirect(f"{reverse('admin:employment_employment_add')}?exit={enrolment.pk}")


@admin.register(Vacancy)
class VacancyAdmin(PersonDataAdmin):
    list_display = ("workshop", "opened_on", "freed_by", "filled_on", "filled_by")
    list_select_related = (
        "workshop",
        "freed_by__person",
        "freed_by__workshop",
        "filled_by__person",
        "filled_by__workshop",
    )
    list_filter = ("opened_on",)
    readonly_fields = ("workshop", "opened_on", "freed_by", "filled_by", "filled_on")

    def has_add_permission(self, request):
        return False  # vacancies follow from exits and admissions


@admin.register(Referral)
class ReferralAdmin(ChoicesFollowMixin, PersonDataAdmin):
    list_display = ("person", "cooperative", "workshop", "referred_on", "withdrawn_on")
    choices_follow = {"consent": "person", "readiness": "enrolment__person"}
    list_select_related = ("person", "cooperative__organisation", "workshop")
    search_fields = ("person__last_name", "person__first_name")
    autocomplete_fields = ("person",)
    fields = (
        "person",
        "workshop",
        "cooperative",
        "consent",
        "readiness",
        "referred_on",
        ("shares_contact", "shares_skills", "shares_availability"),
        "withdrawn_on",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        every_field = flatten_fieldsets([(None, {"fields": self.fields})])
        if obj.withdrawn_on:
            return tuple(every_field)  # a withdrawn referral stays withdrawn
        return tuple(name for name in every_field if name != "withdrawn_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cooperative":
            kwargs["queryset"] = db_field.related_model.objects.select_related("organisation")
        if db_field.name == "consent":
            kwargs["queryset"] = (
                Consent.objects.visible_to(request.user)
                .filter(purpose=Consent.Purpose.REFERRAL)
                .select_related("person")
            )
        if db_field.name == "readiness":
            kwargs["queryset"] = (
                Readiness.objects.visible_to(request.user)
                .filter(is_ready=True)
                .select_related("enrolment__person")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        created = services.referral_create(
            person=obj.person,
            workshop=obj.workshop,
            cooperative=obj.cooperative,
            consent=obj.consent,
            readiness=obj.readiness,
            referred_on=obj.referred_on,
            shares_contact=obj.shares_contact,
            shares_skills=obj.shares_skills,
            shares_availability=obj.shares_availability,
        )
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(AccessLog)
class AccessLogAdmin(
    LargeListMixin, ReadOnlyAdminMixin, PersonDataAdminMixin, ScopedAdminMixin, admin.ModelAdmin
):
    list_display = ("at", "user", "kind", "person", "where")
    list_select_related = ("user", "person")
    list_filter = (("at", PeriodFilter), "kind")
    search_fields = ("person__last_name", "user__username", "where")
    sortable_by = ("at",)  # any other order would sort the whole log for one page


class GoalInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = ProgrammeGoal
    extra = 1
    fields = ("domain", "description", "in_own_words")

    def _editable(self, obj):
        return obj is None or not obj.is_approved

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(PersonDataAdmin):
    """The IPR: a draft is written here, approved by the council (WTZ-07, WTZ-11), signed
    (DIS-06) and printed; after an evaluation a new version starts as a copy."""

    list_display = ("__str__", "workshop", "valid_from", "approved_on", "signed_on")
    list_select_related = ("programme__enrolment__person", "programme__enrolment__workshop")
    list_filter = ("approved_on",)
    search_fields = (
        "programme__enrolment__person__last_name",
        "programme__enrolment__person__first_name",
    )
    inlines = (GoalInline,)
    filter_horizontal = ()
    fieldsets = (
        (None, {"fields": ("valid_from",)}),
        (
            _("The six elements (1997 Act art. 10a ust. 3)"),
            {
                "fields": (
                    "forms_of_rehabilitation",
                    "scope_of_rehabilitation",
                    "teaching_methods",
                    "family_cooperation",
                    "planned_effects",
                    "responsible_staff",
                )
            },
        ),
        (
            _("Approval and signature"),
            {"fields": ("approved_on", "council", "signed_on", "signed_by", "representative")},
        ),
    )
    readonly_fields = ("approved_on", "council", "signed_on", "signed_by", "representative")
    change_form_template = "admin/participants/programmeversion/change_form.html"
    add_form = ProgrammeStartForm

    @admin.display(description=_("workshop"))
    def workshop(self, obj):
        return obj.programme.enrolment.workshop

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return ((None, {"fields": ("enrolment", "valid_from")}),)
        return super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        return () if obj is None else self.inlines

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_approved:
            # An approved programme is a signed document: it changes by a new version.
            return flatten_fieldsets(self.fieldsets)
        return self.readonly_fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "responsible_staff":
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["queryset"] = (
                StaffAssignment.objects.visible_to(request.user)
                .active_on(timezone.localdate())
                .select_related("user", "workshop")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        enrolment = form.cleaned_data["enrolment"]
        programme = getattr(enrolment, "programme", None)
        valid_from = form.cleaned_data["valid_from"]
        if programme is not None and programme.versions.exists():
            created = services.programme_new_version(programme=programme, valid_from=valid_from)
        else:
            created = services.programme_start(enrolment=enrolment, valid_from=valid_from)
        obj.pk = created.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("admin:participants_programmeversion_change", obj.pk)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/approve/",
                self.admin_site.admin_view(self.approve_view),
                name="participants_programmeversion_approve",
            ),
            path(
                "<int:object_id>/print/",
                self.admin_site.admin_view(self.print_view),
                name="participants_programmeversion_print",
            ),
            *super().get_urls(),
        ]

    def approve_view(self, request, object_id):
        version = self.get_object(request, str(object_id))
        if not self.has_change_permission(request, version):
            raise PermissionDenied
        form = ApproveProgrammeForm(
            request.POST if request.method == "POST" else None, version=version
        )
        if request.method == "POST" and form.is_valid():
            try:
                warnings = services.programme_approve(version=version, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                for warning in warnings:
                    messages.warning(request, warning)
                messages.success(request, _("The programme is approved."))
                return redirect("admin:participants_programmeversion_change", version.pk)
        log_reads(request, [version], kind=AccessLog.Kind.RECORD)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Approve %(version)s") % {"version": version},
            "original": version,
            "form": form,
        }
        return TemplateResponse(request, "admin/participants/approve_programme.html", context)

    def print_view(self, request, object_id):
        """The programme on A4, to sign."""
        version = self.get_object(request, str(object_id))
        log_reads(request, [version], kind=AccessLog.Kind.RECORD)
        context = {
            "version": version,
            "enrolment": version.programme.enrolment,
            "goals": version.goals.all(),
            "responsible": version.responsible_staff.select_related("user"),
            "council": version.council.select_related("user"),
        }
        return TemplateResponse(request, "participants/programme_print.html", context)


class GoalRatingInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    """The council's rating of each goal. ``EvaluationAdmin`` tells it which goals to offer."""

    model = GoalRating
    fields = ("goal", "rating", "comment")
    extra = 0
    goal_choices = ProgrammeGoal.objects.none()
    unrated_goals: list = []

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.unrated_goals)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "goal":
            kwargs["queryset"] = self.goal_choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Evaluation)
class EvaluationAdmin(LargeListMixin, PersonDataAdmin):
    """Periodic, annual and comprehensive evaluations, with the council's decision (WTZ-10)."""

    list_display = ("enrolment", "kind", "held_on", "participant_present", "outcome")
    list_select_related = ("enrolment__person", "enrolment__workshop")
    list_filter = (("held_on", PeriodFilter), "kind", "outcome", "participant_present")
    search_fields = ("enrolment__person__last_name", "enrolment__person__first_name")
    ordering = ("-held_on", "-pk")
    fields = (
        "enrolment",
        ("kind", "held_on", "participant_present"),
        "summary",
        ("outcome", "extension_reason"),
        "council_decision",
        "council",
    )
    inlines = (GoalRatingInline,)

    def _enrolment(self, request, obj):
        if obj is not None:
            return obj.enrolment
        pk = request.GET.get("enrolment", "")
        return (
            Enrolment.objects.visible_to(request.user).filter(pk=pk).first()
            if pk.isdigit()
            else None
        )

    def get_inline_instances(self, request, obj=None):
        """The goals to rate are those of the programme in force on the evaluation's day; until
        the participant is chosen (a new evaluation without ``?enrolment=``) there are none."""
        enrolment = self._enrolment(request, obj)
        if enrolment is None:
            return []
        goals = ProgrammeGoal.objects.visible_to(request.user).filter(
            version__programme__enrolment=enrolment
        )
        day = obj.held_on if obj is not None else timezone.localdate()
        in_force = goals.filter(
            version__approved_on__isnull=False, version__valid_from__lte=day
        ).order_by("-version__valid_from", "-version__number")
        version_id = in_force.values_list("version", flat=True).first()
        rated = set(obj.goal_ratings.values_list("goal", flat=True)) if obj is not None else set()
        inlines = super().get_inline_instances(request, obj)
        for inline in inlines:
            if isinstance(inline, GoalRatingInline):
                inline.goal_choices = goals.select_related("version")
                inline.unrated_goals = [
                    goal for goal in goals.filter(version=version_id) if goal.pk not in rated
                ]
        return inlines

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, GoalRatingInline):
            # Offered on every request, so a goal left unrated is an unchanged form, not an error.
            kwargs["initial"] = [{"goal": goal.pk} for goal in inline.unrated_goals]
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "enrolment":
            kwargs["queryset"] = (
                Enrolment.objects.visible_to(request.user)
                .filter(exited_on__isnull=True)
                .select_related("person", "workshop")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "council":
            kwargs["widget"] = forms.CheckboxSelectMultiple
            kwargs["queryset"] = (
                StaffAssignment.objects.visible_to(request.user)
                .active_on(timezone.localdate())
                .select_related("user", "workshop")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        for warning in form.instance.warnings():
            messages.warning(request, warning)
        if form.instance.kind in Evaluation.COMPREHENSIVE_KINDS:
            roles_present = {member.role for member in form.instance.council.all()}
            for warning in rules.council_warnings(roles_present):
                messages.warning(request, warning)


@admin.register(ProgressNote)
class ProgressNoteAdmin(LargeListMixin, PersonDataAdmin):
    """Every progress note; new ones are quickest on the note page (participants:note_quick)."""

    list_display = ("written_on", "enrolment", "goal", "rating", "author")
    list_select_related = ("enrolment__person", "enrolment__workshop", "goal", "author")
    list_filter = (("written_on", PeriodFilter), "rating", "goal__domain")
    search_fields = ("enrolment__person__last_name", "enrolment__person__first_name", "text")
    sortable_by = ("written_on",)  # any other order would sort every note for one page
    readonly_fields = ("enrolment", "goal", "author")
    fields = ("enrolment", "goal", "written_on", "rating", "text", "author")

    def has_add_permission(self, request):
        return False  # written on the note page, which knows the participant's current goals


@admin.register(AttendanceDay)
class AttendanceDayAdmin(LargeListMixin, PersonDataAdmin):
    """The attendance register; a room's day is taken on the attendance page."""

    list_display = ("day", "enrolment", "code", "recorded_by")
    list_select_related = ("enrolment__person", "enrolment__workshop", "recorded_by")
    list_filter = (("day", PeriodFilter), "code")
    search_fields = ("enrolment__person__last_name", "enrolment__person__first_name")
    sortable_by = ("day",)  # any other order would sort the whole register for one page
    readonly_fields = ("enrolment", "day", "recorded_by")
    fields = ("enrolment", "day", "code", "recorded_by")

    def has_add_permission(self, request):
        return False  # taken per room and day on the attendance page


@admin.register(AllowancePayment)
class AllowancePaymentAdmin(LargeListMixin, PersonDataAdmin):
    """Settled allowances; a workshop's month is settled on the allowance page (WTZ-20)."""

    list_display = ("month", "enrolment", "unexcused_days", "due_amount", "amount", "settled_by")
    list_select_related = ("enrolment__person", "enrolment__workshop", "settled_by")
    list_filter = (("month", PeriodFilter),)
    search_fields = ("enrolment__person__last_name", "enrolment__person__first_name")
    sortable_by = ("month",)
    readonly_fields = ("enrolment", "month", "unexcused_days", "due_amount", "settled_by")
    fields = ("enrolment", "month", "unexcused_days", "due_amount", "amount", "settled_by")

    def has_add_permission(self, request):
        return False  # settled per workshop and month on the allowance page
