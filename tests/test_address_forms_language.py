"""The storefront's address forms in the shopper's language (issue 16, review fixes): the city line
labelled as a district or city (the province has its own list), country names in the page's
language, and the account's address book with the checkout's Thai address rule; and the product
card's picture link hidden from screen readers (its title link says the same)."""
import re

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from buying import address_form, order_for
from marketplace.shipping.countries import THAI_NAMES
from marketplace.shipping.models import ZoneCountry
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
UserAddress = get_model("address", "UserAddress")


def _url(language, name, **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _address_step(client, language):
    product = certified_product()
    client.post(_url(language, "basket:add", pk=product.pk), {"quantity": 1})
    client.post(_url(language, "checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    return client.get(_url(language, "checkout:shipping-address"))


def _label(html, field):
    return " ".join(re.search(rf'<label[^>]*for="id_{field}"[^>]*>(.*?)</label>', html, re.S).group(1).split())


def test_the_city_line_is_labelled_as_the_district_or_city_in_english(client):
    page = _address_step(client, "en")

    assert page.context["form"].fields["line4"].label == "District / city"
    assert _label(page.content.decode(), "line4").startswith("District / city")


def test_the_city_line_is_labelled_as_the_district_on_thai_pages(client):
    # needs the Thai translation of "District / city" (basketlang.th.json) compiled
    page = _address_step(client, "th")

    html = page.content.decode()
    assert "จังหวัด/เมือง" not in html  # Oscar's "City" read as "province/city", beside the province list
    assert _label(html, "line4").startswith("อำเภอ/เขต")


def test_the_checkout_s_country_select_names_countries_in_the_page_s_language(client):
    thai = _address_step(client, "th").context["form"].fields["country"].choices
    english = _address_step(client, "en").context["form"].fields["country"].choices

    thai, english = [(str(v), str(label)) for v, label in thai], [(str(v), str(label)) for v, label in english]
    assert ("TH", "ไทย") in thai and ("JP", "ญี่ปุ่น") in thai and ("DE", "เยอรมนี") in thai
    assert ("JP", "Japan") in english and ("DE", "Germany") in english
    assert len(thai) == len(english) == ZoneCountry.objects.count()
    # in dictionary order: a leading vowel (เ, แ, ไ) sorts after its consonant, so เยอรมนี comes after ญี่ปุ่น
    names = [label for _value, label in thai]
    assert names.index("แคนาดา") < names.index("จีน") < names.index("ญี่ปุ่น") < names.index("เยอรมนี")
    assert names.index("ไทย") < names.index("นิวซีแลนด์")


def test_every_country_the_shop_ships_to_has_a_thai_name():
    assert set(ZoneCountry.objects.values_list("country", flat=True)) <= set(THAI_NAMES)


def test_an_address_in_another_country_is_still_taken_at_the_checkout(client):
    _address_step(client, "en")

    answer = client.post(_url("en", "checkout:shipping-address"), address_form("JP"))

    assert answer.status_code == 302
    assert client.session["checkout_data"]["shipping"]["new_address_fields"]["country_id"] == "JP"


def _address_block(html):
    return " ".join(re.search(r"<address>(.*?)</address>", html, re.S).group(1).split())


@pytest.mark.parametrize("language, country", [("th", "ไทย"), ("en", "Thailand")])
def test_the_delivery_address_names_its_country_in_the_page_s_language(client, stripe_keys, language, country):
    # given a shopper at the payment step with a Chiang Mai address
    _address_step(client, language)
    payment = client.post(_url(language, "checkout:shipping-address"), address_form("TH"), follow=True)
    # and an order placed to the same address
    order = order_for((certified_product(), 1))
    session = client.session
    session["checkout_order_id"] = order.pk
    session.save()

    thank_you = client.get(_url(language, "checkout:thank-you"))

    for page in (payment, thank_you):
        address = _address_block(page.content.decode())
        assert address.endswith(f"50200<br/> {country}<br/>")
        assert ("Thailand" if language == "th" else "ไทย") not in address


# --- the account's address book ------------------------------------------------------------------

@pytest.fixture
def shopper(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_the_address_book_offers_the_province_list_and_labels_the_district(client, shopper):
    page = client.get(_url("en", "customer:address-create"))

    form = page.context["form"]
    html = page.content.decode()
    assert len(form.fields["province"].choices) == 78  # "Choose a province" and the 77
    assert ("TH-50", "Chiang Mai") in form.fields["province"].choices
    assert form["country"].value() == "TH"  # a new address is in Thailand unless the shopper says otherwise
    assert form.fields["line4"].label == "District / city"
    assert 'id="id_province"' in html and "storefront_theme/js/address.js" in html


def test_the_address_book_refuses_a_postcode_of_another_province(client, shopper):
    answer = client.post(_url("en", "customer:address-create"), dict(address_form("TH"), postcode="10110"))

    assert answer.status_code == 200
    assert answer.context["form"].errors == {
        "postcode": ["Postcode: 10110 is not a postcode of Chiang Mai; its postcodes begin with 50."]}
    assert not UserAddress.objects.exists()


def test_the_address_book_keeps_the_chosen_province_as_the_state_and_shows_it_again(client, shopper):
    answer = client.post(_url("th", "customer:address-create"), address_form("TH"))

    saved = UserAddress.objects.get(user=shopper)
    assert answer.status_code == 302
    assert (saved.state, saved.line4, saved.postcode) == ("เชียงใหม่", "เชียงใหม่", "50200")
    again = client.get(_url("en", "customer:address-detail", pk=saved.pk)).context["form"]
    assert again["province"].value() == "TH-50"


def test_someone_else_s_address_is_not_shown_in_the_address_book(client, shopper):
    other = UserFactory()
    address = UserAddress.objects.create(user=other, country_id="TH", first_name="A", line1="1", postcode="50200")

    assert client.get(_url("en", "customer:address-detail", pk=address.pk)).status_code == 404


def test_the_address_book_asks_a_visitor_to_sign_in(client):
    answer = client.get(_url("en", "customer:address-create"))

    assert answer.status_code == 302 and "login" in answer["Location"]


# --- the product card ----------------------------------------------------------------------------------

def test_the_product_card_s_picture_link_is_hidden_from_screen_readers(client):
    certified_product(name_en="Lamphun brocade silk")

    html = client.get("/en/catalogue/").content.decode()

    pictures = re.findall(r'<a class="product-card__picture"[^>]*>', html)
    assert pictures and all('tabindex="-1"' in a and 'aria-hidden="true"' in a for a in pictures)
    assert re.search(r'<h3 class="h6"><a href="[^"]+">Lamphun brocade silk</a></h3>', html)


def test_the_address_book_and_its_pages_name_the_country_in_the_page_s_language(client, shopper):
    # given a saved address in Japan
    address = UserAddress.objects.create(user=shopper, country_id="JP", first_name="Aiko", last_name="Sato",
                                         line1="1-2-3 Shibuya", line4="Tokyo", postcode="150-0002")
    for language, shown, other in (("th", "ญี่ปุ่น", "Japan"), ("en", "Japan", "ญี่ปุ่น")):
        # the address book, the address's delete page and the checkout's delete page name it so
        pages = [client.get(_url(language, "customer:address-list")),
                 client.get(_url(language, "customer:address-delete", pk=address.pk)),
                 client.get(_url(language, "checkout:user-address-delete", pk=address.pk))]
        for page in pages:
            html = page.content.decode()
            found = re.search(r"<address[^>]*>(.*?)</address>", html, re.S)
            assert page.status_code == 200 and found, page.request["PATH_INFO"]
            assert shown in found.group(1) and other not in found.group(1)
    # and its actions are links a phone can tap (no menu to open)
    html = client.get(_url("en", "customer:address-list")).content.decode()
    assert _url("en", "customer:address-delete", pk=address.pk) in html
    assert 'data-toggle="dropdown"' not in html


def test_the_checkout_offers_saved_addresses_with_the_country_in_the_page_s_language(client, shopper):
    UserAddress.objects.create(user=shopper, country_id="JP", first_name="Aiko", last_name="Sato",
                               line1="1-2-3 Shibuya", line4="Tokyo", postcode="150-0002")
    product = certified_product()
    client.post(_url("th", "basket:add", pk=product.pk), {"quantity": 1})

    html = client.get(_url("th", "checkout:shipping-address")).content.decode()

    saved = re.search(r'<address>(.*?)</address>', html, re.S)
    assert saved and "ญี่ปุ่น" in saved.group(1) and "Japan" not in saved.group(1)


# --- the country a new address starts in, and labels that tell the lines apart ---------------------

@pytest.mark.parametrize("language", ["th", "en"])
def test_the_checkout_s_new_address_is_in_thailand_unless_the_shopper_picks_another(client, language):
    page = _address_step(client, language)

    assert page.context["form"]["country"].value() == "TH"
    assert re.search(r'<option value="TH"[^>]*selected', page.content.decode())


def test_the_checkout_keeps_the_country_the_shopper_gave_before(client):
    _address_step(client, "en")
    client.post(_url("en", "checkout:shipping-address"), address_form("JP"))

    assert client.get(_url("en", "checkout:shipping-address")).context["form"]["country"].value() == "JP"


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_address_book_s_new_address_is_in_thailand(client, shopper, language):
    page = client.get(_url(language, "customer:address-create"))

    assert re.search(r'<option value="TH"[^>]*selected', page.content.decode())


def _labels(form):
    return {name: str(field.label) for name, field in form.fields.items()}


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_address_field_has_its_own_label(client, shopper, language):
    checkout = _labels(_address_step(client, language).context["form"])
    address_book = _labels(client.get(_url(language, "customer:address-create")).context["form"])

    for labels in (checkout, address_book):
        assert len(set(labels.values())) == len(labels), labels
        # no line of the address is labelled with a part of another's label ("ที่อยู่ (อำเภอ/เขต)" beside "อำเภอ/เขต")
        lines = [label for name, label in labels.items() if name in ("line1", "line2", "line3", "line4", "province", "state")]
        assert not [(a, b) for a in lines for b in lines if a != b and a in b], labels
        # and each part of an address (district, sub-district, province, street) is asked for once
        for part in (r"อำเภอ", r"ตำบล", r"จังหวัด", r"ถนน", r"(?<!-)\bdistrict\b", r"\bsub-district\b", r"\bprovince\b",
                     r"\bstreet\b"):
            assert len([label for label in lines if re.search(part, label, re.I)]) <= 1, (part, labels)
    if language == "th":
        assert not any(label.isascii() for name, label in checkout.items() if name != "postcode"), checkout
