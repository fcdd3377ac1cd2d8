from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.admin import ScopedAdminMixin
from wtz.models import (
    COST_FIELDS,
    FUND_FIELDS,
    AnnualFinance,
    ContractedPlaces,
    Room,
    StaffAssignment,
    Workshop,
)


class ManagedWorkshopAdminMixin:
    """Changing a workshop's own data (its details, its rooms) is for the WTZ manager of that
    workshop; the rest of its staff read it."""

    workshop_field = "workshop"

    def _managed_workshop_ids(self, request) -> set[int]:
        if not hasattr(request, "_managed_workshop_ids"):
            request._managed_workshop_ids = set(
                Workshop.objects.managed_by(request.user).values_list("pk", flat=True)
            )
        return request._managed_workshop_ids

    def _workshop_id(self, obj) -> int:
        return obj.pk if self.workshop_field == "pk" else getattr(obj, f"{self.workshop_field}_id")

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return self._workshop_id(obj) in self._managed_workshop_ids(request)


class ContractedPlacesInline(ScopedAdminMixin, admin.TabularInline):
    model = ContractedPlaces
    extra = 0


class RoomInline(ScopedAdminMixin, admin.TabularInline):
    model = Room
    extra = 0
    fields = ("name", "is_active")


class StaffAssignmentInline(ScopedAdminMixin, admin.TabularInline):
    model = StaffAssignment
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Workshop)
class WorkshopAdmin(ManagedWorkshopAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    workshop_field = "pk"
    list_display = ("name", "organiser", "territory", "places_today")
    list_select_related = ("organiser", "territory")
    search_fields = ("name", "organiser__name", "territory__name")
    autocomplete_fields = ("organiser", "territory")
    inlines = (ContractedPlacesInline, RoomInline, StaffAssignmentInline)

    def get_queryset(self, request):
        return super().get_queryset(request).with_places_on(timezone.localdate())

    def get_readonly_fields(self, request, obj=None):
        # Who runs a workshop and where it is are registry facts kept by administrators.
        return () if request.user.is_superuser else ("organiser", "territory")

    @admin.display(description=_("contracted places today"), ordering="places")
    def places_today(self, obj):
        return obj.places


@admin.register(Room)
class RoomAdmin(ManagedWorkshopAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "workshop", "is_active")
    list_filter = ("is_active",)
    list_select_related = ("workshop",)
    search_fields = ("name", "workshop__name")
    autocomplete_fields = ("workshop",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "workshop":
            kwargs["queryset"] = Workshop.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(ManagedWorkshopAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """Who works where: the workshop's staff read it, its WTZ manager keeps it."""

    list_display = ("user", "workshop", "role", "fte", "starts_on", "ends_on")
    list_filter = ("role",)
    list_select_related = ("user", "workshop")
    search_fields = ("user__username", "user__first_name", "user__last_name", "workshop__name")
    autocomplete_fields = ("user", "workshop")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "workshop":
            kwargs["queryset"] = Workshop.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AnnualFinance)
class AnnualFinanceAdmin(ManagedWorkshopAdminMixin, ScopedAdminMixin, admin.ModelAdmin):
    """The year's funds and costs of a workshop, for its annual report: its WTZ manager keeps
    them; WTZ-19 is checked on saving."""

    list_display = ("workshop", "year", "pfron_funds", "sales_revenue", "equipment")
    list_filter = ("year",)
    list_select_related = ("workshop",)
    search_fields = ("workshop__name",)
    fieldsets = (
        (None, {"fields": ("workshop", "year", "staff_count")}),
        (_("Funds"), {"fields": FUND_FIELDS}),
        (
            _("Costs by the categories of § 19"),
            {"fields": (*COST_FIELDS, "equipment_consent_on")},
        ),
    )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "workshop":
            kwargs["queryset"] = Workshop.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.warnings():
            messages.warning(request, warning)
