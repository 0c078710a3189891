"""An account's language (its e-mails: quote notices, order and password-reset mails sent by jobs)
follows the storefront pages its holder uses: signing in or registering on the English pages, or
switching language while signed in, makes it the account's; an API sign-in leaves it as the client
set it (``accountUpdate``). Before, a buyer who only ever used the English pages got Thai notices."""
import pytest
from django.contrib.auth import get_user, get_user_model
from django.core import mail
from django.urls import reverse

from graphql_client import data
from jobs_fixtures import run_enqueued
from marketplace.accounts import profile, reset
from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _language(user):
    return profile.language(get_user_model().objects.get(pk=user.pk))  # a fresh object: metadata is kept on one


@pytest.fixture
def shopper():
    user = UserFactory(email="haruka@example.jp", password=PASSWORD)
    profile.set_language(user, "th")
    return user


def test_signing_in_on_the_english_pages_makes_the_account_english(client, shopper, settings):
    # when the shopper signs in on the English storefront
    client.post("/en/accounts/login/", {"login_submit": "Log In", "login-username": shopper.email,
                                        "login-password": PASSWORD})

    # then the account is English, and a mail a job sends it later is in English
    assert _language(shopper) == "en"
    settings.OTOP_STOREFRONT_URLS = ["http://localhost:3000"]
    reset.request_password_reset(shopper.email, "http://localhost:3000/reset")
    run_enqueued("marketplace.accounts.tasks.send_account_mail")
    assert mail.outbox[-1].subject == "Reset your OTOP Marketplace password"


def test_registering_on_the_english_pages_makes_the_account_english(client):
    client.post("/en/accounts/register/", {"email": "lea@example.fr", "password1": PASSWORD, "password2": PASSWORD})

    user = get_user(client)
    assert user.email == "lea@example.fr" and profile.language(user) == "en"


def test_switching_language_while_signed_in_changes_the_account_s(client, shopper):
    client.force_login(shopper)

    client.post(reverse("set_language"), {"language": "en", "next": "/catalogue/"})
    assert _language(shopper) == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/catalogue/"})  # not a language of the shop
    assert _language(shopper) == "en"
    client.post(reverse("set_language"), {"language": "th", "next": "/catalogue/"})
    assert _language(shopper) == "th"


def test_an_api_sign_in_leaves_the_account_s_language(shopper):
    answer = data("""mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }""",
                  {"e": shopper.email, "p": PASSWORD}, language="en")

    assert answer["tokenCreate"]["token"]
    assert _language(shopper) == "th"
