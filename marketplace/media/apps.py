"""Media: where uploads are stored (``storage.py``) and how they are checked (``uploads.py``)."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


# Oscar's image fields staff upload to through model forms: product photos and category pictures.
CHECKED_IMAGE_FIELDS = [("ProductImage", "original"), ("Category", "image")]


class MediaConfig(AppConfig):
    name = "marketplace.media"
    label = "otop_media"
    verbose_name = _("Media")

    def ready(self):
        from django.apps import apps
        from PIL import Image

        from marketplace.media import tasks, uploads

        # Every decoder in the process (thumbnails included) refuses the same decompression bombs.
        Image.MAX_IMAGE_PIXELS = uploads.max_image_pixels()
        # Every form that saves an image of the catalogue (Oscar's dashboard, the Django admin)
        # runs the model fields' validators. Appended to each field's validator list, not to its
        # constructor arguments: Oscar's migrations stay as they are.
        for model, field in CHECKED_IMAGE_FIELDS:
            validators = apps.get_model("catalogue", model)._meta.get_field(field).validators
            if uploads.validate_product_image_field not in validators:
                validators.append(uploads.validate_product_image_field)
        tasks.connect()  # thumbnails of new product photos are made by a worker
