"""Thumbnails of an uploaded product photo, made by a worker ahead of the first page view.

Saving a ``ProductImage`` enqueues ``make_thumbnails`` in the same transaction; the worker
writes the sizes the product page shows (Oscar's gallery, through Oscar's thumbnailer, i.e.
sorl-thumbnail, to the media storage: local files or the S3 bucket), so the first shopper to
open the page is not the one who waits for Pillow.
"""
from marketplace.jobs import queue

# The geometries of oscar/catalogue/partials/gallery.html (the product page): the main photo
# and the row of small ones under it.
PAGE_THUMBNAILS = (("440x400", {"upscale": False}), ("65x55", {"crop": "center"}))


@queue.job(queue="media", retry=queue.NETWORK_RETRY)  # the storage may be an S3 bucket
def make_thumbnails(*, image_id):
    from oscar.core.loading import get_model
    from oscar.core.thumbnails import get_thumbnailer

    image = get_model("catalogue", "ProductImage").objects.filter(pk=image_id).first()
    if image is None or not image.original:
        return  # deleted since; nothing to do
    thumbnailer = get_thumbnailer()
    for size, options in PAGE_THUMBNAILS:
        thumbnailer.generate_thumbnail(image.original, size=size, **options)  # kept: a rerun writes nothing


def _image_saved(sender, instance, **kwargs):
    if instance.original:
        make_thumbnails.defer(image_id=instance.pk)


def connect():
    from django.db.models.signals import post_save
    from oscar.core.loading import get_model

    post_save.connect(_image_saved, sender=get_model("catalogue", "ProductImage"), dispatch_uid="otop_thumbnails")
