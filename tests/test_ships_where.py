"""International buying before the checkout: where a product ships (said on its page and in the
API), gross weight estimated from the net weight with the staff's packaging allowance, a basket
that does not price shipping before it knows the address, and what a currency switch means."""
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from graphql_client import data
from marketplace.catalog.models import Packaging
from marketplace.shipping import pricing
from marketplace.shipping.models import PackagingAllowance, ShippingRate
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db


def _net_weight_only(product, net=400, size=(20, 10, 5)):
    """As the demo's programme files record it: net weight and package size, no gross weight."""
    length, width, height = size
    Packaging.objects.filter(product=product).update(gross_weight_g=None, net_weight_g=net, length_cm=length,
                                                     width_cm=width, height_cm=height)
    product.refresh_from_db()
    return product


def _url(product, language):
    with translation.override(language):
        return product.get_absolute_url()


def _url_named(name, language):
    with translation.override(language):
        return reverse(name)


def test_a_product_with_only_its_net_weight_ships_abroad_at_net_plus_the_allowance():
    # given a product with a net weight of 400 g and no gross weight, and the default allowance (15 % + 100 g)
    product = _net_weight_only(certified_product())
    # when it is quoted to Japan
    parcel = pricing.quote([(product, 1)], "JP").parcels[0]
    # then it goes, at 400 + 60 + 100 g
    assert parcel.chargeable_weight_g == 560


def test_staff_set_the_packaging_allowance_and_the_price_abroad_follows():
    # given a net-weight-only product just under the first East Asia band with the default allowance
    first_band = ShippingRate.objects.filter(zone__code="east_asia").order_by("max_weight_g").first()
    net = (Decimal(first_band.max_weight_g) - 100) / Decimal("1.15") - 5
    product = _net_weight_only(certified_product(), net=net.quantize(Decimal("1")))
    cheap = pricing.quote([(product, 1)], "JP").total_thb
    assert cheap == first_band.price_thb
    # when staff raise the allowance to 50 % + 300 g
    PackagingAllowance.objects.create(percent=50, grams=300)
    # then the parcel is heavier and costs more
    assert pricing.quote([(product, 1)], "JP").total_thb > cheap


def test_product_page_says_ships_worldwide_and_that_the_weight_is_estimated(client):
    product = _net_weight_only(certified_product())
    page = client.get(_url(product, "en")).content.decode()
    assert 'data-worldwide="true"' in page and "Ships worldwide" in page
    assert "estimated packed weight: the net weight plus 15% and 100 g" in page


def test_product_page_says_thailand_only_and_why_when_no_weight_is_recorded(client):
    product = certified_product()
    Packaging.objects.filter(product=product).update(gross_weight_g=None, net_weight_g=None)
    page = client.get(_url(product, "en")).content.decode()
    assert 'data-worldwide="false"' in page and "Ships within Thailand only" in page
    assert "packaging weight and size are not recorded" in page


def test_product_page_in_thai_says_where_it_ships_in_thai(client):
    product = certified_product()
    page = client.get(_url(product, "th")).content.decode()
    assert "ส่งได้ทั่วโลก" in page


def test_the_api_says_where_a_product_ships_as_the_page_does():
    product = _net_weight_only(certified_product())
    Packaging.objects.filter(product=product).update(length_cm=None)
    answer = data('query($slug: String!) { product(slug: $slug, channel: "th-thb") { '
                  'shipping(languageCode: EN) { worldwide weightEstimated headline reason } } }',
                  {"slug": product.slug})
    shipping = answer["product"]["shipping"]
    assert shipping["worldwide"] is False and shipping["weightEstimated"] is False
    assert shipping["headline"] == "Ships within Thailand only"
    assert "not recorded" in shipping["reason"]


def test_the_basket_does_not_price_shipping_before_it_knows_the_address(client):
    product = certified_product(price="350.00")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    page = client.get(_url_named("basket:summary", "en")).content.decode()
    assert "Calculated at checkout" in page and 'id="shipping-not-priced"' in page
    assert "Free shipping" not in page
    assert "Total before shipping" in page


def test_switching_currency_says_what_happens(client):
    product = certified_product(price="350.00")
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    answer = client.post(reverse("otop_basket:currency"), {"currency": "USD", "next": _url_named("basket:summary", "en")},
                         follow=True)
    page = answer.content.decode()
    assert "Prices are shown in US dollars" in page
    assert "baht within Thailand, US dollars abroad" in page
    assert 'id="currency-note"' in page
