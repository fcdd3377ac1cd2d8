"""The cooperative's own business in the admin: the cooperative with its founders and members,
its orders and who works on them, members who are people, OWES grants, reintegration plans and
the surplus."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common import formats
from common.admin import LabelledTabularInline, ScopedAdminMixin, ScopedHistoryAdmin
from coop import rules, scoping, services
from coop.models import (
    GrantAgreement,
    GrantedJob,
    MembershipOffer,
    Order,
    OrderAssignment,
    OrganisationMembership,
    PersonMembership,
    ReintegrationPlan,
    SocialStatus,
    SurplusAllocation,
)
from coop.statuses import ACTS, StatusBook
from employment import scoping as employment_scoping
from employment.models import Employment, Placement
from organisations.admin import ManagerAssignmentInline, OwnCooperativeMixin
from organisations.models import Cooperative
from participants.access import PersonDataAdminMixin, log_reads
from participants.admin import PersonDataAdmin
from participants.models import AccessLog


class FoundersFormSet(BaseInlineFormSet):
    """SC-01 at setup: a cooperative of legal persons entered in the KRS has its founders."""

    def clean(self):
        super().clean()
        cooperative = self.instance
        if cooperative.founder_kind != Cooperative.FounderKind.LEGAL_PERSONS:
            return
        if not cooperative.registered_on:
            return
        founders = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("is_founder")
        ]
        problem = rules.founders_problem("legal", 0, len(founders), cooperative.registered_on)
        if problem:
            raise ValidationError(problem)


class OrganisationMembershipInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = OrganisationMembership
    formset = FoundersFormSet
    extra = 0
    fields = ("organisation", "is_founder", "starts_on", "ends_on", "resolution")
    verbose_name_plural = _("member organisations (founders first)")


@admin.register(Cooperative)
class CooperativeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "founder_kind", "registered_on", "last_audit_on")
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)
    inlines = (OrganisationMembershipInline, ManagerAssignmentInline)
    fieldsets = (
        (None, {"fields": ("organisation", ("founder_kind", "registered_on"))}),
        (
            _("Social enterprise (UES)"),
            {
                "fields": (
                    ("social_enterprise_since", "social_enterprise_until"),
                    "social_enterprise_decision",
                )
            },
        ),
        (_("Audit (lustracja)"), {"fields": ("last_audit_on",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # Which organisation a cooperative is belongs to the registry, kept by administrators.
        return () if request.user.is_superuser else ("organisation",)


@admin.register(SurplusAllocation)
class SurplusAllocationAdmin(OwnCooperativeMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The surplus of each year and its allocation (SC-10)."""

    list_display = ("cooperative", "year", "surplus", "reserve_fund", "reintegration")
    list_select_related = ("cooperative__organisation",)
    fields = (
        "cooperative",
        ("year", "surplus"),
        ("reserve_fund", "reintegration", "jobs_and_investment"),
        "resolution",
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.warnings():
            messages.warning(request, warning)


class OrderAssignmentInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = OrderAssignment
    extra = 1
    fields = ("person", "role", "employment", "placement", "weekly_hours", "starts_on", "ends_on")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = employment_scoping.persons_for(request.user)
        elif db_field.name == "employment":
            kwargs["queryset"] = (
                Employment.objects.visible_to(request.user)
                .filter(cooperative__isnull=False)
                .select_related("person", "employer")
            )
        elif db_field.name == "placement":
            kwargs["queryset"] = (
                Placement.objects.visible_to(request.user)
                .exclude(kind=Placement.Kind.PRACTICE)
                .select_related("person", "host")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class OrderForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        self.instance.is_business_activity = cleaned.get("is_business_activity", True)
        try:
            rules.check_order_volunteers(self.instance)
        except ValidationError as error:
            self._update_errors(error)
        return cleaned


@admin.register(Order)
class OrderAdmin(PersonDataAdminMixin, OwnCooperativeMixin, ScopedHistoryAdmin):
    """The cooperative's orders by procurement route (JST-01..03) and who works on them (SC-08).
    Kept with the work records because a reserved contract is judged on the cooperative's
    employees."""

    form = OrderForm
    list_display = ("title", "client", "route", "net_value", "awarded_on", "starts_on", "ends_on")
    list_select_related = ("client",)
    list_filter = ("route", "client__kind")
    search_fields = ("title", "reference", "client__name")
    autocomplete_fields = ("client",)  # a client not yet known is added with "+" on the way
    date_hierarchy = "awarded_on"
    inlines = (OrderAssignmentInline,)
    readonly_fields = ("reserved_share",)
    fieldsets = (
        (None, {"fields": ("cooperative", "client", "title", "reference")}),
        (
            _("Award"),
            {"fields": (("route", "net_value"), ("bid_on", "awarded_on"), "reserved_share")},
        ),
        (None, {"fields": (("starts_on", "ends_on"), "is_business_activity", "notes")}),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cooperative":
            kwargs["queryset"] = Cooperative.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("employees from the listed groups (JST-01)"))
    def reserved_share(self, order):
        if order.pk is None or order.route != Order.Route.RESERVED:
            return "—"
        jobs = Employment.objects.filter(cooperative=order.cooperative_id)
        book = StatusBook.read(order.cooperative_id)
        listed, total, day = rules.reserved_contract_share(order, jobs, book)
        return _("%(listed)d of %(total)d on %(date)s") % {
            "listed": listed,
            "total": total,
            "date": formats.day(day),
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            assignments = OrderAssignment.objects.filter(order=object_id)
            log_reads(request, assignments, kind=AccessLog.Kind.LIST)
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        order = form.instance
        for warning in services.order_warnings(order):
            messages.warning(request, warning)


class CooperativePersonAdmin(OwnCooperativeMixin, PersonDataAdmin):
    """A record the cooperative keeps about a person: only its own cooperative and the people its
    manager may name can be chosen."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "person":
            kwargs["queryset"] = employment_scoping.persons_for(request.user)
        elif db_field.name == "cooperative":
            kwargs["queryset"] = Cooperative.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(PersonMembership)
class PersonMembershipAdmin(CooperativePersonAdmin):
    """People who are members of the cooperative: founders, and employees who joined (SC-07).
    Whether they come from a disadvantaged group (SC-03) is their social status on the day."""

    list_display = ("person", "cooperative", "is_founder", "starts_on", "ends_on")
    list_select_related = ("person", "cooperative__organisation")
    list_filter = ("is_founder",)
    search_fields = ("person__last_name", "person__first_name")
    fields = ("cooperative", "person", "is_founder", ("starts_on", "ends_on"))

    def save_model(self, request, obj, form, change):
        services.membership_record(obj)


@admin.register(MembershipOffer)
class MembershipOfferAdmin(CooperativePersonAdmin):
    """SC-07: membership offered to an employee, and the answer. Accepted: the membership is
    recorded as a member's. Declined: the duty is done, and nobody is asked again."""

    list_display = ("person", "cooperative", "offered_on", "answer", "answered_on")
    list_select_related = ("person", "cooperative__organisation")
    list_filter = ("answer",)
    search_fields = ("person__last_name", "person__first_name")
    fields = ("cooperative", "person", "offered_on", ("answer", "answered_on"), "notes")

    def response_add(self, request, obj, post_url_continue=None):
        if obj.answer == MembershipOffer.Answer.ACCEPTED and not request.GET.get("next"):
            messages.info(request, _("Accepted: now record the membership."))
            return redirect(
                f"{reverse('admin:coop_personmembership_add')}"
                f"?cooperative={obj.cooperative_id}&person={obj.person_id}"
                f"&starts_on={obj.answered_on:%Y-%m-%d}"
            )
        return super().response_add(request, obj, post_url_continue)


@admin.register(SocialStatus)
class SocialStatusAdmin(CooperativePersonAdmin):
    """The situations of the cooperative's people that the law counts, each recorded once with its
    dates and evidence; every rule asks for its own act's list (``coop.statuses``). A disability
    the cooperative holds as the employer counts without being recorded here."""

    list_display = ("person", "kind", "starts_on", "ends_on", "evidence", "cooperative")
    list_select_related = ("person", "cooperative__organisation")
    list_filter = ("kind",)
    search_fields = ("person__last_name", "person__first_name")
    fields = ("cooperative", "person", "kind", ("starts_on", "ends_on"), "evidence", "counted_by")
    readonly_fields = ("counted_by",)

    @admin.display(description=_("counted by"))
    def counted_by(self, status):
        if not status.kind:
            return "—"
        return ", ".join(str(act) for act in ACTS if status.kind in act.counts) or _("no act")


class GrantedJobInline(LabelledTabularInline, ScopedAdminMixin, admin.TabularInline):
    model = GrantedJob
    extra = 1
    fields = ("employment", "fte", "amount", "support_until", "keep_until")
    readonly_fields = ("keep_until",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employment":
            kwargs["queryset"] = (
                Employment.objects.visible_to(request.user)
                .filter(cooperative__isnull=False)
                .select_related("person", "employer")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(GrantAgreement)
class GrantAgreementAdmin(PersonDataAdminMixin, OwnCooperativeMixin, ScopedHistoryAdmin):
    """OWES grants and the jobs they created, each to be kept until its date (OWES-01)."""

    list_display = ("reference", "cooperative", "owes", "signed_on")
    list_select_related = ("cooperative__organisation", "owes")
    inlines = (GrantedJobInline,)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "cooperative":
            kwargs["queryset"] = Cooperative.objects.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            jobs = GrantedJob.objects.filter(agreement=object_id).select_related("employment")
            log_reads(request, jobs, kind=AccessLog.Kind.LIST)
        return response


@admin.register(ReintegrationPlan)
class ReintegrationPlanAdmin(PersonDataAdmin):
    """Individual reintegration plans of employees at risk of social exclusion (PS-03)."""

    list_display = ("employment", "starts_on", "ends_on")
    list_select_related = ("employment__person", "employment__employer")
    search_fields = ("employment__person__last_name", "employment__person__first_name")
    fields = ("employment", ("starts_on", "ends_on"), "situation", "actions", "expected_effects")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "employment":
            kwargs["queryset"] = (
                Employment.objects.filter(
                    cooperative__in=scoping.managed_cooperative_ids(request.user)
                ).select_related("person", "employer")
                if not request.user.is_superuser
                else (Employment.objects.filter(cooperative__isnull=False).select_related("person"))
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
