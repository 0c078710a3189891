"""What the search index knows about a product: its text by weight and its facet values.

Both engines index these documents. Only listable products get one (``listing.listable``);
the caller removes the others from the index.

Text weights (highest first): A the product name's head (Thai product names put the kind of
product first and variants, places and brands after the first space) and the English name;
B the rest of the name, the category, the province and region; C the producer, unit,
packaging and standards; D the story and description.
"""
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from oscar.core.loading import get_model

from marketplace.catalog import listing
from marketplace.catalog.models import CategoryNames, OtopCategory
from marketplace.certification.models import Certification, StandardType
from marketplace.search import glossary

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
    price: Decimal | None = None
    listed_from: datetime.date | None = None
    listed_until: datetime.date | None = None

    @property
    def names(self) -> str:
        return " ".join(n for n in (self.name_th, self.name_en) if n)


def _head_tail(name: str, separator: str):
    name = (name or "").strip()
    head, _, tail = name.partition(separator)
    return head.strip(), tail.strip()


def _category_names() -> dict:
    names = {c.value: [str(c.label)] for c in OtopCategory}
    for row in CategoryNames.objects.filter(code__in=list(names)).values("code", "name_th", "name_en"):
        names[row["code"]] = [row["name_th"], row["name_en"]]
    return names


def _price(product):
    records = [r for r in product.stockrecords.all() if r.price is not None]
    thb = [r for r in records if r.price_currency == "THB"]
    chosen = thb or records
    return min(r.price for r in chosen) if chosen else None


def build(product, category_names: dict) -> ProductDocument:
    profile = product.profile
    producer = profile.producer
    province = producer.province
    certification = product.certifications.all()[0]  # newest first (Certification.Meta.ordering)
    head_th, tail_th = _head_tail(profile.name_th, " ")
    head_en, tail_en = _head_tail(profile.name_en, ",")
    standards = sorted({s.type for s in certification.standards.all()})
    standard_labels = {c.value: str(c.label) for c in StandardType}
    region_th, region_en = glossary.REGION_NAMES.get(province.region, ("", ""))
    packaging = getattr(product, "packaging", None)
    text = {
        "A": [head_th, head_en, "" if profile.name_th else product.title],
        "B": [tail_th, tail_en, *category_names.get(profile.otop_category, []), province.name_th,
              province.name_en, region_th, region_en],
        "C": [producer.name_th, producer.name_en, profile.unit, packaging.description if packaging else "",
              *(standard_labels.get(s, s) for s in standards)],
        "D": [profile.story_th, profile.story_en, profile.description_th, profile.description_en],
    }
    return ProductDocument(
        product_id=product.pk, programme_code=profile.programme_code, name_th=profile.name_th,
        name_en=profile.name_en, text={k: [t for t in v if t] for k, v in text.items()},
        category=profile.otop_category, province_iso=province.iso_code, region=province.region,
        producer_id=producer.pk, star_level=certification.star_level,
        selection_year=certification.selection_year, standards=standards, price=_price(product),
        listed_from=certification.valid_from, listed_until=certification.valid_until,
    )


def listable_products(product_ids=None):
    """Listable products with everything a document needs, in a fixed number of queries."""
    queryset = Product.objects.all() if product_ids is None else Product.objects.filter(pk__in=list(product_ids))
    return (
        listing.listable(queryset)
        .select_related("profile__producer__province", "packaging")
        .prefetch_related(
            "stockrecords",
            Prefetch("certifications", queryset=Certification.objects.prefetch_related("standards")),
        )
        .order_by("pk")
    )


def documents_for(product_ids) -> list:
    """Documents of those of ``product_ids`` that are listable."""
    category_names = _category_names()
    return [build(p, category_names) for p in listable_products(product_ids)]


def all_product_ids(batch_size=1000):
    """Ids of every listable product, in batches (for a full reindex)."""
    ids = list(listing.listable().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        yield ids[start:start + batch_size]
