"""Confirming a new account's e-mail (Saleor's "confirm accounts by e-mail" and ``confirmAccount``).

When the shop requires it (``OTOP_ACCOUNT_CONFIRMATION``), an account registered through the API
or on the storefront's own registration forms stays inactive, so it cannot sign in anywhere, until
its holder opens the link mailed to them: ``<redirectUrl>?email=…&token=…``, on one of the shop's
storefronts (``mail.check_storefront_url``), as Saleor builds it, or on this shop's own
``/accounts/confirm/`` (``confirm_view``) for an account registered here. The mail is a job of the registration's transaction: it goes after the
commit, never for an account that was not created.

A confirmed e-mail is the holder's (``address_proof``), so the orders placed as a guest with it join
the account. An account whose address is not confirmed (registered while the shop did not require
it, or whose address staff changed) may ask for the link at any time, signed in
(``send_confirmation``: Saleor's ``sendConfirmationEmail``, or the profile page's button), at most
once a quarter hour. The token works once (it covers the account's active flag and whether its
address is confirmed) and only for an account that is waiting or unconfirmed: a closed account
(``deletion``) is inactive, and no old link may open it again.
"""
from enum import StrEnum

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.utils.translation import gettext as _

from marketplace.accounts import mail, profile
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.core import site
from marketplace.core.errors import DomainError
from marketplace.metadata import store as metadata
from marketplace.orders import address_proof

PENDING_KEY = "accountConfirmationPending"  # private metadata of an account waiting for its confirmation
REQUESTED_KEY = "confirmationRequestedAt"  # private metadata: when a link asked for later went out
REQUEST_LOCK_SECONDS = 15 * 60  # one such link per account per quarter hour, as Saleor


class SendConfirmationErrorCode(StrEnum):
    """What can stop a request for a link confirming an account's address (Saleor 3.23's codes)."""

    INVALID = "INVALID"
    ACCOUNT_CONFIRMED = "ACCOUNT_CONFIRMED"
    CONFIRMATION_ALREADY_REQUESTED = "CONFIRMATION_ALREADY_REQUESTED"
    MISSING_CHANNEL_SLUG = "MISSING_CHANNEL_SLUG"


class SendConfirmationError(DomainError):
    code_enum = SendConfirmationErrorCode


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "marketplace.accounts.confirmation.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}{address_proof.is_confirmed(user)}"


confirmation_tokens = ConfirmationTokenGenerator()


def required() -> bool:
    return settings.OTOP_ACCOUNT_CONFIRMATION


def check_redirect_url(redirect_url):
    """Where the confirmation link may point: asked before the account is created."""
    if not redirect_url:
        raise AccountError(AccountErrorCode.REQUIRED, _("This field is required."), "redirectUrl")
    mail.check_storefront_url(redirect_url)


def request_confirmation(user, redirect_url):
    """Marks the new, inactive ``user`` as waiting and mails them the link (within the caller's transaction)."""
    metadata.update(user, [(PENDING_KEY, "1")], private=True)
    url = mail.link(redirect_url, email=user.email, token=confirmation_tokens.make_token(user))
    mail.enqueue_mail(user, mail.CONFIRMATION_SUBJECT, mail.CONFIRMATION_BODY, url)


def is_pending(user) -> bool:
    return not user.is_active and metadata.read(user, private=True).get(PENDING_KEY) == "1"


def _awaits_confirmation(user) -> bool:
    """A new account waiting for its link, or an active one whose address is not confirmed."""
    return is_pending(user) or (user.is_active and not address_proof.is_confirmed(user))


