"""Saleor's ``requestEmailChange`` and ``confirmEmailChange``: the signed-in user's new e-mail, taken
only once the link mailed to it is opened. The rule is ``marketplace.accounts.email_change``'s."""
import graphene

from marketplace.accounts import email_change
from marketplace.graphql.account.book import SignedInUserMutation
from marketplace.graphql.account.passwords import check_channel


class RequestEmailChange(SignedInUserMutation):
    """Request email change of the logged in user: a link is mailed to the new address."""

    class Arguments:
        channel = graphene.String(description="Slug of a channel which will be used to notify users.")
        new_email = graphene.String(required=True, description="New user email.")
        password = graphene.String(required=True, description="User password.")
        redirect_url = graphene.String(required=True, description="URL of a view where users should be "
                                                                  "redirected to update the email address.")

    @classmethod
    def perform_mutation(cls, root, info, new_email, password, redirect_url, channel=None):
        check_channel(channel)
        user = info.context.user
        email_change.request_change(user, new_email, password, redirect_url, request=info.context)
        return cls(user=user, errors=[])


class ConfirmEmailChange(SignedInUserMutation):
    """Confirm the email change of the logged-in user with the token of the mailed link."""

    class Arguments:
        channel = graphene.String(description="Slug of a channel which will be used to notify users.")
        token = graphene.String(required=True, description="A one-time token required to change the email.")

    @classmethod
    def perform_mutation(cls, root, info, token, channel=None):
        check_channel(channel)
        return cls(user=email_change.confirm_change(info.context.user, token), errors=[])


class EmailChangeMutations(graphene.ObjectType):
    request_email_change = RequestEmailChange.Field()
    confirm_email_change = ConfirmEmailChange.Field()
