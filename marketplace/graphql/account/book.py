"""The account's address book and profile in Saleor's shape: ``accountAddressCreate/Update/Delete``,
``accountSetDefaultAddress``, ``accountUpdate``. Rules live in ``marketplace.accounts``
(``address_book``, ``profile``); these mutations decode ids and call them."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.accounts import address_book, profile
from marketplace.core.errors import DomainError
from marketplace.graphql.account.metadata import MetadataInput
from marketplace.graphql.account.types import AccountError, AddressTypeEnum, User, address_value
from marketplace.graphql.checkout.common import Address
from marketplace.graphql.core.address import AddressInput
from marketplace.graphql.core.enums import LanguageCodeEnum, enum_value
from marketplace.graphql.core.ids import integer_pk
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum)
    default_billing_address = graphene.Field(AddressInput)
    default_shipping_address = graphene.Field(AddressInput)
    metadata = graphene.List(graphene.NonNull(MetadataInput))


def address_pk(value):
    """The number in an ``Address`` global id; a malformed id is a GraphQL error, not NOT_FOUND."""
    pk = integer_pk(value, "Address")
    if pk is None:
        raise GraphQLError(_("Invalid ID %(value)r in id: expected the id of an Address.") % {"value": value})
    return pk


class SignedInUserMutation(BaseMutation):
    """Base of the mutations of the signed-in user's own account; they answer with the user."""

    class Meta:
        abstract = True

    error_type = AccountError
    permissions = (AUTHENTICATED_USER,)
    user = graphene.Field(User)


class AccountAddressCreate(SignedInUserMutation):
    """Add an address to the signed-in user's address book, optionally as a default."""

    class Arguments:
        input = AddressInput(required=True)
        type = AddressTypeEnum()

    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, input, type=None):
        user = info.context.user
        try:
            address = address_book.create(user, input, enum_value(type))
        except DomainError as refusal:
            return refused_for_type(cls, refusal, type)
        return cls(user=user, address=address_value(address), errors=[])


class AccountAddressUpdate(SignedInUserMutation):
    """Change an address of the signed-in user's address book."""

    class Arguments:
        id = graphene.ID(required=True)
        input = AddressInput(required=True)

    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, id, input):
        user = info.context.user
        address = address_book.update(user, address_pk(id), input)
        return cls(user=user, address=address_value(address), errors=[])


class AccountAddressDelete(SignedInUserMutation):
    """Remove an address from the signed-in user's address book."""

    class Arguments:
        id = graphene.ID(required=True)

    address = graphene.Field(Address)

    @classmethod
    def perform_mutation(cls, root, info, id):
        user, pk = info.context.user, address_pk(id)
        address = address_book.delete(user, pk)
        address.pk = pk  # the answer names the address that was removed
        return cls(user=user, address=address_value(address), errors=[])


class AccountSetDefaultAddress(SignedInUserMutation):
    """Make an address of the signed-in user the default shipping or billing address."""

    class Arguments:
        id = graphene.ID(required=True)
        type = AddressTypeEnum(required=True)

    @classmethod
    def perform_mutation(cls, root, info, id, type):
        try:
            address_book.set_default(info.context.user, address_pk(id), enum_value(type))
        except DomainError as refusal:
            return refused_for_type(cls, refusal, type)
        return cls(user=info.context.user, errors=[])


def refused_for_type(mutation, refusal, address_type):
    """The refusal as Saleor answers a mutation given an address type: the error carries it."""
    errors = mutation.errors_of(refusal)
    for error in errors:
        error.address_type = address_type
    return mutation(errors=errors)


class AccountUpdate(SignedInUserMutation):
    """Change the signed-in user's names, language, default addresses or metadata."""

    class Arguments:
        input = AccountInput(required=True)

    @classmethod
    def perform_mutation(cls, root, info, input):
        user = profile.update(
            info.context.user, first_name=input.get("first_name"), last_name=input.get("last_name"),
            language_code=enum_value(input.get("language_code")),
            default_shipping_address=input.get("default_shipping_address"),
            default_billing_address=input.get("default_billing_address"),
            public_metadata=[(item.key, item.value) for item in input.get("metadata") or []])
        return cls(user=user, errors=[])

    @classmethod
    def refused(cls, refusal):
        # a default address refused says which one, as Saleor's accountUpdate does (``profile.update``)
        errors = cls.errors_of(refusal)
        for error, each in zip(errors, refusal.every()):
            address_type = getattr(each, "address_type", None)
            error.address_type = AddressTypeEnum.get(address_type) if address_type else None
        return cls(errors=errors)


class AccountBookMutations(graphene.ObjectType):
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    account_update = AccountUpdate.Field()
