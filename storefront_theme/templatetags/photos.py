"""Product photos on the shop's pages: ``{% product_picture product %}`` for a card,
``{% line_picture product width %}`` for a line of a basket, order or wish list, and
``{% product_gallery product %}`` for the product page.

A photo is an ``<img srcset sizes>`` of the thumbnails ``marketplace.media.thumbnails`` serves, in
WebP, inside a ``<picture>`` that offers AVIF first where Pillow writes it; every ``img`` has a
width and height (a square frame the photo is fitted into, so nothing moves while it loads) and is
lazy unless it is the page's main picture, which is eager with a high fetch priority. A product
without a photo shows its category's drawn placeholder (``marketplace.media.placeholder``) with its
name set over it as text, in the page's font.

Images come from ``product.images.all()``: the card and product page querysets prefetch them
(``catalog.queries.product_cards``), so a page of cards costs no query per card.
"""
from django import template
from django.utils.translation import gettext as _

from marketplace.catalog.names import product_name
from marketplace.media.placeholder import placeholder_for
from marketplace.media.thumbnails import PAGE_SIZES, page_formats, srcset, thumbnail_path

register = template.Library()

CARD_SIZES = "(min-width: 992px) 25vw, (min-width: 576px) 50vw, 50vw"  # four, two, two cards a row
GALLERY_SIZES = "(min-width: 576px) 50vw, 100vw"  # half the page beside the facts, the whole phone width
FRAME = 1024  # the width and height every picture's frame is given (a square)
THUMB = 64  # the gallery's row of small photos


def _photos(product):
    return [image for image in product.images.all() if image.original]


def _picture(image, alt, sizes, eager=False):
    formats = page_formats()
    return {
        "kind": "photo",
        "sources": [{"type": f"image/{format}", "srcset": srcset(image, format)} for format in formats[:-1]],
        "src": thumbnail_path(image, PAGE_SIZES[1], formats[-1]),
        "srcset": srcset(image, formats[-1]),
        "sizes": sizes, "alt": alt, "eager": eager, "width": FRAME, "height": FRAME,
    }


def _placeholder(product, sizes, eager=False):
    profile = getattr(product, "profile", None)
    name = product_name(product)
    drawn = placeholder_for(getattr(profile, "otop_category", None), name, sizes=PAGE_SIZES)
    return {"kind": "placeholder", **drawn, "sizes": sizes, "eager": eager, "width": FRAME, "height": FRAME}


def _first_picture(product, sizes, eager=False):
    photos = _photos(product)
    if not photos:
        return _placeholder(product, sizes, eager)
    return _picture(photos[0], photos[0].caption or product_name(product), sizes, eager)


@register.inclusion_tag("otop/partials/picture.html")
def product_picture(product, eager=False):
    """A product card's picture: its first photo, or its category's placeholder."""
    return {"picture": _first_picture(product, CARD_SIZES, eager)}


@register.inclusion_tag("otop/partials/picture.html")
def line_picture(product, size="100x100"):
    """The small picture of a product on a line (basket, checkout, order, wish list, e-mail): the card's
    rule (first photo, else the category's drawn placeholder), never Oscar's "Image not available"; a line
    whose product was deleted shows nothing. ``size``: the width it is shown at, "WxH" or a number of pixels."""
    if product is None:
        return {"picture": None}
    return {"picture": _first_picture(product, f"{int(str(size).split('x')[0])}px")}


@register.inclusion_tag("otop/partials/gallery.html")
def product_gallery(product):
    """The product page's gallery: every photo (the first eager), or the placeholder."""
    photos, name = _photos(product), product_name(product)
    if not photos:
        return {"name": name, "slides": [{"picture": _placeholder(product, GALLERY_SIZES, eager=True)}]}
    count = len(photos)
    slides = []
    for number, image in enumerate(photos, start=1):
        alt = image.caption or (name if count == 1 else _("%(product)s, photo %(number)s of %(count)s")
                                % {"product": name, "number": number, "count": count})
        slides.append({
            "picture": _picture(image, alt, GALLERY_SIZES, eager=number == 1),
            # the largest and smallest of the sizes the worker makes ahead (media.tasks)
            "full": thumbnail_path(image, PAGE_SIZES[-1], page_formats()[-1]),
            "thumb": thumbnail_path(image, PAGE_SIZES[0], page_formats()[-1]),
            "label": _("Photo %(number)s of %(count)s") % {"number": number, "count": count},
        })
    return {"name": name, "slides": slides, "thumb_size": THUMB}
