"""The demo's card-paid order (``manage.py load_demo_card_order``, DEBUG only): the demo shopper buys one
product each of two producers and pays with the test card, so that staff have an order to refund one
producer's parcel of ("Refund this parcel" on the dashboard's order page; ``orders.refunds``). The demo's
other orders (``demo``) are marked paid without Stripe, and may not be refunded.

The order is paid as the shop's checkout pays (``placement.quote_checkout``, ``intents.start_payment``,
``intents.pay_with``, ``completion.complete_checkout``) at the localstripe server ``make run`` starts: the
card is only authorised here; the worker charges it (the job the placing transaction enqueued) and
Stripe's webhook marks the order paid. Nothing is marked paid by hand, so the demo shows that flow too.

Idempotent: nothing is placed once the shopper has a card-paid order of two producers' parcels.
"""
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import translation
from oscar.core.loading import get_model

from marketplace.catalog.listing import in_stock_q, listable
from marketplace.orders import remembered
from marketplace.orders.completion import complete_checkout
from marketplace.orders.placement import quote_checkout
from marketplace.orders.strategy import ChannelStrategy
from marketplace.payments import intents
from marketplace.payments.models import PaymentMethodType

from .demo import SHOPPER, shipping_address

Basket = get_model("basket", "Basket")
Order = get_model("order", "Order")

TEST_CARD = "pm_card_visa"  # Stripe's (and localstripe's) test card 4242 4242 4242 4242, as Stripe.js hands it over
LANGUAGE = "th"  # the demo shopper shops in Thai


def demo_shopper():
    """The demo shopper's account (``load_demo_accounts``), or None."""
    return get_user_model().objects.filter(email__iexact=SHOPPER).order_by("pk").first()


def card_order_of(shopper):
    """The shopper's first order paid by card that holds two producers' parcels or more, or None."""
    return (Order.objects.filter(user=shopper, stripe_payments__method=PaymentMethodType.CARD)
            .annotate(parcels=Count("producer_shipments", distinct=True)).filter(parcels__gte=2)
            .order_by("pk").first())


def two_producers_products(producer=None):
    """Two listable products in stock of two producers, ``producer``'s first when it has one; [] when
    the catalogue has no two such producers."""
    for_sale = listable().filter(in_stock_q()).select_related("profile").order_by("pk")
    first = (producer and for_sale.filter(profile__producer=producer).first()) or for_sale.first()
    second = first and for_sale.exclude(profile__producer_id=first.profile.producer_id).first()
    return [first, second] if second else []


def ensure_demo_card_order(shopper, producer=None):
    """(the shopper's card-paid order of two producers' parcels, whether it was placed now); placed and
    its card authorised here unless there is one. (None, False) when there is nothing to buy.
    Raises what the checkout raises (``CheckoutError``, ``intents.PaymentError``, ``gateway.GatewayError``)."""
    order = card_order_of(shopper)
    if order is not None:
        return order, False
    products = two_producers_products(producer)
    if not products:
        return None, False
    with translation.override(LANGUAGE):
        basket = Basket.objects.create(owner=shopper)
        basket.strategy = ChannelStrategy()
        try:
            for product in products:
                basket.add_product(product, 1)
            _method, _charge, total = quote_checkout(basket, "TH")
            payment = intents.start_payment(basket, amount=total.incl_tax, currency=total.currency)
            intents.pay_with(payment, TEST_CARD, amount=total.incl_tax, currency=total.currency)
            order = complete_checkout(basket, payment=payment, shipping_address=shipping_address(),
                                      email=shopper.email, user=shopper, language=LANGUAGE,
                                      remember=(remembered.SHIPPING,))  # as the storefront does: offered next time
        except Exception:
            basket.delete()  # a failed attempt leaves nothing in the shopper's basket
            raise
    return order, True
