from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts import second_factor
from accounts.models import ApiToken, Authenticator, FailedSignIn, SignIn, SignInLock, User
from common.admin import CountedListMixin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets[:1],
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    list_display = ("username", "first_name", "last_name", "email", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "language")


# Roles come from scope assignments, never from groups (see config.roles).
admin.site.unregister(Group)


@admin.register(ApiToken)
class ApiTokenAdmin(CountedListMixin, admin.ModelAdmin):
    """The API's sign-ins: an administrator sees who holds a token and ends one by deleting it
    (a changed password or a closed account ends them all)."""

    list_display = ("user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = ("user", "created", "expiry")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.unregister(AuthToken)  # knox's own page speaks English and makes tokens by hand


# django-axes keeps the sign-in records; its pages name them in English. The same pages, under
# the records' Polish names:
for axes_model, model, model_admin in (
    (AccessAttempt, SignInLock, axes_admin.AccessAttemptAdmin),
    (AccessLog, SignIn, axes_admin.AccessLogAdmin),
    (AccessFailureLog, FailedSignIn, axes_admin.AccessFailureLogAdmin),
):
    admin.site.unregister(axes_model)
    # A log of every sign-in grows without bound: counted once, and no date links read from it.
    admin.site.register(model, model_admin, show_full_result_count=False, date_hierarchy=None)

# Field names of those pages that django-axes' Polish catalogue leaves in English.
AXES_WORDS = (gettext_noop("User Agent"), gettext_noop("HTTP Accept"))


# django-otp's pages speak English and show a device's secret; users set up their own devices.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(Authenticator)
class AuthenticatorAdmin(CountedListMixin, admin.ModelAdmin):
    """Who signs in in two steps. An administrator removes the authenticator app (with its backup
    codes) of someone who lost their phone; they then sign in with the password and set up a new
    one. Nobody adds or changes one here: the secret stays with its user."""

    # django-otp names its fields in English only: every column is labelled here.
    list_display = ("owner", "set_up_on", "last_used", "backup_codes")
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    fields = list_display
    readonly_fields = fields

    def get_queryset(self, request):
        unused_codes = (
            StaticToken.objects.filter(device__user=OuterRef("user"), device__confirmed=True)
            .order_by()
            .values("device__user")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .filter(confirmed=True)
            .annotate(unused_backup_codes=Coalesce(Subquery(unused_codes), 0))
        )

    @admin.display(description=_("user"), ordering="user__username")
    def owner(self, device):
        return device.user

    @admin.display(description=_("set up on"), ordering="created_at")
    def set_up_on(self, device):
        return device.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    @admin.display(description=_("unused backup codes"), ordering="unused_backup_codes")
    def backup_codes(self, device):
        return device.unused_backup_codes

    def lookup_allowed(self, lookup, value, request=None):
        # A filter on the secret in the address would tell it, a character at a time, by how many
        # rows match: only who the app belongs to may be filtered on.
        if not lookup.startswith("user__"):
            return False
        return super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_deleted_objects(self, objs, request):
        # The backup codes go with the app; the page names neither them nor their values.
        _deleted, _counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        named = [str(obj) for obj in objs]
        return named, {self.opts.verbose_name_plural: len(named)}, perms_needed, protected

    def delete_model(self, request, obj):
        second_factor.remove(obj.user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            second_factor.remove(device.user)
