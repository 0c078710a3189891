"""What can stop a checkout, as codes that the storefront and the Saleor-compatible API both
show (the API mirrors them as Saleor's ``CheckoutErrorCode``)."""
from django.utils.translation import gettext as _


class CheckoutErrorCode:
    INSUFFICIENT_STOCK = "INSUFFICIENT_STOCK"
    PRODUCT_NOT_PUBLISHED = "PRODUCT_NOT_PUBLISHED"
    SHIPPING_METHOD_NOT_APPLICABLE = "SHIPPING_METHOD_NOT_APPLICABLE"
    SHIPPING_ADDRESS_NOT_SET = "SHIPPING_ADDRESS_NOT_SET"
    EMAIL_NOT_SET = "EMAIL_NOT_SET"
    CHECKOUT_NOT_FULLY_PAID = "CHECKOUT_NOT_FULLY_PAID"
    SHIPPING_METHOD_NOT_SET = "SHIPPING_METHOD_NOT_SET"
    INVALID = "INVALID"
    NO_LINES = "NO_LINES"
    NOT_FOUND = "NOT_FOUND"
    REQUIRED = "REQUIRED"
    PERMISSION_DENIED = "PERMISSION_DENIED"
    PROMO_CODE_INVALID = "PROMO_CODE_INVALID"
    VOUCHER_NOT_APPLICABLE = "VOUCHER_NOT_APPLICABLE"
    PAYMENT_ERROR = "PAYMENT_ERROR"
    CHANNEL_INACTIVE = "CHANNEL_INACTIVE"  # the destination's channel is switched off (no sales abroad)


class CheckoutError(Exception):
    def __init__(self, code, message, field=None, product=None):
        super().__init__(message)
        self.code, self.message, self.field, self.product = code, message, field, product


class InsufficientStock(CheckoutError):
    def __init__(self, product, available, requested):
        name = product.get_title()
        message = _("Only %(available)d left of %(product)s (you asked for %(requested)d).") % {
            "available": max(available, 0), "product": name, "requested": requested}
        super().__init__(CheckoutErrorCode.INSUFFICIENT_STOCK, message, field="quantity", product=product)
        self.available, self.requested = max(available, 0), requested
