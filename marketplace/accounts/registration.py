"""Registering a shopper's account through the API (Saleor's ``accountRegister``): a valid e-mail no
other account has, and a password the password rule (``passwords``) accepts. The storefront's
registration is Oscar's form, which runs the same password validators. When the shop requires
confirmation (``confirmation``), the account waits, inactive, for the link mailed to its holder."""
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.accounts import confirmation, profile
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.accounts.passwords import check_new_password
from marketplace.core import email_addresses


def _taken():
    return AccountError(AccountErrorCode.UNIQUE, _("User with this Email already exists."), "email")


def register(email, password, first_name="", last_name="", language_code=None, redirect_url=None):
    """The new user: active, or waiting for its confirmation when the shop requires one (the
    confirmation link then points to ``redirect_url``)."""
    email = (email or "").strip().lower()
    too_long = email_addresses.refusal(email)
    if too_long is not None:
        raise AccountError(AccountErrorCode.INVALID, too_long, "email")
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(AccountErrorCode.INVALID, _("Enter a valid email address."), "email") from None
    users = get_user_model().objects
    if users.filter(email__iexact=email).exists():
        raise _taken()
    candidate = get_user_model()(username=email[:150], email=email,
                                 first_name=profile.clean_name(first_name, "firstName"),
                                 last_name=profile.clean_name(last_name, "lastName"))
    check_new_password(candidate, password)  # the similarity check compares it with the e-mail and names
    confirming = confirmation.required()
    if confirming:
        confirmation.check_redirect_url(redirect_url)
        candidate.is_active = False
    candidate.set_password(password)
    try:
        with transaction.atomic():
            candidate.save()
            if language_code:
                profile.set_language(candidate, language_code)  # before the mail: it is in this language
            if confirming:
                confirmation.request_confirmation(candidate, redirect_url)
    except IntegrityError:  # the same e-mail registered at the same moment
        raise _taken() from None
    return candidate
