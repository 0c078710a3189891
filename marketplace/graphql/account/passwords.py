"""Saleor's password and account-deletion mutations: ``passwordChange``, ``requestPasswordReset``,
``setPassword``, ``accountRequestDeletion``, ``accountDelete``. Rules: ``marketplace.accounts``
(``passwords``, ``reset``, ``deletion``); the API's own ``channel`` argument is checked here (``check_channel``)."""
import graphene
from django.utils.translation import gettext as _

from marketplace.accounts import deletion, passwords, reset
from marketplace.accounts.errors import AccountError as AccountRefusal, AccountErrorCode
from marketplace.channels.availability import get_channel, switched_off
from marketplace.graphql.account import tokens
from marketplace.graphql.account.book import SignedInUserMutation
from marketplace.graphql.account.types import AccountError, User
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation


class PasswordChange(SignedInUserMutation):
    """Change the signed-in user's password (the old one is asked again)."""

    class Arguments:
        old_password = graphene.String()
        new_password = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, new_password, old_password=None):
        user = passwords.change_password(info.context.user, old_password, new_password, info.context)
        return cls(user=user, errors=[])


class RequestPasswordReset(BaseMutation):
    """E-mail a link to set a new password; the answer is the same whether the e-mail has an account."""

    class Meta:
        error_type = AccountError
        permissions = ()

    class Arguments:
        email = graphene.String(required=True)
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, email, redirect_url, channel=None):
        reset.request_password_reset(email, redirect_url)
        return cls(errors=[])


class SetPassword(BaseMutation):
    """Set a new password with the token from the reset e-mail; signs the user in."""

    class Meta:
        error_type = AccountError
        permissions = ()

    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, email, token, password):
        user = reset.set_password(email, token, password)
        return cls(user=user, token=tokens.create(user, info.context),
                   refresh_token=tokens.create(user, info.context, tokens.REFRESH), errors=[])


class AccountRequestDeletion(BaseMutation):
    """E-mail the signed-in user a link that confirms the deletion of their account."""

    class Meta:
        error_type = AccountError
        permissions = (AUTHENTICATED_USER,)

    class Arguments:
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    @classmethod
    def perform_mutation(cls, root, info, redirect_url, channel=None):
        check_channel(channel)
        deletion.request_deletion(info.context.user, redirect_url)
        return cls(errors=[])


def check_channel(slug):
    """The ``channel`` argument of an account mutation, checked as Saleor checks it: an unknown slug
    is NOT_FOUND, a switched-off channel CHANNEL_INACTIVE. Not given, it passes: the account's
    e-mails here do not depend on a channel."""
    if slug is None or get_channel(slug) is not None:
        return
    if switched_off(slug):
        raise AccountRefusal(AccountErrorCode.CHANNEL_INACTIVE,
                             _("Channel with '%(slug)s' is inactive.") % {"slug": slug}, "channel")
    raise AccountRefusal(AccountErrorCode.NOT_FOUND,
                         _("Channel with '%(slug)s' slug does not exist.") % {"slug": slug}, "channel")


class AccountDelete(SignedInUserMutation):
    """Close the signed-in user's account with the token from the confirmation e-mail."""

    class Arguments:
        token = graphene.String(required=True)

    @classmethod
    def perform_mutation(cls, root, info, token):
        deletion.delete_account(info.context.user, token)
        return cls(user=info.context.user, errors=[])


class PasswordMutations(graphene.ObjectType):
    password_change = PasswordChange.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
