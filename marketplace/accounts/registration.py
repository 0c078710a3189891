"""Registering a shopper's account through the API (Saleor's ``accountRegister``): a valid e-mail and
a password the password rule (``passwords``) accepts. The storefront's registration is Oscar's form,
which runs the same password validators. When the shop requires confirmation (``confirmation``),
the account waits, inactive, for the link mailed to its holder.

An e-mail that already has an account is answered as a new one is (as Saleor answers since 3.21),
so that nobody learns from the API who has an account here: the same checks, the same work, no
error, and nothing kept or mailed (the same rows are written, then undone, so that the answer takes as
long); the account stays its holder's, with its own password."""
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.accounts import confirmation, profile
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.accounts.passwords import check_new_password
from marketplace.core import email_addresses


def has_account(email) -> bool:
    """Whether ``email`` (any case) is an account's: to be answered as a new one, never said."""
    return get_user_model().objects.filter(email__iexact=(email or "").strip()).exists()


def clean_email(value, field="email") -> str:
    """``value`` as an account's e-mail is kept (stripped, lower case), or ``AccountError`` on ``field``:
    registering, and changing an account's address (``email_change``)."""
    email = (value or "").strip().lower()
    if not email:  # Saleor's answer to a blank e-mail: REQUIRED, not INVALID
        raise AccountError(AccountErrorCode.REQUIRED, _("This field is required."), field)
    too_long = email_addresses.refusal(email)
    if too_long is not None:
        raise AccountError(AccountErrorCode.INVALID, too_long, field)
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(AccountErrorCode.INVALID, _("Enter a valid email address."), field) from None
    return email


def register(email, password, first_name="", last_name="", language_code=None, redirect_url=None):
    """The new user: active, or waiting for its confirmation when the shop requires one (the
    confirmation link then points to ``redirect_url``). For an e-mail that has an account, the same
    user, unsaved (see the module)."""
    email = clean_email(email)
    taken = has_account(email)
    candidate = get_user_model()(username=email[:150], email=email,
                                 first_name=profile.clean_name(first_name, "firstName"),
                                 last_name=profile.clean_name(last_name, "lastName"))
    check_new_password(candidate, password)  # the similarity check compares it with the e-mail and names
    confirming = confirmation.required()
    if confirming:
        confirmation.check_redirect_url(redirect_url)
        candidate.is_active = False
    candidate.set_password(password)  # for a taken e-mail too: the answer takes as long
    if taken:  # its username must not collide for it to be written (then undone) as a new account is
        candidate.username = secrets.token_hex(75)[:len(candidate.username)]

    def with_it(user):
        if language_code:
            profile.set_language(user, language_code)  # before the mail: it is in this language
        if confirming:
            confirmation.request_confirmation(user, redirect_url)

    save_as_new(candidate, taken, with_it)
    return candidate


def save_as_new(user, taken, with_it) -> None:
    """Saves the new ``user`` and does ``with_it(user)`` (its language, its confirmation mail) in one
    savepoint; ``user.pk`` is None when it was not kept. For an e-mail that has an account (``taken``) the same statements
    are sent, then undone, nothing kept or mailed (the mail's job is in the savepoint), so that the
    answer takes as long as a new account's. Not kept either when the same e-mail was registered at the
    same moment (that account stands)."""
    try:
        with transaction.atomic():
            user.save()
            with_it(user)
            if taken:
                raise _AsIfNew
    except (IntegrityError, _AsIfNew):
        user.pk = None


class _AsIfNew(Exception):
    """Undoes what ``save_as_new`` wrote for an e-mail that has an account."""
