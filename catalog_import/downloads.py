"""What the upload page offers to download: the format description (FORMAT.md, shipped with the
app in ``format/``) and the template workbook (``template_workbook``). Only officers who may
import get them, like the rest of the import pages."""
from pathlib import Path

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.generic import View

from catalog_import.template_workbook import template_workbook
from catalog_import.views import ImportPermissionMixin

FORMAT_FILE = Path(__file__).resolve().parent / "format" / "FORMAT.md"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content, content_type, name, as_attachment=True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=as_attachment, filename=name)
    return response


class FormatView(ImportPermissionMixin, View):
    def get(self, request):
        # Shown in the browser as plain text: Markdown reads well as it is.
        return _download(FORMAT_FILE.read_bytes(), "text/plain; charset=utf-8", "programme-records-FORMAT.md",
                         as_attachment=False)


class TemplateView(ImportPermissionMixin, View):
    def get(self, request):
        thai = (get_language() or "th").startswith("th")
        return _download(template_workbook(thai_headers=thai), XLSX, "programme-records-template.xlsx")
