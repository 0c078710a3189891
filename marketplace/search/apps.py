from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "marketplace.search"
    label = "otop_search"  # Oscar's own (haystack) search app already uses the label "search"
    verbose_name = _("Product search")

    def ready(self):
        from marketplace.search import signals

        signals.connect()
