"""Thumbnails of an uploaded product photo, made by a worker ahead of the first page view.

Saving a ``ProductImage`` enqueues ``make_thumbnails`` in the same transaction; the worker
writes the sizes and formats the shop's pages offer in their ``srcset`` (``media.thumbnails``:
``PAGE_SIZES`` in ``page_formats()``) to the media storage (local files or the S3 bucket), so the
first shopper to open the page is not the one who waits for Pillow.
"""
from marketplace.jobs import queue


@queue.job(queue="media", retry=queue.NETWORK_RETRY)  # the storage may be an S3 bucket
def make_thumbnails(*, image_id):
    from oscar.core.loading import get_model

    from marketplace.media.thumbnails import PAGE_SIZES, ensure_thumbnail, page_formats

    image = get_model("catalogue", "ProductImage").objects.filter(pk=image_id).first()
    if image is None or not image.original:
        return  # deleted since; nothing to do
    for format in page_formats():
        for size in PAGE_SIZES:
            ensure_thumbnail(image, size, format)  # kept: a rerun writes nothing


def _image_saved(sender, instance, **kwargs):
    if instance.original:
        make_thumbnails.defer(image_id=instance.pk)


def connect():
    from django.db.models.signals import post_save
    from oscar.core.loading import get_model

    post_save.connect(_image_saved, sender=get_model("catalogue", "ProductImage"), dispatch_uid="otop_thumbnails")
