"""The registry's admin: territories, organisations, managers' and officers' assignments, and
the policy parameters with their legal sources."""

from django.contrib import admin

from common.admin import CountedListMixin, PolishNumbersMixin, ScopedAdminMixin
from organisations.models import (
    Cooperative,
    LocalBudget,
    ManagerAssignment,
    OfficerAssignment,
    Organisation,
    PolicyParameter,
    Territory,
)


@admin.register(Territory)
class TerritoryAdmin(CountedListMixin, admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "is_city_with_powiat_rights")
    list_filter = ("level", "is_city_with_powiat_rights")
    list_select_related = ("parent",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)


@admin.register(Organisation)
class OrganisationAdmin(CountedListMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "territory", "nip", "regon", "krs")
    list_filter = ("kind",)
    list_select_related = ("territory",)
    search_fields = ("name", "nip", "regon", "krs")
    autocomplete_fields = ("territory",)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        # Staff and managers add an employer or a client on the way; how an organiser orders
        # its reserve list is the administrator's to set.
        return [name for name in fields if name != "reserve_list_order"]


class ManagerAssignmentInline(ScopedAdminMixin, admin.TabularInline):
    model = ManagerAssignment
    extra = 0
    autocomplete_fields = ("user",)


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
class PolicyParameterAdmin(CountedListMixin, PolishNumbersMixin, admin.ModelAdmin):
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


@admin.register(LocalBudget)
class LocalBudgetAdmin(CountedListMixin, PolishNumbersMixin, admin.ModelAdmin):
    """Local governments' yearly expenditure, for the share commissioned to the cooperatives;
    administrators record it from the budget reports."""

    list_display = ("organisation", "year", "expenditure", "source")
    list_filter = ("year",)
    list_select_related = ("organisation",)
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)


class OwnCooperativeMixin:
    """On an add page of a cooperative's record, a manager of one cooperative finds it chosen."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        cooperatives = Cooperative.objects.visible_to(request.user)[:2]
        if "cooperative" not in initial and len(cooperatives) == 1:
            initial["cooperative"] = cooperatives[0].pk
        return initial
