"""Stock and prices, applied at once through their rule homes: ``productVariantStocksUpdate``
(``catalog.stock.set_stock``), ``productVariantChannelListingUpdate`` (``channels.pricing.set_price``) and
``productChannelListingUpdate`` (which channels sell the product: ``channels.availability.set_channels``).

An OTOP product is one variant (``ProductVariant:<product id>``) sold from its producer's stock: the
one warehouse is the producer's Oscar partner, ``Warehouse:<partner id>``."""
from collections import Counter

import graphene
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from marketplace.catalog import stock
from marketplace.catalog.errors import ProductErrorCode as Code
from marketplace.channels import availability, pricing
from marketplace.channels.models import Channel
from marketplace.core.errors import DomainError
from marketplace.graphql.catalog.types import Product, ProductVariant
from marketplace.graphql.catalog_mutations.access import (
    ManagedProductMutation, camel, pk_of, product_payload, variant_payload,
)
from marketplace.graphql.catalog_mutations.errors import (
    BulkStockError, ProductChannelListingError, deprecated_errors,
)
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.mutations import exactly_one_of
from marketplace.graphql.checkout.common import PositiveDecimal
from marketplace.graphql.core.scalars import Date, DateTime

ProductModel = get_model("catalogue", "Product")


def warehouse_of(product):
    """The partner id of the stock record ``set_stock`` writes to: the product's one warehouse."""
    if not hasattr(product, "profile"):  # not a programme product: no producer's stock to keep
        return None
    record = stock.record_to_write(product)
    return record.partner_id if record is not None else product.profile.producer.partner_id


def _not_a_channel(value):
    return _("%(channel)s is not an active channel.") % {"channel": value}


def _channel(value):
    pk = pk_of(value, "Channel")
    return Channel.objects.filter(pk=pk, is_active=True).first() if pk is not None else None


def _key(value, kind):
    """What makes two ids of ``kind`` in one input the same object: the pk (two spellings of one id are
    one), else the text."""
    pk = pk_of(value, kind)
    return pk if pk is not None else value


def _firsts(values, kind, keep):
    """The ids of ``values`` whose key ``keep`` accepts, each object once, as first given, in order."""
    named, found = set(), []
    for value in values:
        key = _key(value, kind)
        if keep(key) and key not in named:
            named.add(key)
            found.append(value)
    return found


def _repeated(values, kind):
    """The ids of ``values`` given more than once (each as first given, in order), Saleor's
    ``DUPLICATED_INPUT_ITEM``."""
    counts = Counter(_key(value, kind) for value in values)
    return _firsts(values, kind, lambda key: counts[key] > 1)


class _VariantMutation(ManagedProductMutation):
    class Meta:
        abstract = True

    product_from = ("variant_id", "ProductVariant")

    @classmethod
    def perform_mutation(cls, root, info, **arguments):
        key = cls.product_from[0]
        if arguments.get(key) and arguments.get("sku"):  # Saleor: one of the two (neither: REQUIRED below)
            exactly_one_of(("sku", arguments.get("sku")), (camel(key), arguments.get(key)))
        if arguments.get(key) is None:
            sku = arguments.get("sku")
            if not sku:
                raise DomainError("REQUIRED", _("Give the variant's `id` or its `sku`."), "sku")
            pk = ProductModel.objects.filter(profile__programme_code=sku).values_list("pk", flat=True).first()
            # an unknown SKU is answered like another producer's (see access.py)
            arguments[key] = global_id("ProductVariant", pk or 0)
        return super().perform_mutation(root, info, **arguments)


class StockInput(graphene.InputObjectType):
    warehouse = graphene.ID(required=True, description="Warehouse in which stock is located.")
    quantity = graphene.Int(required=True, description="Quantity of items available for sell.")


