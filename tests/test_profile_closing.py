"""Closing an account from the storefront's "Delete profile" page does what the API's accountDelete
does (``accounts.deletion.close``): the account is deactivated, so it can no longer sign in, and its
orders and trade requests keep their customer. Oscar's page deleted the user: a trade buyer with a
quote request got a server error (the request protects its buyer), a shopper's orders lost theirs."""
import pytest
from django.contrib.auth import get_user_model

from buying import order_for
from graphql_client import data, token_for
from marketplace.accounts.deletion import deletion_tokens
from marketplace.quotes.models import QuoteRequest
from marketplace.testing.factories import UserFactory, certified_product
from test_i18n import THAI
from test_quotes import buyer, world  # noqa: F401  (the quotes' world: a trade buyer with a request)

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _close_on_the_storefront(client, user, prefix=""):
    user.set_password(PASSWORD)
    user.save()
    client.force_login(user)
    return client.post(f"{prefix}/accounts/profile/delete/", {"password": PASSWORD}, follow=True)


def test_a_trade_buyer_with_a_quote_request_closes_the_account_and_the_request_keeps_its_buyer(client, world):
    response = _close_on_the_storefront(client, world["a"])

    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/"
    assert "Thanks for using the site" not in response.content.decode()  # said in Thai
    account = get_user_model().objects.get(pk=world["a"].pk)
    assert not account.is_active
    assert QuoteRequest.objects.get(pk=world["request"].pk).buyer == account


def test_a_closed_account_keeps_its_orders_and_cannot_sign_in(client):
    shopper = UserFactory(email="malee@example.org")
    order = order_for((certified_product(), 1), email=shopper.email, user=shopper)

    response = _close_on_the_storefront(client, shopper, "/en")

    assert "Your profile has now been deleted" in response.content.decode()
    order.refresh_from_db()
    assert order.user_id == shopper.pk
    client.logout()
    assert not client.login(username=shopper.email, password=PASSWORD)
    assert not response.wsgi_request.user.is_authenticated


def test_a_wrong_password_closes_nothing(client):
    shopper = UserFactory()
    shopper.set_password(PASSWORD)
    shopper.save()
    client.force_login(shopper)

    response = client.post("/accounts/profile/delete/", {"password": "not the password"})

    assert response.status_code == 200 and THAI.search(response.content.decode())
    shopper.refresh_from_db()
    assert shopper.is_active


@pytest.mark.parametrize("prefix, said", [("", "ปิดบัญชีของเจ้าหน้าที่ไม่ได้"), ("/en", "Cannot delete a staff account.")])
@pytest.mark.parametrize("kind", ["staff", "superuser"])
def test_a_staff_account_is_not_closed_from_the_storefront_nor_the_api(client, prefix, said, kind):
    # given a staff member (a programme officer, an administrator) with the right password
    staff = UserFactory(is_staff=True, is_superuser=kind == "superuser")

    # when they delete their profile on the storefront, and ask the API with a valid deletion token
    page = _close_on_the_storefront(client, staff, prefix)
    answer = data("""mutation($token: String!) { accountDelete(token: $token) { errors { field code message } } }""",
                  {"token": deletion_tokens.make_token(staff)}, token=token_for(staff))["accountDelete"]

    # then the page says why in the shopper's language and the API answers Saleor's code; the account
    # stays open (they would have locked themselves, or the last administrator, out of the dashboard)
    assert page.status_code == 200 and said in page.content.decode()
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [(None, "DELETE_STAFF_ACCOUNT")]
    staff.refresh_from_db()
    assert staff.is_active
