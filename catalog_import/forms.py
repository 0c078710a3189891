from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from catalog_import.readers import CSV_SUFFIXES, WORKBOOK_SUFFIXES

MAX_UPLOAD_MB = 50


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Programme file (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in WORKBOOK_SUFFIXES | CSV_SUFFIXES:
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file."))
        if upload.size > MAX_UPLOAD_MB * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_MB})
        return upload
