"""JSON Web Tokens for API clients, as Saleor issues them: a short-lived access token and a
long-lived refresh token, HS256-signed with ``GRAPHQL_JWT_SECRET`` (env ``OTOP_JWT_SECRET``).
A token is tied to the user's password hash, so changing the password revokes it."""
import datetime
import hashlib

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

ACCESS, REFRESH = "access", "refresh"
ALGORITHM = "HS256"


class TokenError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _password_stamp(user) -> str:
    return hashlib.sha256((user.password or "").encode()).hexdigest()[:16]


def create(user, kind=ACCESS) -> str:
    now = timezone.now()
    lifetime = (datetime.timedelta(minutes=settings.GRAPHQL_ACCESS_TOKEN_MINUTES) if kind == ACCESS
                else datetime.timedelta(days=settings.GRAPHQL_REFRESH_TOKEN_DAYS))
    payload = {
        "iat": int(now.timestamp()), "exp": int((now + lifetime).timestamp()), "token": _password_stamp(user),
        "email": user.email, "type": kind, "user_id": str(user.pk), "is_staff": bool(user.is_staff),
        "iss": "otop-marketplace",
    }
    return jwt.encode(payload, settings.GRAPHQL_JWT_SECRET, algorithm=ALGORITHM)


def decode(token: str) -> dict:
    """The payload of a valid token; ``TokenError`` with Saleor's code otherwise."""
    try:
        return jwt.decode(token, settings.GRAPHQL_JWT_SECRET, algorithms=[ALGORITHM],
                          options={"require": ["exp", "type", "user_id"]})
    except jwt.ExpiredSignatureError:
        raise TokenError("JWT_SIGNATURE_EXPIRED", "Signature has expired") from None
    except jwt.DecodeError:
        raise TokenError("JWT_DECODE_ERROR", "Error decoding signature") from None
    except jwt.InvalidTokenError:
        raise TokenError("JWT_INVALID_TOKEN", "Invalid token") from None


def user_for(payload: dict, kind=ACCESS):
    """The active user a decoded token of ``kind`` stands for."""
    if payload.get("type") != kind:
        raise TokenError("JWT_INVALID_TOKEN", f"Invalid token type: expected a {kind} token")
    user = get_user_model().objects.filter(pk=payload["user_id"], is_active=True).first()
    if user is None or payload.get("token") != _password_stamp(user):
        raise TokenError("JWT_INVALID_TOKEN", "Invalid token")
    return user


def user_from_header(header: str):
    """The user of an ``Authorization: Bearer <access token>`` header, or None."""
    if not header or not header.lower().startswith(("bearer ", "jwt ")):
        return None
    try:
        return user_for(decode(header.split(" ", 1)[1].strip()))
    except TokenError:
        return None
