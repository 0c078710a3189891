"""What can stop a checkout, as codes that the storefront and the Saleor-compatible API both
show (the API mirrors ``CheckoutErrorCode`` as Saleor's enum of that name)."""
from enum import StrEnum

from django.utils.translation import gettext as _

from marketplace.catalog.names import product_name
from marketplace.core.errors import DomainError


class CheckoutErrorCode(StrEnum):
    """Why a checkout was refused: Saleor's ``CheckoutErrorCode`` and the marketplace's own."""

    # Saleor 3.23's CheckoutErrorCode, every value, so that the API's enum is a superset of Saleor's.
    BILLING_ADDRESS_NOT_SET = "BILLING_ADDRESS_NOT_SET"
    CHECKOUT_NOT_FULLY_PAID = "CHECKOUT_NOT_FULLY_PAID"
    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    PRODUCT_NOT_PUBLISHED = "PRODUCT_NOT_PUBLISHED"
    PRODUCT_UNAVAILABLE_FOR_PURCHASE = "PRODUCT_UNAVAILABLE_FOR_PURCHASE"
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    INVALID = "INVALID"
    INVALID_SHIPPING_METHOD = "INVALID_SHIPPING_METHOD"
    NOT_FOUND = "NOT_FOUND"
    PAYMENT_ERROR = "PAYMENT_ERROR"
    PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE = "PRICE_OVERRIDE_REASON_WITHOUT_OVERRIDE"
    QUANTITY_GREATER_THAN_LIMIT = "QUANTITY_GREATER_THAN_LIMIT"
    REQUIRED = "REQUIRED"
    SHIPPING_ADDRESS_NOT_SET = "SHIPPING_ADDRESS_NOT_SET"
    SHIPPING_METHOD_NOT_APPLICABLE = "SHIPPING_METHOD_NOT_APPLICABLE"
    DELIVERY_METHOD_NOT_APPLICABLE = "DELIVERY_METHOD_NOT_APPLICABLE"
    SHIPPING_METHOD_NOT_SET = "SHIPPING_METHOD_NOT_SET"
    SHIPPING_NOT_REQUIRED = "SHIPPING_NOT_REQUIRED"
    TAX_ERROR = "TAX_ERROR"
    UNIQUE = "UNIQUE"
    VOUCHER_NOT_APPLICABLE = "VOUCHER_NOT_APPLICABLE"
    GIFT_CARD_NOT_APPLICABLE = "GIFT_CARD_NOT_APPLICABLE"
    ZERO_QUANTITY = "ZERO_QUANTITY"
    MISSING_CHANNEL_SLUG = "MISSING_CHANNEL_SLUG"
    CHANNEL_INACTIVE = "CHANNEL_INACTIVE"
    UNAVAILABLE_VARIANT_IN_CHANNEL = "UNAVAILABLE_VARIANT_IN_CHANNEL"
    EMAIL_NOT_SET = "EMAIL_NOT_SET"
    NO_LINES = "NO_LINES"
    INACTIVE_PAYMENT = "INACTIVE_PAYMENT"
    NON_EDITABLE_GIFT_LINE = "NON_EDITABLE_GIFT_LINE"
    NON_REMOVABLE_GIFT_LINE = "NON_REMOVABLE_GIFT_LINE"
    SHIPPING_CHANGE_FORBIDDEN = "SHIPPING_CHANGE_FORBIDDEN"
    MISSING_ADDRESS_DATA = "MISSING_ADDRESS_DATA"
    # The marketplace's own refusals, which Saleor has no code for.
    PERMISSION_DENIED = "PERMISSION_DENIED"


class DeliveryOptionsErrorCode(StrEnum):
    """Saleor's ``DeliveryOptionsCalculateErrorCode``."""

    GRAPHQL_ERROR = "GRAPHQL_ERROR"
    INVALID = "INVALID"
    NOT_FOUND = "NOT_FOUND"


class CheckoutError(DomainError):
    """``product_ids`` and ``line_ids``: the products and basket lines the refusal is about (the API
    answers them as Saleor's ``variants`` and ``lines`` of the error)."""

    code_enum = CheckoutErrorCode

    def __init__(self, code, message, field=None, product=None, product_ids=(), line_ids=()):
        super().__init__(code, message, field)
        self.product = product
        self.product_ids, self.line_ids = list(product_ids), list(line_ids)


class InsufficientStock(CheckoutError):
    def __init__(self, product, available, requested):
        name = product_name(product)
        message = _("Only %(available)d left of %(product)s (you asked for %(requested)d).") % {
            "available": max(available, 0), "product": name, "requested": requested}
        super().__init__(CheckoutErrorCode.INSUFFICIENT_STOCK, message, field="quantity", product=product)
        self.available, self.requested = max(available, 0), requested
