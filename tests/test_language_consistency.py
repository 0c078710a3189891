"""A shopper's pages stay in one language: signing in, registering and signing out keep the
language of the page they were on; statuses, shipping methods and country names are shown in the
page's language; dates on Thai pages carry the Buddhist-Era year wherever they are shown."""
import pytest

from marketplace.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


# --- Signing in, registering, signing out ----------------------------------------------------------

@pytest.mark.parametrize("prefix, home", [("/en", "/en/"), ("", "/")])
def test_signing_in_lands_on_the_home_page_of_the_language_signed_in_on(client, prefix, home):
    user = UserFactory(email="haruka@example.jp", password=PASSWORD)

    response = client.post(f"{prefix}/accounts/login/", {"login_submit": "Log In", "login-username": user.email,
                                                         "login-password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == home


def test_signing_in_with_a_next_page_goes_to_it(client):
    user = UserFactory(email="haruka@example.jp", password=PASSWORD)

    response = client.post("/en/accounts/login/?next=/en/basket/", {
        "login_submit": "Log In", "login-username": user.email, "login-password": PASSWORD,
        "login-redirect_url": "/en/basket/"})

    assert response["Location"] == "/en/basket/"


def test_registering_on_the_english_pages_lands_on_the_english_home_page(client):
    response = client.post("/en/accounts/register/", {"email": "lea@example.fr", "password1": PASSWORD,
                                                      "password2": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/en/"


@pytest.mark.parametrize("prefix, home", [("/en", "/en/"), ("", "/")])
def test_signing_out_lands_on_the_home_page_of_the_page_s_language(client, prefix, home):
    client.force_login(UserFactory())

    response = client.get(f"{prefix}/accounts/logout/")

    assert response.status_code == 302 and response["Location"] == home
