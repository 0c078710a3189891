"""``accountRegister``: a shopper creates an account at the end of a checkout (Saleor's contract:
``input { email password … }``, ``errors`` as AccountError)."""
import graphene
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction

from marketplace.graphql.account.types import AccountError, AccountErrorCode, User
from marketplace.graphql.core.enums import LanguageCodeEnum


MIN_PASSWORD_LENGTH = 8  # also without AUTH_PASSWORD_VALIDATORS in the settings


class AccountRegisterInput(graphene.InputObjectType):
    email = graphene.String(required=True)
    password = graphene.String(required=True)
    first_name = graphene.String()
    last_name = graphene.String()
    language_code = graphene.Field(LanguageCodeEnum)
    redirect_url = graphene.String()
    channel = graphene.String()


def _error(code, message, field):
    return AccountError(field=field, code=getattr(AccountErrorCode, code).value, message=message)


def register(email, password, first_name="", last_name=""):
    """The new active user, or a list of AccountErrors."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        return [_error("INVALID", "Enter a valid email address.", "email")]
    users = get_user_model().objects
    if users.filter(email__iexact=email).exists():
        return [_error("UNIQUE", "User with this Email already exists.", "email")]
    candidate = get_user_model()(username=email[:150], email=email, first_name=first_name, last_name=last_name)
    try:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(f"This password is too short. It must contain at least {MIN_PASSWORD_LENGTH} "
                                  "characters.")
        password_validation.validate_password(password, candidate)
    except ValidationError as exc:
        return [_error("INVALID_PASSWORD", " ".join(exc.messages), "password")]
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
    except IntegrityError:
        return [_error("UNIQUE", "User with this Email already exists.", "email")]
    return candidate


class AccountRegister(graphene.Mutation):
    """Register a new customer account."""

    class Arguments:
        input = AccountRegisterInput(required=True)

    requires_confirmation = graphene.Boolean()
    user = graphene.Field(User)
    errors = graphene.NonNull(graphene.List(graphene.NonNull(AccountError)))

    @staticmethod
    def mutate(root, info, input):
        result = register(input["email"], input["password"], input.get("first_name") or "",
                          input.get("last_name") or "")
        if isinstance(result, list):
            return AccountRegister(errors=result, requires_confirmation=False)
        return AccountRegister(user=result, requires_confirmation=False, errors=[])
