from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from accounts import teams


class UserQuerySet(models.QuerySet):
    def visible_to(self, user):
        return teams.accounts_visible_to(self, user)

    def kept_by(self, user):
        return teams.accounts_kept_by(self, user)


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in to Ścieżka: WTZ staff, a cooperative manager, an officer or an admin.

    What the user may see and do follows from their scope assignments in the domain apps, not from
    fields here; ``is_staff`` is not used for that.
    """

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the pages this user sees."),
    )
    added_by = models.ForeignKey(
        "self",
        verbose_name=_("added by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Until the account is placed, only whoever added it may keep it."),
    )
    wants_digest = models.BooleanField(
        _("daily e-mail of what is due"),
        default=True,
        help_text=_("Each morning: the overdue items and those due this week."),
    )

    objects = ScopedUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # A new password, or a closed account, ends every API token: a token must not outlive
        # the secret it was obtained with. (``_password`` is set by ``set_password`` until saved.)
        revoke = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if revoke:
            AuthToken.objects.filter(user=self).delete()


class SavedView(models.Model):
    """A list as a user filtered and searched it, kept under a name of their choosing: opened
    again from the home page in one click ("attending now", "open follow-ups"). It keeps the
    address only; what the list shows is decided, as ever, when it is opened."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="saved_views",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=80)
    address = models.CharField(_("address"), max_length=500)
    saved_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["user", "name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="accounts_savedview_one_name")
        ]

    def __str__(self):
        return self.name


class SubmittedForm(models.Model):
    """A form that was sent, by its one-time token: a second send of the same form (a double
    click, a reload that resubmits) finds its token here and saves nothing more. The token is
    claimed in the same transaction as the save, so two sends at the same moment wait for each
    other instead of both saving."""

    token = models.CharField(_("token"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")
        indexes = [models.Index(fields=["user", "submitted_at"], name="accounts_submitted_by_user")]

    def __str__(self):
        return self.token


class ApiToken(AuthToken):
    """A token the API was signed in with (kept by knox), as administrators see it: whose it is
    and until when it works. Tokens are obtained by signing in to the API, never made by hand."""

    class Meta:
        proxy = True
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]

    def __str__(self):
        return _("%(user)s's token from %(created)s") % {
            "user": self.user,
            "created": date_format(timezone.localtime(self.created), "DATETIME_FORMAT"),
        }


def _signed_in_as(record) -> dict:
    return {
        "username": record.username or "—",
        "at": date_format(timezone.localtime(record.attempt_time), "SHORT_DATETIME_FORMAT"),
    }


class SignInLock(AccessAttempt):
    """Failed sign-ins counted towards a lockout (kept by django-axes); deleting one unlocks."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in lock")
        verbose_name_plural = _("sign-in locks")

    def __str__(self):
        return _("Failed sign-ins as %(username)s, the last at %(at)s") % _signed_in_as(self)


class SignIn(AccessLog):
    """A sign-in to the pages (kept by django-axes)."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self):
        return _("Sign-in as %(username)s at %(at)s") % _signed_in_as(self)


class FailedSignIn(AccessFailureLog):
    """A sign-in refused for a wrong password or a lockout (kept by django-axes)."""

    class Meta:
        proxy = True
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")

    def __str__(self):
        return _("Failed sign-in as %(username)s at %(at)s") % _signed_in_as(self)


class Authenticator(TOTPDevice):
    """An authenticator app a user set up for two-step sign-in (kept by django-otp), as
    administrators see it: whose it is and when it was last used. A user sets up their own, on
    the profile page; an administrator removes one whose phone was lost."""

    class Meta:
        proxy = True
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")
        ordering = ["user__username"]

    def __str__(self):
        return _("%(user)s's authenticator app") % {"user": self.user}
