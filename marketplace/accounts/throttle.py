"""Brute-force protection for every sign-in: ``/admin/login/``, the storefront's login (Oscar's)
and the API's ``tokenCreate``, through django-axes, with one policy (settings ``AXES_*``, README
"Security"):

- failures are counted per **account** (whatever the attempts came from) and per **client
  address** (whatever account they tried); when either reaches ``AXES_FAILURE_LIMIT`` within the
  cool-off time, sign-ins for it are refused — even with the right password — until
  ``AXES_COOLOFF_TIME`` has passed since its last counted failure;
- an account is the same whether it is typed as its e-mail (in any case) or its username, so the
  three entry points share one counter;
- the client address is the connecting one, or, behind ``OTOP_TRUSTED_PROXY_COUNT`` proxies (nginx),
  the one the nearest trusted proxy saw in ``X-Forwarded-For``.

A signed-in user's password asked again (to change the password or the e-mail, to delete the
profile: ``password_again``) is a sign-in attempt under the same policy: a stolen session or token
cannot try passwords there without limit, and its failures count towards the account's lockout.

This module holds the policy's pieces that axes calls (``AXES_USERNAME_CALLABLE``,
``AXES_CLIENT_IP_CALLABLE``, ``AXES_LOCKOUT_CALLABLE``) and the message the user reads.
"""
import hashlib
import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import ngettext

from marketplace.accounts.errors import AccountError, AccountErrorCode

ANSWERED = "otop_lockout_answered"  # a view that answered the lockout itself sets this on the request


KEY_LENGTH = 255  # axes' AccessAttempt.username


def account_key(request, credentials) -> str:
    """The account an attempt is for: the account's e-mail when the typed name is an account's e-mail
    or username, else what was typed (lower-cased), so that unknown names are counted too."""
    typed = (credentials or {}).get("username")
    if typed is None:
        typed = request.POST.get("username", "") if request is not None else ""
    typed = (typed or "").strip()
    if not typed:
        return ""
    found = get_user_model().objects.filter(Q(email__iexact=typed) | Q(username=typed)).values_list(
        "email", "username").order_by("pk").first()
    if found is not None:
        return (found[0] or found[1]).lower()
    typed = typed.lower()
    if len(typed) > KEY_LENGTH:  # no account's name is this long: counted under its digest (axes keeps 255)
        return "sha256:" + hashlib.sha256(typed.encode("utf-8", "surrogatepass")).hexdigest()
    return typed


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the one the nearest trusted proxy put in ``X-Forwarded-For``
    (a client may send that header itself, so only the entries the proxies appended are believed)."""
    proxies = settings.OTOP_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def cool_off_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext("Too many failed sign-in attempts. Please try again in %(minutes)d minute.",
                    "Too many failed sign-in attempts. Please try again in %(minutes)d minutes.",
                    minutes) % {"minutes": minutes}


def locked_out(request) -> bool:
    """Whether axes refused (or has just locked) this request's sign-in."""
    return bool(getattr(request, "axes_locked_out", False))


def answered(request):
    """Marks the lockout as answered by the view (the API's typed error), which the middleware keeps."""
    setattr(request, ANSWERED, True)


def password_again(request, user, password, field="password") -> bool:
    """Whether ``password`` is the signed-in ``user``'s, tried as a sign-in of theirs from ``request``:
    a wrong one counts as a failed sign-in, and once the account or the client's address is locked out
    even the right one is refused (``AccountError`` LOGIN_ATTEMPT_DELAYED on ``field``). The failure is
    written to the database at once: call it outside any transaction that the refusal rolls back."""
    # by the username, which is unique (an e-mail need not be), counted under the account as any sign-in
    found = authenticate(request, username=user.get_username(), password=password or "")
    if locked_out(request):
        answered(request)  # the page or the typed error says so: the middleware keeps it
        raise AccountError(AccountErrorCode.LOGIN_ATTEMPT_DELAYED, lockout_message(), field)
    return found is not None and found.pk == user.pk


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out sign-in gets: the view's own answer when it gave one (the API), else a page
    in the user's language (429)."""
    if getattr(request, ANSWERED, False) and original_response is not None:
        return original_response
    return render(request, "accounts/login_locked_out.html", {"message": lockout_message()}, status=429)


class ThrottleBackend(AxesStandaloneBackend):
    """axes' backend (first in ``AUTHENTICATION_BACKENDS``: refuses a locked-out sign-in before any
    password is checked), except for ``authenticate()`` calls without a request. Only server code makes
    those — Oscar signs a shopper in with the password they registered a moment ago — and axes would
    raise there. Every sign-in a client reaches passes its request (the storefront's and the admin's
    login forms, the checkout gateway's returning-customer form, the API's ``tokenCreate``; the tests
    try each)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
