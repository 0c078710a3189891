from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "marketplace.accounts"
    label = "otop_accounts"  # the shopper's account rules; Oscar's "customer" app keeps the pages
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from marketplace.accounts import profile

        user_logged_in.connect(profile.signed_in, dispatch_uid="otop_account_language")
