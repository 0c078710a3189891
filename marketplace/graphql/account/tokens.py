"""JSON Web Tokens for API clients, as Saleor issues them: a short-lived access token and a
long-lived refresh token, HS256-signed with ``GRAPHQL_JWT_SECRET`` (env ``OTOP_JWT_SECRET``).
A token is tied to the user's password hash, so changing the password revokes it.

Its issuer (``iss``) is the API's public URL, as Saleor's: ``@saleor/auth-sdk`` attaches a token
only to requests to the URL its ``iss`` names. ``GRAPHQL_PUBLIC_URL`` (env ``OTOP_PUBLIC_API_URL``)
gives it behind a proxy; otherwise it is the absolute /graphql/ URL of the request. A token of
another issuer (another site, or the fixed ``otop-marketplace`` of earlier versions) is refused."""
import datetime
import hashlib

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

ACCESS, REFRESH = "access", "refresh"
ALGORITHM = "HS256"


class TokenError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _password_stamp(user) -> str:
    return hashlib.sha256((user.password or "").encode()).hexdigest()[:16]


def issuer(request) -> str:
    return settings.GRAPHQL_PUBLIC_URL or request.build_absolute_uri(reverse("graphql"))


def create(user, request, kind=ACCESS) -> str:
    now = timezone.now()
    lifetime = (datetime.timedelta(minutes=settings.GRAPHQL_ACCESS_TOKEN_MINUTES) if kind == ACCESS
                else datetime.timedelta(days=settings.GRAPHQL_REFRESH_TOKEN_DAYS))
    payload = {
        "iat": int(now.timestamp()), "exp": int((now + lifetime).timestamp()), "token": _password_stamp(user),
        "email": user.email, "type": kind, "user_id": str(user.pk), "is_staff": bool(user.is_staff),
        "iss": issuer(request),
    }
    return jwt.encode(payload, settings.GRAPHQL_JWT_SECRET, algorithm=ALGORITHM)


def decode(token: str, request) -> dict:
    """The payload of a valid token this API issued; ``TokenError`` with Saleor's code otherwise."""
    try:
        return jwt.decode(token, settings.GRAPHQL_JWT_SECRET, algorithms=[ALGORITHM], issuer=issuer(request),
                          options={"require": ["exp", "type", "user_id", "iss"]})
    except jwt.ExpiredSignatureError:
        raise TokenError("JWT_SIGNATURE_EXPIRED", _("Signature has expired")) from None
    except jwt.DecodeError:
        raise TokenError("JWT_DECODE_ERROR", _("Error decoding signature")) from None
    except jwt.InvalidTokenError:
        raise TokenError("JWT_INVALID_TOKEN", _("Invalid token")) from None


def user_for(payload: dict, kind=ACCESS):
    """The active user a decoded token of ``kind`` stands for."""
    if payload.get("type") != kind:
        raise TokenError("JWT_INVALID_TOKEN", _("Invalid token type: expected a %(kind)s token") % {"kind": kind})
    user = get_user_model().objects.filter(pk=payload["user_id"], is_active=True).first()
    if user is None or payload.get("token") != _password_stamp(user):
        raise TokenError("JWT_INVALID_TOKEN", _("Invalid token"))
    return user


def user_from_header(request):
    """The user of the request's ``Authorization: Bearer <access token>`` header, or None."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header or not header.lower().startswith(("bearer ", "jwt ")):
        return None
    try:
        return user_for(decode(header.split(" ", 1)[1].strip(), request))
    except TokenError:
        return None
