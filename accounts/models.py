from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
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
