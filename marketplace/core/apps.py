from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "otop_core"
    verbose_name = _("Marketplace core")

    def ready(self):
        from marketplace.core import checks, dates, site  # noqa: F401  (checks: registered on import)
        from marketplace.core.admin_rows import close_oscars_add_forms, keep_records

        # every app's admin is registered: the admin's autodiscovery ran in its own ready()
        close_oscars_add_forms()
        keep_records()

        dates.localize_printed_dates()  # a date printed without the ``date`` filter shows the Buddhist Era too

        # Sent for apps with models only (this one has none): with the sites app's, after the receiver
        # that creates example.com (connected first, as the sites app comes first).
        post_migrate.connect(site.sync, sender=apps.get_app_config("sites"), dispatch_uid="otop_site_address")
