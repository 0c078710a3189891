"""The product mutations' root fields (one line in ``marketplace/graphql/schema.py``)."""
import graphene

from marketplace.graphql.catalog_mutations.content import ProductTranslate, ProductUpdate
from marketplace.graphql.catalog_mutations.media import ProductMediaCreate, ProductMediaDelete, ProductMediaReorder
from marketplace.graphql.catalog_mutations.stock_price import (
    ProductChannelListingUpdate, ProductVariantChannelListingUpdate, ProductVariantStocksUpdate,
)


class ProductMutations(graphene.ObjectType):
    product_update = ProductUpdate.Field()
    product_translate = ProductTranslate.Field()
    product_media_create = ProductMediaCreate.Field()
    product_media_delete = ProductMediaDelete.Field()
    product_media_reorder = ProductMediaReorder.Field()
    product_variant_stocks_update = ProductVariantStocksUpdate.Field()
    product_channel_listing_update = ProductChannelListingUpdate.Field()
    product_variant_channel_listing_update = ProductVariantChannelListingUpdate.Field()
