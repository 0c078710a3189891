"""Saleor's ``confirmAccount(email, token, password)``: the link of the confirmation e-mail that
``accountRegister`` sends when the shop requires confirmation. The rule is
``marketplace.accounts.confirmation``'s."""
import graphene

from marketplace.accounts import confirmation
from marketplace.graphql.account.types import AccountError, User
from marketplace.graphql.core.mutations import BaseMutation


class ConfirmAccount(BaseMutation):
    """Confirm user account with token sent by email during registration."""

    class Meta:
        error_type = AccountError
        permissions = ()  # whoever holds the mailed token

    class Arguments:
        token = graphene.String(required=True, description="A one-time token required to confirm the account.")
        email = graphene.String(required=True, description="E-mail of the user performing account confirmation.")
        # Saleor asks it only in its "merge accounts with a password" mode, which this shop does not use.
        password = graphene.String(description="Password of the user confirming their account (not needed here).")

    user = graphene.Field(User, description="An activated user account.")

    @classmethod
    def perform_mutation(cls, root, info, token, email, password=None):
        return cls(user=confirmation.confirm_account(email, token), errors=[])


class ConfirmationMutations(graphene.ObjectType):
    confirm_account = ConfirmAccount.Field()
