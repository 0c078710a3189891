"""Changing an account's e-mail (Saleor's ``requestEmailChange`` and ``confirmEmailChange``, and the
storefront's "Change e-mail" page): the holder asks with their password, the shop mails a link to
the new address, and the address changes when the holder, signed in, opens it.

So an address becomes an account's only once it has shown to be its holder's, as at registration
(``confirmation``): a guest's orders placed with an address join the account that holds it
(``orders.guest_orders``), and a link the shop mails goes to it, so an unproven address would hand
another person's orders and mails to whoever typed it. The old address is told of the change.

The link works once (it names the address it changes from) and for ``MAX_AGE`` seconds, for the
account it was mailed for only; an account is mailed at most ``REQUESTS_PER_HOUR`` of them an hour.
The mails are jobs of the request's transaction: they go after the commit (``mail.enqueue_mail``).
"""
import secrets

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext as _

from marketplace.accounts import mail, registration, throttle
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.orders import address_proof

SALT = "marketplace.accounts.email_change"
MAX_AGE = 24 * 3600  # a day to open the link
REQUESTS_KEY = "emailChangeRequestedAt"  # private metadata: when the links went out
REQUESTS_PER_HOUR = 3  # a mistyped address may be asked again, but nobody is mailed links by the dozen


def clean_new_email(user, new_email, field="newEmail") -> str:
    """``new_email`` as it would be kept, or ``AccountError`` on ``field``."""
    email = registration.clean_email(new_email, field)
    if email == (user.email or "").lower():
        raise AccountError(AccountErrorCode.INVALID, _("This is already your e-mail address."), field)
    if registration.has_account(email):  # (the account's own address was refused above)
        raise AccountError(AccountErrorCode.UNIQUE, _("An account with this e-mail address already exists."), field)
    return email


def request_change(user, new_email, password, redirect_url, *, own_page=False, request=None) -> str:
    """Mails the link that changes ``user``'s e-mail to ``new_email`` to that address; returns the
    address. ``redirect_url``: where the link opens, one of the shop's storefronts
    (``mail.check_storefront_url``), or this shop's own page when ``own_page``. The password is tried
    as a sign-in from ``request`` (``throttle.password_again``: counted, refused once locked out)."""
    if not throttle.password_again(request, user, password):  # (outside the transaction: a failure counts)
        raise AccountError(AccountErrorCode.INVALID_CREDENTIALS, _("Password isn't valid."), "password")
    return _mail_link(user, new_email, redirect_url, own_page)


@transaction.atomic
def _mail_link(user, new_email, redirect_url, own_page) -> str:
    email = clean_new_email(user, new_email)
    if not own_page:
        mail.check_storefront_url(redirect_url)
    if not mail.may_send(user, REQUESTS_KEY, REQUESTS_PER_HOUR, 3600):
        raise AccountError(AccountErrorCode.INVALID, _("You have asked for %(count)d links in the last hour: "
                                                       "ask again later.") % {"count": REQUESTS_PER_HOUR})
    token = signing.dumps({"user": user.pk, "old": user.email, "new": email}, salt=SALT, compress=True)
    mail.enqueue_mail(user, mail.EMAIL_CHANGE_SUBJECT, mail.EMAIL_CHANGE_BODY, mail.link(redirect_url, token=token),
                      to=email)
    return email


def _invalid() -> AccountError:
    return AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")


@transaction.atomic
def confirm_change(user, token):
    """``user`` with the e-mail the link of ``token`` was mailed to, and the guest orders placed with
    it. A link of another account, one already used, or one older than ``MAX_AGE`` is INVALID."""
    try:
        wanted = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # (an expired one too)
        raise _invalid() from None
    # the account's row as it is now, held until the commit: two links opened at once change it once
    current = get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("email", flat=True).first()
    if not isinstance(wanted, dict) or wanted.get("user") != user.pk or wanted.get("old") != current:
        raise _invalid()
    old, new = current, wanted["new"]
    if registration.has_account(new):  # another account took it since the link was mailed (not this one: it has ``old``)
        raise AccountError(AccountErrorCode.UNIQUE, _("An account with this e-mail address already exists."), "token")
    user.email = new
    fields = ["email"]
    if (user.username or "").lower() == (old or "").lower():  # registered with it as its username
        taken = get_user_model().objects.filter(username__iexact=new[:150]).exclude(pk=user.pk).exists()
        user.username = secrets.token_hex(75)[:150] if taken else new[:150]
        fields.append("username")
    user.save(update_fields=fields)
    if old:
        mail.enqueue_mail(user, mail.EMAIL_CHANGED_SUBJECT, mail.EMAIL_CHANGED_BODY, new, to=old)
    address_proof.shown(user)  # the address is shown to be theirs
    return user
