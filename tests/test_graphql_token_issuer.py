"""The access token's issuer is the API's public URL, as Saleor's: @saleor/auth-sdk sends the token
only to the URL its ``iss`` names, so a wrong issuer signs the storefront's shopper out."""
import datetime

import jwt
import pytest
from django.conf import settings
from django.test import Client

from graphql_client import data, post
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
CREATE = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
  { token refreshToken errors { field code message } } }"""
VERIFY = "mutation($t: String!) { tokenVerify(token: $t) { isValid errors { field code } } }"
REFRESH = "mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { field code } } }"


def _sign_in(user, **kwargs):
    return data(CREATE, {"email": user.email, "password": PASSWORD}, **kwargs)["tokenCreate"]


def _claims(token):
    return jwt.decode(token, options={"verify_signature": False})


def _forged(user, issuer, kind="access"):
    """A token signed with the API's own secret but naming ``issuer``."""
    good = _claims(_sign_in(user)["token" if kind == "access" else "refreshToken"])
    return jwt.encode(dict(good, iss=issuer), settings.GRAPHQL_JWT_SECRET, algorithm="HS256")


def test_the_issuer_is_the_absolute_url_of_the_graphql_endpoint_the_client_called():
    # given a shopper
    user = UserFactory(email="somsri@example.com")

    # when they sign in through the API at its usual address
    tokens = _sign_in(user)

    # then both tokens name that /graphql/ URL and the access token opens `me`
    assert tokens["errors"] == []
    assert _claims(tokens["token"])["iss"] == "http://testserver/graphql/"
    assert _claims(tokens["refreshToken"])["iss"] == "http://testserver/graphql/"
    assert data("{ me { email } }", token=tokens["token"])["me"] == {"email": "somsri@example.com"}


def test_behind_a_proxy_the_configured_public_url_is_the_issuer(settings):
    # given an API published as https://api.otop.example/graphql/ by a proxy
    settings.GRAPHQL_PUBLIC_URL = "https://api.otop.example/graphql/"
    user = UserFactory()

    # when a shopper signs in and refreshes
    tokens = _sign_in(user)
    refreshed = data(REFRESH, {"t": tokens["refreshToken"]})["tokenRefresh"]

    # then the tokens name the public URL, not the host the proxy called, and they work
    assert _claims(tokens["token"])["iss"] == "https://api.otop.example/graphql/"
    assert _claims(refreshed["token"])["iss"] == "https://api.otop.example/graphql/"
    assert data("{ me { email } }", token=refreshed["token"])["me"] == {"email": user.email}


@pytest.mark.parametrize("issuer", ["otop-marketplace", "https://elsewhere.example/graphql/"])
def test_a_token_of_the_old_or_another_issuer_is_refused_cleanly(issuer):
    # given a shopper holding tokens signed with our secret that name another issuer
    user = UserFactory()
    access, refresh = _forged(user, issuer), _forged(user, issuer, "refresh")

    # when they use them
    status, me = post("{ me { email } }", token=access)
    verified = data(VERIFY, {"t": access})["tokenVerify"]
    refreshed = data(REFRESH, {"t": refresh})["tokenRefresh"]

    # then they are signed out, with Saleor's typed errors and no server error
    assert status == 200 and me == {"data": {"me": None}}
    assert verified == {"isValid": False, "errors": [{"field": "token", "code": "JWT_INVALID_TOKEN"}]}
    assert refreshed == {"token": None, "errors": [{"field": "refreshToken", "code": "JWT_INVALID_TOKEN"}]}


def test_a_token_without_an_issuer_is_refused():
    user = UserFactory()
    claims = _claims(_sign_in(user)["token"])
    del claims["iss"]
    token = jwt.encode(claims, settings.GRAPHQL_JWT_SECRET, algorithm="HS256")
    assert data("{ me { email } }", token=token)["me"] is None


def test_a_token_issued_at_one_host_does_not_open_another():
    # given a token issued through localhost
    user = UserFactory()
    token = _sign_in(user, client=Client(HTTP_HOST="localhost"))["token"]
    assert _claims(token)["iss"] == "http://localhost/graphql/"

    # then it is good at localhost and refused at testserver
    assert data("{ me { email } }", token=token, client=Client(HTTP_HOST="localhost"))["me"] == {"email": user.email}
    assert data("{ me { email } }", token=token)["me"] is None


def test_an_expired_token_of_the_right_issuer_is_still_expired():
    user = UserFactory()
    claims = _claims(_sign_in(user)["token"])
    claims["exp"] = int((datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1)).timestamp())
    token = jwt.encode(claims, settings.GRAPHQL_JWT_SECRET, algorithm="HS256")
    assert data(VERIFY, {"t": token})["tokenVerify"] == {
        "isValid": False, "errors": [{"field": "token", "code": "JWT_SIGNATURE_EXPIRED"}]}
