"""Confirming a new account by e-mail through /graphql/, as Saleor 3.23 and its storefront do it:
``accountRegister(input: {…, redirectUrl})`` mails ``<redirectUrl>?email=…&token=…`` when the shop
requires confirmation, and the storefront's confirmation page calls ``confirmAccount(email, token)``."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from buying import in_english
from graphql_client import data
from jobs_fixtures import job_rows, run_enqueued
from marketplace.testing.factories import UserFactory
from test_account_enumeration import _statements

pytestmark = pytest.mark.django_db
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
PASSWORD = "a long enough passphrase 42"
STOREFRONT = "http://localhost:3000"
ERRORS = "errors { field code message }"
REGISTER = f"""mutation($input: AccountRegisterInput!) {{
  accountRegister(input: $input) {{ requiresConfirmation user {{ email }} {ERRORS} }} }}"""
CONFIRM = f"""mutation($email: String!, $token: String!) {{
  confirmAccount(email: $email, token: $token) {{ user {{ email isActive isConfirmed }} {ERRORS} }} }}"""
SIGN_IN = f"""mutation($email: String!, $password: String!) {{
  tokenCreate(email: $email, password: $password) {{ token {ERRORS} }} }}"""


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


@pytest.fixture
def confirming(settings):
    settings.OTOP_ACCOUNT_CONFIRMATION = True
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]


def _register(email="haruka@example.jp", redirect_url=f"{STOREFRONT}/account/confirm", **extra):
    return data(REGISTER, {"input": {"email": email, "password": PASSWORD, "redirectUrl": redirect_url,
                                     "channel": "th-thb", **extra}})["accountRegister"]


def _link():
    [message] = mail.outbox
    return re.search(rf"{re.escape(STOREFRONT)}/\S+", message.body).group(0)


def _codes(answer):
    return [(error["field"], error["code"]) for error in answer["errors"]]


def _sign_in(email="haruka@example.jp", password=PASSWORD):
    return data(SIGN_IN, {"email": email, "password": password})["tokenCreate"]


def test_registration_mails_a_link_and_the_account_signs_in_once_confirmed(confirming):
    # given a shop that confirms accounts by e-mail
    # when a shopper registers from the storefront
    registered = _register(languageCode="EN")

    # then they are told to confirm, the mail goes once the registration is committed
    assert registered == {"requiresConfirmation": True, "user": {"email": "haruka@example.jp"}, "errors": []}
    assert mail.outbox == [] and len(job_rows(ACCOUNT_MAIL)) == 1
    assert run_enqueued(ACCOUNT_MAIL) == 1
    link = urlsplit(_link())
    params = parse_qs(link.query)
    assert (link.path, params["email"]) == ("/account/confirm", ["haruka@example.jp"])
    assert mail.outbox[0].to == ["haruka@example.jp"] and "Confirm" in mail.outbox[0].subject  # in English

    # and until they confirm they cannot sign in; a wrong password does not say the account exists
    refused = _sign_in()
    assert refused["token"] is None and _codes(refused) == [("email", "ACCOUNT_NOT_CONFIRMED")]
    assert refused["errors"][0]["message"]
    assert _codes(_sign_in(password="wrong password")) == [("email", "INVALID_CREDENTIALS")]

    # when they open the link
    confirmed = data(CONFIRM, {"email": params["email"][0], "token": params["token"][0]})["confirmAccount"]

    # then the account is active and signs in; the link does not work twice
    assert confirmed == {"user": {"email": "haruka@example.jp", "isActive": True, "isConfirmed": True}, "errors": []}
    assert _sign_in()["errors"] == [] and _sign_in()["token"]
    again = data(CONFIRM, {"email": params["email"][0], "token": params["token"][0]})["confirmAccount"]
    assert again["user"] is None and _codes(again) == [("token", "INVALID")]


def test_the_confirmation_mail_is_in_the_registrations_language(confirming):
    from django.utils import translation

    from marketplace.accounts.mail import CONFIRMATION_SUBJECT

    _register()  # no languageCode: the shop's language, Thai
    run_enqueued(ACCOUNT_MAIL)
    with translation.override("th"):
        assert mail.outbox[0].subject == translation.gettext(CONFIRMATION_SUBJECT)


@pytest.mark.parametrize("redirect_url, code", [(None, "REQUIRED"), ("https://evil.example/confirm", "INVALID"),
                                                ("https://localhost:3000.evil.example/confirm", "INVALID")])
def test_without_a_storefront_redirect_url_nothing_is_registered_or_mailed(confirming, redirect_url, code):
    answer = _register(redirect_url=redirect_url)
    assert _codes(answer) == [("redirectUrl", code)]
    assert answer["user"] is None and answer["requiresConfirmation"] is True
    assert not get_user_model().objects.filter(email="haruka@example.jp").exists()
    assert job_rows(ACCOUNT_MAIL) == []


def test_a_wrong_token_or_another_email_confirms_nothing(confirming):
    # given a registered account waiting for confirmation, and another one
    _register()
    _register(email="somchai@example.com")
    run_enqueued(ACCOUNT_MAIL)
    haruka_token = parse_qs(urlsplit(re.search(rf"{re.escape(STOREFRONT)}/\S+", mail.outbox[0].body).group(0))
                            .query)["token"][0]

    # when someone tries a made-up token, the token with the other e-mail, and an unknown e-mail
    tries = [data(CONFIRM, variables)["confirmAccount"] for variables in (
        {"email": "haruka@example.jp", "token": "nonsense"},
        {"email": "somchai@example.com", "token": haruka_token},
        {"email": "nobody@example.com", "token": haruka_token})]

    # then each is the same typed refusal and no account opened
    for answer in tries:
        assert answer["user"] is None and _codes(answer) == [("token", "INVALID")]
    assert len({answer["errors"][0]["message"] for answer in tries}) == 1
    assert not get_user_model().objects.filter(is_active=True).exists()


def test_a_closed_account_is_not_reopened_by_a_confirmation_token(confirming):
    # given an account that was confirmed and later closed
    _register()
    run_enqueued(ACCOUNT_MAIL)
    params = parse_qs(urlsplit(_link()).query)
    data(CONFIRM, {"email": "haruka@example.jp", "token": params["token"][0]})
    get_user_model().objects.filter(email="haruka@example.jp").update(is_active=False)

    # when the old link is opened again
    again = data(CONFIRM, {"email": "haruka@example.jp", "token": params["token"][0]})["confirmAccount"]

    # then it stays closed
    assert _codes(again) == [("token", "INVALID")]
    assert not get_user_model().objects.get(email="haruka@example.jp").is_active


def test_an_account_closed_without_confirmation_pending_is_inactive_not_unconfirmed(confirming):
    UserFactory(email="closed@example.com", is_active=False)
    assert _codes(_sign_in(email="closed@example.com", password="correct horse battery staple")) == [
        ("email", "INACTIVE")]


def test_without_confirmation_registration_mails_nothing_and_signs_in_at_once(settings):
    settings.OTOP_ACCOUNT_CONFIRMATION = False
    registered = _register(redirect_url=None)
    assert registered == {"requiresConfirmation": False, "user": {"email": "haruka@example.jp"}, "errors": []}
    assert job_rows(ACCOUNT_MAIL) == []
    assert _sign_in()["errors"] == []


# --- the storefront's own registration forms keep the same rule -------------------------------

@pytest.mark.parametrize("form", ["register", "sign-in page"])
def test_a_storefront_registration_waits_for_its_mailed_link_when_the_shop_confirms(client, confirming, settings, form):
    # given a shop that confirms accounts by e-mail
    # when a shopper registers on the Thai storefront (its registration page, or the sign-in page's form)
    if form == "register":
        response = client.post("/accounts/register/", {"email": "malee@example.org", "password1": PASSWORD,
                                                       "password2": PASSWORD}, follow=True)
    else:
        response = client.post("/accounts/login/", {
            "registration_submit": "Register", "registration-email": "malee@example.org",
            "registration-password1": PASSWORD, "registration-password2": PASSWORD}, follow=True)

    # then the account exists but is not signed in and cannot sign in until its link is opened
    account = get_user_model().objects.get(email="malee@example.org")
    assert not account.is_active and not response.wsgi_request.user.is_authenticated
    assert "เปิดลิงก์" in response.content.decode()  # told, in Thai, to open the mailed link
    assert not client.login(username="malee@example.org", password=PASSWORD)
    # and the link, mailed in Thai after the commit, is on this shop's own address
    assert run_enqueued(ACCOUNT_MAIL) == 1
    [message] = mail.outbox
    assert message.to == ["malee@example.org"] and "OTOP" in message.subject and "ยืนยัน" in message.subject
    link = re.search(rf"{re.escape(settings.OTOP_SITE_URL)}(/accounts/confirm/\S+)", message.body).group(1)

    # when the shopper opens it
    opened = client.get(link, follow=True)

    # then the account is active and signs in; the link does not work twice
    assert opened.redirect_chain[-1][0].startswith("/accounts/login/")
    account.refresh_from_db()
    assert account.is_active and client.login(username="malee@example.org", password=PASSWORD)
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "ไม่ถูกต้อง" in again or "ใช้ไปแล้ว" in again


def test_without_confirmation_the_storefront_registration_signs_in_at_once(client, settings):
    settings.OTOP_ACCOUNT_CONFIRMATION = False

    response = client.post("/accounts/register/", {"email": "malee@example.org", "password1": PASSWORD,
                                                   "password2": PASSWORD}, follow=True)

    assert response.wsgi_request.user.is_authenticated
    assert get_user_model().objects.get(email="malee@example.org").is_active


def _storefront_register(client, form, email):
    if form == "register":
        return client.post("/accounts/register/", {"email": email, "password1": PASSWORD, "password2": PASSWORD},
                           follow=True)
    return client.post("/accounts/login/", {
        "registration_submit": "Register", "registration-email": email,
        "registration-password1": PASSWORD, "registration-password2": PASSWORD}, follow=True)


def _what_the_page_says(response):
    return (response.status_code, response.redirect_chain, [str(m) for m in response.context["messages"]],
            response.wsgi_request.user.is_authenticated)


@pytest.mark.parametrize("form", ["register", "sign-in page"])
def test_a_storefront_registration_does_not_tell_who_has_an_account_when_the_shop_confirms(client, confirming,
                                                                                            form):
    # given a shop that confirms accounts by e-mail, and a shopper who has an account
    holder = UserFactory(email="haruka@example.jp")
    holders_password = holder.password
    new = _storefront_register(client, form, "malee@example.org")
    assert run_enqueued(ACCOUNT_MAIL) == 1
    mail.outbox.clear()

    # when a stranger registers the holder's address (in another case) on the same form
    taken = _storefront_register(client, form, "Haruka@Example.JP")

    # then the page answers exactly as it answered a new address: no "already exists"
    assert _what_the_page_says(taken) == _what_the_page_says(new)
    assert "already" not in taken.content.decode() and "มีอยู่แล้ว" not in taken.content.decode()
    # and nothing is written or mailed: the account is still its holder's alone, with its password
    assert list(get_user_model().objects.filter(email__iexact="haruka@example.jp")) == [holder]
    holder.refresh_from_db()
    assert holder.password == holders_password and holder.is_active
    assert job_rows(ACCOUNT_MAIL) == [] and mail.outbox == []


def test_without_confirmation_the_storefront_registration_says_an_address_is_taken(client, settings):
    # (the account would be signed in at once, so the page cannot answer a taken address as a new one)
    settings.OTOP_ACCOUNT_CONFIRMATION = False
    UserFactory(email="haruka@example.jp")

    response = _storefront_register(client, "register", "haruka@example.jp")

    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated
    assert response.context["form"].errors["email"]
    assert get_user_model().objects.filter(email__iexact="haruka@example.jp").count() == 1


@pytest.mark.parametrize("form", ["register", "sign-in page"])
def test_a_storefront_registration_of_a_taken_address_costs_the_database_what_a_new_one_does(confirming, form):
    # given a shop that confirms accounts by e-mail, and a shopper who has an account
    UserFactory(email="haruka@example.jp")

    # when a stranger registers the holder's address, then a new one, each from a fresh browser
    with CaptureQueriesContext(connection) as taken:
        _storefront_register(Client(), form, "haruka@example.jp")
    with CaptureQueriesContext(connection) as new:
        _storefront_register(Client(), form, "malee@example.org")

    # then both sent the same statements (the taken one's writes undone), so neither answers sooner
    assert _statements(taken.captured_queries) == _statements(new.captured_queries)
    assert "INSERT auth_user" in _statements(taken.captured_queries)
    assert get_user_model().objects.filter(email__iexact="haruka@example.jp").count() == 1
    assert run_enqueued(ACCOUNT_MAIL) == 1 and [message.to for message in mail.outbox] == [["malee@example.org"]]
