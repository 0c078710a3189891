"""What the search index knows about a product: its text by weight and its facet values.

Both engines index these documents. Only listable products get one (``listing.listable``);
the caller removes the others from the index.

Text weights (highest first): A the product name's head (Thai product names put the kind of
product first and variants, places and brands after the first space) and the English name;
B the rest of the name, the category, the province and region, the producer; C the programme
code, unit, packaging and standards; D the story and description.

Apart from the weights, ``kind`` says what the product *is*: the first word of the Thai name
(the head noun: กาแฟ in กาแฟคั่วบด, สบู่ in สบู่สครับกาแฟ), the last word of the English
name's head (beans in "Roasted arabica coffee beans", soap in "Coffee scrub soap") and its
category, the product type of an OTOP record. A query naming the kind ranks the product above
those that merely contain or mention the thing (coffee soap for "coffee").
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F
from oscar.core.loading import get_model

from marketplace.catalog import listing, packaging_terms
from marketplace.catalog.models import CategoryNames, OtopCategory
from marketplace.certification.models import Certification, Standard, StandardType
from marketplace.channels import availability
from marketplace.channels.models import ChannelListingRow
from marketplace.core.lookups import any_of
from marketplace.search import glossary, text

Product = get_model("catalogue", "Product")
WEIGHTS = ("A", "B", "C", "D")


@dataclass
class ProductDocument:
    product_id: int
    programme_code: str
    name_th: str
    name_en: str
    text: dict  # weight letter → list of texts
    category: str
    province_iso: str
    region: str
    producer_id: int
    star_level: int
    selection_year: int
    standards: list = field(default_factory=list)
    price: Decimal | None = None  # in baht
    price_usd: Decimal | None = None
    listed_from: datetime.date | None = None
    listed_until: datetime.date | None = None
    kind: list = field(default_factory=list)  # texts saying what the product is (see the module)

    @property
    def names(self) -> str:
        return " ".join(n for n in (self.name_th, self.name_en) if n)


def _head_tail(name: str, separator: str):
    name = (name or "").strip()
    head, _, tail = name.partition(separator)
    return head.strip(), tail.strip()


def kind_of(head_th: str, head_en: str, category_names: list) -> list:
    """What a product is: the head noun of its Thai and English names, and of its category's
    names (สมุนไพร of สมุนไพรที่ไม่ใช่อาหาร, not อาหาร; Herbal of "Herbal products (non-food)")."""
    first_th = text.terms(head_th)[:1]
    last_en = text.terms(head_en)[-1:]
    return [*first_th, *last_en, *(text.terms(name)[0] for name in category_names if text.terms(name))]


def _category_names() -> dict:
    names = {c.value: [str(c.label)] for c in OtopCategory}
    for row in CategoryNames.objects.filter(code__in=list(names)).values("code", "name_th", "name_en"):
        names[row["code"]] = [row["name_th"], row["name_en"]]
    return names


PRODUCT_FIELDS = {
    "id": "pk", "title": "title", "code": "profile__programme_code", "name_th": "profile__name_th",
    "name_en": "profile__name_en", "story_th": "profile__story_th", "story_en": "profile__story_en",
    "description_th": "profile__description_th", "description_en": "profile__description_en",
    "unit": "profile__unit", "category": "profile__otop_category", "producer_id": "profile__producer_id",
    "producer_th": "profile__producer__name_th", "producer_en": "profile__producer__name_en",
    "province_iso": "profile__producer__province__iso_code", "province_th": "profile__producer__province__name_th",
    "province_en": "profile__producer__province__name_en", "region": "profile__producer__province__region",
    "packaging_th": "packaging__description_th", "packaging_en": "packaging__description_en",
}


def _rows(product_ids):
    """Plain rows (no model instances: a full reindex reads every product) of the listable
    products among ``product_ids``, with price, newest certification and its standards."""
    queryset = listing.listable(Product.objects.filter(any_of("pk", product_ids)))
    names = {f"s_{k}": F(v) for k, v in PRODUCT_FIELDS.items()}  # prefixed: "title" is a Product field
    rows = {}
    for values in queryset.values(**names):
        row = {k[2:]: v for k, v in values.items()}
        rows[row["id"]] = row
    if not rows:
        return []
    # The prices the cards show in baht and in dollars, as kept per product and channel
    # (``channels.kept``; none where the channel does not sell it or is switched off), so that
    # sorting and filtering by price agree with what the shopper sees.
    prices = {pk: [None, None] for pk in rows}
    for position, currency in enumerate(("THB", "USD")):
        channel = availability.channel_for(currency)
        if channel is None:
            continue
        for pk, price in ChannelListingRow.objects.filter(any_of("product_id", rows), channel=channel,
                                                          listed=True).values_list("product_id", "price"):
            prices[pk][position] = price
    newest = {}
    for cert in (Certification.objects.filter(any_of("product_id", rows))
                 .order_by("product_id", "-selection_year", "-valid_from", "-id").distinct("product_id")
                 .values("id", "product_id", "star_level", "selection_year", "valid_from", "valid_until")):
        newest[cert["product_id"]] = cert
    standards = {}
    for cert_id, kind in Standard.objects.filter(
            any_of("certification_id", [c["id"] for c in newest.values()])).values_list("certification_id", "type"):
        standards.setdefault(cert_id, set()).add(kind)
    for product_id, row in rows.items():
        row["price"], row["price_usd"] = prices.get(product_id, (None, None))
        row["certification"] = newest[product_id]
        row["standards"] = sorted(standards.get(newest[product_id]["id"], ()))
    return [rows[i] for i in sorted(rows)]


def standard_labels() -> dict:
    """Each standard's label in the active language, by code."""
    return {c.value: str(c.label) for c in StandardType}


