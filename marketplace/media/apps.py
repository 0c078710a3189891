"""Media: where uploads are stored (``storage.py``) and how they are checked (``uploads.py``)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "marketplace.media"
    label = "otop_media"
    verbose_name = _("Media")

    def ready(self):
        from django.apps import apps
        from PIL import Image

        from marketplace.media import uploads

        # Every decoder in the process (thumbnails included) refuses the same decompression bombs.
        Image.MAX_IMAGE_PIXELS = uploads.max_image_pixels()
        # Every form that saves a product image (Oscar's dashboard, the Django admin) runs the
        # model field's validators. Appended to the field's validator list, not to its
        # constructor arguments: Oscar's migrations stay as they are.
        original = apps.get_model("catalogue", "ProductImage")._meta.get_field("original")
        if uploads.validate_product_image_field not in original.validators:
            original.validators.append(uploads.validate_product_image_field)
