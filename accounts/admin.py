from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from knox.models import AuthToken

from accounts.models import ApiToken, FailedSignIn, SignIn, SignInLock, User


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
class ApiTokenAdmin(admin.ModelAdmin):
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
    admin.site.register(model, model_admin)

# Field names of those pages that django-axes' Polish catalogue leaves in English.
AXES_WORDS = (gettext_noop("User Agent"), gettext_noop("HTTP Accept"))