def build(row, category_names: dict, labels: dict) -> ProductDocument:
    head_th, tail_th = _head_tail(row["name_th"], " ")
    head_en, tail_en = _head_tail(row["name_en"], ",")
    region_th, region_en = glossary.REGION_NAMES.get(row["region"], ("", ""))
    certification = row["certification"]
    text = {
        "A": [head_th, head_en, "" if row["name_th"] else row["title"]],
        "B": [tail_th, tail_en, *category_names.get(row["category"], []), row["province_th"], row["province_en"],
              region_th, region_en, row["producer_th"], row["producer_en"]],
        "C": [row["code"], row["unit"], *packaging_terms.both(row["packaging_th"], row["packaging_en"]),
              *(labels.get(s, s) for s in row["standards"])],
        "D": [row["story_th"], row["story_en"], row["description_th"], row["description_en"]],
    }
    return ProductDocument(
        product_id=row["id"], programme_code=row["code"], name_th=row["name_th"] or "",
        name_en=row["name_en"] or "", text={k: [t for t in v if t] for k, v in text.items()},
        category=row["category"], province_iso=row["province_iso"], region=row["region"],
        producer_id=row["producer_id"], star_level=certification["star_level"],
        selection_year=certification["selection_year"], standards=row["standards"], price=row["price"],
        price_usd=row["price_usd"],
        listed_from=certification["valid_from"], listed_until=certification["valid_until"],
        kind=kind_of(head_th or row["title"], head_en, category_names.get(row["category"], [])),
    )


def documents_for(product_ids) -> list:
    """Documents of those of ``product_ids`` that are listable."""
    category_names = _category_names()
    labels = standard_labels()
    return [build(row, category_names, labels) for row in _rows(product_ids)]


def all_product_ids(batch_size=1000):
    """Ids of every listable product, in batches (for a full reindex). Ordered by category and
    province so that a rebuilt index keeps such products side by side on disk: a search for a
    kind of product or a place then reads far fewer pages."""
    ids = list(listing.listable().order_by("profile__otop_category", "profile__producer__province_id", "pk")
               .values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield ids[start:start + batch_size]
