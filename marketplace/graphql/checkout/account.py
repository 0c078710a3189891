"""``accountRegister``: a shopper creates an account at the end of a checkout (Saleor's contract:
``input { email password redirectUrl … }``, ``errors`` as AccountError). The rules are
``marketplace.accounts.registration``'s; ``requiresConfirmation`` says whether the account waits
for the link mailed to ``redirectUrl`` (``confirmAccount``)."""
import graphene

from marketplace.accounts import confirmation, registration
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
        user = registration.register(input["email"], input["password"], input.get("first_name") or "",
                                     input.get("last_name") or "", enum_value(input.get("language_code")),
                                     redirect_url=input.get("redirect_url"))
        return cls(user=user, requires_confirmation=confirmation.required(), errors=[])

    @classmethod
    def refused(cls, refusal):
        return cls(requires_confirmation=confirmation.required(),
                   errors=[cls.error(refusal.code, refusal.message, refusal.field)])
