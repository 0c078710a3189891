"""Changing an account's e-mail: through the API (Saleor's requestEmailChange and confirmEmailChange)
and on the storefront's own pages, under one rule (``accounts.email_change``): the password is asked,
a link goes to the new address, and the address changes only when the holder, signed in, opens it.
Before, the storefront's "Edit profile" changed it at once, unconfirmed and without the password:
anyone could take on another person's address, and with it that person's later guest orders."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail, signing
from oscar.core.loading import get_model

from buying import in_english, order_for
from graphql_client import data, post, token_for
from jobs_fixtures import job_rows, run_enqueued
from marketplace.accounts import email_change
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
PASSWORD = "correct horse battery staple"  # UserFactory's
STOREFRONT = "http://localhost:3000"
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
ERRORS = "errors { field code message }"
REQUEST = f"""mutation($email: String!, $password: String!, $url: String!, $channel: String) {{
  requestEmailChange(newEmail: $email, password: $password, redirectUrl: $url, channel: $channel) {{
    user {{ email }} {ERRORS} }} }}"""
CONFIRM = f"""mutation($token: String!) {{ confirmEmailChange(token: $token) {{ user {{ email }} {ERRORS} }} }}"""


@pytest.fixture(autouse=True)
def _english(_default_language, settings):
    in_english()
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]


def _request(user, email="new@example.org", password=PASSWORD, url=f"{STOREFRONT}/account/email", **extra):
    return data(REQUEST, {"email": email, "password": password, "url": url, **extra},
                token=token_for(user))["requestEmailChange"]


def _confirm(user, token):
    return data(CONFIRM, {"token": token}, token=token_for(user))["confirmEmailChange"]


def _codes(answer):
    return [(error["field"], error["code"]) for error in answer["errors"]]


def _mailed_token():
    run_enqueued(ACCOUNT_MAIL)
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return parse_qs(urlsplit(link).query)["token"][0], link


def test_the_api_mails_a_link_to_the_new_address_and_the_address_changes_when_it_is_opened():
    # given a signed-in shopper
    user = UserFactory(email="old@example.com")

    # when they ask to change their e-mail
    asked = _request(user)

    # then nothing changes yet; once the request is committed, a link goes to the new address only
    assert asked == {"user": {"email": "old@example.com"}, "errors": []}
    assert mail.outbox == [] and len(job_rows(ACCOUNT_MAIL)) == 1
    token, link = _mailed_token()
    assert [m.to for m in mail.outbox] == [["new@example.org"]]
    assert link.startswith(f"{STOREFRONT}/account/email?token=")
    assert get_user_model().objects.get(pk=user.pk).email == "old@example.com"

    # when the link's token is confirmed by the signed-in holder
    confirmed = _confirm(user, token)

    # then the account has the new address, and the old one is told
    assert confirmed == {"user": {"email": "new@example.org"}, "errors": []}
    assert get_user_model().objects.get(pk=user.pk).email == "new@example.org"
    run_enqueued(ACCOUNT_MAIL)
    told = mail.outbox[-1]
    assert told.to == ["old@example.com"] and "new@example.org" in told.body
    # and a second use of the same link changes nothing
    assert _codes(_confirm(user, token)) == [("token", "INVALID")]


@pytest.mark.parametrize("email, password, url, expected", [
    ("new@example.org", "not the password", f"{STOREFRONT}/e", [("password", "INVALID_CREDENTIALS")]),
    ("", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "REQUIRED")]),
    ("not an address", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "INVALID")]),
    ("OLD@example.com", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "INVALID")]),  # already theirs
    ("taken@example.com", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "UNIQUE")]),
    ("TAKEN@Example.com ", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "UNIQUE")]),
    ("a" * 250 + "@example.org", PASSWORD, f"{STOREFRONT}/e", [("newEmail", "INVALID")]),
    ("new@example.org", PASSWORD, "https://evil.example/steal", [("redirectUrl", "INVALID")]),
    ("new@example.org", PASSWORD, "javascript:alert(1)", [("redirectUrl", "INVALID")]),
])
def test_a_request_refused_says_why_and_mails_nothing(email, password, url, expected):
    user = UserFactory(email="old@example.com")
    UserFactory(email="taken@example.com")
    answer = _request(user, email=email, password=password, url=url)
    assert _codes(answer) == expected and all(error["message"] for error in answer["errors"])
    assert job_rows(ACCOUNT_MAIL) == []


def test_at_most_three_links_an_hour_go_out_for_an_account(client):
    # given an account that asked for three links (a typo, then another)
    user = UserFactory(email="old@example.com")
    for n in range(3):
        assert _request(user, email=f"try{n}@example.org")["errors"] == []
    # when it asks for a fourth within the hour, through the API or the storefront's page
    refused = _request(user, email="victim@example.net")
    client.force_login(user)
    page = client.post("/en/accounts/email/", {"new_email": "victim@example.net", "password": PASSWORD})
    # then it is told to wait, and no fourth link goes out
    assert _codes(refused) == [(None, "INVALID")] and "last hour" in refused["errors"][0]["message"]
    assert b"You have asked for 3 links in the last hour" in page.content
    run_enqueued(ACCOUNT_MAIL)
    assert sorted(m.to[0] for m in mail.outbox) == ["try0@example.org", "try1@example.org", "try2@example.org"]


def test_an_unknown_channel_is_refused():
    user = UserFactory(email="old@example.com")
    assert _codes(_request(user, channel="no-such-channel")) == [("channel", "NOT_FOUND")]
    assert job_rows(ACCOUNT_MAIL) == []


def test_a_signed_out_client_may_neither_ask_nor_confirm():
    for query, variables in ((REQUEST, {"email": "new@example.org", "password": PASSWORD, "url": f"{STOREFRONT}/e"}),
                             (CONFIRM, {"token": "anything"})):
        status, body = post(query, variables)
        assert status == 200 and [e["extensions"]["exception"]["code"] for e in body["errors"]] == ["PermissionDenied"]
    assert job_rows(ACCOUNT_MAIL) == []


def test_a_link_works_only_for_the_account_that_asked_and_only_for_a_day(monkeypatch):
    holder, other = UserFactory(email="old@example.com"), UserFactory(email="other@example.com")
    _request(holder)
    token, _ = _mailed_token()

    # another signed-in account cannot use it
    assert _codes(_confirm(other, token)) == [("token", "INVALID")]
    assert get_user_model().objects.get(pk=other.pk).email == "other@example.com"
    # a token altered, or one not of this shop's making, is refused alike
    assert _codes(_confirm(holder, token[:-2] + "xx")) == [("token", "INVALID")]
    forged = signing.dumps({"user": holder.pk, "old": "old@example.com", "new": "x@example.org"}, salt="other")
    assert _codes(_confirm(holder, forged)) == [("token", "INVALID")]
    # a day later it has expired
    monkeypatch.setattr(email_change, "MAX_AGE", -1)
    assert _codes(_confirm(holder, token)) == [("token", "INVALID")]
    assert get_user_model().objects.get(pk=holder.pk).email == "old@example.com"


def test_an_address_taken_by_another_account_after_the_request_is_not_given_twice():
    holder = UserFactory(email="old@example.com")
    _request(holder)
    token, _ = _mailed_token()
    UserFactory(email="new@example.org")  # registered meanwhile
    assert _codes(_confirm(holder, token)) == [("token", "UNIQUE")]
    assert get_user_model().objects.get(pk=holder.pk).email == "old@example.com"


def test_a_confirmed_address_brings_its_guest_orders_and_an_unconfirmed_one_does_not():
    # given a guest order placed with someone's address
    earlier = order_for((certified_product(), 1), email="victim@example.com")
    user = UserFactory(email="old@example.com")

    # when an account asks for that address but the link is never opened
    _request(user, email="victim@example.com")

    # then the order stays a guest's, and a new guest order with the address is not the account's either
    assert Order.objects.get(pk=earlier.pk).user_id is None
    later = order_for((certified_product(), 1), email="victim@example.com")
    assert later.user_id is None

    # once the address is confirmed (the holder opened the link), its guest orders are the account's
    token, _ = _mailed_token()
    _confirm(user, token)
    assert set(Order.objects.filter(user=user).values_list("pk", flat=True)) == {earlier.pk, later.pk}


def test_an_account_registered_with_its_address_as_username_gets_the_new_one_as_username():
    user = UserFactory(email="old@example.com", username="old@example.com")
    _request(user)
    token, _ = _mailed_token()
    _confirm(user, token)
    user.refresh_from_db()
    assert (user.username, user.email) == ("new@example.org", "new@example.org")
    # and the old address may register again, as a new account
    answer = data("""mutation($input: AccountRegisterInput!) { accountRegister(input: $input) { errors { code } } }""",
                  {"input": {"email": "old@example.com", "password": "another long passphrase 9"}})
    assert answer["accountRegister"]["errors"] == []
    assert get_user_model().objects.filter(email="old@example.com").exists()


# --- the storefront's pages --------------------------------------------------------------------

def test_the_profile_form_no_longer_changes_the_email(client):
    user = UserFactory(email="old@example.com", first_name="Somchai")
    client.force_login(user)
    page = client.get("/en/accounts/profile/edit/")
    assert b'name="email"' not in page.content
    client.post("/en/accounts/profile/edit/", {"first_name": "Somsak", "last_name": "Dee", "email": "new@example.org"})
    user.refresh_from_db()
    assert (user.first_name, user.email) == ("Somsak", "old@example.com")


def test_the_storefront_page_asks_the_password_and_mails_a_link_to_its_own_confirmation_page(client):
    user = UserFactory(email="old@example.com")
    client.force_login(user)
    profile = client.get("/en/accounts/profile/")
    assert b'href="/en/accounts/email/"' in profile.content

    # a wrong password: said on the form, nothing mailed
    wrong = client.post("/en/accounts/email/", {"new_email": "new@example.org", "password": "nope"})
    assert wrong.status_code == 200 and b"Password isn&#x27;t valid." in wrong.content
    taken = UserFactory(email="taken@example.com")
    refused = client.post("/en/accounts/email/", {"new_email": taken.email, "password": PASSWORD})
    assert b"An account with this e-mail address already exists." in refused.content
    assert job_rows(ACCOUNT_MAIL) == []

    # the right one: a link to the shop's own page, mailed to the new address
    asked = client.post("/en/accounts/email/", {"new_email": "New@Example.org", "password": PASSWORD}, follow=True)
    assert b"We have e-mailed a link to new@example.org" in asked.content
    token, link = _mailed_token()
    assert mail.outbox[-1].to == ["new@example.org"]
    assert urlsplit(link).path == "/en/accounts/email/confirm/"  # in the language of the page it was asked on

    # opened signed in: the address changes and the profile says so
    done = client.get(f"/en/accounts/email/confirm/?token={token}", follow=True)
    assert b"Your e-mail address is now new@example.org." in done.content
    assert get_user_model().objects.get(pk=user.pk).email == "new@example.org"
    # opened again: refused, said plainly
    again = client.get(f"/en/accounts/email/confirm/?token={token}", follow=True)
    assert b"This link does not change your e-mail address" in again.content


def test_the_link_opened_signed_out_asks_to_sign_in_first(client):
    response = client.get("/en/accounts/email/confirm/?token=abc")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/en/accounts/email/").status_code == 302


def test_the_mails_are_in_the_accounts_language(client):
    user = UserFactory(email="old@example.com")
    from marketplace.accounts import profile
    profile.set_language(user, "th")
    _request(user)
    run_enqueued(ACCOUNT_MAIL)
    assert "ยืนยัน" in mail.outbox[-1].subject


def test_of_two_links_opened_at_once_only_the_first_changes_the_address():
    # given two links asked one after the other (a typo, then the right address)
    user = UserFactory(email="old@example.com")
    _request(user, email="first@example.org")
    first, _ = _mailed_token()
    _request(user, email="second@example.org")
    second, _ = _mailed_token()
    # when both are opened by requests that loaded the account before either changed it
    stale_one, stale_two = (get_user_model().objects.get(pk=user.pk) for _ in range(2))
    email_change.confirm_change(stale_one, second)
    # then the other one, checked against the account's row as it is now, changes nothing
    with pytest.raises(email_change.AccountError):
        email_change.confirm_change(stale_two, first)
    assert get_user_model().objects.get(pk=user.pk).email == "second@example.org"
