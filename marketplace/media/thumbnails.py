"""Resized product images at ``/thumbnail/<image id>/<size>/<format>/``, as Saleor serves them.

The API's ``thumbnail(size, format)`` and ``media { url(size, format) }`` answer with that
address (``thumbnail_path``); the first request for it writes the resized file under
``MEDIA_ROOT/thumbnails/`` (or the bucket) and every request is redirected to that file.

Sizes snap up to Saleor's set (32 … 4096) so a few files serve every client; formats are the
original's, WEBP or AVIF (AVIF only where this Pillow can write it, ``PIL.features.check("avif")``;
elsewhere an AVIF asked for is written as WebP). Only images of products the requester may see are served.

The shop's own pages show photos as ``<img srcset>`` of ``PAGE_SIZES`` in ``page_formats()``
(``srcset``); a worker writes those files when a photo is saved (``media.tasks``), so the first
shopper does not wait for Pillow.
"""
from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image as PILImage
from PIL import features

from marketplace.catalog import listing
from marketplace.media.backends import MAX_NAME_BYTES, shortened_name

ProductImage = get_model("catalogue", "ProductImage")
SIZES = (32, 64, 128, 256, 512, 1024, 2048, 4096)
FORMATS = {"original": None, "webp": "WEBP", "avif": "AVIF"}
PAGE_SIZES = (256, 512, 1024)  # a card on a phone, a card on a wide screen or the gallery, the gallery zoomed


def can_write_avif() -> bool:
    return features.check("avif")


def page_formats() -> tuple[str, ...]:
    """The formats the shop's pages offer, best first."""
    return ("avif", "webp") if can_write_avif() else ("webp",)


def srcset(image, format: str) -> str:
    """``image``'s thumbnails in ``format`` as an ``srcset`` value (``<url> <width>w, …``)."""
    return ", ".join(f"{thumbnail_path(image, size, format)} {size}w" for size in PAGE_SIZES)


def snap(size: int) -> int:
    return next((s for s in SIZES if s >= size), SIZES[-1])


def thumbnail_path(image, size: int, format: str) -> str:
    """The address of ``image`` resized to (at least) ``size`` pixels in ``format``."""
    return reverse("thumbnail", kwargs={"image_id": image.pk, "size": snap(size), "format": format})


def _name(image, size, format):
    stem = PurePosixPath(image.original.name).stem
    extension = (format if format != "original" else PurePosixPath(image.original.name).suffix.lstrip(".")) or "jpg"
    # The stem is shortened here, not by the storage: the name looked up must be the name saved.
    around = f"{image.pk}--{size}.{extension.lower()}"
    stem = shortened_name(stem, MAX_NAME_BYTES - len(around.encode()))
    return f"thumbnails/{image.pk}-{stem}-{size}.{extension.lower()}"


def _render(image, size, format):
    with image.original.open("rb") as source, PILImage.open(source) as picture:
        picture.thumbnail((size, size))
        target = FORMATS[format] or picture.format or "JPEG"
        if target == "AVIF" and not can_write_avif():
            target = "WEBP"
        if target in ("JPEG",) and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        out = BytesIO()
        picture.save(out, format=target, quality=82)
    return out.getvalue()


def ensure_thumbnail(image, size, format) -> str:
    """The storage name of ``image``'s thumbnail, written first if it is not there yet."""
    name = _name(image, size, format)
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(_render(image, size, format)))
        if saved != name:  # written meanwhile by another run (a job run twice, a page view): keep one
            default_storage.delete(saved)
    return name


def thumbnail_view(request, image_id, size, format):
    if size not in SIZES or format not in FORMATS:
        raise Http404("unknown thumbnail size or format")
    image = ProductImage.objects.filter(pk=image_id).select_related("product").first()
    if image is None or not image.original or not listing.can_view(request.user, image.product):
        raise Http404("no such image")
    return HttpResponseRedirect(default_storage.url(ensure_thumbnail(image, size, format)))
