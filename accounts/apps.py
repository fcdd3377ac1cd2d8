from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import mark_touched

        user_logged_in.connect(mark_touched, dispatch_uid="accounts_session_touched_at_sign_in")
