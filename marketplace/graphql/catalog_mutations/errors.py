"""Saleor's error types of the product mutations: ``ProductError``, ``BulkStockError`` (with the index of
the input item), ``ProductChannelListingError`` (with the channels) share ``ProductErrorCode``;
``TranslationError`` has its own codes."""
import graphene

from marketplace.catalog.errors import ProductErrorCode, TranslationErrorCode
from marketplace.graphql.core.mutations import error_type

_ids = dict(attributes=graphene.List(graphene.NonNull(graphene.ID), description="Attributes the error is about."),
            values=graphene.List(graphene.NonNull(graphene.ID), description="Attribute values the error is about."))

ProductError = error_type("ProductError", ProductErrorCode, "An error of a product mutation.", **_ids)
TranslationError = error_type("TranslationError", TranslationErrorCode, "An error of a translation mutation.")


def _sharing_product_codes(name, description, **fields):
    """An error type whose code is ``ProductErrorCode`` (one GraphQL enum for all of them)."""
    error = type(name, (graphene.ObjectType,), {
        "__doc__": description,
        "field": graphene.String(description="The argument the error is about, if any."),
        "message": graphene.String(description="What went wrong, in the caller's language."),
        "code": graphene.Field(ProductError.code_type, required=True, description="The error code."),
        **_ids, **fields,
    })
    error.codes, error.code_type = ProductErrorCode, ProductError.code_type
    return error


BulkStockError = _sharing_product_codes(
    "BulkStockError", "An error of a stock update.",
    index=graphene.Int(description="Index of the input item the error is about."))
ProductChannelListingError = _sharing_product_codes(
    "ProductChannelListingError", "An error of a channel listing update.",
    channels=graphene.List(graphene.NonNull(graphene.ID), description="Channels the error is about."),
    variants=graphene.List(graphene.NonNull(graphene.ID), description="Variants the error is about."))


def deprecated_errors(error):
    """Saleor's older name for ``errors`` on a payload (``productErrors``, ``bulkStockErrors`` …),
    kept by Saleor 3.23 as deprecated: the same list."""
    return graphene.Field(graphene.NonNull(graphene.List(graphene.NonNull(error))),
                          deprecation_reason="Use `errors` field instead.", resolver=lambda root, info: root.errors)
