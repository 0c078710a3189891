"""Saleor's ``confirmAccount(email, token, password)``: the link of the confirmation e-mail that
``accountRegister`` sends when the shop requires confirmation, or that ``sendConfirmationEmail``
sends a signed-in user whose address is not confirmed. The rule is
``marketplace.accounts.confirmation``'s."""
import graphene

from marketplace.accounts import confirmation
from marketplace.accounts.errors import AccountError as AccountRefusal
from marketplace.graphql.account.passwords import check_channel
from marketplace.graphql.account.types import AccountError, User
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation, error_type

SendConfirmationEmailError = error_type("SendConfirmationEmailError", confirmation.SendConfirmationErrorCode)


class ConfirmAccount(BaseMutation):
    """Confirm user account with token sent by email (a link asked for later works signed in only)."""

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
        return cls(user=confirmation.confirm_account(email, token, info.context.user), errors=[])


class SendConfirmationEmail(BaseMutation):
    """Sends a notification confirmation: the signed-in user's link confirming their e-mail address."""

    class Meta:
        error_type = SendConfirmationEmailError
        permissions = (AUTHENTICATED_USER,)

    class Arguments:
        channel = graphene.String(required=True, description="Slug of a channel which will be used for notify user.")
        redirect_url = graphene.String(required=True, description="Base of frontend URL that will be needed to "
                                                                  "create confirmation URL.")

    @classmethod
    def perform_mutation(cls, root, info, channel, redirect_url):
        try:
            check_channel(channel)
        except AccountRefusal as refusal:  # (its codes are the account's: the channel is INVALID here)
            raise confirmation.SendConfirmationError("INVALID", refusal.message, "channel") from None
        confirmation.send_confirmation(info.context.user, redirect_url)
        return cls(errors=[])


class ConfirmationMutations(graphene.ObjectType):
    confirm_account = ConfirmAccount.Field()
    send_confirmation_email = SendConfirmationEmail.Field()
