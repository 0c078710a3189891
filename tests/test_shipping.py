"""Shipping priced from packaging: chargeable weight, one parcel per producer, zone rate tables."""
from decimal import Decimal

import pytest

from buying import in_english
from marketplace.catalog.models import Packaging
from marketplace.shipping import pricing
from marketplace.shipping.models import ShippingRate, ShippingZone
from marketplace.testing.factories import ProducerFactory, certified_product


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


pytestmark = pytest.mark.django_db


def _packed(product, *, l, w, h, gross):
    Packaging.objects.filter(product=product).update(length_cm=l, width_cm=w, height_cm=h, gross_weight_g=gross)
    product.refresh_from_db()
    return product


def test_chargeable_weight_is_the_heavier_of_gross_and_volumetric():
    # given a light but bulky pillow and a small heavy jar
    pillow = _packed(certified_product(), l=50, w=40, h=20, gross=800)   # 40000 cm³ / 5000 = 8 kg
    jar = _packed(certified_product(), l=10, w=10, h=10, gross=1200)     # 1000 cm³ / 5000 = 0.2 kg

    # then
    assert pricing.item_chargeable_weight_g(pillow) == Decimal(8000)
    assert pricing.item_chargeable_weight_g(jar) == Decimal(1200)


def test_rate_tables_are_seeded_for_every_zone_and_japan_is_east_asia():
    # then the data migration loaded the zones and their bands from the data files
    codes = set(ShippingZone.objects.values_list("code", flat=True))
    assert {"domestic", "asean", "east_asia", "europe", "americas", "oceania"} <= codes
    assert pricing.zone_for_country("jp").code == "east_asia"
    assert pricing.zone_for_country("TH").is_domestic


def test_each_producers_items_travel_as_one_priced_parcel():
    # given two producers; the first sells two items of 400 g (packaging 30×20×5 = 600 g volumetric)
    first, second = ProducerFactory(), ProducerFactory()
    silk = certified_product(producer=first)
    scarf = certified_product(producer=first)
    tea = _packed(certified_product(producer=second), l=10, w=10, h=10, gross=300)

    # when priced to Japan
    quote = pricing.quote([(silk, 1), (scarf, 1), (tea, 2)], "JP")

    # then one parcel each: 1200 g → the ≤2000 g band, 600 g → the ≤1000 g band of East Asia
    weights = {parcel.producer: parcel.chargeable_weight_g for parcel in quote.parcels}
    assert weights == {first: Decimal(1200), second: Decimal(600)}
    east_asia = ShippingRate.objects.filter(zone__code="east_asia")
    assert quote.total_thb == east_asia.get(max_weight_g=2000).price_thb + east_asia.get(max_weight_g=1000).price_thb


def test_staff_edits_to_the_rate_table_change_the_price():
    # given a 600 g parcel (the ≤1000 g domestic band) and staff raising that band
    product = certified_product()
    ShippingRate.objects.filter(zone__code="domestic", max_weight_g=1000).update(price_thb=Decimal("99.00"))

    # when
    quote = pricing.quote([(product, 1)], "TH")

    # then
    assert quote.total_thb == Decimal("99.00")


def test_a_product_without_packaging_size_cannot_go_abroad_and_says_so():
    # given
    product = certified_product(name_en="Lamphun brocade silk")
    Packaging.objects.filter(product=product).update(length_cm=None)
    product.refresh_from_db()

    # when / then: abroad is refused with the product named; at home it ships at the default weight
    with pytest.raises(pricing.NotShippable) as refusal:
        pricing.quote([(product, 1)], "JP")
    assert "cannot be shipped abroad" in str(refusal.value)
    assert refusal.value.problems[0][0] == product
    assert pricing.shipping_problem(product, "JP") is not None
    assert pricing.shipping_problem(product, "TH") is None
    assert pricing.quote([(product, 1)], "TH").parcels[0].chargeable_weight_g == pricing.DOMESTIC_DEFAULT_WEIGHT_G


