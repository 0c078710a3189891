"""The demo trade buyer: ``ensure_demo_buyer(user)`` makes ``user`` a verified trade buyer from
Osaka with one request and, when the product's producer has a user to answer it, a quote on it.
Made for part access's ``load_demo_accounts`` (a ``DemoAccount`` whose ``setup`` it is); returns a
few words on what the account may do, or ``None`` when there is no product to ask about.
Idempotent: a second run leaves the request that is there."""
import datetime
from decimal import Decimal

from django.db import transaction

from marketplace.catalog import listing
from marketplace.producers.models import Producer

from . import quoting, states
from .models import BusinessType, QuoteRequest, TradeBuyer


def _demo_product():
    """A listed product, of a producer that has a user to answer when there is one."""
    answered = listing.listable().filter(profile__producer__in=Producer.objects.filter(partner__users__isnull=False))
    return (answered.order_by("pk").first() or listing.listable().order_by("pk").first())


@transaction.atomic
def ensure_demo_buyer(user):
    TradeBuyer.objects.update_or_create(user=user, defaults=dict(
        company="Osaka OTOP Trading", country="JP", business_type=BusinessType.IMPORTER, contact_name="Kenji Sato",
        currency="JPY", website="https://osaka-trading.example", verified=True))
    user.refresh_from_db()
    if not QuoteRequest.objects.filter(buyer=user).exists():
        product = _demo_product()
        if product is None:
            return None
        request = quoting.create_request(
            user, [quoting.LineInput(product, 200, "pieces", Decimal("5.00"))], destination_country="JP",
            destination_place="Osaka", incoterm="FOB", sample_requested=True,
            message="We would like to sell this in our shops in Kansai.")
        producer = product.profile.producer
        answerer = producer.partner.users.order_by("pk").first()
        if answerer is not None:
            line = request.lines.get()
            quoting.answer(request, producer, answerer, {line.pk: Decimal("4.60")}, quoting.Terms(
                currency="USD", lead_time_days=30, incoterm="FOB", named_place="Laem Chabang",
                valid_until=states.today() + datetime.timedelta(days=30), deposit_percent=30,
                payment_terms="balance by bank transfer before shipment"))  # (the deposit has its own row)
    return "trade buyer (Osaka, verified) with a request and its quote: /quotes/"
