"""The order status page a guest opens from the confirmation e-mail speaks the shopper's language:
products named as the catalogue names them, the country of the address in the page's language, each
producer's parcel (issue 16's leftover: Oscar's page showed English country names and stored titles)."""
import pytest

from buying import order_for
from marketplace.orders.notifications import order_status_path
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language, country, product_name", [("th", "ไทย", "ผ้าไหมยกดอกลำพูน"),
                                                               ("en", "Thailand", "Lamphun brocade silk")])
def test_a_guests_order_page_names_products_and_country_in_the_shoppers_language(client, language, country,
                                                                                  product_name):
    product = certified_product(name_th="ผ้าไหมยกดอกลำพูน", name_en="Lamphun brocade silk")
    order = order_for((product, 2))
    prefix = "" if language == "th" else "/en"

    page = _open(client, prefix + order_status_path(order), "shopper@example.com")

    assert page.status_code == 200
    html = page.content.decode()
    lines = html[html.index('id="order-lines"'):]
    assert product_name in lines[:lines.index("</table>")]
    address = html[html.index('id="shipping-address"'):]
    assert country in address[:address.index("</p>")] and "12 ถนนนิมมานเหมินท์" in address
    assert 'id="order-shipments"' in html and order.number in html
    # and each parcel's producer is named in the page's language
    producer = product.profile.producer
    parcels = html[html.index('id="order-shipments"'):]
    parcels = parcels[:parcels.index("</table>")]
    assert (producer.name_th if language == "th" else producer.name_en) in parcels


def _open(client, path, email):
    """The e-mail's link asks for the order's e-mail address first (Oscar), then shows the order."""
    asked = client.get(path)
    assert asked.status_code == 302 and "order-status-form" in asked["Location"]
    return client.post(asked["Location"], {"email": email}, follow=True)


def test_another_email_or_a_wrong_link_shows_no_order(client):
    order = order_for((certified_product(name_th="ผ้าไหมยกดอกลำพูน"), 1))
    path = order_status_path(order)
    wrong_link = path.rstrip("/")[:-3] + "abc/"
    for attempt_path, email in ((path, "someone@example.com"), (wrong_link, "shopper@example.com")):
        page = _open(client, attempt_path, email).content.decode()
        assert 'id="order-lines"' not in page and "ผ้าไหมยกดอกลำพูน" not in page
