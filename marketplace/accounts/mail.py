"""E-mails to an account holder with a link (password reset, deletion, confirmation of a new account or of a
new e-mail address): the link only to one of
the shop's storefronts (``settings.OTOP_STOREFRONT_URLS``), so nobody can have the shop mail a
valid token to a site of theirs; the mail in the account's language, sent by a job enqueued in
the transaction of the change that asked for it (a rollback sends nothing; a mailer that is
away is retried with ``queue.NETWORK_RETRY`` backoff)."""
import time
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.contrib.auth import get_user_model
from django.utils import translation
from django.utils.translation import gettext as _, gettext_noop

from marketplace.accounts import profile
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.metadata import store as metadata


def _origin(url) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_storefront_url(url, field="redirectUrl"):
    if urlsplit(url or "").scheme not in ("http", "https") or _origin(url) not in {
            _origin(entry) for entry in settings.OTOP_STOREFRONT_URLS}:
        raise AccountError(AccountErrorCode.INVALID,
                           _("%(url)s is not one of the shop's storefront addresses.") % {"url": url}, field)
    return url


def link(url, **params) -> str:
    return f"{url}{'&' if urlsplit(url).query else '?'}{urlencode(params)}"


def may_send(user, key, limit, seconds) -> bool:
    """Whether ``user`` may be mailed one more of the links counted under ``key`` (fewer than ``limit``
    went out in the last ``seconds``); if so, counts this one. When they went out is kept in the
    account's private metadata under ``key``: no mail flooding, whichever front end asks."""
    now = int(time.time())
    sent = metadata.read(user, private=True).get(key, "")
    recent = [int(at) for at in sent.split(",") if at.isdigit() and now - int(at) < seconds]
    if len(recent) >= limit:
        return False
    metadata.update(user, [(key, ",".join(str(at) for at in [*recent, now]))], private=True)
    return True


def enqueue_mail(user, subject, body, url, to=None):
    """Mails ``user`` (``subject``/``body`` marked with ``gettext_noop``) by a job that is part of
    the caller's transaction: a worker sends it once the data is committed. ``to``: another address
    of theirs to send it to (an e-mail change's new and old addresses), instead of the account's."""
    from marketplace.accounts import tasks

    other_address = {} if to is None else {"to": to}  # (an account's own mail's job as it always was)
    tasks.send_account_mail.defer(user_id=user.pk, subject=subject, body=body, url=url, **other_address)


def send(user_id, subject, body, url, to=None):
    """The job's body: the mail in the account's language now (nothing if the account is gone)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None or not (to or user.email):
        return
    with translation.override(profile.language(user)):
        send_mail(_(subject), _(body) % {"name": user.first_name or user.email, "link": url},
                  settings.DEFAULT_FROM_EMAIL, [to or user.email])


# Marked for translation here, translated in the account's language when the mail is sent.
PASSWORD_RESET_SUBJECT = gettext_noop("Reset your OTOP Marketplace password")
PASSWORD_RESET_BODY = gettext_noop("Hello %(name)s,\n\nSomeone asked to reset the password of your OTOP "
                                   "Marketplace account. To choose a new password, open this link:\n\n%(link)s\n\n"
                                   "If it was not you, ignore this e-mail: your password stays as it is.\n")
DELETION_SUBJECT = gettext_noop("Confirm the deletion of your OTOP Marketplace account")
DELETION_BODY = gettext_noop("Hello %(name)s,\n\nTo delete your OTOP Marketplace account, open this link:"
                             "\n\n%(link)s\n\nIf you did not ask for this, ignore this e-mail: "
                             "your account stays as it is.\n")
CONFIRMATION_SUBJECT = gettext_noop("Confirm your OTOP Marketplace account")
CONFIRMATION_BODY = gettext_noop("Hello %(name)s,\n\nWelcome to OTOP Marketplace. To confirm your e-mail address "
                                 "and start using your account, open this link:\n\n%(link)s\n\n"
                                 "If you did not register, ignore this e-mail: no account will be opened.\n")
ADDRESS_CONFIRMATION_SUBJECT = gettext_noop("Confirm your e-mail address for OTOP Marketplace")
ADDRESS_CONFIRMATION_BODY = gettext_noop(
    "Hello %(name)s,\n\nYou asked to confirm that this e-mail address is yours. Sign in to your OTOP Marketplace "
    "account and open this link:\n\n%(link)s\n\nThe orders you placed as a guest with this address will then "
    "be in your account. If you have no account with us, or did not ask for this, ignore this e-mail.\n")
EMAIL_CHANGE_SUBJECT = gettext_noop("Confirm your new e-mail address for OTOP Marketplace")
EMAIL_CHANGE_BODY = gettext_noop("Hello %(name)s,\n\nYou asked to use this e-mail address for your OTOP Marketplace "
                                 "account. To confirm it, open this link while signed in:\n\n%(link)s\n\n"
                                 "If you did not ask for this, ignore this e-mail: the account keeps its address.\n")
# Sent to the address an account had (``%(link)s`` is the new address).
EMAIL_CHANGED_SUBJECT = gettext_noop("The e-mail address of your OTOP Marketplace account was changed")
EMAIL_CHANGED_BODY = gettext_noop("Hello %(name)s,\n\nThe e-mail address of your OTOP Marketplace account is now "
                                  "%(link)s: the shop's e-mails go there from now on, and you sign in with it.\n\n"
                                  "If you did not make this change, contact us at once: someone else may be using "
                                  "your account.\n")
