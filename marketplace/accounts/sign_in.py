"""Signing in with an e-mail and a password outside Django's login views (the API's
``tokenCreate``): through Django's ``authenticate`` with the request, so the brute-force throttle
(``throttle``, django-axes) counts and refuses these attempts exactly like the storefront's and the
admin's logins. An inactive account is told apart only once its password is right, as Saleor does:
one still waiting for its e-mail confirmation (``confirmation``) is ACCOUNT_NOT_CONFIRMED, a closed
one INACTIVE; with a wrong password either is INVALID_CREDENTIALS, like an unknown e-mail, so
nobody learns without the password that an account exists or was closed."""
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext as _

from marketplace.accounts import confirmation, throttle
from marketplace.accounts.errors import AccountError, AccountErrorCode


def sign_in(request, email, password):
    """The active user with these credentials; an ``AccountError`` says why not."""
    user = authenticate(request, username=email, password=password)
    if user is not None:
        # A token is a sign-in without a session: announce it as Django's login() does, so the
        # throttle clears the account's failures and ``last_login`` is kept, as Saleor does.
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return user
    if throttle.locked_out(request):
        throttle.answered(request)  # the typed error is the answer: the middleware keeps it
        raise AccountError(AccountErrorCode.LOGIN_ATTEMPT_DELAYED, throttle.lockout_message(), "email")
    inactive = get_user_model().objects.filter(email__iexact=email, is_active=False).order_by("pk").first()
    if inactive is not None and inactive.check_password(password):
        if confirmation.is_pending(inactive):
            raise AccountError(AccountErrorCode.ACCOUNT_NOT_CONFIRMED,
                               _("Account needs to be confirmed via email."), "email")
        raise AccountError(AccountErrorCode.INACTIVE, _("Account inactive."), "email")
    # Saleor's words in English (the API's language when the client names none), which clients may match on
    raise AccountError(AccountErrorCode.INVALID_CREDENTIALS, _("Please, enter valid credentials"), "email")
