"""tokenCreate, tokenRefresh, tokenVerify: Saleor's names, arguments and ``errors { field code message }``;
``AccountMutations`` also gathers the address book, password, confirmation, e-mail change and metadata
mutations."""
import graphene
from django.utils.translation import gettext as _

from marketplace.accounts.errors import AccountError as AccountRefusal
from marketplace.accounts.sign_in import sign_in
from marketplace.graphql.account import tokens
from marketplace.graphql.account.book import AccountBookMutations
from marketplace.graphql.account.confirmation import ConfirmationMutations
from marketplace.graphql.account.email_change import EmailChangeMutations
from marketplace.graphql.account.metadata import MetadataMutations
from marketplace.graphql.account.passwords import PasswordMutations
from marketplace.graphql.account.types import AccountError, User
from marketplace.graphql.core.mutations import AUTHENTICATED_USER, BaseMutation
from marketplace.graphql.core.scalars import GenericScalar


class TokenMutation(BaseMutation):
    class Meta:
        abstract = True

    error_type = AccountError
    permissions = ()  # whoever holds the credentials or the token


class CreateToken(TokenMutation):
    """Create a JWT access and refresh token for a user's e-mail and password."""

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)
        audience = graphene.String()

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, email, password, audience=None):
        user = sign_in(info.context, email, password)  # throttled like every other login
        return cls(token=tokens.create(user, info.context),
                   refresh_token=tokens.create(user, info.context, tokens.REFRESH), user=user, errors=[])


def _user_of(token, kind, field, request):
    try:
        return tokens.user_for(tokens.decode(token, request), kind)
    except tokens.TokenError as exc:
        raise AccountRefusal(exc.code, exc.message, field) from None


class RefreshToken(TokenMutation):
    """A new access token for a refresh token."""

    class Arguments:
        refresh_token = graphene.String()
        csrf_token = graphene.String()

    token = graphene.String()
    user = graphene.Field(User)

    @classmethod
    def perform_mutation(cls, root, info, refresh_token=None, csrf_token=None):
        if not refresh_token:
            raise AccountRefusal("JWT_MISSING_TOKEN", _("Missing refreshToken"), "refreshToken")
        user = _user_of(refresh_token, tokens.REFRESH, "refreshToken", info.context)
        return cls(token=tokens.create(user, info.context), user=user, errors=[])


class VerifyToken(TokenMutation):
    """Whether an access token is valid, with its payload and user."""

    class Arguments:
        token = graphene.String(required=True)

    user = graphene.Field(User)
    is_valid = graphene.Boolean(required=True)
    payload = GenericScalar()

    @classmethod
    def perform_mutation(cls, root, info, token):
        try:
            payload = tokens.decode(token, info.context)
            user = tokens.user_for(payload)
        except tokens.TokenError as exc:
            return cls(is_valid=False, errors=[cls.error(exc.code, exc.message, "token")])
        return cls(is_valid=True, payload=payload, user=user, errors=[])


class DeactivateAllUserTokens(BaseMutation):
    """Deactivate all JWT tokens of the currently authenticated user: every client must sign in again."""

    class Meta:
        error_type = AccountError
        permissions = (AUTHENTICATED_USER,)

    @classmethod
    def perform_mutation(cls, root, info):
        tokens.deactivate_all(info.context.user)
        return cls(errors=[])


class AccountMutations(AccountBookMutations, PasswordMutations, MetadataMutations, ConfirmationMutations,
                       EmailChangeMutations):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()
    tokens_deactivate_all = DeactivateAllUserTokens.Field()


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User)

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if getattr(user, "is_authenticated", False) else None
