"""tokenCreate, tokenRefresh, tokenVerify: Saleor's names, arguments and ``errors { field code message }``;
``AccountMutations`` also gathers the address book, password and metadata mutations."""
import graphene
from django.contrib.auth import authenticate, get_user_model

from marketplace.graphql.account import tokens
from marketplace.graphql.account.book import AccountBookMutations
from marketplace.graphql.account.metadata import MetadataMutations
from marketplace.graphql.account.passwords import PasswordMutations
from marketplace.graphql.account.types import AccountError, AccountErrorCode, User
from marketplace.graphql.core.scalars import GenericScalar


def _error(code, message, field=None):
    return AccountError(field=field, code=getattr(AccountErrorCode, code).value, message=message)


class CreateToken(graphene.Mutation):
    """Create a JWT access and refresh token for a user's e-mail and password."""

    class Arguments:
        email = graphene.String(required=True)
        password = graphene.String(required=True)
        audience = graphene.String()

    token = graphene.String()
    refresh_token = graphene.String()
    csrf_token = graphene.String()
    user = graphene.Field(User)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))

    @staticmethod
    def mutate(root, info, email, password, audience=None):
        user = authenticate(info.context, username=email, password=password)
        if user is None:
            inactive = get_user_model().objects.filter(email__iexact=email, is_active=False).exists()
            if inactive:
                return CreateToken(errors=[_error("INACTIVE", "Account inactive.", "email")])
            return CreateToken(errors=[_error("INVALID_CREDENTIALS",
                                              "Please, enter valid credentials", "email")])
        return CreateToken(token=tokens.create(user), refresh_token=tokens.create(user, tokens.REFRESH),
                           user=user, errors=[])


class RefreshToken(graphene.Mutation):
    """A new access token for a refresh token."""

    class Arguments:
        refresh_token = graphene.String()
        csrf_token = graphene.String()

    token = graphene.String()
    user = graphene.Field(User)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))

    @staticmethod
    def mutate(root, info, refresh_token=None, csrf_token=None):
        if not refresh_token:
            return RefreshToken(errors=[_error("JWT_MISSING_TOKEN", "Missing refreshToken", "refreshToken")])
        try:
            user = tokens.user_for(tokens.decode(refresh_token), tokens.REFRESH)
        except tokens.TokenError as exc:
            return RefreshToken(errors=[_error(exc.code, exc.message, "refreshToken")])
        return RefreshToken(token=tokens.create(user), user=user, errors=[])


class VerifyToken(graphene.Mutation):
    """Whether an access token is valid, with its payload and user."""

    class Arguments:
        token = graphene.String(required=True)

    user = graphene.Field(User)
    is_valid = graphene.Boolean(required=True)
    payload = GenericScalar()
    errors = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))

    @staticmethod
    def mutate(root, info, token):
        try:
            payload = tokens.decode(token)
            user = tokens.user_for(payload)
        except tokens.TokenError as exc:
            return VerifyToken(is_valid=False, errors=[_error(exc.code, exc.message, "token")])
        return VerifyToken(is_valid=True, payload=payload, user=user, errors=[])


class AccountMutations(AccountBookMutations, PasswordMutations, MetadataMutations):
    token_create = CreateToken.Field()
    token_refresh = RefreshToken.Field()
    token_verify = VerifyToken.Field()


class AccountQueries(graphene.ObjectType):
    me = graphene.Field(User)

    @staticmethod
    def resolve_me(root, info):
        user = info.context.user
        return user if getattr(user, "is_authenticated", False) else None
