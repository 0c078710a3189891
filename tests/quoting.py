"""Helpers for the accept/deposit/pro-forma and API tests: a trade buyer's request, quoted by a
producer, built row by row as the quotes pages build them."""
import datetime
from decimal import Decimal

from django.utils import timezone

from marketplace.quotes.models import (
    Quote, QuotePrice, QuoteRequest, QuoteVersion, RequestLine, State, TradeBuyer, Unit,
)
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product


def trade_buyer(company="Osaka Trading K.K.", country="JP", **fields):
    user = UserFactory(**fields)
    TradeBuyer.objects.create(user=user, company=company, country=country, business_type="importer",
                              contact_name="Haruka Tanaka", tax_number="JP-1234567", currency="JPY")
    return user


def producer_with_user(**fields):
    user = UserFactory()
    producer = ProducerFactory(users=[user], address="12 หมู่ 3 ต.มะกอก", phone="053-123456",
                               email="weavers@example.com", **fields)
    return producer, user


def request_for(buyer, *lines, incoterm="FOB", destination=("JP", "Osaka")):
    """A submitted request of ``buyer`` for ``(product, quantity, unit)`` lines."""
    request = QuoteRequest.objects.create(buyer=buyer, incoterm=incoterm, destination_country=destination[0],
                                          destination_place=destination[1])
    for product, quantity, unit in lines:
        RequestLine.objects.create(request=request, product=product, producer=product.profile.producer,
                                   quantity=quantity, unit=unit)
    return request


def quote_on(request, producer, prices, *, by=None, currency="USD", deposit_percent=30, incoterm="FOB",
             named_place="Laem Chabang", lead_time_days=45, valid_days=30):
    """``producer``'s quote on its lines of ``request``: ``prices`` maps product → unit price."""
    valid_until = timezone.localdate() + datetime.timedelta(days=valid_days)
    quote = Quote.objects.create(request=request, producer=producer, state=State.QUOTED, valid_until=valid_until)
    version = QuoteVersion.objects.create(
        quote=quote, number=1, currency=currency, lead_time_days=lead_time_days, incoterm=incoterm,
        named_place=named_place, valid_until=valid_until, deposit_percent=deposit_percent,
        payment_terms="30% deposit, balance against B/L copy", created_by=by)
    for line in request.lines.filter(producer=producer):
        QuotePrice.objects.create(version=version, line=line, unit_price=Decimal(prices[line.product]))
    quote.current_version = version
    quote.save(update_fields=["current_version"])
    QuoteRequest.objects.filter(pk=request.pk).update(state=State.QUOTED)
    request.refresh_from_db()
    return quote


def quoted_silk_and_crackers():
    """A buyer in Osaka asking one producer for 500 pieces of silk and 200 cartons of crackers,
    quoted in USD at 12.50 and 38.00: 6,250 + 7,600 = 13,850.00, a 30% deposit of 4,155.00."""
    buyer = trade_buyer()
    producer, producer_user = producer_with_user()
    silk = certified_product(producer=producer, name_th="ผ้าไหมมัดหมี่ลำพูน", name_en="Lamphun mudmee silk")
    crackers = certified_product(producer=producer, name_th="ข้าวเกรียบกุ้ง", name_en="Shrimp rice crackers")
    request = request_for(buyer, (silk, 500, Unit.PIECES), (crackers, 200, Unit.CARTONS))
    quote = quote_on(request, producer, {silk: "12.50", crackers: "38.00"}, by=producer_user)
    return quote, buyer, producer_user