def test_a_country_outside_every_zone_is_refused_by_its_name():
    from django.utils import translation

    product = certified_product()
    with translation.override("en"), pytest.raises(pricing.NotShippable, match="do not ship to North Korea yet"):
        pricing.quote([(product, 1)], "KP")
    with translation.override("th"):
        assert pricing.shipping_problem(product, "kp") == "เรายังไม่จัดส่งไปยัง เกาหลีเหนือ"
    with translation.override("en"):  # a code no one knows is named as it was given
        assert pricing.shipping_problem(product, "XQ") == "We do not ship to XQ yet."


def test_a_parcel_heavier_than_the_top_band_is_refused():
    product = _packed(certified_product(), l=10, w=10, h=10, gross=16000)
    with pytest.raises(pricing.NotShippable, match="more than we can ship"):
        pricing.quote([(product, 2)], "JP")


def test_a_shipping_offer_never_makes_a_checkout_page_show_a_price_the_order_does_not_charge():
    # given a "free shipping" site offer staff made in Oscar's dashboard (a shipping benefit), which the
    # parcels' one price (placement.shipping_method_for) does not apply
    from oscar.core.loading import get_model

    from buying import address, basket_with
    from marketplace.orders.placement import place_order, quote_checkout
    from marketplace.orders.vouchers import apply_offers
    from marketplace.shipping.methods import ParcelRepository

    offer, benefit, condition, everything = (get_model("offer", name) for name in
                                             ("ConditionalOffer", "Benefit", "Condition", "Range"))
    offer.objects.create(name="Free shipping", offer_type=offer.SITE,
                         condition=condition.objects.create(range=everything.objects.create(
                             name="All", includes_all_products=True), type=condition.COUNT, value=1),
                         benefit=benefit.objects.create(type=benefit.SHIPPING_PERCENTAGE, value=100))
    basket = basket_with((certified_product(num_in_stock=3, price="350.00"), 1))
    apply_offers(basket)
    assert basket.has_shipping_discounts

    # when the storefront's checkout lists the shipping method (Oscar's repository) and the order is placed
    [shown] = ParcelRepository().get_shipping_methods(basket, shipping_addr=address("TH"))
    _method, charge, total = quote_checkout(basket, "TH")
    order = place_order(basket, shipping_address=address("TH"), email="shopper@example.com")

    # then the page's shipping price is the one the payment asks for and the order charges
    assert shown.calculate(basket).incl_tax == charge.incl_tax == order.shipping_incl_tax > 0
    assert order.total_incl_tax == total.incl_tax


def test_the_dashboard_offers_no_shipping_incentive_the_shop_would_not_apply(superuser, client):
    # given staff making an offer in Oscar's dashboard, past the wizard's first step
    import re

    from oscar.core.loading import get_model

    benefit = get_model("offer", "Benefit")
    everything = get_model("offer", "Range").objects.create(name="All", includes_all_products=True)
    client.post("/en/dashboard/offers/new/metadata/", {"name": "Ten off", "description": "", "offer_type": "Site"})

    # when they open the incentive step, and post a shipping incentive anyway
    page = client.get("/en/dashboard/offers/new/incentive/").content.decode()
    posted = client.post("/en/dashboard/offers/new/incentive/",
                         {"range": everything.pk, "type": benefit.SHIPPING_PERCENTAGE, "value": "100"})

    # then no shipping incentive is offered, the posted one is refused, and a price discount still is offered
    offered = set(re.findall(r'<option value="([^"]+)"', page))
    assert benefit.PERCENTAGE in offered and not offered & {
        benefit.SHIPPING_ABSOLUTE, benefit.SHIPPING_FIXED_PRICE, benefit.SHIPPING_PERCENTAGE}
    assert posted.status_code == 200 and "type" in posted.context["form"].errors
