"""What the checkout types and mutations share: Saleor's ``CheckoutError`` (its codes mirror the
domain's ``CheckoutErrorCode``), JSON scalars and addresses."""
from decimal import Decimal, InvalidOperation

import graphene
from django.utils.translation import gettext as _
from graphene.types.generic import GenericScalar
from graphql import GraphQLError

from marketplace.graphql.channels.types import CountryDisplay, country_display
from marketplace.graphql.core.mutations import error_type as typed_error
from marketplace.orders.errors import CheckoutErrorCode
from marketplace.shipping import companies


CheckoutError = typed_error(
    "CheckoutError", CheckoutErrorCode, "An error of a checkout mutation (Saleor's CheckoutError).",
    variants=graphene.List(graphene.NonNull(graphene.ID), description="The variants the error is about."),
    lines=graphene.List(graphene.NonNull(graphene.ID), description="The lines the error is about."))


class JSON(GenericScalar):
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
            number = None
        # NaN and Infinity are Decimals, but no amount; NaN cannot even be compared with 0
        if number is None or not number.is_finite():
            raise GraphQLError(_("PositiveDecimal must be a number, not %(value)r.") % {"value": value})
        if number < 0:
            raise GraphQLError(_("PositiveDecimal must be at least 0, not %(value)r.") % {"value": value})
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

# CLDR's two-letter territories that are not countries an address may be in: ISO 3166's exceptional
# and user-assigned reservations (Ascension, Clipperton, Diego Garcia, Ceuta and Melilla, the Canary
# Islands, Tristan da Cunha, the UN, "outlying Oceania", the eurozone, pseudo-locales, unknown).
NOT_COUNTRIES = frozenset({"AC", "CP", "CQ", "DG", "EA", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})


def country_codes() -> list[str]:
    """The codes of the countries an address may name, sorted (Saleor's list: ISO 3166-1 with EU and XK)."""
    return [code for code in _country_codes() if code not in NOT_COUNTRIES]


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


# What an order is read with for its addresses (each with its company) and its buyer.
ADDRESSES_AND_USER = (f"shipping_address__{companies.RELATED}", f"billing_address__{companies.RELATED}", "user")


def order_address_value(address, key):
    if address is None:
        return None
    return address_value({
        "first_name": address.first_name, "last_name": address.last_name, "company_name": companies.company_of(address),
        "street_address_1": address.line1,
        "street_address_2": address.line2, "city_area": address.line3, "city": address.line4,
        "country_area": address.state, "postal_code": address.postcode, "country": address.country_id,
        "phone": str(getattr(address, "phone_number", "") or ""),
    }, key)
