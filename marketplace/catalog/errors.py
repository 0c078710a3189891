"""What can stop a change to a product through the API, as Saleor 3.23's ``ProductErrorCode`` and
``TranslationErrorCode`` (every value, so the API's enums are Saleor's); the API mirrors them.

A producer's user changing another producer's product is not among them: Saleor answers that with
its top-level ``PermissionDenied`` error, and so does the API (``marketplace.graphql.catalog_mutations``).
"""
from enum import StrEnum

from marketplace.core.errors import DomainError


class ProductErrorCode(StrEnum):
    ALREADY_EXISTS = "ALREADY_EXISTS"
    ATTRIBUTE_ALREADY_ASSIGNED = "ATTRIBUTE_ALREADY_ASSIGNED"
    ATTRIBUTE_CANNOT_BE_ASSIGNED = "ATTRIBUTE_CANNOT_BE_ASSIGNED"
    ATTRIBUTE_VARIANTS_DISABLED = "ATTRIBUTE_VARIANTS_DISABLED"
    MEDIA_ALREADY_ASSIGNED = "MEDIA_ALREADY_ASSIGNED"
    DUPLICATED_INPUT_ITEM = "DUPLICATED_INPUT_ITEM"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    INVALID_PRICE = "INVALID_PRICE"
    PRODUCT_WITHOUT_CATEGORY = "PRODUCT_WITHOUT_CATEGORY"
    NOT_PRODUCTS_IMAGE = "NOT_PRODUCTS_IMAGE"
    NOT_PRODUCTS_VARIANT = "NOT_PRODUCTS_VARIANT"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"
    CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT = "CANNOT_MANAGE_PRODUCT_WITHOUT_VARIANT"
    PRODUCT_NOT_ASSIGNED_TO_CHANNEL = "PRODUCT_NOT_ASSIGNED_TO_CHANNEL"
    UNSUPPORTED_MEDIA_PROVIDER = "UNSUPPORTED_MEDIA_PROVIDER"
    PREORDER_VARIANT_CANNOT_BE_DEACTIVATED = "PREORDER_VARIANT_CANNOT_BE_DEACTIVATED"
    INVALID_FILE_TYPE = "INVALID_FILE_TYPE"
    UNSUPPORTED_MIME_TYPE = "UNSUPPORTED_MIME_TYPE"
    FILE_SIZE_LIMIT_EXCEEDED = "FILE_SIZE_LIMIT_EXCEEDED"


class TranslationErrorCode(StrEnum):
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    UNIQUE = "UNIQUE"


class ProductRefusal(DomainError):
    code_enum = ProductErrorCode


class TranslationRefusal(DomainError):
    code_enum = TranslationErrorCode
