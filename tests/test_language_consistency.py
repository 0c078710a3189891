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


# --- Statuses, shipping methods and countries in the page's language --------------------------------

import datetime  # noqa: E402

from django.core import mail  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from buying import order_for  # noqa: E402
from marketplace.orders.notifications import send_order_confirmation  # noqa: E402
from marketplace.orders.placement import STATUS_PAID  # noqa: E402
from marketplace.testing.factories import ProducerFactory, certified_product  # noqa: E402

PLACED = datetime.datetime(2026, 12, 3, 10, 30, tzinfo=datetime.timezone.utc)


def _url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _paid_order(user=None):
    with translation.override("en"):  # placed on the English pages: the order keeps English words
        order = order_for((certified_product(), 1), user=user)
    order.status = STATUS_PAID
    order.date_placed = PLACED
    order.save(update_fields=["status", "date_placed"])
    return order


def _text(response):
    return " ".join(response.content.decode().split())


def test_the_thai_order_page_names_the_status_and_the_shipping_method_in_thai(client):
    shopper = UserFactory()
    order = _paid_order(user=shopper)
    client.force_login(shopper)

    page = _text(client.get(_url("th", "customer:order", order_number=order.number)))

    assert "ชำระเงินแล้ว" in page and ">Paid<" not in page
    assert "Parcel post" not in page and "พัสดุ" in page
    history = _text(client.get(_url("th", "customer:order-list")))
    assert order.number in history and "3 ธันวาคม 2569" in history and "2026" not in history


def test_the_english_order_page_keeps_english_words_for_an_order_placed_in_thai(client):
    shopper = UserFactory()
    with translation.override("th"):
        order = order_for((certified_product(), 1), user=shopper)
    order.status = STATUS_PAID
    order.save(update_fields=["status"])
    client.force_login(shopper)

    page = _text(client.get(_url("en", "customer:order", order_number=order.number)))

    assert "<p>Paid</p>" in page and "Parcel post (one parcel per producer)" in page
    assert "ชำระ" not in page and "พัสดุ" not in page


def test_the_dashboard_order_list_shows_status_country_and_date_as_the_order_page_does(client, superuser):
    order = _paid_order()

    page = _text(client.get(_url("th", "dashboard:order-list")))

    assert order.number in page
    assert "ชำระเงินแล้ว" in page and ">Paid<" not in page
    assert "ไทย" in page and "Thailand" not in page
    assert "3 ธันวาคม 2569" in page and "2026" not in page


def test_the_dashboard_order_page_shows_status_shipping_method_and_country_in_thai(client, superuser):
    order = _paid_order()

    page = _text(client.get(_url("th", "dashboard:order-detail", number=order.number)))

    assert "ชำระเงินแล้ว" in page and ">Paid<" not in page
    assert "Parcel post" not in page and "Thailand" not in page


def test_the_dashboard_customer_page_shows_order_status_and_address_country_in_thai(client, superuser):
    from oscar.core.loading import get_model

    from buying import ADDRESSES

    shopper = UserFactory()
    _paid_order(user=shopper)
    get_model("address", "UserAddress").objects.create(user=shopper, country_id="TH", **ADDRESSES["TH"])

    page = _text(client.get(_url("th", "dashboard:user-detail", pk=shopper.pk)))

    assert "ชำระเงินแล้ว" in page and ">Paid<" not in page
    assert "ไทย" in page and "Thailand" not in page


@pytest.mark.parametrize("language, country, other", [("th", "ไทย", "Thailand"), ("en", "Thailand", "ไทย")])
def test_the_order_confirmation_names_the_country_in_the_shopper_s_language(language, country, other):
    order = _paid_order()

    with translation.override(language):
        send_order_confirmation(order)

    message = mail.outbox[-1]
    bodies = [message.body] + [content for content, _type in getattr(message, "alternatives", [])]
    for body in bodies:
        assert country in body and other not in body


def test_the_producer_s_thai_quote_list_shows_its_quote_s_status_and_the_buyer_s_country_in_thai(client, world):
    answer(world)
    client.force_login(world["users"]["lamphun"])

    page = _text(client.get(_url("th", "quotes:producer-inbox", producer_slug="ban-don-lamphun")))

    assert "ใบเสนอราคาของคุณ: เสนอราคาแล้ว" in page and ": quoted" not in page
    assert "(ญี่ปุ่น)" in page and "(JP)" not in page


@pytest.mark.parametrize("language, shown, other", [("th", "ฮาลาล, สำนักงานคณะกรรมการอาหารและยา (อย.)", "HALAL"),
                                                    ("en", "Halal, Thai FDA (อย.)", "HALAL")])
def test_the_certifications_a_buyer_asks_for_are_named_in_the_page_s_language(client, world, language, shown, other):
    request = world["request"]
    request.certifications_required = ["halal", "fda"]
    request.save(update_fields=["certifications_required"])

    for who, url in ((world["a"], _url(language, "quotes:request", pk=request.pk)),
                     (world["users"]["lamphun"], _url(language, "quotes:producer-request",
                                                      producer_slug="ban-don-lamphun", pk=request.pk))):
        client.force_login(who)
        page = _text(client.get(url))
        assert shown in page and other not in page, url


def test_the_english_producer_page_names_a_capital_district_in_english_and_no_other_thai_only_one(client):
    capital = ProducerFactory(slug="lampang-potters")
    capital.district = f"เมือง{capital.province.name_th}"
    capital.save(update_fields=["district"])
    elsewhere = ProducerFactory(district="หางดง", slug="hang-dong-carvers")

    english = _text(client.get(_url("en", "producers:detail", slug=capital.slug)))
    thai = _text(client.get(_url("th", "producers:detail", slug=capital.slug)))
    english_elsewhere = _text(client.get(_url("en", "producers:detail", slug=elsewhere.slug)))
    thai_elsewhere = _text(client.get(_url("th", "producers:detail", slug=elsewhere.slug)))

    assert f"District Mueang {capital.province.name_en}" in english and capital.district not in english
    assert capital.district in thai
    assert "หางดง" not in english_elsewhere and "District" not in english_elsewhere
    assert "หางดง" in thai_elsewhere


# --- Dates: the Buddhist Era wherever a Thai page prints one ------------------------------------------

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
