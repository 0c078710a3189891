"""Oscar's dashboard image forms, with the content check in the form field itself.

The model-field validator (``apps.py``) already refuses bad images in every model form, but only
after Django's ``forms.ImageField`` has had its say, and that one answers a renamed text file or a
decompression bomb with a generic "Upload a valid image" that names no file. Through Oscar's
class loader (``OSCAR_DYNAMIC_CLASS_LOADER``; no fork of the dashboard app) the dashboard's
product image and category forms get a field that runs ``check_product_image`` first.

The same loader gives the order list the view whose CSV download neutralises formulas
(``marketplace/orders/dashboard_downloads.py``), and the storefront's password reset the form that
keeps the API's rule of one reset mail per account per quarter hour (``marketplace/accounts/reset.py``)
the "Delete profile" page that closes an account as the API does (``marketplace/accounts/deletion.py``)
the registration that asks for the e-mail's confirmation when the API does (``accounts/confirmation.py``),
and the dashboard's home, which sends a programme officer to their own pages (``officers/views.py``).
"""
from django import forms
from django.utils.module_loading import import_string
from oscar.core.loading import default_class_loader

from marketplace.media.uploads import check_product_image
from marketplace.orders.dashboard_downloads import inert_order_list_view

# (Oscar module label, form class) -> the image field checked before anything else
CHECKED_FORMS = {
    ("dashboard.catalogue.forms", "ProductImageForm"): "original",
    ("dashboard.catalogue.forms", "CategoryForm"): "image",
}
_checked_classes = {}
# (Oscar module label, class) -> what makes its replacement from it (a dotted path for an app this
# one must not import: the storefront's password reset form is the accounts app's)
REPLACED_CLASSES = {
    ("dashboard.orders.views", "OrderListView"): inert_order_list_view,
    ("customer.forms", "PasswordResetForm"): "marketplace.accounts.reset.storefront_reset_form",
    ("customer.views", "ProfileDeleteView"): "marketplace.accounts.deletion.storefront_profile_delete_view",
    ("customer.mixins", "RegisterUserMixin"): "marketplace.accounts.confirmation.storefront_registration",
    ("dashboard.views", "IndexView"): "marketplace.officers.views.dashboard_home",
}
_replaced_classes = {}


class CheckedImageField(forms.ImageField):
    def to_python(self, data):
        if data not in self.empty_values:
            check_product_image(data)
        return super().to_python(data)


def _checked(form_class, field_name):
    if form_class not in _checked_classes:
        field_classes = {**(getattr(form_class.Meta, "field_classes", None) or {}), field_name: CheckedImageField}
        meta = type("Meta", (form_class.Meta,), {"field_classes": field_classes})
        _checked_classes[form_class] = type(form_class.__name__, (form_class,), {"Meta": meta, "__module__": __name__})
    return _checked_classes[form_class]


def _replaced(key, cls):
    if key not in _replaced_classes:
        factory = REPLACED_CLASSES[key]
        _replaced_classes[key] = (import_string(factory) if isinstance(factory, str) else factory)(cls)
    return _replaced_classes[key]


def class_loader(module_label, classnames, module_prefix):
    """Oscar's own loader, with the checked forms in place of the dashboard's image forms and the
    replaced classes in place of Oscar's."""
    classes = default_class_loader(module_label, classnames, module_prefix)
    loaded = []
    for name, cls in zip(classnames, classes):
        key = (module_label, name)
        if key in CHECKED_FORMS:
            cls = _checked(cls, CHECKED_FORMS[key])
        elif key in REPLACED_CLASSES:
            cls = _replaced(key, cls)
        loaded.append(cls)
    return loaded
