"""OTOP facts as Saleor attributes: the stable slugs any Saleor client can show and filter on.

Each ``AttributeDef`` says how a fact is read from a product (its profile, packaging,
producer and newest certification, all loaded up front) and how a filter on it becomes a
query. The newest certification is the one ``marketplace.catalog.listing`` judges by.
"""
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.catalog import listing, packaging_terms
from marketplace.catalog.listing import newest_certification_subquery
from marketplace.certification.models import Certification

NUMERIC, PLAIN_TEXT, DROPDOWN, MULTISELECT = "NUMERIC", "PLAIN_TEXT", "DROPDOWN", "MULTISELECT"

STANDARD_NAMES_TH = {
    "mpc": "มผช.", "fda": "อย.", "halal": "ฮาลาล", "gi": "สิ่งบ่งชี้ทางภูมิศาสตร์ (GI)", "gmp": "GMP",
    "tis": "มอก.", "organic": "เกษตรอินทรีย์", "other": "อื่น ๆ",
}
STANDARD_NAMES_EN = {
    "mpc": "Thai Community Product Standard", "fda": "Thai FDA", "halal": "Halal",
    "gi": "Geographical Indication (GI)", "gmp": "GMP", "tis": "Thai Industrial Standard", "organic": "Organic",
    "other": "Other",
}


@dataclass(frozen=True)
class Choice:
    slug: str
    name_th: str
    name_en: str


@dataclass(frozen=True)
class AttributeDef:
    slug: str
    name_th: str
    name_en: str
    input_type: str
    read: Callable  # product -> value (number, {"th", "en"} text, Choice or [Choice]) or None
    lookup: str = ""  # the Product field a filter compares with, for the simple cases
    newest_certification: str = ""  # or the field of the newest certification it compares with
    needs_certifications: bool = False

    @property
    def is_numeric(self):
        return self.input_type == NUMERIC


def newest_certification(product):
    """The newest certification among the prefetched ones (model ordering: newest first)."""
    certifications = product.certifications.all()
    return certifications[0] if certifications else None


def _cert(field):
    def read(product):
        cert = newest_certification(product)
        return getattr(cert, field) if cert else None
    return read


def _packaging(field):
    def read(product):
        packaging = getattr(product, "packaging", None)
        return getattr(packaging, field, None) if packaging is not None else None
    return read


def _producer(product):
    return product.profile.producer if hasattr(product, "profile") else None


def _standards(product):
    cert = newest_certification(product)
    if cert is None:
        return None
    choices = []
    for standard in cert.standards.all():
        number = f" {standard.number}" if standard.number else ""
        choices.append(Choice(
            slug=standard.type,
            name_th=f"{STANDARD_NAMES_TH.get(standard.type, standard.type)}{number}",
            name_en=f"{STANDARD_NAMES_EN.get(standard.type, standard.type)}{number}",
        ))
    return choices


def _province(product):
    producer = _producer(product)
    if producer is None:
        return None
    province = producer.province
    return Choice(province.slug, province.name_th, province.name_en)


def _producer_choice(product):
    producer = _producer(product)
    if producer is None:
        return None
    return Choice(producer.slug, producer.name_th or producer.name_en, producer.name_en or producer.name_th)


def _text(value):
    return {"th": value, "en": value} if value else None


def _material(product):
    extra = product.profile.extra if hasattr(product, "profile") else {}
    for key in ("material", "วัสดุ", "materials"):
        if extra.get(key):
            return _text(str(extra[key]))
    return None


def _packaging_description(product):
    packaging = getattr(product, "packaging", None)
    if packaging is None:
        return None
    thai, english = packaging_terms.both(packaging.description_th, packaging.description_en)
    return {"th": thai, "en": english} if thai else None


def _packaging_text(field):
    read = _packaging(field)
    return lambda product: _text(read(product))


