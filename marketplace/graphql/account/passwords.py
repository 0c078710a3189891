"""Saleor's password and account-deletion mutations: ``passwordChange``, ``requestPasswordReset``,
``setPassword``, ``accountRequestDeletion``, ``accountDelete``. Rules: ``credentials``."""
import graphene

from marketplace.graphql.account import credentials, tokens
from marketplace.graphql.account.book import AccountPayload, UserPayload


class PasswordChange(UserPayload):
    """Change the signed-in user's password (the old one is asked again)."""

    class Arguments:
        old_password = graphene.String()
        new_password = graphene.String(required=True)

    @classmethod
    def perform(cls, info, user, new_password, old_password=None):
        return {"user": credentials.change_password(user, old_password, new_password)}


class RequestPasswordReset(AccountPayload):
    """E-mail a link to set a new password; the answer is the same whether the e-mail has an account."""

    class Arguments:
        email = graphene.String(required=True)
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    signed_in = False

    @classmethod
    def perform(cls, info, user, email, redirect_url, channel=None):
        credentials.request_password_reset(email, redirect_url)
        return {}


class SetPassword(UserPayload):
    """Set a new password with the token from the reset e-mail; signs the user in."""

    class Arguments:
        email = graphene.String(required=True)
        token = graphene.String(required=True)
        password = graphene.String(required=True)

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    signed_in = False

    @classmethod
    def perform(cls, info, user, email, token, password):
        user = credentials.set_password(email, token, password)
        return {"user": user, "token": tokens.create(user), "refresh_token": tokens.create(user, tokens.REFRESH)}


class AccountRequestDeletion(AccountPayload):
    """E-mail the signed-in user a link that confirms the deletion of their account."""

    class Arguments:
        redirect_url = graphene.String(required=True)
        channel = graphene.String()

    @classmethod
    def perform(cls, info, user, redirect_url, channel=None):
        credentials.request_deletion(user, redirect_url)
        return {}


class AccountDelete(UserPayload):
    """Close the signed-in user's account with the token from the confirmation e-mail."""

    class Arguments:
        token = graphene.String(required=True)

    @classmethod
    def perform(cls, info, user, token):
        credentials.delete_account(user, token)
        return {"user": user}


class PasswordMutations(graphene.ObjectType):
    password_change = PasswordChange.Field()
    request_password_reset = RequestPasswordReset.Field()
    set_password = SetPassword.Field()
    account_request_deletion = AccountRequestDeletion.Field()
    account_delete = AccountDelete.Field()
