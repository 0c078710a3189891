"""JSON Web Tokens for API clients, as Saleor issues them: a short-lived access token and a
long-lived refresh token, HS256-signed with ``GRAPHQL_JWT_SECRET`` (env ``OTOP_JWT_SECRET``).
A token is tied to the user's password hash and to a key of the account's (private metadata
``jwtTokenKey``), so changing the password revokes it, and so does ``deactivate_all`` (Saleor's
``tokensDeactivateAll``: the user signs every client out), which draws a new key.

Its issuer (``iss``) is the API's public URL, as Saleor's: ``@saleor/auth-sdk`` attaches a token
only to requests to the URL its ``iss`` names. ``GRAPHQL_PUBLIC_URL`` (env ``OTOP_PUBLIC_API_URL``)
gives it behind a proxy; otherwise it is the absolute /graphql/ URL of the request. A token of
another issuer (another site, or the fixed ``otop-marketplace`` of earlier versions) is refused."""
import datetime
import hashlib

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from marketplace.metadata import store as metadata
from marketplace.metadata.models import Metadata

ACCESS, REFRESH = "access", "refresh"
ALGORITHM = "HS256"


class TokenError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


TOKEN_KEY = "jwtTokenKey"  # private metadata: drawn anew by ``deactivate_all``


def _stamp(user, key) -> str:
    """What a token carries of the account: its password hash and its key (none until it is first
    drawn: the tokens of earlier versions, stamped with the password alone, keep working)."""
    mixed = f"{user.password or ''}\n{key}" if key else (user.password or "")
    return hashlib.sha256(mixed.encode()).hexdigest()[:16]


def _key(user) -> str:
    return metadata.read(user, private=True).get(TOKEN_KEY, "")


def deactivate_all(user) -> None:
    """Every token issued to ``user`` so far stops working (the account's key is drawn anew)."""
    metadata.update(user, [(TOKEN_KEY, get_random_string(24))], private=True)


def _with_key(users):
    """``users`` with each one's token key read in the same statement (``_token_key``)."""
    rows = Metadata.objects.filter(content_type=ContentType.objects.get_for_model(get_user_model()),
                                   object_id=Cast(OuterRef("pk"), CharField()))
    return users.annotate(_token_key=Subquery(rows.values(key=KT(f"private__{TOKEN_KEY}"))[:1]))


def issuer(request) -> str:
    return settings.GRAPHQL_PUBLIC_URL or request.build_absolute_uri(reverse("graphql"))


def create(user, request, kind=ACCESS) -> str:
    now = timezone.now()
    lifetime = (datetime.timedelta(minutes=settings.GRAPHQL_ACCESS_TOKEN_MINUTES) if kind == ACCESS
                else datetime.timedelta(days=settings.GRAPHQL_REFRESH_TOKEN_DAYS))
    payload = {
        "iat": int(now.timestamp()), "exp": int((now + lifetime).timestamp()), "token": _stamp(user, _key(user)),
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
    try:
        user = _with_key(get_user_model().objects.filter(pk=int(payload["user_id"]), is_active=True)).first()
    except (TypeError, ValueError):
        user = None
    if user is None or payload.get("token") != _stamp(user, user._token_key):
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
