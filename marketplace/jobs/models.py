"""What staff see of jobs that went wrong: each failed attempt with its error, and the failed
jobs themselves (Procrastinate's own rows, read through a proxy model with a retry action)."""
from django.db import models
from django.utils.translation import gettext_lazy as _
from procrastinate.contrib.django.models import ProcrastinateJob


class JobFailure(models.Model):
    """One failed attempt of a job: Procrastinate keeps a job's status and attempts but not the
    error, which is what staff need to decide whether to retry."""

    job_id = models.BigIntegerField(_("job"), db_index=True)
    task_name = models.CharField(_("task"), max_length=255)
    attempt = models.PositiveIntegerField(_("attempt"))
    error = models.TextField(_("error"))
    traceback = models.TextField(_("traceback"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("job failure")
        verbose_name_plural = _("job failures")

    def __str__(self):
        return f"{self.task_name} #{self.job_id} ({self.attempt}): {self.error[:80]}"


class FailedJob(ProcrastinateJob):
    """Procrastinate's job rows, for the staff page of failed jobs."""

    class Meta:
        proxy = True
        verbose_name = _("failed job")
        verbose_name_plural = _("failed jobs")
        permissions = [("retry_failedjob", _("Can retry failed jobs"))]
        default_permissions = ("view",)
