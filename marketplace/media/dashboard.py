"""Oscar's dashboard image forms, with the content check in the form field itself.

The model-field validator (``apps.py``) already refuses bad images in every model form, but only
after Django's ``forms.ImageField`` has had its say, and that one answers a renamed text file or a
decompression bomb with a generic "Upload a valid image" that names no file. Through Oscar's
class loader (``marketplace.core.oscar_classes``; no fork of the dashboard app) the dashboard's
product image and category forms get a field that runs ``check_product_image`` first.
"""
from django import forms

from marketplace.media.uploads import check_product_image


class CheckedImageField(forms.ImageField):
    def to_python(self, data):
        if data not in self.empty_values:
            check_product_image(data)
        return super().to_python(data)


def _checked(form_class, field_name):
    field_classes = {**(getattr(form_class.Meta, "field_classes", None) or {}), field_name: CheckedImageField}
    meta = type("Meta", (form_class.Meta,), {"field_classes": field_classes})
    return type(form_class.__name__, (form_class,), {"Meta": meta, "__module__": __name__})


def checked_product_image_form(form_class):
    return _checked(form_class, "original")


def checked_category_form(form_class):
    return _checked(form_class, "image")
