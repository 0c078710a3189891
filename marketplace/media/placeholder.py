"""The picture shown for a product that has no photo yet, drawn here for each OTOP category and
served by this site at ``/placeholder/<category>/<size>/<format>/`` (``/placeholder/<size>/<format>/``
is the textile one, the address Saleor clients have been given; they get its absolute address as the
thumbnail: a client such as Saleor's storefront would otherwise point at a ``/placeholder.svg`` of
its own that it does not ship).

Each category has a pattern of the craft it sells, in its own colours: woven cloth for textiles,
a banana leaf for food, a celadon glaze for beverages (the glazed jars drinks are kept in), teak
grain for household goods and decoration, sprigs of herbs for herbal products. The middle is
left plain: the shop's pages set the product's name there as text in the page's own font (Thai
needs no font file here) in the category's ``ink`` colour (``placeholder_for``). The alt text says
it is a placeholder (``placeholder_alt``), never "Image Not Available".
"""
import math
import random
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from marketplace.media.thumbnails import SIZES, can_write_avif, snap


@dataclass(frozen=True)
class Palette:
    ground: tuple
    main: tuple
    accent: tuple
    panel: tuple
    ink: tuple  # the product name's colour on the panel (contrast ≥ 4.5:1 against ``panel``)

    @property
    def ink_css(self):
        return "#%02x%02x%02x" % self.ink

    @property
    def panel_css(self):
        return "#%02x%02x%02x" % self.panel


PALETTES = {
    "textiles": Palette(ground=(244, 235, 221), main=(46, 58, 107), accent=(217, 154, 43), panel=(244, 235, 221),
                        ink=(46, 58, 107)),  # indigo and saffron on cotton
    "food": Palette(ground=(62, 122, 52), main=(104, 166, 78), accent=(196, 222, 150), panel=(247, 244, 226),
                    ink=(38, 82, 33)),  # banana leaf
    "beverages": Palette(ground=(143, 178, 150), main=(108, 148, 122), accent=(214, 229, 210), panel=(240, 245, 236),
                         ink=(40, 78, 58)),  # celadon glaze
    "household": Palette(ground=(176, 118, 66), main=(122, 74, 36), accent=(204, 152, 98), panel=(250, 241, 228),
                         ink=(98, 56, 24)),  # teak grain
    "herbal": Palette(ground=(238, 232, 208), main=(112, 140, 86), accent=(214, 150, 30), panel=(250, 247, 236),
                      ink=(66, 88, 46)),  # sage sprigs and turmeric
}
DEFAULT_CATEGORY = "textiles"
FORMATS = {"original": ("PNG", "image/png"), "png": ("PNG", "image/png"), "webp": ("WEBP", "image/webp"),
           # AVIF where this Pillow writes it; elsewhere WebP, which every browser asking for AVIF reads
           "avif": ("AVIF", "image/avif") if can_write_avif() else ("WEBP", "image/webp")}
DEFAULT_SIZE = 1024
THREADS = 12  # warp and weft threads across the woven picture
PANEL_INSET = 0.16  # the plain middle, where the name goes, starts this far in from each side


def category_of(name) -> str:
    return name if name in PALETTES else DEFAULT_CATEGORY


def placeholder_path(size=None, format="original", category=None) -> str:
    size = snap(size) if size and size > 0 else DEFAULT_SIZE
    format = format if format in FORMATS else "original"
    category = category if category in PALETTES and category != DEFAULT_CATEGORY else None
    return _placeholder_path(size, format, category, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=256)  # a few sizes, formats and categories: a page of cards asks the same ones again and again
def _placeholder_path(size, format, category, script_prefix, urlconf) -> str:
    if category:
        return reverse("category-placeholder", kwargs={"category": category, "size": size, "format": format},
                       urlconf=urlconf)
    return reverse("product-placeholder", kwargs={"size": size, "format": format}, urlconf=urlconf)


def placeholder_alt(product_name="") -> str:
    if product_name:
        return _("Placeholder image: no photo of %(product)s yet") % {"product": product_name}
    return _("Placeholder image: no photo of this product yet")


def placeholder_for(category, product_name, format="webp", sizes=(256, 512, 1024)):
    """What a page needs to show a product without a photo: the pattern's ``src``/``srcset``,
    its alt text, and the colours the name is set in over it."""
    category = category_of(category)
    palette = PALETTES[category]
    return {
        "category": category,
        "src": placeholder_path(sizes[-1], format, category),
        "srcset": ", ".join(f"{placeholder_path(size, format, category)} {size}w" for size in sizes),
        "alt": placeholder_alt(product_name),
        "name": product_name,
        "ink": palette.ink_css,
        "panel": palette.panel_css,
    }


# --- the patterns ------------------------------------------------------------------------------

