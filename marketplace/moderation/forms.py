"""The portal's "Edit listing" form: the moderated fields as text inputs (the domain,
``changes.clean_value``, parses and checks them, so the page and the API refuse the same values
with the same messages) and a new photo checked by content and size (``marketplace.media``)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.moderation.changes import FIELDS

NUMBER_KINDS = {"decimal": "decimal", "integer": "numeric"}
# Sections of the form, in the order the page shows them.
SECTIONS = [
    (_("Name, description and story"), ["name_th", "name_en", "description_th", "description_en",
                                         "story_th", "story_en", "unit"]),
    (_("Packaging"), ["packaging", "packaging_en", "length_cm", "width_cm", "height_cm", "net_weight_g", "gross_weight_g",
                      "units_per_carton", "carton_length_cm", "carton_width_cm", "carton_height_cm",
                      "carton_weight_g", "shelf_life_days", "hs_code"]),
]


def _form_field(field):
    if field.kind == "text":
        return forms.CharField(label=field.label, required=False, widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}))
    if field.kind in NUMBER_KINDS:
        return forms.CharField(label=field.label, required=False,
                               widget=forms.TextInput(attrs={"inputmode": NUMBER_KINDS[field.kind], "class": "form-control"}))
    return forms.CharField(label=field.label, required=False, strip=False,
                           widget=forms.TextInput(attrs={"maxlength": field.model_field.max_length, "class": "form-control"}))


class ListingForm(forms.Form):
    new_photo = forms.FileField(
        label=_("Add a photo"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    new_photo_alt = forms.CharField(label=_("Alt text of the new photo (what it shows)"), required=False,
                                    max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))

    def __init__(self, *args, photos=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, field in FIELDS.items():
            self.fields[key] = _form_field(field)
        self.photos = list(photos)  # changes.ProposedPhoto, in their proposed order
        for position, photo in enumerate(self.photos, start=1):
            ref = photo.reference
            self.fields[f"alt-{ref}"] = forms.CharField(label=_("Alt text"), required=False, max_length=200,
                                                        initial=photo.alt)
            self.fields[f"position-{ref}"] = forms.IntegerField(label=_("Position"), min_value=1, max_value=99,
                                                                required=False, initial=position)
            self.fields[f"delete-{ref}"] = forms.BooleanField(label=_("Delete this photo"), required=False)

    def sections(self):
        return [(title, [self[key] for key in keys]) for title, keys in SECTIONS]

    def photo_rows(self):
        return [(photo, self[f"alt-{photo.reference}"], self[f"position-{photo.reference}"],
                 self[f"delete-{photo.reference}"]) for photo in self.photos]

    def field_values(self) -> dict:
        """The fields the page posted (a field missing from the request is left as it is, not emptied)."""
        return {key: self.cleaned_data[key] for key in FIELDS if key in self.data}

    def photo_operations(self) -> list:
        """What the producer did to the photos, as ``changes.submit``'s photo operations."""
        data, ops = self.cleaned_data, []
        kept = []
        for index, photo in enumerate(self.photos):
            ref = photo.reference
            target = int(ref.split(":")[1]) if ref.startswith("image:") else ref
            if data.get(f"delete-{ref}"):
                ops.append({"action": "delete", "image": target})
                continue
            alt = data.get(f"alt-{ref}") or ""
            # (a photo the page did not show, approved meanwhile, keeps its alt text)
            if f"alt-{ref}" in self.data and alt.strip() != (photo.alt or "").strip():
                ops.append({"action": "alt", "image": target, "alt": alt})
            kept.append((data.get(f"position-{ref}") or index + 1, index, ref, target))
        if [ref for _p, _i, ref, _t in sorted(kept)] != [ref for _p, _i, ref, _t in kept]:
            ops.append({"action": "reorder", "order": [target for _p, _i, _r, target in sorted(kept)]})
        if data.get("new_photo"):
            ops.append({"action": "add", "file": data["new_photo"], "alt": data.get("new_photo_alt") or ""})
        return ops
