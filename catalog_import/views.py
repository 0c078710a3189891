"""Dashboard pages for programme officers: upload a file, see the checked result with every
rejected row, confirm the import, download the report.

The upload is kept on the ImportRun between the check (a dry run) and the confirmation, which
imports the same file for real. Only active staff with the import permission get here.
"""
import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, View

from catalog_import.forms import UploadForm
from catalog_import.importer import FileUnreadable, import_files
from catalog_import.models import ImportRun
from catalog_import.permissions import can_import
from catalog_import.problem_codes import describe
from catalog_import.report import report_csv

RECENT_RUNS = 10


class ImportPermissionMixin(PermissionRequiredMixin):
    """Anonymous visitors go to the login page; signed-in users without the right get 403."""

    def has_permission(self):
        return can_import(self.request.user)


def _run_import(run: ImportRun, dry_run: bool) -> None:
    """Import the run's stored upload (a dry run for the preview) and keep the summary on the run."""
    with run.upload.open("rb") as stored, tempfile.TemporaryDirectory() as folder:
        # The stored name, shortened by the storage to fit a file system; the report keeps the original.
        path = Path(folder) / Path(run.upload.name).name
        path.write_bytes(stored.read())
        try:
            summary = import_files([path], dry_run=dry_run, names=[run.file_name])
        except FileUnreadable as exc:
            run.status, run.summary = ImportRun.Status.FAILED, {"error": str(exc), "problems": []}
        else:
            run.summary = summary.as_dict()
            if not dry_run:
                run.status = ImportRun.Status.IMPORTED
    run.save(update_fields=["status", "summary"])


class UploadView(ImportPermissionMixin, FormView):
    template_name = "catalog_import/upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["runs"] = ImportRun.objects.select_related("user")[:RECENT_RUNS]
        return ctx

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        run = ImportRun(user=self.request.user, file_name=Path(upload.name).name[:255])
        run.upload.save(Path(upload.name).name, upload, save=True)
        _run_import(run, dry_run=True)
        return redirect("catalog_import:run", pk=run.pk)


class RunView(ImportPermissionMixin, DetailView):
    template_name = "catalog_import/run.html"
    model = ImportRun
    context_object_name = "run"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        problems = self.object.summary.get("problems", [])
        # Each problem's message in the page's language, from its code (problem_codes).
        ctx["rejections"] = [p | {"message": describe(p)} for p in problems if p["rejected"]]
        ctx["warnings"] = [p | {"message": describe(p)} for p in problems if not p["rejected"]]
        ctx["can_confirm"] = self.object.status == ImportRun.Status.PREVIEWED
        return ctx


class ConfirmView(ImportPermissionMixin, View):
    def post(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        if run.status != ImportRun.Status.PREVIEWED:
            messages.warning(request, _("This file has already been imported or could not be read."))
            return redirect("catalog_import:run", pk=run.pk)
        run.user = request.user
        run.save(update_fields=["user"])
        _run_import(run, dry_run=False)
        if run.status == ImportRun.Status.IMPORTED:
            messages.success(request, _("The file has been imported."))
        return redirect("catalog_import:run", pk=run.pk)


class ReportView(ImportPermissionMixin, View):
    def get(self, request, pk):
        run = get_object_or_404(ImportRun, pk=pk)
        response = HttpResponse(report_csv(run.summary.get("problems", [])), content_type="text/csv; charset=utf-8")
        name = f"{Path(run.file_name).stem or 'import'}-report.csv"
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
        return response
