"""The demo shop's collections: the programmes' trade fairs and campaigns as Oscar ranges with a Thai
and English face (``CollectionProfile``) and a banner drawn here. "featured-products" is the one Saleor's
storefront shows on its home page.

Each collection says which listed products it holds (``pick``), in the order shoppers see them. The
command only creates what is missing: a collection that exists keeps the products, texts and image
staff gave it.
"""
from dataclasses import dataclass, field
from io import BytesIO
from typing import Callable

from django.core.files.base import ContentFile
from django.db.models import Max, Q
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image, ImageDraw

from marketplace.catalog.listing import listable
from marketplace.certification.models import StandardType

Product = get_model("catalogue", "Product")
BANNER_SIZE = (1600, 600)
FEATURED_PER_CATEGORY = 3


def _listed():
    return listable(Product.objects.all(), timezone.localdate())


def _best_rated():
    """Listed products, best current star level first, then the most recently selected."""
    return _listed().annotate(stars=Max("certifications__star_level"),
                              year=Max("certifications__selection_year")).order_by("-stars", "-year", "pk")


def featured():
    """The best-rated products of each OTOP category, so the home page shows all five."""
    picked = []
    for category in _listed().values_list("profile__otop_category", flat=True).distinct().order_by(
            "profile__otop_category"):
        picked += list(_best_rated().filter(profile__otop_category=category)[:FEATURED_PER_CATEGORY])
    return picked


def lampang_ceramics():
    ceramic = Q(profile__name_th__contains="เซรามิก") | Q(profile__name_th__contains="ตราไก่")
    return list(_best_rated().filter(ceramic, profile__producer__province__name_en="Lampang"))


def five_star():
    return list(_best_rated().filter(certifications__star_level=5,
                                     certifications__valid_until__gte=timezone.localdate()).distinct())


def halal():
    return list(_best_rated().filter(certifications__standards__type=StandardType.HALAL).distinct())


def new_year_gifts():
    return list(_best_rated().filter(profile__name_th__contains="ของขวัญ"))


@dataclass(frozen=True)
class DemoCollection:
    slug: str
    name_th: str
    name_en: str
    description_th: str
    description_en: str
    pick: Callable
    colours: tuple  # background, pattern, accent of the banner
    motif: str  # "weave", "glaze", "stars", "lattice" or "lanterns"
    channels: tuple = field(default=())  # channel slugs; none: every channel


DEMO_COLLECTIONS = (
    DemoCollection(
        "featured-products", "สินค้าแนะนำ", "Featured products",
        "สินค้าระดับดาวสูงสุดจากทุกหมวด คัดมาจากการคัดสรรปีล่าสุดของแต่ละจังหวัด",
        "The best-rated products of every category, from each province's latest selection.",
        featured, ((244, 235, 221), (46, 58, 107), (217, 154, 43)), "weave"),
    DemoCollection(
        "lampang-ceramics-fair-bangkok", "งานเซรามิกลำปาง ณ กรุงเทพฯ", "Lampang Ceramics Fair in Bangkok",
        "ชามตราไก่และเซรามิกจากเตาลำปาง ในงานแสดงสินค้าที่กรุงเทพฯ ซื้อในงานหรือสั่งออนไลน์ส่งถึงบ้าน",
        "Rooster bowls and ceramics from Lampang's kilns, at the fair in Bangkok: buy at the stand or order "
        "online for delivery.",
        lampang_ceramics, ((226, 238, 232), (94, 140, 122), (196, 72, 52)), "glaze", channels=("th-thb",)),
    DemoCollection(
        "five-star-selection", "คัดสรรสินค้า 5 ดาว", "Five-star selection",
        "สินค้าที่ได้ระดับห้าดาว คุณภาพระดับส่งออก และการรับรองยังไม่หมดอายุ",
        "Products rated five stars, of export quality, with a certification still valid.",
        five_star, ((34, 34, 52), (70, 70, 96), (232, 184, 64)), "stars"),
    DemoCollection(
        "halal-selection", "สินค้าฮาลาล", "Halal selection",
        "สินค้าที่ได้รับการรับรองฮาลาล พร้อมเลขที่ใบรับรองบนหน้าสินค้า",
        "Products certified Halal, their certificate numbers on each product page.",
        halal, ((229, 242, 233), (31, 122, 76), (201, 162, 39)), "lattice"),
    DemoCollection(
        "new-year-gifts", "ของขวัญปีใหม่", "New Year gifts",
        "ชุดของขวัญจากชุมชนสำหรับปีใหม่ ห่อพร้อมให้",
        "Gift editions from Thai communities for the New Year, ready to give.",
        new_year_gifts, ((153, 27, 30), (120, 18, 22), (240, 196, 80)), "lanterns"),
)


def banner(collection: DemoCollection) -> bytes:
    """A banner in the collection's colours with its motif, as a PNG."""
    background, pattern, accent = collection.colours
    width, height = BANNER_SIZE
    picture = Image.new("RGB", BANNER_SIZE, background)
    draw = ImageDraw.Draw(picture)
    MOTIFS[collection.motif](draw, width, height, pattern, accent)
    out = BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _weave(draw, width, height, pattern, accent):
    for x in range(0, width, 40):
        draw.rectangle([x, 0, x + 16, height], fill=pattern if x % 120 else accent)
    for row, y in enumerate(range(0, height, 40)):
        for x in range(row % 2 * 40, width, 80):
            draw.rectangle([x - 4, y, x + 20, y + 16], fill=accent if row % 3 else pattern)


def _glaze(draw, width, height, pattern, accent):
    for index, x in enumerate(range(-100, width + 200, 260)):
        y = height // 2 + (60 if index % 2 else -60)
        for ring, radius in enumerate((150, 120, 70)):
            draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(pattern, accent, pattern)[ring])


def _star(draw, cx, cy, radius, colour):
    from math import cos, pi, sin

    points = [(cx + (radius if i % 2 == 0 else radius * 0.45) * cos(pi / 2 + i * pi / 5),
               cy - (radius if i % 2 == 0 else radius * 0.45) * sin(pi / 2 + i * pi / 5)) for i in range(10)]
    draw.polygon(points, fill=colour)


def _stars(draw, width, height, pattern, accent):
    for index, x in enumerate(range(80, width, 160)):
        _star(draw, x, height // 2 + (90 if index % 2 else -90), 55, pattern)
    for index in range(5):
        _star(draw, width // 2 + (index - 2) * 150, height // 2, 60, accent)


def _lattice(draw, width, height, pattern, accent):
    step = 80
    for x in range(-height, width + height, step):
        draw.line([(x, 0), (x + height, height)], fill=pattern, width=6)
        draw.line([(x + height, 0), (x, height)], fill=pattern, width=6)
    for x in range(0, width + step, step):
        for y in range(0, height + step, step):
            draw.regular_polygon((x, y, 14), 8, fill=accent)


def _lanterns(draw, width, height, pattern, accent):
    for index, x in enumerate(range(100, width, 200)):
        top = 60 + (index % 2) * 80
        draw.line([(x, 0), (x, top)], fill=accent, width=4)
        draw.ellipse([x - 60, top, x + 60, top + 150], fill=pattern, outline=accent, width=6)
        draw.rectangle([x - 30, top + 150, x + 30, top + 170], fill=accent)


MOTIFS = {"weave": _weave, "glaze": _glaze, "stars": _stars, "lattice": _lattice, "lanterns": _lanterns}


def banner_file(collection: DemoCollection) -> ContentFile:
    return ContentFile(banner(collection), name=f"{collection.slug}.png")
