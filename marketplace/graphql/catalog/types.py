"""Saleor's catalogue types (Product, ProductVariant, Category, …) over Oscar products with OTOP profiles.

Roots are model instances loaded by ``loading.load`` (prefetched, tagged with ``api_channel``);
an OTOP product is exactly one variant, whose id is ``ProductVariant:<product pk>`` and whose SKU
is the programme code.
"""
import graphene
from django.utils import translation

from marketplace.catalog import stock
from marketplace.channels import pricing
from marketplace.graphql.catalog import attributes as defs
from marketplace.graphql.catalog.slugs import api_slug
from marketplace.graphql.catalog.stocks import Stock, stocks_of
from marketplace.graphql.catalog.attribute_types import (
    AssignedAttribute, SelectedAttribute, VariantAttributeScope,
)
from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.core.address import AddressInput
from marketplace.graphql.core.content import BASE_LANGUAGE, editorjs, plain_summary, text, translated_language
from marketplace.graphql.core.enums import LanguageCodeEnum, ThumbnailFormatEnum
from marketplace.graphql.core.media import Image, image, placeholder_image, thumbnail_url
from marketplace.graphql.core.money import TaxedMoney, TaxedMoneyRange, money, money_range
from marketplace.graphql.core.scalars import DateTime, JSONString, PositiveInt
from marketplace.graphql.otop import types as otop
from marketplace.shipping.models import PackagingAllowance
from marketplace.shipping.reach import reach


def language_argument(required=True):
    return graphene.Argument(LanguageCodeEnum, required=required)


def thumbnail_args():
    return dict(size=graphene.Int(), format=graphene.Argument(ThumbnailFormatEnum, default_value="original"))


class ProductMediaType(graphene.Enum):
    IMAGE = "IMAGE"
    VIDEO = "VIDEO"


