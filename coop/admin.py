from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from common.admin import LabelledTabularInline, ScopedAdminMixin
from coop import rules
from coop.models import (
    Cooperative,
    ManagerAssignment,
    OfficerAssignment,
    Organisation,
    OrganisationMembership,
    PolicyParameter,
    SurplusAllocation,
    Territory,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_city_with_powiat_rights")
    list_filter = ("level", "is_city_with_powiat_rights")
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "territory", "nip", "regon", "krs")
    list_filter = ("kind",)
    list_select_related = ("territory",)
    search_fields = ("name", "nip", "regon", "krs")
    autocomplete_fields = ("territory",)


class ManagerAssignmentInline(ScopedAdminMixin, admin.TabularInline):
    model = ManagerAssignment
    extra = 0
    autocomplete_fields = ("user",)


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


@admin.register(ManagerAssignment)
class ManagerAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "cooperative", "starts_on", "ends_on")
    list_select_related = ("user", "cooperative__organisation")
    search_fields = ("user__username", "user__first_name", "user__last_name")
    autocomplete_fields = ("user", "cooperative")


@admin.register(OfficerAssignment)
class OfficerAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("user", "territory", "starts_on", "ends_on")
    list_select_related = ("user", "territory")
    search_fields = ("user__username", "user__first_name", "user__last_name", "territory__name")
    autocomplete_fields = ("user", "territory")


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    """Every threshold the rules use, with its legal source; administrators keep them."""

    list_display = (
        "key",
        "value",
        "valid_from",
        "valid_to",
        "known_on",
        "scope",
        "legal_source",
        "evidence",
    )
    list_filter = ("scope", "evidence", "key")
    list_select_related = ("region", "organiser")
    search_fields = ("key", "legal_source", "note")
    autocomplete_fields = ("region", "organiser")
    date_hierarchy = "valid_from"


class OwnCooperativeMixin:
    """On an add page of a cooperative's record, a manager of one cooperative finds it chosen."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        cooperatives = Cooperative.objects.visible_to(request.user)[:2]
        if "cooperative" not in initial and len(cooperatives) == 1:
            initial["cooperative"] = cooperatives[0].pk
        return initial


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
