from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "marketplace.quotes"
    label = "quotes"
    verbose_name = _("Trade quotes")

    def ready(self):
        from marketplace.quotes import tasks  # noqa: F401  the jobs are declared on import
