"""Confirming a new account's e-mail (Saleor's "confirm accounts by e-mail" and ``confirmAccount``).

When the shop requires it (``OTOP_ACCOUNT_CONFIRMATION``), an account registered through the API
or on the storefront's own registration forms stays inactive, so it cannot sign in anywhere, until
its holder opens the link mailed to them: ``<redirectUrl>?email=…&token=…``, on one of the shop's
storefronts (``mail.check_storefront_url``), as Saleor builds it, or on this shop's own
``/accounts/confirm/`` (``confirm_view``) for an account registered here. The mail is a job of the registration's transaction: it goes after the
commit, never for an account that was not created.

A confirmed e-mail is the holder's, so the orders placed earlier as a guest with it join the
account (``orders.guest_orders``). The token works once (it covers the account's active flag) and
only for an account that is waiting: a closed account (``deletion``) is inactive too, and no old
link may open it again.
"""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from marketplace.accounts import mail, profile
from marketplace.accounts.errors import AccountError, AccountErrorCode
from marketplace.core import site
from marketplace.metadata import store as metadata
from marketplace.orders import guest_orders

PENDING_KEY = "accountConfirmationPending"  # private metadata of an account waiting for its confirmation


class ConfirmationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "marketplace.accounts.confirmation.ConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.is_active}"


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


@transaction.atomic
def confirm_account(email, token):
    """The account whose confirmation ``token`` this is, now active, with its earlier guest orders."""
    user = get_user_model().objects.filter(email__iexact=(email or "").strip()).order_by("pk").first()
    if user is None or not is_pending(user) or not confirmation_tokens.check_token(user, token or ""):
        raise AccountError(AccountErrorCode.INVALID, _("Invalid or expired token."), "token")
    user.is_active = True
    user.save(update_fields=["is_active"])
    metadata.delete(user, [PENDING_KEY], private=True)
    guest_orders.attach_to(user)
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
    """``/accounts/confirm/?email=…&token=…``: the link mailed by ``storefront_registration``."""
    try:
        confirm_account(request.GET.get("email"), request.GET.get("token"))
    except AccountError:
        messages.error(request, _("This confirmation link is not valid: it was used already, or the account "
                                  "is not waiting for one."))
    else:
        messages.success(request, _("Your account is confirmed. Sign in to continue."))
    return redirect("customer:login")
