from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.media.uploads import check_spreadsheet


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Programme file (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # By content and size, not by name alone (the project's one check for uploaded programme files).
        check_spreadsheet(upload)
        return upload
