"""Guest orders find their account: a guest checkout with the e-mail of an account whose address is
confirmed is that account's order, and orders placed as a guest with it before join the account once
its holder has shown the e-mail is theirs (confirmAccount, a password-reset link). Never another's:
an account whose address nobody showed to be its holder's (registered without confirmation) gets no
guest order, earlier or later."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail
from oscar.core.loading import get_model

from buying import order_for
from graphql_client import data
from jobs_fixtures import run_enqueued
from marketplace.orders import address_proof
from marketplace.testing.factories import UserFactory, certified_product
from test_checkout_graphql import ORDER, _buy

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
PASSWORD = "correct horse battery staple"
STOREFRONT = "http://localhost:3000"
ACCOUNT_MAIL = "marketplace.accounts.tasks.send_account_mail"
MY_ORDERS = "{ me { email orders(first: 10) { totalCount edges { node { number userEmail } } } } }"


def _token(email, password=PASSWORD):
    answer = data("""mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password)
                     { token errors { code } } }""", {"email": email, "password": password})["tokenCreate"]
    assert answer["errors"] == [], answer
    return answer["token"]


def _my_order_numbers(email, password=PASSWORD):
    orders = data(MY_ORDERS, token=_token(email, password))["me"]["orders"]
    return sorted(edge["node"]["number"] for edge in orders["edges"])


def _mailed_params():
    run_enqueued(ACCOUNT_MAIL)
    link = re.search(rf"{re.escape(STOREFRONT)}/\S+", mail.outbox[-1].body).group(0)
    return {key: values[0] for key, values in parse_qs(urlsplit(link).query).items()}


def test_a_guest_checkout_with_an_accounts_email_is_that_accounts_order(client, stripe_keys):
    # given a shopper with an account whose address is confirmed, who checks out without signing
    # in, with its e-mail
    address_proof.shown(UserFactory(email="shopper@example.com"))
    someone_else = UserFactory()
    seen = _buy(client, "th-thb", "TH", certified_product())
    number = seen["completed"]["order"]["number"]

    # then the order is in the account, the checkout's page still opens it, and nobody else has it
    assert seen["completed"]["errors"] == []
    assert _my_order_numbers("shopper@example.com") == [number]
    assert data(ORDER, {"id": seen["completed"]["order"]["id"]})["order"]["userEmail"] == "shopper@example.com"
    assert _my_order_numbers(someone_else.email) == []


def test_a_guest_checkout_with_the_email_of_an_unconfirmed_account_stays_a_guest_order(client, stripe_keys, settings):
    # given someone who registered another person's address, in a shop that does not confirm accounts
    settings.OTOP_ACCOUNT_CONFIRMATION = False
    registered = data("""mutation($input: AccountRegisterInput!) { accountRegister(input: $input)
                         { requiresConfirmation errors { code } } }""",
                      {"input": {"email": "shopper@example.com", "password": PASSWORD}})["accountRegister"]

    # when the address's holder checks out as a guest with it
    seen = _buy(client, "th-thb", "TH", certified_product())

    # then the order (their address, phone and items) stays theirs, a guest's, not the account's
    assert registered == {"requiresConfirmation": False, "errors": []} and seen["completed"]["errors"] == []
    order = Order.objects.get(number=seen["completed"]["order"]["number"])
    assert (order.user_id, order.guest_email) == (None, "shopper@example.com")
    assert _my_order_numbers("shopper@example.com") == []


def test_a_guest_checkout_with_an_unknown_email_stays_a_guest_order(client, stripe_keys):
    seen = _buy(client, "th-thb", "TH", certified_product())
    order = Order.objects.get(number=seen["completed"]["order"]["number"])
    assert (order.user_id, order.guest_email) == (None, "shopper@example.com")


def test_confirming_an_account_brings_the_earlier_guest_orders_of_its_email_and_no_others(settings):
    # given a shop that confirms accounts, two guest orders with Haruka's e-mail (one typed in
    # capitals), a guest order of someone else, and another account's order that carries her address
    settings.OTOP_ACCOUNT_CONFIRMATION = True
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]
    silk, mat = certified_product(), certified_product(name_en="Mat", name_th="เสื่อ")
    before = order_for((silk, 1), email="HARUKA@example.jp")
    other_guest = order_for((mat, 1), email="haruka@example.com")
    other_account = UserFactory()
    theirs = order_for((mat, 1), user=other_account, email=other_account.email)
    Order.objects.filter(pk=theirs.pk).update(guest_email="haruka@example.jp")

    # when Haruka registers, buys once more as a guest while her account waits, and confirms
    registered = data("""mutation($input: AccountRegisterInput!) { accountRegister(input: $input)
                         { requiresConfirmation errors { code } } }""",
                      {"input": {"email": "haruka@example.jp", "password": PASSWORD,
                                 "redirectUrl": f"{STOREFRONT}/confirm"}})["accountRegister"]
    waiting = order_for((mat, 1), email="haruka@example.jp")
    assert Order.objects.get(pk=waiting.pk).user_id is None  # an unconfirmed account gets nothing yet
    params = _mailed_params()
    confirmed = data("""mutation($email: String!, $token: String!) { confirmAccount(email: $email, token: $token)
                        { user { email } errors { code } } }""", params)["confirmAccount"]

    # then her account holds her two guest orders, and the other orders stay where they were
    assert registered == {"requiresConfirmation": True, "errors": []} and confirmed["errors"] == []
    assert _my_order_numbers("haruka@example.jp") == sorted([before.number, waiting.number])
    assert Order.objects.get(pk=other_guest.pk).user_id is None
    assert Order.objects.get(pk=theirs.pk).user_id == other_account.pk
    assert _my_order_numbers(other_account.email) == [theirs.number]


def test_registering_without_confirmation_attaches_nothing(settings):
    # given a guest order placed with an address, and a shop that does not confirm accounts
    settings.OTOP_ACCOUNT_CONFIRMATION = False
    earlier = order_for((certified_product(), 1), email="victim@example.com")

    # when someone registers that address (nothing shows it is theirs)
    data("""mutation($input: AccountRegisterInput!) { accountRegister(input: $input) { errors { code } } }""",
         {"input": {"email": "victim@example.com", "password": PASSWORD}})

    # then they do not see the order
    assert _my_order_numbers("victim@example.com") == []
    assert Order.objects.get(pk=earlier.pk).user_id is None


def test_a_password_reset_link_brings_the_guest_orders_of_the_email(settings):
    # given an account registered without confirmation and an older guest order of its e-mail
    settings.OTOP_STOREFRONT_URLS = [STOREFRONT]
    earlier = order_for((certified_product(), 1), email="somchai@example.com")
    UserFactory(email="somchai@example.com")

    # when its holder resets the password with the mailed link
    data("""mutation($email: String!) { requestPasswordReset(email: $email, redirectUrl: "http://localhost:3000/r",
            channel: "th-thb") { errors { code } } }""", {"email": "somchai@example.com"})
    params = _mailed_params()
    data("""mutation($email: String!, $token: String!) { setPassword(email: $email, token: $token,
            password: "a brand new passphrase 7") { errors { code } } }""", params)

    # then the order is in the account
    assert _my_order_numbers("somchai@example.com", "a brand new passphrase 7") == [earlier.number]
