"""The picture shown for a product that has no photo yet, drawn here and served by this site at
``/placeholder/<size>/<format>/`` (Saleor clients get its absolute address as the thumbnail: a client
such as Saleor's storefront would otherwise point at a ``/placeholder.svg`` of its own that it does
not ship). A woven pattern in indigo and saffron on cotton, like the cloth OTOP producers weave; the
alt text that goes with it says it is a placeholder (``placeholder_alt``).
"""
from functools import lru_cache
from io import BytesIO

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from marketplace.media.thumbnails import SIZES, snap

COTTON, INDIGO, SAFFRON = (244, 235, 221), (46, 58, 107), (217, 154, 43)
FORMATS = {"original": ("PNG", "image/png"), "png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp"),
           "avif": ("WEBP", "image/webp")}  # AVIF asked: WebP, which every browser asking for AVIF reads
DEFAULT_SIZE = 1024
THREADS = 12  # warp and weft threads across the picture


def placeholder_path(size=None, format="original") -> str:
    size = snap(size) if size and size > 0 else DEFAULT_SIZE
    format = format if format in FORMATS else "original"
    return reverse("product-placeholder", kwargs={"size": size, "format": format})


def placeholder_alt(product_name="") -> str:
    if product_name:
        return _("Placeholder image: no photo of %(product)s yet") % {"product": product_name}
    return _("Placeholder image: no photo of this product yet")


@lru_cache(maxsize=len(SIZES) * 2)
def _drawn(size: int, pillow_format: str) -> bytes:
    picture = Image.new("RGB", (size, size), COTTON)
    draw = ImageDraw.Draw(picture)
    step = size / THREADS
    width = max(1, round(step * 0.42))
    warp_colours = [INDIGO if thread % 3 else SAFFRON for thread in range(THREADS)]
    weft_colours = [SAFFRON if thread % 3 else INDIGO for thread in range(THREADS)]
    centres = [round(step * (thread + 0.5)) for thread in range(THREADS)]
    for centre, colour in zip(centres, weft_colours):  # weft across, under everything
        draw.rectangle([0, centre - width // 2, size, centre + width // 2], fill=colour)
    for centre, colour in zip(centres, warp_colours):  # warp down, over the weft
        draw.rectangle([centre - width // 2, 0, centre + width // 2, size], fill=colour)
    for row, (centre, colour) in enumerate(zip(centres, weft_colours)):
        for warp in centres[row % 2::2]:  # the weft passes back over every other warp thread
            draw.rectangle([warp - width // 2 - 1, centre - width // 2, warp + width // 2 + 1, centre + width // 2],
                           fill=colour)
    # A plain cotton panel in the middle, where a photo will go.
    inset = round(size * 0.3)
    draw.rounded_rectangle([inset, inset, size - inset, size - inset], radius=round(size * 0.04), fill=COTTON,
                           outline=INDIGO, width=max(1, size // 128))
    out = BytesIO()
    picture.save(out, format=pillow_format)
    return out.getvalue()


def placeholder_view(request, size, format):
    if size not in SIZES or format not in FORMATS:
        raise Http404("unknown placeholder size or format")
    pillow_format, content_type = FORMATS[format]
    response = HttpResponse(_drawn(size, pillow_format), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
