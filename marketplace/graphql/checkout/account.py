"""``accountRegister``: a shopper creates an account at the end of a checkout (Saleor's contract:
``input { email password redirectUrl … }``, ``errors`` as AccountError). The rules are
``marketplace.accounts.registration``'s; ``requiresConfirmation`` says whether the account waits
for the link mailed to ``redirectUrl`` (``confirmAccount``).

A ``channel`` given must be an active one (``account.passwords.check_channel``).

``user`` is, as Saleor answers it since 3.21, built from the input and without an id, whether the
account was made or its e-mail already had one: the answer never tells the two apart."""
import graphene
from django.conf import settings
from django.contrib.auth import get_user_model

from marketplace.accounts import confirmation, profile, registration
from marketplace.graphql.account.passwords import check_channel
from marketplace.graphql.account.types import AccountError, User
from marketplace.graphql.core.enums import LanguageCodeEnum, enum_value
from marketplace.graphql.core.mutations import BaseMutation


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum)
    redirect_url = graphene.String()
    channel = graphene.String()


class AccountRegister(BaseMutation):
    """Register a new customer account."""

    class Meta:
        error_type = AccountError
        permissions = ()

    class Arguments:
        input = AccountRegisterInput(required=True)

    requires_confirmation = graphene.Boolean()
    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, input):
        language = enum_value(input.get("language_code"))
        check_channel(input.get("channel"))
        user = registration.register(input["email"], input["password"], input.get("first_name") or "",
                                     input.get("last_name") or "", language, redirect_url=input.get("redirect_url"))
        return cls(user=_as_answered(user, language), requires_confirmation=confirmation.required(), errors=[])

    @classmethod
    def refused(cls, refusal):
        return cls(requires_confirmation=confirmation.required(), errors=cls.errors_of(refusal))


def _as_answered(user, language):
    """The registered ``user`` as the answer shows it: its input, no id, nothing read from the database
    (no addresses, orders or metadata), so that a new account and a taken e-mail read the same."""
    shown = get_user_model()(email=user.email, first_name=user.first_name, last_name=user.last_name,
                             is_active=user.is_active, date_joined=user.date_joined)
    shown._address_book = []
    shown._public_metadata = {}
    shown._private_metadata = {profile.LANGUAGE_KEY: language or settings.LANGUAGE_CODE}
    return shown
