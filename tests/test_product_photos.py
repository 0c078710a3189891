"""Photos on the shop's pages: cards and the product page offer WebP (and AVIF where Pillow writes
it) thumbnails in a srcset, every picture has a width and height, only the product page's main
photo and a listing's first row (tests/test_page_speed.py) load eagerly; a product without a photo shows its category's drawn placeholder with its name
as text and an alt saying it is a placeholder; stock is told only when low; the product page offers
trade buyers a quote. Query counts do not grow with the number of photos."""
import re
from html import unescape
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model
from PIL import Image

from graphql_client import data
from marketplace.catalog import stock
from marketplace.catalog.models import CategoryNames, OtopCategory
from marketplace.media.placeholder import PALETTES
from marketplace.media.thumbnails import can_write_avif
from marketplace.testing.factories import ProducerFactory, certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]
ProductImage = get_model("catalogue", "ProductImage")


def photo(product, order=0, size=(1600, 1200), caption=""):
    out = BytesIO()
    Image.new("RGB", size, (180, 40 + 40 * order, 60)).save(out, format="JPEG")
    image = ProductImage(product=product, caption=caption, display_order=order)
    image.original.save(f"photo-{order}.jpg", ContentFile(out.getvalue()), save=True)
    return image


def imgs(html):
    """Every <img> tag of a page as a dict of its attributes."""
    return [dict(re.findall(r'([\w-]+)="([^"]*)"', tag)) for tag in re.findall(r"<img\b[^>]*>", html)]


def category_url(code):
    return CategoryNames.objects.select_related("category").get(code=code).category.get_absolute_url()


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- photos --------------------------------------------------------------------------------------

def test_a_card_offers_its_photo_in_webp_sizes_with_width_height_and_a_load_priority(client):
    # given a product with a photo
    product = certified_product(category="food")
    image = photo(product)
    # when its category page is shown
    html = page(client, category_url("food"))
    # then its card's picture is a srcset of WebP thumbnails with sizes, a square frame, loaded at once
    card = next(tag for tag in imgs(html) if f"/thumbnail/{image.pk}/" in tag.get("src", ""))
    assert card["srcset"] == ", ".join(f"/thumbnail/{image.pk}/{size}/webp/ {size}w" for size in (256, 512, 1024))
    assert card["sizes"] and card["width"] == "1024" and card["height"] == "1024"
    assert card["loading"] == "eager" and card["fetchpriority"] == "high"  # the first card; later ones are lazy
    # and AVIF is offered first where Pillow can write it
    avif = f'<source type="image/avif" srcset="/thumbnail/{image.pk}/256/avif/ 256w'
    assert (avif in html) == can_write_avif()


def test_every_picture_on_the_product_page_has_a_size_and_only_the_main_photo_is_eager(client):
    # given a product with three photos, one listed beside it
    product = certified_product()
    images = [photo(product, order) for order in range(3)]
    certified_product()
    # when its page is shown
    html = page(client, product.get_absolute_url())
    tags = imgs(html)
    # then every img has a width and a height
    assert tags and all(tag.get("width") and tag.get("height") for tag in tags), tags
    # and the first photo is eager with a high priority, the others lazy
    slides = [tag for tag in tags if "srcset" in tag and "/thumbnail/" in tag["srcset"]]
    assert [tag["src"] for tag in slides] == [f"/thumbnail/{image.pk}/512/webp/" for image in images]
    assert (slides[0]["loading"], slides[0].get("fetchpriority")) == ("eager", "high")
    assert {tag["loading"] for tag in tags if tag is not slides[0]} == {"lazy"}
    # and the photos have alt texts that tell them apart, and no "Image Not Available"
    assert [tag["alt"] for tag in slides] == [f"ผ้าไหมยกดอกลำพูน, ภาพที่ {n} จาก 3" for n in (1, 2, 3)]
    assert "Image Not Available" not in html


@pytest.mark.parametrize("format, pillow", [("webp", "WEBP"), ("avif", "AVIF")])
def test_the_thumbnails_in_the_srcset_are_served_in_their_format(client, format, pillow):
    if format == "avif" and not can_write_avif():
        pytest.skip("this Pillow cannot write AVIF: pages offer WebP only")
    image = photo(certified_product())

    response = client.get(f"/thumbnail/{image.pk}/512/{format}/")

    assert response.status_code == 302
    with default_storage.open(response["Location"].split("/media/", 1)[1]) as stored, Image.open(stored) as made:
        assert (made.format, made.size) == (pillow, (512, 384))


# --- placeholders ----------------------------------------------------------------------------------

@pytest.mark.parametrize("category", OtopCategory.values)
def test_a_product_without_a_photo_shows_its_categorys_placeholder_with_its_thai_name(client, category):
    # given a product without a photo
    product = certified_product(category=category, name_th="ผลิตภัณฑ์ทดลองภาษาไทย", name_en="Trial product")
    # when its page and its category page are shown in Thai
    for html in (page(client, product.get_absolute_url()), page(client, category_url(category))):
        # then the category's placeholder is drawn, its alt saying it is a placeholder of this product
        assert f'data-pattern="{category}"' in html
        placeholder = next(tag for tag in imgs(html) if "/placeholder/" in tag["src"])
        assert unescape(placeholder["alt"]) == "ภาพแทน: ยังไม่มีรูปถ่ายของ ผลิตภัณฑ์ทดลองภาษาไทย"
        assert placeholder["width"] == placeholder["height"] == "1024"
        # and the name is set over it as text, in the page's font
        assert '<span class="otop-placeholder__name" aria-hidden="true">ผลิตภัณฑ์ทดลองภาษาไทย</span>' in html
        assert "Image Not Available" not in html
        # and the drawn picture is served
        drawn = client.get(placeholder["src"])
        assert drawn.status_code == 200 and drawn["Content-Type"] == "image/webp"