def _woven(draw, size, palette):
    step = size / THREADS
    width = max(1, round(step * 0.42))
    warp_colours = [palette.main if thread % 3 else palette.accent for thread in range(THREADS)]
    weft_colours = [palette.accent if thread % 3 else palette.main for thread in range(THREADS)]
    centres = [round(step * (thread + 0.5)) for thread in range(THREADS)]
    for centre, colour in zip(centres, weft_colours):  # weft across, under everything
        draw.rectangle([0, centre - width // 2, size, centre + width // 2], fill=colour)
    for centre, colour in zip(centres, warp_colours):  # warp down, over the weft
        draw.rectangle([centre - width // 2, 0, centre + width // 2, size], fill=colour)
    for row, (centre, colour) in enumerate(zip(centres, weft_colours)):
        for warp in centres[row % 2::2]:  # the weft passes back over every other warp thread
            draw.rectangle([warp - width // 2 - 1, centre - width // 2, warp + width // 2 + 1, centre + width // 2],
                           fill=colour)


def _banana_leaf(draw, size, palette):
    # Two leaf halves meeting at a midrib on the diagonal, with fine parallel veins.
    line = max(1, size // 256)
    for offset in range(-size, 2 * size, max(4, size // 40)):
        draw.line([(offset, 0), (offset - size // 2, size)], fill=palette.main, width=line)
        draw.line([(offset, 0), (offset + size // 2, size)], fill=palette.main, width=line)
    for offset in range(-size, 2 * size, max(8, size // 10)):  # the stronger veins
        draw.line([(offset, 0), (offset - size // 2, size)], fill=palette.accent, width=line * 2)
    draw.line([(size // 2, 0), (size // 2, size)], fill=palette.accent, width=max(2, size // 48))


def _celadon(draw, size, palette):
    # The glaze darkens where it pools towards the foot, and is crazed with fine cracks.
    for y in range(size):
        share = y / size
        colour = tuple(round(g + (m - g) * share) for g, m in zip(palette.ground, palette.main))
        draw.line([(0, y), (size, y)], fill=colour)
    rng = random.Random(7)
    line = max(1, size // 400)
    for _crack in range(60):
        x, y = rng.uniform(0, size), rng.uniform(0, size)
        angle = rng.uniform(0, 2 * math.pi)
        points = [(x, y)]
        for _bend in range(4):
            angle += rng.uniform(-0.8, 0.8)
            x, y = x + math.cos(angle) * size / 12, y + math.sin(angle) * size / 12
            points.append((x, y))
        draw.line(points, fill=palette.accent, width=line)


def _teak(draw, size, palette):
    # Growth rings seen along the plank: wavy lines, closer together round two knots.
    draw.rectangle([0, 0, size, size], fill=palette.ground)
    knots = [(size * 0.22, size * 0.3), (size * 0.75, size * 0.72)]
    line = max(1, size // 200)
    for index, row in enumerate(range(-size // 10, size + size // 10, max(3, size // 36))):
        points = []
        for x in range(0, size + 8, max(2, size // 64)):
            bend = size / 60 * math.sin(x / size * 2 * math.pi + index * 0.35)
            for kx, ky in knots:
                distance = max(math.hypot(x - kx, row - ky), size * 0.06)
                bend += (size * 0.08) ** 2 / distance * (1 if row > ky else -1) * 0.3
            points.append((x, row + bend))
        draw.line(points, fill=palette.main if index % 3 else palette.accent, width=line)
    for kx, ky in knots:
        radius = size * 0.025
        draw.ellipse([kx - radius, ky - radius * 0.6, kx + radius, ky + radius * 0.6], fill=palette.main)


def _herb_sprigs(draw, size, palette):
    # Sprigs of leaves in a half-drop repeat, with turmeric dots between them.
    cell = size / 5
    line = max(1, size // 256)
    for row in range(-1, 7):
        for column in range(-1, 7):
            cx = column * cell + (cell / 2 if row % 2 else 0)
            cy = row * cell
            draw.line([(cx, cy - cell * 0.35), (cx, cy + cell * 0.35)], fill=palette.main, width=line * 2)
            for step in (-0.25, 0, 0.25):
                y = cy + step * cell
                leaf_w, leaf_h = cell * 0.22, cell * 0.09
                draw.ellipse([cx - leaf_w * 1.05, y - leaf_h, cx - 0.05 * leaf_w, y + leaf_h], fill=palette.main)
                draw.ellipse([cx + 0.05 * leaf_w, y - leaf_h, cx + leaf_w * 1.05, y + leaf_h], fill=palette.main)
            dot = cell * 0.05
            draw.ellipse([cx + cell / 2 - dot, cy + cell / 2 - dot, cx + cell / 2 + dot, cy + cell / 2 + dot],
                         fill=palette.accent)


PATTERNS = {"textiles": _woven, "food": _banana_leaf, "beverages": _celadon, "household": _teak,
            "herbal": _herb_sprigs}


# every variant kept once drawn (a 4096-pixel AVIF takes seconds): a visitor cycling through sizes,
# formats and categories cannot make a worker draw them again and again
@lru_cache(maxsize=len(SIZES) * len(PALETTES) * len({pillow for pillow, _ in FORMATS.values()}))
def _drawn(category: str, size: int, pillow_format: str) -> bytes:
    palette = PALETTES[category]
    picture = Image.new("RGB", (size, size), palette.ground)
    draw = ImageDraw.Draw(picture)
    PATTERNS[category](draw, size, palette)
    # A plain panel in the middle, where the name (or one day a photo) goes.
    inset = round(size * PANEL_INSET)
    draw.rounded_rectangle([inset, inset, size - inset, size - inset], radius=round(size * 0.04), fill=palette.panel,
                           outline=palette.ink, width=max(1, size // 128))
    out = BytesIO()
    picture.save(out, format=pillow_format)
    return out.getvalue()


def placeholder_view(request, size, format, category=DEFAULT_CATEGORY):
    if size not in SIZES or format not in FORMATS or category not in PALETTES:
        raise Http404("unknown placeholder category, size or format")
    pillow_format, content_type = FORMATS[format]
    response = HttpResponse(_drawn(category, size, pillow_format), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
