"""What the upload page links to: the file-format page (``format_page``, in the officer's language) and
the template workbook (``template_workbook``). Only officers who may import get them, like the rest of
the import pages. (``format/FORMAT.md`` describes the sample files for developers; it is not served.)"""
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.views.generic import TemplateView as PageView
from django.views.generic import View

from catalog_import.format_page import format_rows

from catalog_import.template_workbook import template_workbook
from catalog_import.views import ImportPermissionMixin

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content, content_type, name, as_attachment=True) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=as_attachment, filename=name)
    return response


class FormatView(ImportPermissionMixin, PageView):
    template_name = "catalog_import/format.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(rows=format_rows(), **kwargs)


class TemplateView(ImportPermissionMixin, View):
    def get(self, request):
        thai = (get_language() or "th").startswith("th")
        return _download(template_workbook(thai_headers=thai), XLSX, "programme-records-template.xlsx")
