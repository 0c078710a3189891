"""The staff page of failed jobs (``/admin/otop_jobs/failedjob/``, linked from the dashboard's
OTOP menu): each failed job with its task, arguments, attempts and last error, and a "retry"
action. Only staff with the view permission see it; retrying needs "Can retry failed jobs"."""
from django.contrib import admin, messages
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _, ngettext
from procrastinate.contrib.django import app

from marketplace.jobs.models import FailedJob, JobFailure


@admin.register(FailedJob)
class FailedJobAdmin(admin.ModelAdmin):
    list_display = ["id", "task_name", "args", "attempts", "last_error", "failed_at"]
    list_filter = ["task_name", "queue_name"]
    fields = ["id", "task_name", "queue_name", "args", "attempts", "last_error", "failed_at", "last_traceback"]
    readonly_fields = fields
    actions = ["retry"]

    def get_queryset(self, request):
        failures = JobFailure.objects.filter(job_id=OuterRef("pk")).order_by("-at", "-id")
        return (super().get_queryset(request).filter(status="failed")
                .annotate(last_error_text=Subquery(failures.values("error")[:1]),
                          last_failed_at=Subquery(failures.values("at")[:1]))
                .order_by("-id"))

    @admin.display(description=_("last error"))
    def last_error(self, job):
        return job.last_error_text or "—"

    @admin.display(description=_("failed at"))
    def failed_at(self, job):
        return job.last_failed_at

    @admin.display(description=_("traceback"))
    def last_traceback(self, job):
        failure = JobFailure.objects.filter(job_id=job.pk).first()
        return failure.traceback if failure else "—"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_retry_permission(self, request):
        return request.user.has_perm("otop_jobs.retry_failedjob")

    @admin.action(description=_("Retry the selected jobs"), permissions=["retry"])
    def retry(self, request, queryset):
        count = 0
        for job in queryset:
            app.job_manager.retry_job_by_id(job.id, timezone.now(), job.priority, job.queue_name, job.lock)
            count += 1
        self.message_user(request, ngettext("%(count)d job will run again.", "%(count)d jobs will run again.",
                                            count) % {"count": count}, messages.SUCCESS)


@admin.register(JobFailure)
class JobFailureAdmin(admin.ModelAdmin):
    list_display = ["job_id", "task_name", "attempt", "error", "at"]
    list_filter = ["task_name"]
    search_fields = ["job_id", "task_name", "error"]
    readonly_fields = ["job_id", "task_name", "attempt", "error", "traceback", "at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
