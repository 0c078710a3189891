"""The dashboard's link to the failed jobs (imported by the settings: no models here)."""
from django.utils.translation import gettext_lazy as _

from marketplace.core.menu_access import staff_only

MENU_ENTRY = {"label": _("Failed jobs"), "url_name": "admin:otop_jobs_failedjob_changelist", "access_fn": staff_only}
