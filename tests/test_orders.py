"""Orders placed through the domain function: currency by destination, one shipment per producer."""
from decimal import Decimal

import pytest
from oscar.core.loading import get_model

from buying import address, basket_with, order_for, in_english
from marketplace.orders.currency import convert_from_thb
from marketplace.orders.errors import CheckoutError, CheckoutErrorCode
from marketplace.orders.placement import STATUS_PENDING_PAYMENT, place_order
from marketplace.orders.models import ShipmentStatus
from marketplace.shipping.models import ShippingRate
from marketplace.testing.factories import ProducerFactory, certified_product


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")


def test_a_thb_order_inside_thailand_has_one_shipment_per_producer():
    # given two producers' products
    first, second = ProducerFactory(), ProducerFactory()
    silk = certified_product(producer=first, price="350.00")
    tea = certified_product(producer=second, price="120.00")

    # when
    order = order_for((silk, 2), (tea, 1), country="TH")

    # then: baht, each line its producer's, each producer one parcel awaiting payment
    assert order.currency == "THB"
    assert order.status == STATUS_PENDING_PAYMENT
    assert {line.product_id: line.partner_id for line in order.lines.all()} == {
        silk.pk: first.partner_id, tea.pk: second.partner_id}
    shipments = {s.partner_id: s for s in order.producer_shipments.all()}
    assert set(shipments) == {first.partner_id, second.partner_id}
    assert all(s.status == ShipmentStatus.AWAITING_PAYMENT for s in shipments.values())
    domestic = ShippingRate.objects.filter(zone__code="domestic")
    # silk: 2 × 600 g volumetric = 1200 g → ≤2000 band; tea: 600 g → ≤1000 band
    expected_shipping = domestic.get(max_weight_g=2000).price_thb + domestic.get(max_weight_g=1000).price_thb
    assert order.shipping_incl_tax == expected_shipping
    assert order.total_incl_tax == Decimal("820.00") + expected_shipping


def test_a_usd_order_to_japan_is_priced_in_dollars_with_east_asia_shipping():
    # given
    silk = certified_product(price="350.00")

    # when
    order = order_for((silk, 1), country="JP")

    # then
    line = order.lines.get()
    assert order.currency == "USD"
    assert line.unit_price_incl_tax == convert_from_thb(Decimal("350.00"), "USD")
    east_asia_1kg = ShippingRate.objects.get(zone__code="east_asia", max_weight_g=1000).price_thb
    assert order.shipping_incl_tax == convert_from_thb(east_asia_1kg, "USD")
    assert order.total_incl_tax == line.unit_price_incl_tax + order.shipping_incl_tax
    assert order.shipping_address.country_id == "JP"


def test_an_unlisted_product_is_never_sold():
    # given a product whose certification gets revoked after it was put in the basket
    product = certified_product()
    basket = basket_with((product, 1))
    for certification in product.certifications.all():  # as staff revoke it (the admin saves it)
        certification.status = "revoked"
        certification.save()

    # when / then
    with pytest.raises(CheckoutError) as refusal:
        place_order(basket, shipping_address=address("TH"), email="a@example.com")
    assert refusal.value.code == CheckoutErrorCode.PRODUCT_NOT_PUBLISHED
    assert not Order.objects.exists()


def test_a_product_that_cannot_go_abroad_stops_the_order_with_the_reason():
    product = certified_product()
    # no packed weight, and no net weight to estimate it from (marketplace/shipping/pricing.py)
    product.packaging.gross_weight_g = product.packaging.net_weight_g = None
    product.packaging.save()
    basket = basket_with((product, 1))

    with pytest.raises(CheckoutError) as refusal:
        place_order(basket, shipping_address=address("JP"), email="a@example.com")

    assert refusal.value.code == CheckoutErrorCode.SHIPPING_METHOD_NOT_APPLICABLE
    assert "cannot be shipped abroad" in refusal.value.message
    assert not Order.objects.exists()
    assert basket.lines.count() == 1
