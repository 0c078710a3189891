"""Dashboard pages for programme officers: upload a file, watch a job check it, see the checked
result with every rejected row and what it does to the listing, confirm, watch a job write it,
download the report; cancel at any time.

The upload is kept on the ImportRun between the check (a dry run) and the confirmation, which
imports the same file for real (``runs``, on the job queue). Only active staff with the import
permission get here; each sees and acts on the runs they started (``permissions.runs_of``), and
every run page asks for a run among those (another's run is a 404, like one that does not exist).
"""
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from catalog_import.forms import UploadForm
from catalog_import import runs, tasks
from catalog_import.models import ImportRun
from catalog_import.permissions import can_import, runs_of
from marketplace.officers.access import provinces_of
from catalog_import.problem_codes import describe
from catalog_import.report import report_csv
from marketplace.media import csv_encodings

RECENT_RUNS = 10


class ImportPermissionMixin(PermissionRequiredMixin):
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    def has_permission(self):
        return can_import(self.request.user)

    def runs(self):
        """The runs the signed-in officer may see."""
        return runs_of(self.request.user, ImportRun.objects.all())


class UploadView(ImportPermissionMixin, FormView):
    template_name = "catalog_import/upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["runs"] = self.runs().select_related("user")[:RECENT_RUNS]
        user = self.request.user
        ctx["provinces"] = None if user.is_superuser else [str(p) for p in provinces_of(user)]
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            run = ImportRun(user=self.request.user, file_name=Path(upload.name).name[:255],
                            validity_years=runs.validity_years_for_dashboard())
            run.upload.save(Path(upload.name).name, upload, save=True)
            tasks.check_run.defer(run_id=run.pk)  # with the run's row: no job without its run
        return redirect("catalog_import:run", pk=run.pk)


class RunView(ImportPermissionMixin, DetailView):
    template_name = "catalog_import/run.html"
    model = ImportRun
    context_object_name = "run"

    def get_queryset(self):
        return self.runs()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        problems = self.object.summary.get("problems", [])
        # Each problem's message in the page's language, from its code (problem_codes).
        ctx["rejections"] = [p | {"message": describe(p)} for p in problems if p["rejected"]]
        ctx["warnings"] = [p | {"message": describe(p)} for p in problems if not p["rejected"]]
        ctx["can_confirm"] = self.object.status == ImportRun.Status.PREVIEWED
        ctx["can_cancel"] = self.object.status in (*ImportRun.RUNNING, ImportRun.Status.PREVIEWED)
        ctx["listing"] = self.object.summary.get("listing") or {}
        ctx["encodings"] = [csv_encodings.label(e) for e in (self.object.summary.get("encodings") or {}).values()]
        return ctx


class StatusView(ImportPermissionMixin, View):
    """What the run's page polls while a job works: its state and rows read of all."""

    def get(self, request, pk):
        run = get_object_or_404(self.runs(), pk=pk)
        return JsonResponse({"status": run.status, "label": str(run.status_label), "running": run.is_running,
                             "rows_read": run.rows_read, "rows_total": run.rows_total,
                             "cancel_requested": run.cancel_requested})


class CancelView(ImportPermissionMixin, View):
    def post(self, request, pk):
        get_object_or_404(self.runs(), pk=pk)
        run = runs.request_cancel(pk)
        if run.status == ImportRun.Status.CANCELLED:
            messages.info(request, _("The import has been cancelled; nothing was written."))
        elif run.cancel_requested:
            messages.info(request, _("Cancelling: the job stops within a second and writes nothing."))
        return redirect("catalog_import:run", pk=pk)


class ConfirmView(ImportPermissionMixin, View):
    def post(self, request, pk):
        with transaction.atomic():
            run = get_object_or_404(self.runs().select_for_update(), pk=pk)
            if run.status != ImportRun.Status.PREVIEWED:
                messages.warning(request, _("This file has already been imported or could not be read."))
                return redirect("catalog_import:run", pk=run.pk)
            run.user, run.status, run.rows_read, run.rows_total = request.user, ImportRun.Status.WRITING, 0, 0
            run.save(update_fields=["user", "status", "rows_read", "rows_total"])
            tasks.write_run.defer(run_id=run.pk)
        return redirect("catalog_import:run", pk=run.pk)


class ReportView(ImportPermissionMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(self.runs(), pk=pk)
        response = HttpResponse(report_csv(run.summary.get("problems", [])), content_type="text/csv; charset=utf-8")
        name = f"{Path(run.file_name).stem or 'import'}-report.csv"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