class ProductVariantStocksUpdate(_VariantMutation):
    """Set the stock of the caller's own product, at once (the producer's one warehouse)."""

    class Arguments:
        variant_id = graphene.ID(description="ID of a product variant for which stocks will be updated.")
        sku = graphene.String(description="SKU of product variant for which stocks will be updated.")
        stocks = graphene.NonNull(graphene.List(graphene.NonNull(StockInput)))

    error_type = BulkStockError
    bulk_stock_errors = deprecated_errors(BulkStockError)
    product_variant = graphene.Field(ProductVariant)

    @classmethod
    def change(cls, info, product, stocks, **arguments):
        own = warehouse_of(product)
        errors = []
        keys = [_key(item.warehouse, "Warehouse") for item in stocks]
        counts = Counter(keys)
        last = {key: index for index, key in enumerate(keys)}  # Saleor names a repeat's last index
        for index, item in enumerate(stocks):
            if pk_of(item.warehouse, "Warehouse") != own:
                errors.append(cls._error(Code.NOT_FOUND, "warehouse", index,
                                         _("%(warehouse)s is not the warehouse this product is sold from (%(own)s).")
                                         % {"warehouse": item.warehouse, "own": global_id("Warehouse", own)}))
            if counts[keys[index]] > 1 and last[keys[index]] == index:
                errors.append(cls._error(Code.UNIQUE, "warehouse", index,
                                         _("The warehouse is given more than once.")))
            try:
                stock.clean_quantity(item.quantity)
            except stock.StockError as refused:
                errors.append(cls._error(Code(refused.code), "quantity", index, refused.message))
        if errors:
            return cls(errors=errors)
        for item in stocks:
            stock.set_stock(product, item.quantity, by=info.context.user)
        return cls(product_variant=variant_payload(product), errors=[])

    @staticmethod
    def _error(code, field, index, message):
        return BulkStockError(code=code, field=field, index=index, message=message)


class ProductVariantChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    price = PositiveDecimal(required=True, description="Price of the particular variant in channel.")
    cost_price = PositiveDecimal(description="Not kept: the shop keeps no cost prices.")
    prior_price = PositiveDecimal(description="Not kept: the shop shows no prior prices.")
    preorder_threshold = graphene.Int(description="Not kept: OTOP products are not pre-ordered.")


class ProductVariantChannelListingUpdate(_VariantMutation):
    """Set the price of the caller's own product in channels, at once."""

    class Arguments:
        id = graphene.ID(description="ID of a product variant to update.")
        sku = graphene.String(description="SKU of a product variant to update.")
        input = graphene.NonNull(graphene.List(graphene.NonNull(ProductVariantChannelListingAddInput)))

    product_from = ("id", "ProductVariant")
    error_type = ProductChannelListingError
    product_channel_listing_errors = deprecated_errors(ProductChannelListingError)
    variant = graphene.Field(ProductVariant)

    @classmethod
    def change(cls, info, product, input, **arguments):
        repeated = _repeated([item.channel_id for item in input], "Channel")
        if repeated:  # Saleor answers a repeated channel alone, before looking the channels up
            return cls(errors=[ProductChannelListingError(code=Code.DUPLICATED_INPUT_ITEM, field="channelId",
                                                          channels=repeated,
                                                          message=_("The channel is given more than once."))])
        selling = {channel.pk for channel in availability.channels_selling(product)}
        errors, prices, not_selling = [], [], []
        for item in input:
            channel = _channel(item.channel_id)
            if channel is None:
                errors.append(cls._error(Code.NOT_FOUND, "channelId", item.channel_id, _not_a_channel(item.channel_id)))
                continue
            if channel.pk not in selling:
                not_selling.append((item.channel_id, channel))
            else:
                try:
                    pricing.clean_amount(item.price, channel.currency_code)
                except pricing.PriceError as refused:
                    errors.append(cls._error(Code.INVALID_PRICE, "price", item.channel_id, refused.message))
            prices.append((channel, item.price))
        if not_selling:  # Saleor: one error on `input` naming every such channel
            errors.append(ProductChannelListingError(
                code=Code.PRODUCT_NOT_ASSIGNED_TO_CHANNEL, field="input", channels=[value for value, _c in not_selling],
                message=_("The product is not sold in %(channel)s: add it with productChannelListingUpdate first.")
                % {"channel": ", ".join(channel.slug for _v, channel in not_selling)}))
        if errors:
            return cls(errors=errors)
        pricing.set_prices(product, prices, by=info.context.user)  # all or none
        return cls(variant=variant_payload(product), errors=[])

    @staticmethod
    def _error(code, field, channel_id, message):
        return ProductChannelListingError(code=code, field=field, channels=[channel_id], message=message)


