"""Saleor's User and AccountError types."""
import graphene

from marketplace.accounts import address_book, profile
from marketplace.accounts.errors import AccountErrorCode
from marketplace.graphql.account.metadata import ObjectWithMetadata
from marketplace.graphql.checkout.common import Address, order_address_value
from marketplace.graphql.core.connection import connection_args
from marketplace.graphql.core.enums import LanguageCodeEnum, ThumbnailFormatEnum
from marketplace.graphql.core.ids import global_id
from marketplace.graphql.core.media import Image
from marketplace.graphql.core.mutations import error_type
from marketplace.graphql.core.scalars import DateTime
from marketplace.orders import address_proof


class AddressTypeEnum(graphene.Enum):
    BILLING = address_book.BILLING
    SHIPPING = address_book.SHIPPING


AccountError = error_type(
    "AccountError", AccountErrorCode, "An error of an account or authentication mutation.",
    address_type=graphene.Field(AddressTypeEnum, description="The address type the error is about: the "
                                                             "type an address mutation was given, or which of "
                                                             "accountUpdate's default addresses was refused."),
    attributes=graphene.List(graphene.NonNull(graphene.ID), description="The attributes the error is about "
                                                                         "(Saleor 3.23's field; none here)."))


def address_value(address):
    """An Oscar ``UserAddress`` as Saleor's Address, with its default flags."""
    value = order_address_value(address, address.pk)  # the Node interface makes it "Address:<pk>"
    value["is_default_shipping_address"] = address.is_default_for_shipping
    value["is_default_billing_address"] = address.is_default_for_billing
    return value


def _user_orders():
    from marketplace.graphql.checkout import user_orders

    return user_orders


class User(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    # Relay's id, written here: an account answered without one reads "" (see resolve_id)
    id = graphene.ID(required=True, description="The ID of the object")
    email = graphene.String(required=True)
    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    is_staff = graphene.Boolean(required=True)
    is_active = graphene.Boolean(required=True)
    is_confirmed = graphene.Boolean(required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    date_joined = DateTime(required=True)
    last_login = DateTime()
    avatar = graphene.Field(Image, size=graphene.Int(),
                            format=graphene.Argument(ThumbnailFormatEnum, default_value="original"))

    # The account's orders (Saleor's ``me { orders }``), owned by the checkout package; loaded
    # lazily because the order types import catalogue and checkout types that import this one.
    orders = graphene.Field(lambda: _user_orders().OrderCountableConnection, **connection_args())

    addresses = graphene.NonNull(graphene.List(graphene.NonNull(Address)))
    default_shipping_address = graphene.Field(Address)
    default_billing_address = graphene.Field(Address)

    @staticmethod
    def resolve_id(root, info):
        # an account answered without one (``accountRegister``'s, which must not tell who registered)
        return global_id("User", root.pk) if root.pk is not None else ""

    @staticmethod
    def resolve_addresses(root, info):
        return [address_value(address) for address in address_book.addresses(root)]

    @staticmethod
    def resolve_default_shipping_address(root, info):
        address = address_book.default(root, address_book.SHIPPING)
        return address_value(address) if address else None

    @staticmethod
    def resolve_default_billing_address(root, info):
        address = address_book.default(root, address_book.BILLING)
        return address_value(address) if address else None

    @staticmethod
    def resolve_orders(root, info, **arguments):
        return _user_orders().resolve_orders(root, info, **arguments)

    @staticmethod
    def resolve_avatar(root, info, size=None, format=None):
        return None  # the shop keeps no avatars

    @staticmethod
    def resolve_is_confirmed(root, info):
        return address_proof.is_confirmed(root)

    @staticmethod
    def resolve_language_code(root, info):
        return profile.language(root)
