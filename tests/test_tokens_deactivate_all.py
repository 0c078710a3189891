"""Saleor's ``tokensDeactivateAll``: a user who fears a token leaked (a lost phone, a shared computer)
signs every API client out at once. Every access and refresh token issued to them before stops
working; other users' tokens do not; a new sign-in works."""
import pytest
from django.test import Client

from graphql_client import data, post
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
CREATE = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
            { token refreshToken errors { code } } }"""
REFRESH = """mutation($refresh: String!) { tokenRefresh(refreshToken: $refresh) { token errors { field code } } }"""
DEACTIVATE = "mutation { tokensDeactivateAll { errors { field code message } } }"
ME = "{ me { email } }"


def _sign_in(user):
    answer = data(CREATE, {"email": user.email, "password": PASSWORD}, client=Client())["tokenCreate"]
    assert answer["errors"] == []
    return answer["token"], answer["refreshToken"]


def _me(token):
    return data(ME, token=token)["me"]


def test_every_token_of_the_user_stops_working_and_a_new_sign_in_works():
    # given a shopper signed in on a phone and a laptop, and another shopper
    user, other = UserFactory(), UserFactory()
    phone, phone_refresh = _sign_in(user)
    laptop, _ = _sign_in(user)
    others, others_refresh = _sign_in(other)
    assert _me(phone) == _me(laptop) == {"email": user.email}

    # when the laptop signs every client out
    assert data(DEACTIVATE, token=laptop)["tokensDeactivateAll"] == {"errors": []}

    # then neither token nor the refresh token works any more, and the other shopper's still do
    assert _me(phone) is None and _me(laptop) is None
    assert data(REFRESH, {"refresh": phone_refresh})["tokenRefresh"] == {
        "token": None, "errors": [{"field": "refreshToken", "code": "JWT_INVALID_TOKEN"}]}
    assert _me(others) == {"email": other.email}
    assert data(REFRESH, {"refresh": others_refresh})["tokenRefresh"]["errors"] == []

    # and signing in again gives tokens that work
    fresh, fresh_refresh = _sign_in(user)
    assert _me(fresh) == {"email": user.email}
    assert _me(data(REFRESH, {"refresh": fresh_refresh})["tokenRefresh"]["token"]) == {"email": user.email}


def test_signed_out_it_is_refused():
    status, body = post(DEACTIVATE)
    assert status == 200 and body["data"]["tokensDeactivateAll"] is None
    assert "AUTHENTICATED_USER" in body["errors"][0]["message"]
