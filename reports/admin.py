"""Administrators switch public report pages on and off, and read the frozen reports."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import CountedListMixin, ReadOnlyAdminMixin
from reports.models import PublicReport, ReportRun


@admin.register(PublicReport)
class PublicReportAdmin(CountedListMixin, admin.ModelAdmin):
    list_display = ("territory", "public_address", "switched_on_by", "switched_on_at")
    list_select_related = ("territory", "switched_on_by")
    autocomplete_fields = ("territory",)
    search_fields = ("territory__name", "territory__code")

    @admin.display(description=_("address"))
    def public_address(self, report):
        url = reverse("reports:public", args=[report.territory.code])
        return format_html('<a href="{}">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.switched_on_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ReportRun)
class ReportRunAdmin(CountedListMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    """Frozen reports are kept as they were: readable, never changed or removed here."""

    list_display = ("territory", "period", "purpose", "frozen_by", "frozen_at", "open_link")
    list_select_related = ("territory", "frozen_by")
    list_filter = ("period",)
    search_fields = ("territory__name", "purpose")
    date_hierarchy = "frozen_at"
    fields = ("territory", "period", "purpose", "frozen_by", "frozen_at", "frozen_on")
    readonly_fields = fields

    @admin.display(description=_("report"))
    def open_link(self, run):
        return format_html('<a href="{}">{}</a>', reverse("reports:run", args=[run.pk]), _("open"))
