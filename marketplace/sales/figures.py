"""A producer's sales figures: by month (orders, units, revenue in baht), per product, and
product page views per product. The one home of "what a producer sold", for its Sales page.

- A sale is a line of the producer's own in an order whose parcel for that producer is paid
  (to be shipped, or shipped): an unpaid or cancelled order sold nothing. An order with lines of
  several producers counts, for each producer, only that producer's lines (``Line.partner``).
- Revenue is what the shopper paid for the lines (``line_price_incl_tax``: after the discounts
  applied to the line; shipping is not revenue of the goods). A USD order's lines are in US
  dollars; they count in baht divided by the rate recorded on the producer's parcel when the
  order was placed (``ProducerShipment.exchange_rate``, from ``channels.pricing``), so that
  changing ``OTOP_USD_PER_THB`` later does not rewrite past sales.
- Months are calendar months in the shop's time zone (Asia/Bangkok), the last ``MONTHS`` of them,
  months without sales included as zeros.
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, ExpressionWrapper, F, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from oscar.core.loading import get_model

from marketplace.orders.models import SENT, ProducerShipment, ShipmentStatus

from .models import ProductPageViews

Line = get_model("order", "Line")
Product = get_model("catalogue", "Product")

MONTHS = 12
SOLD = (ShipmentStatus.TO_SHIP, *SENT)
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=20, decimal_places=8)


@dataclass(frozen=True)
class Month:
    month: datetime.date  # its first day
    orders: int
    units: int
    revenue_thb: Decimal
    page_views: int


@dataclass(frozen=True)
class ProductFigures:
    product_id: int | None
    name: str
    orders: int
    units: int
    revenue_thb: Decimal
    page_views: int


def months_until(today, count=MONTHS):
    """The first days of the ``count`` months ending with ``today``'s, oldest first."""
    year, month = today.year, today.month
    firsts = []
    for _ in range(count):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def sold(lines):
    """Of ``lines`` (order lines of any producers), those sold, each with ``revenue_thb`` (unrounded):
    the rule above, for a producer's Sales page and for the programme officers' province figures."""
    parcel = ProducerShipment.objects.filter(order=OuterRef("order_id"), partner=OuterRef("partner_id"))
    rate = Subquery(parcel.values("exchange_rate")[:1], output_field=MONEY)
    return (lines.filter(Exists(parcel.filter(status__in=SOLD)))
            .annotate(revenue_thb=ExpressionWrapper(F("line_price_incl_tax") / rate, output_field=MONEY)))


def sold_lines(producer, since=None):
    """The producer's own lines of its paid parcels, each with ``revenue_thb`` (unrounded)."""
    lines = Line.objects.filter(partner_id=producer.partner_id)
    if since is not None:
        lines = lines.filter(order__date_placed__gte=since)
    return sold(lines)


def _since(months):
    first = months[0]
    return timezone.make_aware(datetime.datetime(first.year, first.month, 1))


def _money(amount):
    return (amount or Decimal(0)).quantize(CENT)


def by_month(producer, today=None):
    """``Month`` figures of the last ``MONTHS`` months, oldest first."""
    months = months_until(today or timezone.localdate())
    sales = {row["month"].date() if isinstance(row["month"], datetime.datetime) else row["month"]: row
             for row in sold_lines(producer, since=_since(months))
             .annotate(month=TruncMonth("order__date_placed")).values("month")
             .annotate(orders=Count("order_id", distinct=True), units=Sum("quantity"),
                       revenue=Sum("revenue_thb")).order_by()}
    views = {row["month"]: row["views"] for row in
             ProductPageViews.objects.filter(product__profile__producer=producer, day__gte=months[0])
             .annotate(month=TruncMonth("day")).values("month").annotate(views=Sum("count")).order_by()}
    return [Month(month=month, orders=sales.get(month, {}).get("orders", 0),
                  units=sales.get(month, {}).get("units", 0) or 0,
                  revenue_thb=_money(sales.get(month, {}).get("revenue")),
                  page_views=views.get(month, 0) or 0)
            for month in months]


def by_product(producer, today=None):
    """``ProductFigures`` over the last ``MONTHS`` months for every product of the producer that
    sold or was viewed, the best-selling first. A sold product deleted since keeps its line's title."""
    since = _since(months_until(today or timezone.localdate()))
    sales = {row["product_id"]: row for row in
             sold_lines(producer, since=since).values("product_id")
             .annotate(orders=Count("order_id", distinct=True), units=Sum("quantity"),
                       revenue=Sum("revenue_thb")).order_by()}
    titles = dict(sold_lines(producer, since=since).values_list("product_id", "title").order_by("product_id", "-pk")
                  .distinct("product_id"))
    views = dict(ProductPageViews.objects.filter(product__profile__producer=producer, day__gte=since.date())
                 .values("product_id").annotate(views=Sum("count")).order_by().values_list("product_id", "views"))
    products = {product.pk: product for product in
                Product.objects.filter(pk__in=set(sales) | set(views)).select_related("profile")}
    rows = []
    for product_id in set(sales) | set(views):
        product, sold = products.get(product_id), sales.get(product_id, {})
        profile = getattr(product, "profile", None) if product is not None else None
        name = (profile.name if profile is not None else "") or (product.title if product else "") \
            or titles.get(product_id, "")
        rows.append(ProductFigures(product_id=product_id, name=name, orders=sold.get("orders", 0),
                                   units=sold.get("units", 0) or 0, revenue_thb=_money(sold.get("revenue")),
                                   page_views=views.get(product_id, 0) or 0))
    return sorted(rows, key=lambda row: (-row.revenue_thb, -row.units, -row.page_views, row.name))


def chart_data(months, products):
    """What the Sales page's charts draw (passed with ``json_script``): the same numbers as its tables."""
    return {
        "months": [month.month.isoformat()[:7] for month in months],
        "orders": [month.orders for month in months],
        "units": [month.units for month in months],
        "revenue": [str(month.revenue_thb) for month in months],
        "page_views": [month.page_views for month in months],
        "products": [row.name for row in products],
        "product_units": [row.units for row in products],
        "product_revenue": [str(row.revenue_thb) for row in products],
        "product_page_views": [row.page_views for row in products],
    }
