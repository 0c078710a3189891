"""``checkout(id)``, ``order(id)`` and ``addressValidationRules``."""
import graphene
from django.utils import translation
from graphql import GraphQLError

from marketplace.graphql.core.ids import decode_id
from marketplace.orders.errors import CheckoutError as DomainError

from .common import CountryCode
from .mutations import find_checkout
from .orders import OrderType, find_order
from .types import Checkout


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    required_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    upper_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    city_type = graphene.String(required=True)
    city_area_type = graphene.String(required=True)
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_examples = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_prefix = graphene.String(required=True)


ALLOWED = ["firstName", "lastName", "companyName", "streetAddress1", "streetAddress2", "city", "cityArea",
           "postalCode", "countryArea", "country", "phone"]
REQUIRED = ["firstName", "lastName", "streetAddress1", "city", "country"]  # the postcode by country, below


def validation_rules(code):
    from marketplace.graphql.channels.types import country_display
    from marketplace.provinces.addresses import postcode_required, province_choices

    thai = code == "TH"
    # Thailand: the 77 provinces to choose from (raw: the ISO code the address rule takes; verbose: the
    # name in the language the client asked for, as the API's messages), and a province is required
    # (marketplace/provinces/addresses.py)
    words = translation.get_language() or "en"
    provinces = [ChoiceValue(raw=iso, verbose=name) for iso, name in province_choices(words[:2])] if thai else []
    # the postcode where the country has postcodes (the address rule; none in Hong Kong, for one)
    required = REQUIRED + (["postalCode"] if postcode_required(code) else []) + (["countryArea"] if thai else [])
    return AddressValidationData(
        country_code=code, country_name=country_display(code).country,
        address_format="%N%n%O%n%A%n%D%n%C%n%S %Z" if thai else "%N%n%O%n%A%n%C %S %Z",
        address_latin_format="%N%n%O%n%A%n%D, %C%n%S %Z", allowed_fields=ALLOWED,
        required_fields=required,
        upper_fields=[], country_area_type="province" if thai else "state", country_area_choices=provinces,
        city_type="district" if thai else "city", city_area_type="suburb", postal_code_type="postal",
        postal_code_matchers=[r"^\d{5}$"] if thai else [], postal_code_examples=["10200"] if thai else [],
        postal_code_prefix="")


class CheckoutQueries(graphene.ObjectType):
    checkout = graphene.Field(Checkout, id=graphene.ID(), token=graphene.UUID())
    order = graphene.Field(OrderType, id=graphene.ID(), external_reference=graphene.String())
    address_validation_rules = graphene.Field(AddressValidationData, country_code=graphene.Argument(
        CountryCode, required=True), country_area=graphene.String(), city=graphene.String(),
        city_area=graphene.String())

    @staticmethod
    def resolve_checkout(root, info, id=None, token=None):
        try:
            return find_checkout(id, user=info.context.user) if id else None
        except (DomainError, GraphQLError):
            return None

    @staticmethod
    def resolve_order(root, info, id=None, external_reference=None):
        return find_order(id, info.context.user) if id else None

    @staticmethod
    def resolve_address_validation_rules(root, info, country_code, **_ignored):
        return validation_rules(getattr(country_code, "value", country_code))