ATTRIBUTES = [
    AttributeDef("star-level", "ระดับดาว", "Star level", NUMERIC, _cert("star_level"),
                 newest_certification="star_level", needs_certifications=True),
    AttributeDef("selection-year", "ปีที่คัดสรร", "Selection year", NUMERIC, _cert("selection_year"),
                 newest_certification="selection_year", needs_certifications=True),
    AttributeDef("standards", "มาตรฐาน", "Standards", MULTISELECT, _standards,
                 newest_certification="standards__type", needs_certifications=True),
    AttributeDef("province", "จังหวัด", "Province", DROPDOWN, _province, lookup="profile__producer__province__slug"),
    AttributeDef("producer", "ผู้ผลิต", "Producer", DROPDOWN, _producer_choice, lookup="profile__producer__slug"),
    AttributeDef("material", "วัสดุ", "Material", PLAIN_TEXT, _material),
    AttributeDef("packaging", "บรรจุภัณฑ์", "Packaging", PLAIN_TEXT, _packaging_description,
                 lookup="packaging__description_th"),
    AttributeDef("length-cm", "ความยาว (ซม.)", "Length (cm)", NUMERIC, _packaging("length_cm"), "packaging__length_cm"),
    AttributeDef("width-cm", "ความกว้าง (ซม.)", "Width (cm)", NUMERIC, _packaging("width_cm"), "packaging__width_cm"),
    AttributeDef("height-cm", "ความสูง (ซม.)", "Height (cm)", NUMERIC, _packaging("height_cm"), "packaging__height_cm"),
    AttributeDef("net-weight-g", "น้ำหนักสุทธิ (กรัม)", "Net weight (g)", NUMERIC, _packaging("net_weight_g"),
                 "packaging__net_weight_g"),
    AttributeDef("gross-weight-g", "น้ำหนักรวมบรรจุภัณฑ์ (กรัม)", "Gross weight (g)", NUMERIC,
                 _packaging("gross_weight_g"), "packaging__gross_weight_g"),
    AttributeDef("units-per-carton", "จำนวนต่อกล่องใหญ่", "Units per carton", NUMERIC,
                 _packaging("units_per_carton"), "packaging__units_per_carton"),
    AttributeDef("carton-length-cm", "ความยาวกล่องใหญ่ (ซม.)", "Carton length (cm)", NUMERIC,
                 _packaging("carton_length_cm"), "packaging__carton_length_cm"),
    AttributeDef("carton-width-cm", "ความกว้างกล่องใหญ่ (ซม.)", "Carton width (cm)", NUMERIC,
                 _packaging("carton_width_cm"), "packaging__carton_width_cm"),
    AttributeDef("carton-height-cm", "ความสูงกล่องใหญ่ (ซม.)", "Carton height (cm)", NUMERIC,
                 _packaging("carton_height_cm"), "packaging__carton_height_cm"),
    AttributeDef("carton-weight-g", "น้ำหนักกล่องใหญ่ (กรัม)", "Carton weight (g)", NUMERIC,
                 _packaging("carton_weight_g"), "packaging__carton_weight_g"),
    AttributeDef("shelf-life-days", "อายุการเก็บรักษา (วัน)", "Shelf life (days)", NUMERIC,
                 _packaging("shelf_life_days"), "packaging__shelf_life_days"),
    AttributeDef("hs-code", "พิกัดศุลกากร (HS code)", "HS code", PLAIN_TEXT, _packaging_text("hs_code"),
                 "packaging__hs_code"),
]
BY_SLUG = {definition.slug: definition for definition in ATTRIBUTES}
CERTIFICATION_SLUGS = {d.slug for d in ATTRIBUTES if d.needs_certifications}
# Facts of the physical item: shown as the variant's (non-selection) attributes too.
VARIANT_SLUGS = ("length-cm", "width-cm", "height-cm", "net-weight-g", "gross-weight-g", "shelf-life-days")


def assigned(product, definitions=ATTRIBUTES):
    """(definition, value) for each attribute the product has a value for, in the order above."""
    result = []
    for definition in definitions:
        value = definition.read(product)
        if value not in (None, "", []):
            result.append((definition, value))
    return result


# --- filtering -------------------------------------------------------------------------------

def _number(value, slug):
    """``value`` as a number an attribute can hold: finite, at most twelve digits before or after the
    point (NaN, Infinity and 1e999999999 are no attribute's values; the last took the database
    layer's integer conversion minutes, holding the interpreter)."""
    try:
        number = Decimal(str(value))
        if not number.is_finite() or not -12 <= number.adjusted() <= 12:
            raise ValueError(value)
        return number
    except (InvalidOperation, ValueError):
        raise GraphQLError(_("Attribute %(slug)r is numeric; %(value)r is not a number.")
                           % {"slug": slug, "value": str(value)}) from None


def _condition(definition, values=None, gte=None, lte=None) -> dict:
    """Django lookups (relative to the field the definition compares with) for one attribute filter."""
    conditions = {}
    if values is not None:
        if definition.is_numeric:
            conditions["__in"] = [_number(v, definition.slug) for v in values]
        else:
            conditions["__in"] = list(values)
    if gte is not None:
        conditions["__gte"] = _number(gte, definition.slug) if definition.is_numeric else gte
    if lte is not None:
        conditions["__lte"] = _number(lte, definition.slug) if definition.is_numeric else lte
    return conditions


def attribute_q(slug, values=None, gte=None, lte=None) -> Q:
    """A filter on ``catalogue.Product`` for one ``AttributeInput``."""
    definition = BY_SLUG.get(slug)
    if definition is None:
        # Saleor matches nothing for an attribute the catalogue does not have.
        return Q(pk__in=[])
    if (gte is not None or lte is not None) and not definition.is_numeric:
        raise GraphQLError(_("Attribute %(slug)r is not numeric; filter it with `values`, not a range.")
                           % {"slug": slug})
    conditions = _condition(definition, values, gte, lte)
    if not conditions:
        raise GraphQLError(_("The filter on attribute %(slug)r needs `values` or `valuesRange`.") % {"slug": slug})
    if definition.newest_certification == "star_level":  # kept with the listing
        return Q(**{f"{listing.NEWEST_STAR_LEVEL}{lookup}": value for lookup, value in conditions.items()})
    if definition.newest_certification:
        newest = Certification.objects.filter(product=OuterRef("pk"), pk=newest_certification_subquery("product"))
        field = definition.newest_certification
        return Q(Exists(newest.filter(**{f"{field}{lookup}": value for lookup, value in conditions.items()})))
    if definition.lookup:
        return Q(**{f"{definition.lookup}{lookup}": value for lookup, value in conditions.items()})
    if definition.slug == "material":
        return Q(profile__extra__material__in=values or [])
    return Q(pk__in=[])


def sort_expression(slug):
    """An expression over ``catalogue.Product`` to order by the attribute ``slug``."""
    definition = BY_SLUG.get(slug)
    if definition is None or definition.input_type == MULTISELECT or not (
            definition.lookup or definition.newest_certification):
        raise GraphQLError(_("Products cannot be sorted by attribute %(slug)r.") % {"slug": slug})
    if definition.newest_certification == "star_level":
        return F(listing.NEWEST_STAR_LEVEL)  # kept with the listing (the storefront's default sort)
    if definition.newest_certification:
        newest = Certification.objects.filter(product=OuterRef("pk"), pk=newest_certification_subquery("product"))
        return Subquery(newest.values(definition.newest_certification)[:1])
    return F(definition.lookup)
