"""Brute-force protection (django-axes, policy in marketplace/accounts/throttle.py): the admin's
login, the storefront's login, the checkout gateway's sign-in and the API's tokenCreate share one
counter per account and one per client address; at the limit, sign-ins are refused — the right
password too — with a message in the user's language, until the cool-off has passed."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client
from django.urls import reverse

from graphql_client import post
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
TOKEN_CREATE = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
  { token errors { field code message } } }"""
THAI_LOCKOUT = "เข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป"
ENGLISH_LOCKOUT = "Too many failed sign-in attempts. Please try again in 15 minutes."


def admin_login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def storefront_login(client, email, password, prefix=""):
    return client.post(f"{prefix}/accounts/login/", {"login-username": email, "login-password": password,
                                                      "login_submit": "1"})


def token_create(client, email, password):
    status, body = post(TOKEN_CREATE, {"email": email, "password": password}, client=client)
    assert status == 200 and "errors" not in body, body
    return body["data"]["tokenCreate"]


def _fail(entry, client, account, times):
    for _ in range(times):
        entry(client, account, "not the password")


def test_the_api_refuses_the_right_password_after_the_limit_with_a_typed_error():
    # given a shopper whose password someone has guessed wrong up to the limit
    user = UserFactory()
    client = Client()
    answers = [token_create(client, user.email, f"guess {number}") for number in range(settings.AXES_FAILURE_LIMIT)]

    # when the right password comes next
    right = token_create(client, user.email, PASSWORD)

    # then the guesses before the limit were plain wrong credentials, the last one and the right one are delayed
    assert {answer["errors"][0]["code"] for answer in answers[:-1]} == {"INVALID_CREDENTIALS"}
    assert answers[-1]["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert right["token"] is None
    assert right["errors"] == [{"field": "email", "code": "LOGIN_ATTEMPT_DELAYED",  # English: no Accept-Language
                                "message": "Too many failed sign-in attempts. Please try again in 15 minutes."}]


def test_below_the_limit_the_right_password_still_works_and_clears_the_count():
    # given one wrong guess short of the limit
    user = UserFactory()
    client = Client()
    _fail(token_create, client, user.email, settings.AXES_FAILURE_LIMIT - 1)

    # when the shopper signs in, then mistypes once more
    right = token_create(client, user.email, PASSWORD)
    again = token_create(client, user.email, "typo")

    # then the sign-in works and the count started over
    assert right["errors"] == [] and right["token"]
    assert again["errors"][0]["code"] == "INVALID_CREDENTIALS"


def test_the_lockout_ends_after_the_cool_off():
    # given a locked account
    user = UserFactory()
    client = Client()
    _fail(token_create, client, user.email, settings.AXES_FAILURE_LIMIT)
    locked = token_create(client, user.email, PASSWORD)

    # when the cool-off time has passed since the last failure
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME
                                 - datetime.timedelta(seconds=1))
    later = token_create(client, user.email, PASSWORD)

    # then the right password works again
    assert locked["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert later["errors"] == [] and later["token"]


def test_the_storefront_login_is_locked_with_a_page_in_the_shoppers_language():
    # given a shopper whose password was guessed wrong up to the limit on the Thai storefront
    user = UserFactory()
    client = Client()
    answers = [storefront_login(client, user.email, "not the password") for _ in range(settings.AXES_FAILURE_LIMIT)]

    # when the right password comes, in Thai and in English
    thai = storefront_login(client, user.email, PASSWORD)
    english = storefront_login(client, user.email, PASSWORD, prefix="/en")

    # then the guesses were answered by the form until the limit, then a lockout page that says why
    assert {answer.status_code for answer in answers[:-1]} == {200}
    assert thai.status_code == english.status_code == 429
    assert THAI_LOCKOUT in thai.content.decode() and ENGLISH_LOCKOUT in english.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_admin_login_is_locked_too():
    # given a staff account whose password was guessed wrong up to the limit
    staff = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    answers = [admin_login(client, staff.username, "not the password") for _ in range(settings.AXES_FAILURE_LIMIT)]

    # when the right password comes
    right = admin_login(client, staff.username, PASSWORD)

    # then it is refused with the lockout page and nobody is signed in
    assert {answer.status_code for answer in answers[:-1]} == {200}
    assert right.status_code == 429 and THAI_LOCKOUT in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_checkout_gateway_sign_in_is_throttled_too():
    # given a shopper whose password was guessed wrong up to the limit through the API, and a basket
    user = UserFactory()
    client = Client()
    _fail(token_create, client, user.email, settings.AXES_FAILURE_LIMIT)
    client.post(reverse("basket:add", kwargs={"pk": certified_product().pk}), {"quantity": 1})

    # when the right password is given on the checkout's "returning customer" form
    response = client.post("/checkout/", {"username": user.email, "password": PASSWORD, "options": "existing"})

    # then it is refused with the lockout page
    assert response.status_code == 429 and THAI_LOCKOUT in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_three_entry_points_share_one_count_per_account_whatever_its_spelling():
    # given a staff account signed into as its username, its e-mail, and its e-mail in capitals
    staff = UserFactory(is_staff=True, is_superuser=True, username="somsri", email="somsri@example.com")
    client = Client()
    third = settings.AXES_FAILURE_LIMIT // 3
    _fail(admin_login, client, "somsri", third)
    _fail(storefront_login, client, "SOMSRI@example.com", third)
    _fail(token_create, client, "somsri@example.com", settings.AXES_FAILURE_LIMIT - 2 * third)

    # when the right password comes on the admin's login
    right = admin_login(client, "somsri", PASSWORD)

    # then the failures added up
    assert right.status_code == 429
    assert AccessAttempt.objects.values_list("username", flat=True).distinct().get() == "somsri@example.com"


def test_a_locked_address_cannot_try_another_account_and_a_locked_account_cannot_be_tried_from_elsewhere():
    # given an account guessed wrong up to the limit from one address
    target, other = UserFactory(), UserFactory()
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _fail(token_create, attacker, target.email, settings.AXES_FAILURE_LIMIT)

    # when that address tries another account, another address tries the locked account, and another
    # address signs in to another account
    same_address = token_create(attacker, other.email, PASSWORD)
    elsewhere = token_create(Client(REMOTE_ADDR="198.51.100.20"), target.email, PASSWORD)
    unrelated = token_create(Client(REMOTE_ADDR="198.51.100.21"), other.email, PASSWORD)

    # then the first two are delayed (per address, per account) and the third works
    assert same_address["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert elsewhere["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert unrelated["errors"] == [] and unrelated["token"]


def test_behind_the_proxy_the_address_is_the_one_it_forwarded_and_a_forged_header_does_not_help(settings):
    # given the shop behind one proxy, which appends the address it saw to X-Forwarded-For
    settings.OTOP_TRUSTED_PROXY_COUNT = 1
    users = [UserFactory() for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    attacker = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    for user in users[:-1]:  # one wrong guess at each of many accounts from one address
        token_create(attacker, user.email, "not the password")

    # when the attacker forges a first address, and a shopper behind the same proxy signs in
    forged = token_create(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.9, 203.0.113.7"),
                          users[-1].email, PASSWORD)
    shopper = token_create(Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20"),
                           users[-1].email, PASSWORD)

    # then the attacker's address is locked whatever it claims, and the shopper is not
    assert forged["errors"][0]["code"] == "LOGIN_ATTEMPT_DELAYED"
    assert shopper["errors"] == [] and shopper["token"]
