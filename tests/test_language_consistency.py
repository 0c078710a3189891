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


# --- Dates: the Buddhist Era wherever a Thai page prints one ------------------------------------------

import datetime  # noqa: E402

from django.template import Context, Template  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

PLACED = datetime.datetime(2026, 12, 3, 10, 30, tzinfo=datetime.timezone.utc)

@pytest.mark.parametrize("language, shown", [("th", "3 ธันวาคม 2569"), ("en", "2026")])
def test_a_date_printed_without_a_filter_is_in_the_page_s_era(language, shown):
    template = Template("{{ placed }}|{{ day }}")

    with translation.override(language), timezone.override(datetime.timezone.utc):
        printed = template.render(Context({"placed": PLACED, "day": PLACED.date()}))

    assert printed.count(shown) == 2, printed
    if language == "th":
        assert "2026" not in printed


def test_a_message_naming_a_date_gives_it_in_the_buddhist_era_in_thai(world):
    from marketplace.quotes.errors import QuoteError
    from marketplace.quotes.states import _check_open_quote

    quote = answer(world)
    quote.valid_until = datetime.date(2026, 1, 5)

    with translation.override("th"), pytest.raises(QuoteError) as refused:
        _check_open_quote(quote)

    assert "2569" in str(refused.value.message) and "2026" not in str(refused.value.message)


from test_quotes import answer, world  # noqa: E402,F401  the quotes' fixture: two producers, a buyer's request
