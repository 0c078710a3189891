"""An account's address confirmed after registration (``orders.address_proof``, ``confirmation``):
a shop that does not confirm accounts at registration lets anyone register anyone's address, so such
an account is unconfirmed (Saleor's ``isConfirmed: false``) and gets no guest order placed with the
address until its holder opens a link mailed to it: asked for signed in, through Saleor's
``sendConfirmationEmail`` or the profile page's "Send confirmation link"; a password reset's link, an
e-mail change's and a producer's invitation confirm it too."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from django.test import Client
from oscar.core.loading import get_model

from buying import in_english, order_for
from graphql_client import data, post, token_for
from jobs_fixtures import job_rows, run_enqueued
from marketplace.orders import address_proof
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
STOREFRONT = "http://localhost:3000"
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
SEND = """mutation($url: String!, $channel: String!) { sendConfirmationEmail(redirectUrl: $url, channel: $channel)
          { errors { field code message } } }"""
CONFIRM = """mutation($email: String!, $token: String!) { confirmAccount(email: $email, token: $token)
             { user { email isConfirmed } errors { field code } } }"""
ME = "{ me { isConfirmed orders(first: 10) { edges { node { number } } } } }"


@pytest.fixture(autouse=True)
def _english(_default_language, settings):
    in_english()
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]
    settings.OTOP_ACCOUNT_CONFIRMATION = False


def _send(user, url=f"{STOREFRONT}/account-confirm", channel="th-thb"):
    return data(SEND, {"url": url, "channel": channel}, token=token_for(user))["sendConfirmationEmail"]


def _codes(answer):
    return [(error["field"], error["code"]) for error in answer["errors"]]


def _mailed_link():
    run_enqueued(ACCOUNT_MAIL)
    return re.search(r"https?://\S+", mail.outbox[-1].body).group(0)


def _me(user):
    return data(ME, token=token_for(user))["me"]


def test_an_account_asks_for_a_link_and_its_guest_orders_join_once_it_is_opened():
    # given an account registered without confirmation, and guest orders with its address, before and after
    user = UserFactory(email="somchai@example.com")
    before = order_for((certified_product(), 1), email="somchai@example.com")
    after = order_for((certified_product(), 1), email="Somchai@Example.com")
    assert _me(user) == {"isConfirmed": False, "orders": {"edges": []}}

    # when its holder asks for a confirmation link
    asked = _send(user)

    # then nothing changes until the request commits and the link goes to the account's address
    assert asked == {"errors": []} and mail.outbox == [] and len(job_rows(ACCOUNT_MAIL)) == 1
    link = _mailed_link()
    assert mail.outbox[-1].to == ["somchai@example.com"]
    params = {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}
    assert link.startswith(f"{STOREFRONT}/account-confirm?") and params["email"] == "somchai@example.com"

    # when the link's token is confirmed signed out, or by another account: refused (whoever holds the
    # address and never registered must not give this account their orders by opening the link)
    assert _codes(data(CONFIRM, params)["confirmAccount"]) == [("token", "INVALID")]
    assert _codes(data(CONFIRM, params, token=token_for(UserFactory()))["confirmAccount"]) == [("token", "INVALID")]
    assert _me(user)["isConfirmed"] is False
    # by the account, signed in
    confirmed = data(CONFIRM, params, token=token_for(user))["confirmAccount"]

    # then the address is confirmed and both guest orders are the account's; the link works once
    assert confirmed == {"user": {"email": "somchai@example.com", "isConfirmed": True}, "errors": []}
    me = _me(user)
    assert me["isConfirmed"] is True
    assert sorted(edge["node"]["number"] for edge in me["orders"]["edges"]) == sorted([before.number, after.number])
    assert _codes(data(CONFIRM, params, token=token_for(user))["confirmAccount"]) == [("token", "INVALID")]
    # and a later guest order with the address is the account's at once
    assert order_for((certified_product(), 1), email="somchai@example.com").user_id == user.pk


def test_a_confirmed_account_a_second_request_a_foreign_link_and_a_bad_channel_are_refused():
    confirmed = UserFactory()
    address_proof.shown(confirmed)
    assert _codes(_send(confirmed)) == [(None, "ACCOUNT_CONFIRMED")]

    user = UserFactory()
    assert _codes(_send(user, url="https://evil.example/confirm")) == [("redirectUrl", "INVALID")]
    assert _codes(_send(user, channel="no-such-channel")) == [("channel", "INVALID")]
    assert job_rows(ACCOUNT_MAIL) == []
    assert _send(user) == {"errors": []}
    again = _send(user)  # within a quarter hour: no mail flooding
    assert _codes(again) == [(None, "CONFIRMATION_ALREADY_REQUESTED")]
    assert "15 minutes" in again["errors"][0]["message"]
    assert len(job_rows(ACCOUNT_MAIL)) == 1


def test_signed_out_nobody_can_ask_and_a_link_confirms_only_the_address_it_was_mailed_to():
    status, body = post(SEND, {"url": f"{STOREFRONT}/c", "channel": "th-thb"})
    assert body["data"]["sendConfirmationEmail"] is None and "AUTHENTICATED_USER" in body["errors"][0]["message"]

    # a link for one address does not confirm the account once staff changed its address
    user = UserFactory(email="first@example.com")
    _send(user)
    params = {key: values[0] for key, values in parse_qs(urlsplit(_mailed_link()).query).items()}
    user.email = "second@example.com"
    user.save(update_fields=["email"])
    signed_in = token_for(user)
    assert _codes(data(CONFIRM, params, token=signed_in)["confirmAccount"]) == [("token", "INVALID")]
    assert _codes(data(CONFIRM, {**params, "email": "second@example.com"}, token=signed_in)["confirmAccount"]) == [
        ("token", "INVALID")]
    user.refresh_from_db()
    assert not address_proof.is_confirmed(user)


def test_a_proof_is_of_the_address_not_of_the_account():
    # an account confirmed, whose address staff then change: the new address is not confirmed
    user = UserFactory(email="first@example.com")
    address_proof.shown(user)
    user.email = "second@example.com"
    user.save(update_fields=["email"])
    assert not address_proof.is_confirmed(user)
    assert order_for((certified_product(), 1), email="second@example.com").user_id is None
    assert order_for((certified_product(), 1), email="first@example.com").user_id is None


# --- the storefront --------------------------------------------------------------------------

def test_the_profile_page_sends_the_link_and_opening_it_confirms_the_address(client):
    user = UserFactory(email="somsri@example.com")
    earlier = order_for((certified_product(), 1), email="somsri@example.com")
    client.force_login(user)

    profile = client.get("/en/accounts/profile/")
    assert b"Your e-mail address is not confirmed." in profile.content and b'id="send_confirmation"' in profile.content

    sent = client.post("/en/accounts/confirm/send/", follow=True)
    assert b"We have e-mailed you a link to confirm your e-mail address" in sent.content
    link = _mailed_link()
    assert urlsplit(link).path == "/en/accounts/confirm/"
    again = client.post("/en/accounts/confirm/send/", follow=True)
    assert b"less than 15 minutes ago" in again.content and len(mail.outbox) == 1

    path = link[link.index("/en/"):]
    signed_out = Client().get(path, follow=True)  # (the address's holder, had someone else's account mailed it)
    assert b"Sign in to the account this link was sent for" in signed_out.content
    assert "/accounts/login/" in signed_out.redirect_chain[-1][0] and Order.objects.get(pk=earlier.pk).user_id is None
    opened = client.get(path, follow=True)
    assert b"Your e-mail address is confirmed." in opened.content
    assert opened.redirect_chain[-1][0].endswith("/accounts/profile/")
    assert b'id="send_confirmation"' not in opened.content
    assert Order.objects.get(pk=earlier.pk).user_id == user.pk


def test_the_send_page_takes_only_a_signed_in_post(client):
    assert client.post("/en/accounts/confirm/send/").status_code == 302  # to the sign-in page
    client.force_login(UserFactory())
    assert client.get("/en/accounts/confirm/send/").status_code == 405
    assert job_rows(ACCOUNT_MAIL) == []


def test_the_storefront_s_password_reset_link_confirms_the_address(client):
    user = UserFactory(email="malee@example.com")
    earlier = order_for((certified_product(), 1), email="malee@example.com")
    assert client.post("/en/password-reset/", {"email": user.email}).status_code == 302
    path = re.search(r"https?://[^/\s]+(/\S+/password-reset/confirm/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(path, follow=True)
    assert form.status_code == 200
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "a brand new passphrase 7",
                                                    "new_password2": "a brand new passphrase 7"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert address_proof.is_confirmed(user) and Order.objects.get(pk=earlier.pk).user_id == user.pk
