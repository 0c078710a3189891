"""An account's password and e-mailed links: change the password, reset it by e-mail, ask for
the account's deletion. Plain Django (token generator, password validators, mail backend); the
API turns ``AccountProblem`` into Saleor's AccountErrors.

E-mailed links only go to storefronts listed in ``settings.OTOP_STOREFRONT_URLS``, so nobody can
have the shop mail a valid reset token to a site of theirs. A reset request for an unknown or
inactive e-mail answers exactly like one for a known e-mail (Saleor's behaviour), and so does a
second request within a quarter of an hour, which mails nothing (no mail flooding).
"""
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop

from marketplace.metadata import store as metadata

LANGUAGE_KEY = "languageCode"  # the account's language, in the user's private metadata
RESET_REQUESTED_KEY = "passwordResetRequestedAt"  # private metadata too: when the last reset mail went out
RESET_LOCK_SECONDS = 15 * 60  # one reset mail per account per quarter hour, as Saleor


class AccountProblem(Exception):
    def __init__(self, code, message, field=None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


class DeletionTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "marketplace.graphql.account.credentials.DeletionTokenGenerator"


deletion_tokens = DeletionTokenGenerator()


def language(user) -> str:
    return metadata.read(user, private=True).get(LANGUAGE_KEY) or settings.LANGUAGE_CODE


def set_language(user, code):
    metadata.update(user, [(LANGUAGE_KEY, code)], private=True)


# Django's validator codes as Saleor's AccountErrorCode; any other refusal is INVALID_PASSWORD.
VALIDATOR_CODES = {"password_too_short": "PASSWORD_TOO_SHORT", "password_too_common": "PASSWORD_TOO_COMMON",
                   "password_entirely_numeric": "PASSWORD_ENTIRELY_NUMERIC",
                   "password_too_similar": "PASSWORD_TOO_SIMILAR"}


def check_new_password(user, password, field="password"):
    # accountRegister's minimum (imported here: that module imports the account types, which import this one)
    from marketplace.graphql.checkout.account import MIN_PASSWORD_LENGTH

    try:
        if len(password or "") < MIN_PASSWORD_LENGTH:
            raise ValidationError(_("This password is too short. It must contain at least %(min)d characters.")
                                  % {"min": MIN_PASSWORD_LENGTH}, code="password_too_short")
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        code = VALIDATOR_CODES.get(exc.error_list[0].code, "INVALID_PASSWORD")
        raise AccountProblem(code, " ".join(exc.messages), field) from None


def change_password(user, old_password, new_password):
    if not user.check_password(old_password or ""):
        raise AccountProblem("INVALID_PASSWORD", _("Old password isn't valid."), "oldPassword")
    check_new_password(user, new_password, "newPassword")
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user


def check_storefront_url(url, field="redirectUrl"):
    parts = urlsplit(url or "")
    origin = f"{parts.scheme}://{parts.netloc}".lower()
    allowed = {f"{urlsplit(entry).scheme}://{urlsplit(entry).netloc}".lower()
               for entry in settings.OTOP_STOREFRONT_URLS}
    if parts.scheme not in ("http", "https") or origin not in allowed:
        raise AccountProblem("INVALID", _("%(url)s is not one of the shop's storefront addresses.") % {"url": url},
                             field)
    return url


def _link(url, **params):
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"


def _mail(user, subject, body, link):
    with translation.override(language(user)):
        send_mail(_(subject), _(body) % {"name": user.first_name or user.email, "link": link},
                  settings.DEFAULT_FROM_EMAIL, [user.email])


def request_password_reset(email, redirect_url):
    """Mails a reset link to an active account with this e-mail; silent for any other e-mail."""
    check_storefront_url(redirect_url)
    user = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or _recently_mailed(user):
        return
    metadata.update(user, [(RESET_REQUESTED_KEY, str(int(time.time())))], private=True)
    link = _link(redirect_url, email=user.email, token=default_token_generator.make_token(user))
    _mail(user, PASSWORD_RESET_SUBJECT, PASSWORD_RESET_BODY, link)


def _recently_mailed(user) -> bool:
    last = metadata.read(user, private=True).get(RESET_REQUESTED_KEY, "")
    return last.isdigit() and time.time() - int(last) < RESET_LOCK_SECONDS


def set_password(email, token, password):
    """The user whose reset ``token`` this is, with the new password; the token works only once."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token or ""):
        raise AccountProblem("INVALID", _("Invalid or expired token."), "token")
    check_new_password(user, password)
    user.set_password(password)
    user.save(update_fields=["password"])  # a new password hash makes the token invalid
    return user


def request_deletion(user, redirect_url):
    check_storefront_url(redirect_url)
    _mail(user, DELETION_SUBJECT, DELETION_BODY, _link(redirect_url, token=deletion_tokens.make_token(user)))


def delete_account(user, token):
    if not deletion_tokens.check_token(user, token or ""):
        raise AccountProblem("INVALID", _("Invalid or expired token."), "token")
    user.is_active = False  # orders keep their customer; the account can no longer sign in
    user.save(update_fields=["is_active"])


# Marked for translation here, translated in the account's language when the mail is sent.
PASSWORD_RESET_SUBJECT = gettext_noop("Reset your OTOP Marketplace password")
PASSWORD_RESET_BODY = gettext_noop("Hello %(name)s,\n\nSomeone asked to reset the password of your OTOP "
                                   "Marketplace account. To choose a new password, open this link:\n\n%(link)s\n\n"
                                   "If it was not you, ignore this e-mail: your password stays as it is.\n")
DELETION_SUBJECT = gettext_noop("Confirm the deletion of your OTOP Marketplace account")
DELETION_BODY = gettext_noop("Hello %(name)s,\n\nTo delete your OTOP Marketplace account, open this link:"
                             "\n\n%(link)s\n\nIf you did not ask for this, ignore this e-mail: "
                             "your account stays as it is.\n")
