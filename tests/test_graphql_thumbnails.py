"""Thumbnails of the size and format a Saleor client asks for."""
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from oscar.core.loading import get_model
from PIL import Image

from graphql_client import data
from marketplace.certification.models import CertificationStatus
from marketplace.testing.factories import certified_product

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]
ProductImage = get_model("catalogue", "ProductImage")


def _photo(product, width=3000, height=2000):
    out = BytesIO()
    Image.new("RGB", (width, height), (180, 40, 60)).save(out, format="JPEG")
    image = ProductImage(product=product, caption="ผ้าไหมสีแดง", display_order=0)
    image.original.save("silk.jpg", ContentFile(out.getvalue()), save=True)
    return image


QUERY = """query($slug: String!) { product(slug: $slug, channel: "th-thb") {
  thumbnail(size: 1000, format: WEBP) { url alt }
  media { url(size: 2048, format: WEBP) original: url alt type }
} }"""


def test_thumbnail_is_resized_and_converted_on_first_request(client):
    # given a product with a 3000×2000 photo
    product = certified_product()
    photo = _photo(product)
    # when a client asks for a 1000 px WEBP thumbnail
    found = data(QUERY, {"slug": product.slug})["product"]
    url = found["thumbnail"]["url"]
    # then the size snaps up to 1024 and the thumbnail endpoint serves a WEBP of that size
    assert url == f"http://testserver/thumbnail/{photo.pk}/1024/webp/"
    assert found["thumbnail"]["alt"] == "ผ้าไหมสีแดง"
    assert found["media"][0]["original"].endswith(".jpg")
    assert found["media"][0]["type"] == "IMAGE"
    response = client.get(url.replace("http://testserver", ""))
    assert response.status_code == 302
    name = response["Location"].split("/media/", 1)[1]
    with default_storage.open(name) as stored, Image.open(stored) as thumbnail:
        assert (thumbnail.format, thumbnail.size) == ("WEBP", (1024, 683))


def test_thumbnails_of_unlisted_products_are_not_served_to_shoppers(client):
    photo = _photo(certified_product(status=CertificationStatus.REVOKED), 100, 100)
    assert client.get(f"/thumbnail/{photo.pk}/64/webp/").status_code == 404
    assert client.get(f"/thumbnail/{photo.pk}/65/webp/").status_code == 404