def test_the_placeholder_in_english_names_the_product_in_english(client):
    product = certified_product(category="household", name_th="ครกไม้", name_en="Wooden mortar")
    with translation.override("en"):
        url = product.get_absolute_url()

    html = page(client, url)

    assert "Placeholder image: no photo of Wooden mortar yet" in html
    assert '<span class="otop-placeholder__name" aria-hidden="true">Wooden mortar</span>' in html


def test_every_placeholder_once_drawn_stays_drawn(monkeypatch):
    # given every size, category and format a visitor may ask for (a 4096-pixel AVIF takes seconds to draw)
    from marketplace.media import placeholder

    drawings, new = [], Image.new
    # (pictures drawn small: only how often they are drawn counts here; Pillow's own calls keep their size)
    monkeypatch.setattr(placeholder.Image, "new", lambda mode, size, *colour: new(mode, (8, 8) if colour else size, *colour))
    monkeypatch.setattr(placeholder, "PATTERNS", {category: lambda draw, size, palette: drawings.append(size)
                                                  for category in PALETTES})
    placeholder._drawn.cache_clear()
    variants = [(category, size, pillow) for category in PALETTES for size in placeholder.SIZES
                for pillow in {pillow for pillow, _ in placeholder.FORMATS.values()}]
    # when a visitor asks for all of them, twice over
    for _ in range(2):
        for variant in variants:
            placeholder._drawn(*variant)
    placeholder._drawn.cache_clear()
    # then each was drawn once: cycling through them cannot keep a worker drawing
    assert len(drawings) == len(variants)


def test_each_category_draws_its_own_pattern_in_its_colours(client):
    # when every category's placeholder is fetched
    drawn = {}
    for category in PALETTES:
        response = client.get(f"/placeholder/{category}/256/png/")
        assert response.status_code == 200
        drawn[category] = Image.open(BytesIO(response.content)).convert("RGB")
    # then they all differ, each drawn in its own palette (its ground and its panel)
    assert len({picture.tobytes() for picture in drawn.values()}) == len(PALETTES)
    for category, picture in drawn.items():
        colours = {colour for _count, colour in picture.getcolors(256 * 256)}
        assert PALETTES[category].panel in colours, category
        assert picture.getpixel((128, 128)) == PALETTES[category].panel
    # and the API's address without a category is still the woven one
    assert client.get("/placeholder/256/png/").content == client.get("/placeholder/textiles/256/png/").content
    assert client.get("/placeholder/pottery/256/png/").status_code == 404


THUMBNAIL = """query($slug: String!) { product(slug: $slug, channel: "th-thb") {
  thumbnail(size: 500, format: WEBP) { url alt } } }"""


def test_api_clients_get_the_placeholder_of_the_products_category(client):
    product = certified_product(category="beverages", name_th="น้ำตาลโตนด")

    thumbnail = data(THUMBNAIL, {"slug": product.slug})["product"]["thumbnail"]

    assert thumbnail["url"] == "http://testserver/placeholder/beverages/512/webp/"
    with translation.override("en"):  # the API's words follow Accept-Language, English when none is sent
        expected = translation.gettext("Placeholder image: no photo of %(product)s yet") % {"product": "น้ำตาลโตนด"}
    assert thumbnail["alt"] == expected
    assert client.get("/placeholder/beverages/512/webp/")["Content-Type"] == "image/webp"


# --- stock and quotes on the product page ---------------------------------------------------------

def test_stock_is_told_only_when_low(client):
    plenty = certified_product(num_in_stock=stock.LOW_STOCK_THRESHOLD + 1)
    few = certified_product(num_in_stock=stock.LOW_STOCK_THRESHOLD)
    with translation.override("en"):
        plenty_url, few_url = plenty.get_absolute_url(), few.get_absolute_url()

    plenty_page, few_page = page(client, plenty_url), page(client, few_url)

    assert "In stock" in plenty_page
    assert not re.search(r"Only \d+ left|\d+ available", plenty_page)
    assert f"Only {stock.LOW_STOCK_THRESHOLD} left" in few_page


def test_every_product_page_offers_trade_buyers_a_quote(client):
    product = certified_product()

    html = page(client, product.get_absolute_url())

    assert f'action="{reverse("quotes:draft-add")}"' in html
    assert f'<input type="hidden" name="product" value="{product.pk}">' in html
    assert "ขอใบเสนอราคา" in html


# --- query counts ----------------------------------------------------------------------------------

def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_product_page_costs_the_same_queries_with_one_photo_or_five(client, django_assert_num_queries):
    product = certified_product()
    photo(product)
    one = _queries(client, product.get_absolute_url())
    for order in range(1, 5):
        photo(product, order)
    client.get(product.get_absolute_url())

    with django_assert_num_queries(one):
        html = page(client, product.get_absolute_url())
    assert html.count('class="otop-gallery__slide"') == 5


def test_a_category_page_of_cards_with_photos_costs_the_same_for_1_and_12(client, django_assert_num_queries):
    producer, url = ProducerFactory(), category_url("food")
    photo(certified_product(producer=producer, category="food"))
    one = _queries(client, url)
    for _n in range(11):
        photo(certified_product(producer=producer, category="food"))
        certified_product(producer=producer, category="food")  # and cards without a photo
    client.get(url)

    with django_assert_num_queries(one):
        html = page(client, url)
    assert html.count('<picture class="otop-photo">') == 12 and html.count('data-pattern="food"') == 11