@transaction.atomic
def send_confirmation(user, redirect_url, *, own_page=False):
    """Mails the signed-in ``user`` a link confirming their address (after the commit); refused when
    it is confirmed already, or a link went out in the last quarter hour. ``redirect_url``: where the
    link opens, one of the shop's storefronts (``mail.check_storefront_url``), or this shop's own
    page when ``own_page``."""
    if address_proof.is_confirmed(user):
        raise SendConfirmationError(SendConfirmationErrorCode.ACCOUNT_CONFIRMED,
                                    _("Your e-mail address is confirmed already."))
    if not own_page:
        mail.check_storefront_url(redirect_url)
    if not mail.may_send(user, REQUESTED_KEY, 1, REQUEST_LOCK_SECONDS):
        raise SendConfirmationError(SendConfirmationErrorCode.CONFIRMATION_ALREADY_REQUESTED,
                                    _("A confirmation link was sent less than 15 minutes ago: open that one, "
                                      "or ask again later."))
    url = mail.link(redirect_url, email=user.email, token=confirmation_tokens.make_token(user))
    mail.enqueue_mail(user, mail.ADDRESS_CONFIRMATION_SUBJECT, mail.ADDRESS_CONFIRMATION_BODY, url)


class SignInFirst(AccountError):
    """A link confirming an active account's address, opened by someone not signed in to it."""


@transaction.atomic
def confirm_account(email, token, signed_in=None):
    """The account whose confirmation ``token`` this is, now active, its address confirmed, with the
    guest orders placed with it. ``signed_in``: who opens the link. The link of an account that is
    already active (``send_confirmation``) works only for that account signed in: the address's holder
    who never registered, opening a link an account that took their address had mailed them, would
    otherwise hand that account their orders."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).order_by("pk").first()
    if user is None or not _awaits_confirmation(user) or not confirmation_tokens.check_token(user, token or ""):
        raise AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")
    if user.is_active and getattr(signed_in, "pk", None) != user.pk:
        raise SignInFirst(AccountErrorCode.INVALID, _("Sign in to the account this link was sent for, then open "
                                                      "the link again."), "token")
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        metadata.delete(user, [PENDING_KEY], private=True)
    address_proof.shown(user)
    return user


def storefront_registration(oscar_mixin):
    """Oscar's registration (``/accounts/register/`` and the sign-in page's form) under the same rule
    as ``accountRegister``: when confirmation is required, the new account is made inactive, in the
    page's language, and mailed a link to ``confirm_view``, instead of being signed in; an address that
    has an account gets the same page, and nothing is kept or mailed (as ``accountRegister``: the same
    rows written, then undone, ``registration.save_as_new``). Through
    Oscar's class loader (``marketplace/core/oscar_classes.py``)."""
    class RegisterUserMixin(oscar_mixin):
        def register_user(self, form):
            if not required():
                return super().register_user(form)
            from marketplace.accounts.registration import has_account, save_as_new

            def with_it(new_user):
                profile.remember_page_language(new_user)  # the mail goes in the page's language
                request_confirmation(new_user, site.url(reverse("otop-account-confirm")))

            with transaction.atomic():
                user = form.save(commit=False)  # its password hashed, for a taken address too: as long
                user.is_active = False
                save_as_new(user, has_account(user.email), with_it)  # a taken one's undone: answered alike
            messages.info(self.request, _("We have e-mailed you a link to confirm your e-mail address: "
                                          "open it to activate your account, then sign in."))
            return user

    return RegisterUserMixin


def confirm_view(request):
    """``/accounts/confirm/?email=…&token=…``: the link mailed by ``storefront_registration`` and by
    ``send_confirmation_view``."""
    signed_in = request.user.is_authenticated
    try:
        confirm_account(request.GET.get("email"), request.GET.get("token"), request.user)
    except SignInFirst as refusal:
        messages.error(request, refusal.message)
        if not signed_in:
            return redirect_to_login(request.get_full_path())
        return redirect("customer:profile-view")
    except AccountError:
        messages.error(request, _("This confirmation link is not valid: it was used already, or the account "
                                  "is not waiting for one."))
    else:
        messages.success(request, _("Your e-mail address is confirmed.") if signed_in
                         else _("Your account is confirmed. Sign in to continue."))
    return redirect("customer:profile-view" if signed_in else "customer:login")


@login_required
@require_POST
def send_confirmation_view(request):
    """The profile page's "Send confirmation link": the link to ``confirm_view``, in the page's language."""
    try:
        profile.remember_page_language(request.user)
        send_confirmation(request.user, site.url(reverse("otop-account-confirm")), own_page=True)
    except SendConfirmationError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("We have e-mailed you a link to confirm your e-mail address: open it to "
                                    "confirm the address."))
    return redirect("customer:profile-view")
