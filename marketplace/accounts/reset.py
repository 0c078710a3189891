"""Resetting a forgotten password by e-mail (Saleor's ``requestPasswordReset`` and ``setPassword``).

A request for an unknown or inactive e-mail answers exactly like one for a known e-mail (Saleor's
behaviour), and so does a second request within a quarter of an hour, which mails nothing (no
mail flooding), from the API and the storefront's reset form alike. The token is Django's: it works once, since the new password changes its hash. Opening the link
shows the e-mail is the holder's (``address_proof``), so their guest orders join the account.
"""
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts import mail
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.accounts.passwords import check_new_password
from marketplace.orders import address_proof

RESET_REQUESTED_KEY = "passwordResetRequestedAt"  # private metadata: when the last reset mail went out
RESET_LOCK_SECONDS = 15 * 60  # one reset mail per account per quarter hour, as Saleor


def _active_user(email):
    return get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()


def may_mail_reset(user) -> bool:
    """Whether ``user`` may be mailed a reset link now (none in the last quarter hour); if so, notes
    that one goes out now. The one rule for both front ends (the API's ``requestPasswordReset``, the
    storefront's reset form)."""
    return mail.may_send(user, RESET_REQUESTED_KEY, 1, RESET_LOCK_SECONDS)


@transaction.atomic
def request_password_reset(email, redirect_url):
    """Mails a reset link to an active account with this e-mail; silent for any other e-mail."""
    mail.check_storefront_url(redirect_url)
    user = _active_user(email)
    if user is None or not may_mail_reset(user):
        return
    url = mail.link(redirect_url, email=user.email, token=default_token_generator.make_token(user))
    mail.enqueue_mail(user, mail.PASSWORD_RESET_SUBJECT, mail.PASSWORD_RESET_BODY, url)


def storefront_reset_form(oscar_form):
    """Oscar's password reset form (the storefront's /password-reset/) under ``may_mail_reset``: a
    second request within a quarter of an hour answers the same and mails nothing. Through Oscar's
    class loader (``marketplace/core/oscar_classes.py``)."""

    class PasswordResetForm(oscar_form):
        def get_users(self, email):
            return [user for user in super().get_users(email) if may_mail_reset(user)]

    return PasswordResetForm


@transaction.atomic
def set_password(email, token, password):
    """The user whose reset ``token`` this is, with the new password."""
    user = _active_user(email)
    if user is None or not default_token_generator.check_token(user, token or ""):
        raise AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")
    check_new_password(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])  # a new password hash makes the token invalid
    address_proof.shown(user)  # the mailed link showed the e-mail is theirs
    return user
