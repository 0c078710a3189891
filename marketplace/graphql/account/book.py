"""The account's address book and profile in Saleor's shape: ``accountAddressCreate/Update/Delete``,
``accountSetDefaultAddress``, ``accountUpdate``. Rules live in ``address_book`` and
``credentials``; these mutations find the signed-in user, call them and report errors."""
import graphene
from django.db import transaction
from graphql import GraphQLError
from graphql_relay import from_global_id

from marketplace.graphql.account import address_book, credentials
from marketplace.graphql.account.metadata import MetadataInput
from marketplace.graphql.account.types import AccountError, AccountErrorCode, User, address_value
from marketplace.graphql.checkout.common import Address
from marketplace.graphql.core.address import AddressInput
from marketplace.graphql.core.enums import LanguageCodeEnum, enum_value
from marketplace.metadata import store as metadata


class AddressTypeEnum(graphene.Enum):
    BILLING = address_book.BILLING
    SHIPPING = address_book.SHIPPING


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum)
    default_billing_address = graphene.Field(AddressInput)
    default_shipping_address = graphene.Field(AddressInput)
    metadata = graphene.List(graphene.NonNull(MetadataInput))


def error(code, message, field=None):
    return AccountError(field=field, code=getattr(AccountErrorCode, code, AccountErrorCode.INVALID).value,
                        message=message)


def signed_in_user(info):
    user = info.context.user
    if not getattr(user, "is_authenticated", False):
        # Saleor's answer too: a permission error, not a mutation error
        raise GraphQLError("To access this path, you need to be signed in (AUTHENTICATED_USER).")
    return user


def address_pk(value):
    """The number in an ``Address`` global id; a malformed id is a GraphQL error, not NOT_FOUND."""
    try:
        type_name, pk = from_global_id(value)
    except Exception:
        type_name, pk = "", ""
    if type_name != "Address" or not pk.isdigit():
        raise GraphQLError(f"Invalid ID {value!r} in id: expected the id of an Address.")
    return int(pk)


class AccountPayload(graphene.Mutation):
    """Base of the account mutations: signed-in user, one transaction, errors as AccountErrors."""

    class Meta:
        abstract = True

    errors = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))

    @classmethod
    def mutate(cls, root, info, **arguments):
        try:
            user = signed_in_user(info) if cls.signed_in else None
            with transaction.atomic():
                return cls(errors=[], **cls.perform(info, user, **arguments))
        except (address_book.AddressBookError, credentials.AccountProblem, metadata.MetadataProblem) as exc:
            return cls(errors=[error(exc.code, exc.message, exc.field)])

    signed_in = True

    @classmethod
    def perform(cls, info, user, **arguments):
        raise NotImplementedError


class UserPayload(AccountPayload):
    """An account mutation that answers with the user."""

    class Meta:
        abstract = True

    user = graphene.Field(User)


class AccountAddressCreate(UserPayload):
    """Add an address to the signed-in user's address book, optionally as a default."""

    class Arguments:
        input = AddressInput(required=True)
        type = AddressTypeEnum()

    address = graphene.Field(Address)

    @classmethod
    def perform(cls, info, user, input, type=None):
        address = address_book.create(user, input, enum_value(type))
        return {"user": user, "address": address_value(address)}


class AccountAddressUpdate(UserPayload):
    """Change an address of the signed-in user's address book."""

    class Arguments:
        id = graphene.ID(required=True)
        input = AddressInput(required=True)

    address = graphene.Field(Address)

    @classmethod
    def perform(cls, info, user, id, input):
        address = address_book.update(user, address_pk(id), input)
        return {"user": user, "address": address_value(address)}


class AccountAddressDelete(UserPayload):
    """Remove an address from the signed-in user's address book."""

    class Arguments:
        id = graphene.ID(required=True)

    address = graphene.Field(Address)

    @classmethod
    def perform(cls, info, user, id):
        pk = address_pk(id)
        address = address_book.delete(user, pk)
        address.pk = pk  # the answer names the address that was removed
        return {"user": user, "address": address_value(address)}


class AccountSetDefaultAddress(UserPayload):
    """Make an address of the signed-in user the default shipping or billing address."""

    class Arguments:
        id = graphene.ID(required=True)
        type = AddressTypeEnum(required=True)

    @classmethod
    def perform(cls, info, user, id, type):
        address_book.set_default(user, address_pk(id), enum_value(type))
        return {"user": user}


class AccountUpdate(UserPayload):
    """Change the signed-in user's names, language, default addresses or metadata."""

    class Arguments:
        input = AccountInput(required=True)

    @classmethod
    def perform(cls, info, user, input):
        changed = [name for name in ("first_name", "last_name") if input.get(name) is not None]
        for name in changed:
            setattr(user, name, input[name].strip()[:150])
        if changed:
            user.save(update_fields=changed)
        if input.get("language_code") is not None:
            credentials.set_language(user, enum_value(input["language_code"]))
        for kind, key in ((address_book.SHIPPING, "default_shipping_address"),
                          (address_book.BILLING, "default_billing_address")):
            if input.get(key) is not None:
                address_book.create_or_reuse_default(user, input[key], kind)
        if input.get("metadata"):
            metadata.update(user, [(item.key, item.value) for item in input["metadata"]])
        return {"user": user}


class AccountBookMutations(graphene.ObjectType):
    account_address_create = AccountAddressCreate.Field()
    account_address_update = AccountAddressUpdate.Field()
    account_address_delete = AccountAddressDelete.Field()
    account_set_default_address = AccountSetDefaultAddress.Field()
    account_update = AccountUpdate.Field()
