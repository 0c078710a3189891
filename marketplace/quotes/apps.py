from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "marketplace.quotes"
    label = "quotes"
    verbose_name = _("Trade quotes")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from marketplace.quotes import tasks  # noqa: F401  the jobs are declared on import

        user_logged_in.connect(_list_taken_over, dispatch_uid="otop_quote_list_taken_over")


def _list_taken_over(sender, request=None, user=None, **kwargs):
    """A visitor's quote list (in the session) joins their account's when they sign in."""
    from marketplace.quotes import quote_list

    if request is not None and user is not None and hasattr(request, "session"):
        quote_list.take_over(request, user)
