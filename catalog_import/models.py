"""A record of each import of programme files, and the permission that allows importing."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from marketplace.core.json_fields import JSONField


class ImportRun(models.Model):
    class Source(models.TextChoices):
        DASHBOARD = "dashboard", _("Dashboard")
        COMMAND = "command", _("Command")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be checked")
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Checked, waiting for confirmation")
        WRITING = "writing", _("Importing")
        IMPORTED = "imported", _("Imported")
        CANCELLED = "cancelled", _("Cancelled")
        FAILED = "failed", _("File could not be read")

    # A job is at work on the run (or about to be): the page polls its progress.
    RUNNING = (Status.QUEUED, Status.CHECKING, Status.WRITING)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+", verbose_name=_("user"))
    created = models.DateTimeField(_("started"), auto_now_add=True)
    file_name = models.CharField(_("file name"), max_length=255)
    # The uploaded file, kept between the checked preview and the confirmation.
    upload = models.FileField(_("uploaded file"), upload_to="programme-imports/%Y/%m/", blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.DASHBOARD)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    summary = JSONField(_("summary"), default=dict, blank=True)
    # Progress of the job at work: rows read of the file's rows (checking), records written of
    # those to write (importing); written by the job on its own connection every half second.
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    # The certification validity the run imports with (the demo's stretched one on a demo install).
    validity_years = models.PositiveSmallIntegerField(_("validity years"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("programme record import")
        verbose_name_plural = _("programme record imports")
        permissions = [("import_programme_records", _("Can import programme records"))]

    def __str__(self):
        return f"{self.file_name} ({self.status_label})"

    @property
    def is_running(self):
        return self.status in self.RUNNING

    @property
    def status_label(self):
        rejected = self.summary.get("rejected", 0) if isinstance(self.summary, dict) else 0
        if self.status == self.Status.IMPORTED and rejected:
            return ngettext("Imported with %(n)d rejected row", "Imported with %(n)d rejected rows",
                            rejected) % {"n": rejected}
        return self.get_status_display()


class RecordFingerprint(models.Model):
    """What a programme record looked like when it was last imported (a digest of its cells).

    A row identical to its last import is counted as unchanged without being checked or
    written again, so what producers and staff changed since (a price, a story) stays, and
    re-importing a national file takes a second."""

    programme_code = models.CharField(max_length=64, unique=True)
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=40)
    updated = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.programme_code