class ProductChannelListingAddInput(graphene.InputObjectType):
    channel_id = graphene.ID(required=True, description="ID of a channel.")
    is_published = graphene.Boolean(description="Only true: whether shoppers see it is the listing rule's.")
    publication_date = Date(description="Not kept.")
    published_at = DateTime(description="Not kept.")
    visible_in_listings = graphene.Boolean(description="Only true.")
    is_available_for_purchase = graphene.Boolean(description="Only true.")
    available_for_purchase_date = Date(description="Not kept.")
    available_for_purchase_at = DateTime(description="Not kept.")
    add_variants = graphene.List(graphene.NonNull(graphene.ID), description="The product's own variant only.")
    remove_variants = graphene.List(graphene.NonNull(graphene.ID), description="Refused: a product is one variant.")


class ProductChannelListingUpdateInput(graphene.InputObjectType):
    update_channels = graphene.List(graphene.NonNull(ProductChannelListingAddInput),
                                    description="Channels that should sell the product.")
    remove_channels = graphene.List(graphene.NonNull(graphene.ID),
                                    description="Channels that should no longer sell the product.")


class ProductChannelListingUpdate(ManagedProductMutation):
    """Choose the channels that sell the caller's own product, at once (prices:
    productVariantChannelListingUpdate)."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = graphene.NonNull(ProductChannelListingUpdateInput)

    error_type = ProductChannelListingError
    product_channel_listing_errors = deprecated_errors(ProductChannelListingError)
    product = graphene.Field(Product, description="An updated product instance.")

    @classmethod
    def change(cls, info, product, input, **arguments):
        refused = cls._repeated_channels(input)
        if refused:  # Saleor answers these alone, before looking the channels up
            return cls(errors=refused)
        errors, add, remove = [], {}, {}
        for item in input.get("update_channels") or []:
            channel = cls._channel(item.channel_id, "channelId", errors)
            refused = [name for name in ("is_published", "visible_in_listings", "is_available_for_purchase")
                       if item.get(name) is False]
            variants = [v for v in item.get("add_variants") or [] if pk_of(v, "ProductVariant") != product.pk]
            if refused:
                errors.append(cls._error(Code.INVALID, "updateChannels", item.channel_id,
                                         _("Whether shoppers see and may buy a product is the listing rule's "
                                           "(certification, producer, price), not a choice made here.")))
            if variants or item.get("remove_variants"):
                errors.append(ProductChannelListingError(
                    code=Code.NOT_PRODUCTS_VARIANT if variants else Code.CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT,
                    field="addVariants" if variants else "removeVariants", channels=[item.channel_id],
                    variants=variants or list(item.remove_variants),
                    message=_("An OTOP product is its one variant; it is sold in a channel with it.")))
            if channel is not None:
                add[channel.pk] = channel
        for value in input.get("remove_channels") or []:
            channel = cls._channel(value, "removeChannels", errors)
            if channel is not None:
                remove[channel.pk] = channel
        current = {channel.pk: channel for channel in availability.channels_selling(product)}
        wanted = [channel for pk, channel in {**current, **add}.items() if pk not in remove]
        if not wanted and not errors:
            errors.append(cls._error(Code.INVALID, "removeChannels", None,
                                     _("A product is sold in at least one channel.")))
        if errors:
            return cls(errors=errors)
        availability.set_channels(product, wanted, by=info.context.user)
        return cls(product=product_payload(info, product, "product"), errors=[])

    @classmethod
    def _repeated_channels(cls, input):
        """Saleor's ``DUPLICATED_INPUT_ITEM`` refusals of the channel id lists: a channel both added and
        removed (on ``input``), and one given twice in either list."""
        added = [item.channel_id for item in input.get("update_channels") or []]
        removed = list(input.get("remove_channels") or [])
        added_keys = {_key(value, "Channel") for value in added}
        both = _firsts(removed, "Channel", added_keys.__contains__)
        errors = [ProductChannelListingError(code=Code.DUPLICATED_INPUT_ITEM, field="input", channels=both,
                                             message=_("A channel is both added and removed."))] if both else []
        for field, values in (("updateChannels", added), ("removeChannels", removed)):
            repeated = _repeated(values, "Channel")
            if repeated:
                errors.append(ProductChannelListingError(code=Code.DUPLICATED_INPUT_ITEM, field=field,
                                                         channels=repeated,
                                                         message=_("The channel is given more than once.")))
        return errors

    @classmethod
    def _channel(cls, value, field, errors):
        channel = _channel(value)
        if channel is None:
            errors.append(cls._error(Code.NOT_FOUND, field, value, _not_a_channel(value)))
        return channel

    @staticmethod
    def _error(code, field, channel_id, message):
        return ProductChannelListingError(code=code, field=field, message=message,
                                          channels=[channel_id] if channel_id else None)