class ProductMedia(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    sort_order = graphene.Int()
    alt = graphene.String(required=True)
    type = graphene.Field(ProductMediaType, required=True)
    url = graphene.String(required=True, **thumbnail_args())
    product_id = graphene.ID()

    @staticmethod
    def resolve_sort_order(root, info):
        return root.display_order

    @staticmethod
    def resolve_alt(root, info):
        return root.caption or ""

    @staticmethod
    def resolve_type(root, info):
        return ProductMediaType.IMAGE.value

    @staticmethod
    def resolve_url(root, info, size=None, format=None):
        return thumbnail_url(info, root, size, format)

    @staticmethod
    def resolve_product_id(root, info):
        from marketplace.graphql.core.ids import global_id
        return global_id("Product", root.product_id)


class ProductType(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    has_variants = graphene.Boolean(required=True)
    is_shipping_required = graphene.Boolean(required=True)

    @staticmethod
    def resolve_has_variants(root, info):
        return False

    @staticmethod
    def resolve_is_shipping_required(root, info):
        return root.requires_shipping


ProductTypeCountableConnection = countable_connection(ProductType, "ProductType")

LANGUAGE_NAMES = {"th": "Thai", "en": "English"}


class LanguageDisplay(graphene.ObjectType):
    """Saleor's language of a translation: its code and its name in English."""

    code = graphene.Field(LanguageCodeEnum, required=True)
    language = graphene.String(required=True)


def language_display(language):
    return LanguageDisplay(code=language, language=LANGUAGE_NAMES.get(language, language))


def _translation_fields():
    return dict(seo_title=graphene.String(), seo_description=graphene.String(), slug=graphene.String(),
                name=graphene.String(), description=JSONString(),
                language=graphene.Field(LanguageDisplay, required=True))


ProductTranslation = type("ProductTranslation", (graphene.ObjectType,), {
    "Meta": type("Meta", (), {"interfaces": (graphene.relay.Node,)}), **_translation_fields()})
CategoryTranslation = type("CategoryTranslation", (graphene.ObjectType,), {
    "Meta": type("Meta", (), {"interfaces": (graphene.relay.Node,)}), **_translation_fields()})


class ProductVariantTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)


# --- content of products and categories, per language ------------------------------------------

def product_name(product, language=BASE_LANGUAGE):
    profile = getattr(product, "profile", None)
    return text(profile, "name", language) or product.title


def product_description(product, language=BASE_LANGUAGE):
    profile = getattr(product, "profile", None)
    if profile is None:
        return editorjs(product.description, updated=product.date_updated)
    return editorjs(text(profile, "description", language), story=text(profile, "story", language),
                    updated=profile.updated)


def product_seo_description(product, language=BASE_LANGUAGE):
    if language == BASE_LANGUAGE and product.meta_description:
        return product.meta_description
    profile = getattr(product, "profile", None)
    return plain_summary(text(profile, "description", language) or text(profile, "story", language), limit=160)


class ProductTranslationValue:
    """A product's content in one language; each field is worked out only when a client asks
    for it (a product card asks for the name and slug, never the Editor.js description)."""

    def __init__(self, product, language):
        self.product, self.language_code = product, language
        self.id = f"{product.pk}:{language}"

    @property
    def language(self):
        return language_display(self.language_code)

    @property
    def name(self):
        return product_name(self.product, self.language_code)

    seo_title = name

    @property
    def slug(self):
        return api_slug(self.product)

    @property
    def description(self):
        return product_description(self.product, self.language_code)

    @property
    def seo_description(self):
        return product_seo_description(self.product, self.language_code)


def product_translation(product, language):
    return ProductTranslationValue(product, language)


def category_name(category, language=BASE_LANGUAGE):
    names = getattr(category, "names", None)
    return text(names, "name", language) if names is not None else category.name


def category_translation(category, language):
    name = category_name(category, language)
    return CategoryTranslation(
        id=f"{category.pk}:{language}", language=language_display(language), name=name, slug=category.slug,
        description=editorjs(category.description) if language == BASE_LANGUAGE else None,
        seo_title=name, seo_description=category.meta_description or None)


def primary_category(product):
    categories = list(product.categories.all())
    return categories[0] if categories else None


# --- pricing -----------------------------------------------------------------------------------

class ProductPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    display_gross_prices = graphene.Boolean(required=True)
    price_range = graphene.Field(TaxedMoneyRange)
    price_range_undiscounted = graphene.Field(TaxedMoneyRange)


class VariantPricingInfo(graphene.ObjectType):
    on_sale = graphene.Boolean()
    discount = graphene.Field(TaxedMoney)
    price = graphene.Field(TaxedMoney)
    price_undiscounted = graphene.Field(TaxedMoney)


def channel_price(product):
    return pricing.price_in(product, product.api_channel)


# --- variants ---------------------------------------------------------------------------------

class Variant:
    """The one variant of an OTOP product."""

    def __init__(self, product):
        self.product = product
        self.pk = self.id = product.pk


class ProductVariant(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    sku = graphene.String()
    product = graphene.Field(lambda: Product, required=True)
    track_inventory = graphene.Boolean(required=True)
    quantity_limit_per_customer = graphene.Int()
    channel = graphene.String()
    pricing = graphene.Field(VariantPricingInfo, address=graphene.Argument(AddressInput))
    attributes = graphene.NonNull(graphene.List(graphene.NonNull(SelectedAttribute)),
                                  variant_selection=graphene.Argument(VariantAttributeScope))
    assigned_attributes = graphene.NonNull(graphene.List(graphene.NonNull(AssignedAttribute)),
                                           limit=graphene.Argument(PositiveInt, default_value=100))
    media = graphene.List(graphene.NonNull(ProductMedia))
    translation = graphene.Field(ProductVariantTranslation, language_code=language_argument())
    quantity_available = graphene.Int(country_code=graphene.String())
    stocks = graphene.Field(graphene.List(graphene.NonNull(Stock)), address=graphene.Argument(AddressInput),
                            country_code=graphene.Argument("marketplace.graphql.checkout.common.CountryCode"),
                            description="The stock, for staff and the product's producer's users; null for others.")
    created = DateTime(required=True)
    updated_at = DateTime(required=True)

    @staticmethod
    def resolve_name(root, info):
        return product_name(root.product)

    @staticmethod
    def resolve_sku(root, info):
        profile = getattr(root.product, "profile", None)
        return profile.programme_code if profile else root.product.upc or None

    @staticmethod
    def resolve_product(root, info):
        return root.product

    @staticmethod
    def resolve_track_inventory(root, info):
        return bool(root.product.product_class and root.product.product_class.track_stock)

    @staticmethod
    def resolve_channel(root, info):
        return root.product.api_channel.slug

    @staticmethod
    def resolve_pricing(root, info, address=None):
        value = money(channel_price(root.product), root.product.api_channel.currency_code)
        if value is None:
            return None
        return VariantPricingInfo(on_sale=False, price=value, price_undiscounted=value)

    @staticmethod
    def resolve_attributes(root, info, variant_selection=None):
        # An OTOP product has no variant-selection attributes (no sizes or colours to pick).
        if variant_selection == VariantAttributeScope.VARIANT_SELECTION.value:
            return []
        return defs.assigned(root.product, [defs.BY_SLUG[slug] for slug in defs.VARIANT_SLUGS])

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return defs.assigned(root.product, [defs.BY_SLUG[slug] for slug in defs.VARIANT_SLUGS])[:limit]

    @staticmethod
    def resolve_media(root, info):
        return list(root.product.images.all())

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        return ProductVariantTranslation(id=f"{root.pk}:{language}", name=product_name(root.product, language))

    @staticmethod
    def resolve_quantity_available(root, info, country_code=None):
        return stock.quantity_available(root.product)

    @staticmethod
    def resolve_stocks(root, info, address=None, country_code=None):
        return stocks_of(info, root.product)

    @staticmethod
    def resolve_created(root, info):
        return root.product.date_created

    @staticmethod
    def resolve_updated_at(root, info):
        return root.product.date_updated


ProductVariantCountableConnection = countable_connection(ProductVariant, "ProductVariant")


# --- products and categories ---------------------------------------------------------------------

class Product(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = JSONString()
    product_type = graphene.Field(ProductType, required=True)
    slug = graphene.String(required=True)
    category = graphene.Field(lambda: Category)
    created = DateTime(required=True)
    updated_at = DateTime(required=True)
    rating = graphene.Float()
    channel = graphene.String()
    thumbnail = graphene.Field(Image, **thumbnail_args())
    pricing = graphene.Field(ProductPricingInfo, address=graphene.Argument(AddressInput))
    is_available = graphene.Boolean(address=graphene.Argument(AddressInput))
    assigned_attribute = graphene.Field(AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(graphene.List(graphene.NonNull(AssignedAttribute)),
                                           limit=graphene.Argument(PositiveInt, default_value=100))
    attribute = graphene.Field(SelectedAttribute, slug=graphene.String(required=True))
    attributes = graphene.NonNull(graphene.List(graphene.NonNull(SelectedAttribute)))
    default_variant = graphene.Field(ProductVariant)
    variants = graphene.List(graphene.NonNull(ProductVariant))
    product_variants = graphene.Field(ProductVariantCountableConnection, **connection_args())
    media = graphene.List(graphene.NonNull(ProductMedia))
    translation = graphene.Field(ProductTranslation, language_code=language_argument())
    # OTOP extension fields
    programme_code = graphene.String(description="The provincial programme's product code (also the SKU).")
    story = graphene.String(language_code=graphene.Argument(LanguageCodeEnum),
                            description="The producer's story of the product, in Thai unless a language is given.")
    certification = graphene.Field(otop.Certification, description="The newest certification (it decides listing).")
    certifications = graphene.NonNull(graphene.List(graphene.NonNull(otop.Certification)),
                                      description="Every certification, newest first.")
    packaging = graphene.Field(otop.Packaging)
    shipping = graphene.Field(otop.ShippingReach, required=True, language_code=graphene.Argument(LanguageCodeEnum),
                              description="Where the product ships, in Thai unless a language is given.")
    producer = graphene.Field(otop.Producer)
    province = graphene.Field(otop.Province, description="The producer's province.")

    @staticmethod
    def resolve_slug(root, info):
        return api_slug(root)

    @staticmethod
    def resolve_programme_code(root, info):
        profile = getattr(root, "profile", None)
        return profile.programme_code if profile else None

    @staticmethod
    def resolve_story(root, info, language_code=None):
        language = translated_language(language_code) if language_code else BASE_LANGUAGE
        return text(getattr(root, "profile", None), "story", language or BASE_LANGUAGE) or None

    @staticmethod
    def resolve_certification(root, info):
        return defs.newest_certification(root)

    @staticmethod
    def resolve_certifications(root, info):
        return list(root.certifications.all())

    @staticmethod
    def resolve_packaging(root, info):
        return getattr(root, "packaging", None)

    @staticmethod
    def resolve_shipping(root, info, language_code=None):
        context = info.context
        if not hasattr(context, "otop_packaging_allowance"):  # one query per request, not per product
            context.otop_packaging_allowance = PackagingAllowance.current()
        answer = reach(root, context.otop_packaging_allowance)
        with translation.override(translated_language(language_code) or BASE_LANGUAGE):
            return otop.ShippingReach(worldwide=answer.worldwide, weight_estimated=answer.weight_estimated,
                                      headline=answer.headline, reason=answer.reason)

    @staticmethod
    def resolve_producer(root, info):
        profile = getattr(root, "profile", None)
        return profile.producer if profile else None

    @staticmethod
    def resolve_province(root, info):
        profile = getattr(root, "profile", None)
        return profile.producer.province if profile else None

    @staticmethod
    def resolve_seo_title(root, info):
        return root.meta_title or product_name(root)

    @staticmethod
    def resolve_seo_description(root, info):
        return product_seo_description(root)

    @staticmethod
    def resolve_name(root, info):
        return product_name(root)

    @staticmethod
    def resolve_description(root, info):
        return product_description(root)

    @staticmethod
    def resolve_product_type(root, info):
        return root.product_class

    @staticmethod
    def resolve_category(root, info):
        return primary_category(root)

    @staticmethod
    def resolve_created(root, info):
        return root.date_created

    @staticmethod
    def resolve_updated_at(root, info):
        return root.date_updated

    @staticmethod
    def resolve_channel(root, info):
        return root.api_channel.slug

    @staticmethod
    def resolve_thumbnail(root, info, size=None, format=None):
        images = list(root.images.all())
        if not images or not images[0].original:
            category = getattr(getattr(root, "profile", None), "otop_category", None)
            return placeholder_image(info, product_name(root), size, format, category)
        return {"url": thumbnail_url(info, images[0], size, format), "alt": images[0].caption or product_name(root)}

    @staticmethod
    def resolve_media(root, info):
        return list(root.images.all())

    @staticmethod
    def resolve_pricing(root, info, address=None):
        price = channel_price(root)
        currency = root.api_channel.currency_code
        return ProductPricingInfo(on_sale=False, display_gross_prices=True, price_range=money_range(price, currency),
                                  price_range_undiscounted=money_range(price, currency))

    @staticmethod
    def resolve_is_available(root, info, address=None):
        # Saleor: in stock, available for purchase and visible.
        listed = getattr(root, "is_listed", None)
        return bool(listed is not False and channel_price(root) is not None and stock.quantity_available(root) > 0)

    @staticmethod
    def resolve_assigned_attribute(root, info, slug):
        definition = defs.BY_SLUG.get(slug)
        if definition is None:
            return None
        found = defs.assigned(root, [definition])
        return found[0] if found else None

    @staticmethod
    def resolve_assigned_attributes(root, info, limit=100):
        return defs.assigned(root)[:limit]

    resolve_attribute = resolve_assigned_attribute

    @staticmethod
    def resolve_attributes(root, info):
        return defs.assigned(root)

    @staticmethod
    def resolve_default_variant(root, info):
        return Variant(root)

    @staticmethod
    def resolve_variants(root, info):
        return [Variant(root)]

    @staticmethod
    def resolve_product_variants(root, info, first=None, last=None, after=None, before=None):
        return paginate([Variant(root)], "productVariants", first=first, last=last, after=after, before=before)

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        return product_translation(root, language) if language else None


ProductCountableConnection = countable_connection(Product, "Product")


class Category(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = JSONString()
    slug = graphene.String(required=True)
    parent = graphene.Field(lambda: Category)
    level = graphene.Int(required=True)
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = graphene.Field(CategoryTranslation, language_code=language_argument())
    products = graphene.Field(ProductCountableConnection, channel=graphene.String(),
                              filter=graphene.Argument(lambda: ProductFilterInputRef()),
                              where=graphene.Argument(lambda: ProductWhereInputRef()),
                              sort_by=graphene.Argument(lambda: ProductOrderRef()),
                              search=graphene.String(), **connection_args())
    children = graphene.Field(lambda: CategoryCountableConnection, **connection_args())

    @staticmethod
    def resolve_seo_title(root, info):
        return root.meta_title or category_name(root)

    @staticmethod
    def resolve_seo_description(root, info):
        return root.meta_description or plain_summary(root.description, limit=160) or None

    @staticmethod
    def resolve_name(root, info):
        return category_name(root)

    @staticmethod
    def resolve_description(root, info):
        return editorjs(root.description)

    @staticmethod
    def resolve_parent(root, info):
        return root.get_parent()

    @staticmethod
    def resolve_level(root, info):
        return root.depth - 1

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return image(info, root.image, category_name(root))

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        return category_translation(root, language) if language else None

    @staticmethod
    def resolve_products(root, info, **kwargs):
        from marketplace.graphql.catalog.products import resolve_products

        return resolve_products(info, category=root, **kwargs)

    @staticmethod
    def resolve_children(root, info, first=None, last=None, after=None, before=None):
        children = root.get_children().select_related("names")
        return paginate(children, "children", first=first, last=last, after=after, before=before)


CategoryCountableConnection = countable_connection(Category, "Category")


def ProductFilterInputRef():  # noqa: N802  (late import: the inputs live in filters.py)
    from marketplace.graphql.catalog.filters import ProductFilterInput
    return ProductFilterInput


def ProductWhereInputRef():  # noqa: N802
    from marketplace.graphql.catalog.filters import ProductWhereInput
    return ProductWhereInput


def ProductOrderRef():  # noqa: N802
    from marketplace.graphql.catalog.filters import ProductOrder
    return ProductOrder
