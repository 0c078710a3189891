"""The password rule: a new password must pass Django's ``AUTH_PASSWORD_VALIDATORS`` (minimum
length, common passwords, entirely numeric, too similar to the account's details — see settings).

The storefront's forms (Oscar's registration, Django's password change and reset forms) run the
same validators themselves; here the API's registration, ``setPassword`` and ``passwordChange``
run them and their refusals become Saleor's codes.
"""
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts.errors import AccountError, AccountErrorCode

# Django's validator codes as Saleor's; a refusal by any other validator is INVALID_PASSWORD.
VALIDATOR_CODES = {
    "password_too_short": AccountErrorCode.PASSWORD_TOO_SHORT,
    "password_too_common": AccountErrorCode.PASSWORD_TOO_COMMON,
    "password_entirely_numeric": AccountErrorCode.PASSWORD_ENTIRELY_NUMERIC,
    "password_too_similar": AccountErrorCode.PASSWORD_TOO_SIMILAR,
}


def check_new_password(user, password, field="password"):
    """Refuses ``password`` for ``user`` (saved or not) with the first failing validator's code."""
    try:
        password_validation.validate_password(password or "", user)
    except ValidationError as refusal:
        code = VALIDATOR_CODES.get(refusal.error_list[0].code, AccountErrorCode.INVALID_PASSWORD)
        raise AccountError(code, " ".join(refusal.messages), field) from None


@transaction.atomic
def change_password(user, old_password, new_password):
    """The signed-in user's new password; the old one must be given again."""
    if not user.check_password(old_password or ""):
        raise AccountError(AccountErrorCode.INVALID_PASSWORD, _("Old password isn't valid."), "oldPassword")
    check_new_password(user, new_password, "newPassword")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user
