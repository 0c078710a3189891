"""What the checkout types and mutations share: Saleor's error type and codes, JSON scalars,
addresses, and turning domain errors into ``errors { field code message }``."""
from decimal import Decimal, InvalidOperation

import graphene
from graphql import GraphQLError

from marketplace.graphql.channels.types import CountryDisplay, country_display
from marketplace.orders.errors import CheckoutError as DomainError


class CheckoutErrorCode(graphene.Enum):
    BILLING_ADDRESS_NOT_SET = "billing_address_not_set"
    CHECKOUT_NOT_FULLY_PAID = "checkout_not_fully_paid"
    GRAPHQL_ERROR = "graphql_error"
    PRODUCT_NOT_PUBLISHED = "product_not_published"
    PRODUCT_UNAVAILABLE_FOR_PURCHASE = "product_unavailable_for_purchase"
    INSUFFICIENT_STOCK = "insufficient_stock"
    INVALID = "invalid"
    INVALID_SHIPPING_METHOD = "invalid_shipping_method"
    NOT_FOUND = "not_found"
    PAYMENT_ERROR = "payment_error"
    QUANTITY_GREATER_THAN_LIMIT = "quantity_greater_than_limit"
    REQUIRED = "required"
    SHIPPING_ADDRESS_NOT_SET = "shipping_address_not_set"
    SHIPPING_METHOD_NOT_APPLICABLE = "shipping_method_not_applicable"
    DELIVERY_METHOD_NOT_APPLICABLE = "delivery_method_not_applicable"
    SHIPPING_METHOD_NOT_SET = "shipping_method_not_set"
    SHIPPING_NOT_REQUIRED = "shipping_not_required"
    UNIQUE = "unique"
    VOUCHER_NOT_APPLICABLE = "voucher_not_applicable"
    ZERO_QUANTITY = "zero_quantity"
    MISSING_CHANNEL_SLUG = "missing_channel_slug"
    CHANNEL_INACTIVE = "channel_inactive"
    UNAVAILABLE_VARIANT_IN_CHANNEL = "unavailable_variant_in_channel"
    EMAIL_NOT_SET = "email_not_set"
    NO_LINES = "no_lines"
    INACTIVE_PAYMENT = "inactive_payment"


class CheckoutError(graphene.ObjectType):
    field = graphene.String()
    message = graphene.String()
    code = graphene.Field(CheckoutErrorCode, required=True)
    variants = graphene.List(graphene.NonNull(graphene.ID))
    lines = graphene.List(graphene.NonNull(graphene.ID))


def error(code, message, field=None):
    # Domain codes Saleor does not have (permission, promo code) read as INVALID.
    value = getattr(CheckoutErrorCode, code, CheckoutErrorCode.INVALID).value
    return CheckoutError(field=field, code=value, message=message)


def errors_from(exc: DomainError):
    return [error(exc.code, exc.message, exc.field)]


def error_type(name, *codes):
    """Saleor's ``<name>`` error type (field, message, code) with its ``<name>Code`` enum."""
    enum = graphene.Enum(f"{name}Code", [(code, code.lower()) for code in ("GRAPHQL_ERROR", "INVALID", "NOT_FOUND")
                                         + codes])
    return type(name, (graphene.ObjectType,), {
        "field": graphene.String(), "message": graphene.String(), "code": graphene.Field(enum, required=True)})


def error_list():
    return graphene.NonNull(graphene.List(graphene.NonNull(CheckoutError)))


class JSON(graphene.types.generic.GenericScalar):
    """Saleor's ``JSON`` scalar: any JSON value."""

    class Meta:
        name = "JSON"


class PositiveDecimal(graphene.Scalar):
    """A decimal of at least 0."""

    @staticmethod
    def _check(value):
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise GraphQLError(f"PositiveDecimal must be a number, not {value!r}.")
        if number < 0:
            raise GraphQLError(f"PositiveDecimal must be at least 0, not {value!r}.")
        return number

    serialize = staticmethod(lambda value: float(value))
    parse_value = _check

    @staticmethod
    def parse_literal(node, _variables=None):
        return PositiveDecimal._check(getattr(node, "value", None))


def _country_codes():
    from babel import Locale

    return sorted(code for code in Locale("en").territories if len(code) == 2 and code.isalpha())


CountryCode = graphene.Enum("CountryCode", [(code, code) for code in _country_codes()])


class Address(graphene.ObjectType):
    """A checkout address (Saleor's AddressInput keys) or an Oscar order address, in Saleor's shape."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address_1 = graphene.String(required=True, name="streetAddress1")
    street_address_2 = graphene.String(required=True, name="streetAddress2")
    city = graphene.String(required=True)
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True)
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()

    @staticmethod
    def resolve_country(root, info):
        return country_display(root["country"])


class AddressValue(dict):
    """A dict with an ``id`` for Address's Node interface."""

    @property
    def id(self):
        return self.get("id", "")


def address_value(data, key):
    if not data:
        return None
    value = AddressValue({name: data.get(name) or "" for name in (
        "first_name", "last_name", "company_name", "street_address_1", "street_address_2", "city", "city_area",
        "postal_code", "country", "country_area", "phone")})
    value["id"] = key
    return value


def order_address_value(address, key):
    if address is None:
        return None
    return address_value({
        "first_name": address.first_name, "last_name": address.last_name, "street_address_1": address.line1,
        "street_address_2": address.line2, "city_area": address.line3, "city": address.line4,
        "country_area": address.state, "postal_code": address.postcode, "country": address.country_id,
        "phone": str(getattr(address, "phone_number", "") or ""),
    }, key)
