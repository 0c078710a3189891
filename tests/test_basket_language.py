"""Basket and checkout in the shopper's language (issue 16 item 4): on /en/ pages the basket, the
checkout's order contents, the thank-you page and the messages name a product by its English
programme name; on Thai pages by its Thai one. Titles, and what order lines store, stay as they were."""
import re

import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from buying import address_form, basket_with, in_english, order_for
from marketplace.catalog.names import line_name, product_name
from marketplace.orders.errors import CheckoutError
from marketplace.orders.placement import check_listed
from marketplace.testing.factories import UserFactory, certified_product

pytestmark = pytest.mark.django_db
StockRecord = get_model("partner", "StockRecord")

THAI, ENGLISH = "ผ้าไหมยกดอกลำพูน", "Lamphun brocade silk"


def _url(language, name, **kwargs):
    """The page ``name`` in ``language`` (Thai has no prefix, English is under /en/)."""
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def _silk():
    return certified_product(name_th=THAI, name_en=ENGLISH)


def _messages(answer):
    """The page's flash messages, each with its white space collapsed."""
    return [" ".join(str(m).split()) for m in answer.context["messages"]]


def _line_headings(html):
    return re.findall(r"<h3><a href=\"[^\"]*\">([^<]*)</a></h3>", html)


@pytest.mark.parametrize("language, shown, added_message", [
    ("en", ENGLISH, f"<strong>{ENGLISH}</strong> has been added to your cart."),  # Oscar's English says "cart"
    ("th", THAI, f"เพิ่ม <strong>{THAI}</strong> ลงในตะกร้าแล้ว"),
])
def test_the_added_to_basket_message_and_the_basket_page_name_the_product_in_the_page_s_language(
        client, language, shown, added_message):
    product = _silk()

    added = client.post(_url(language, "basket:add", pk=product.pk), {"quantity": 1},
                        follow=True)

    assert added.redirect_chain[-1][0].endswith(_url(language, "basket:summary"))
    assert _messages(added)[0] == added_message
    assert _line_headings(added.content.decode()) == [shown]
    product.refresh_from_db()
    assert product.title == THAI  # the title is not what changed


def test_adding_several_names_the_product_in_english_on_english_pages(client):
    product = _silk()

    added = client.post(_url("en", "basket:add", pk=product.pk), {"quantity": 3}, follow=True)

    assert _messages(added)[0] == f"<strong>3</strong> copies of <strong>{ENGLISH}</strong> have been added to your cart."


def test_a_basket_warning_names_the_product_in_the_page_s_language(client):
    # given a silk put in the basket at 350 baht whose price has since gone up
    product = _silk()
    client.post(_url("th", "basket:add", pk=product.pk), {"quantity": 1})
    StockRecord.objects.filter(product=product).update(price="400.00")

    # when the shopper opens the basket in English and in Thai
    english = client.get(_url("en", "basket:summary")).context["basket_warnings"]
    thai = client.get(_url("th", "basket:summary")).context["basket_warnings"]

    # then Oscar's warning names it in each language
    assert [str(w) for w in english] == [
        f"The price of '{ENGLISH}' has increased from ฿350.00 to ฿400.00 since you added it to your cart"]
    assert len(thai) == 1 and THAI in str(thai[0]) and ENGLISH not in str(thai[0])


@pytest.mark.parametrize("language, shown, hidden", [("en", ENGLISH, THAI), ("th", THAI, ENGLISH)])
def test_the_checkout_s_order_contents_name_the_product_in_the_page_s_language(
        client, stripe_keys, language, shown, hidden):
    product = _silk()
    client.post(_url(language, "basket:add", pk=product.pk), {"quantity": 2})
    client.post(_url(language, "checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})

    page = client.post(_url(language, "checkout:shipping-address"), address_form("TH"), follow=True)
    preview = client.get(_url(language, "checkout:preview"), follow=True)

    for answer in (page, preview):
        assert answer.redirect_chain[-1][0].endswith(_url(language, "checkout:payment-details"))
        html = answer.content.decode()
        assert _line_headings(html) == [shown]
        # the line's picture (the catalogue's placeholder: no photo) names it in the page's language too
        assert re.search(rf'alt="[^"]*{re.escape(shown)}[^"]*"', html) and hidden not in html


@pytest.mark.parametrize("language, shown, hidden", [("en", ENGLISH, THAI), ("th", THAI, ENGLISH)])
def test_the_checkout_s_refusal_of_a_line_short_of_stock_names_the_product_in_the_page_s_language(
        client, language, shown, hidden):
    # given three silks in the basket, of which only one is left
    product = _silk()
    client.post(_url(language, "basket:add", pk=product.pk), {"quantity": 3})
    client.post(_url(language, "checkout:index"), {"username": "shopper@example.com", "options": "anonymous"})
    StockRecord.objects.filter(product=product).update(num_in_stock=1)

    # when the shopper goes on to the address step, Oscar's check sends them back to the basket
    answer = client.get(_url(language, "checkout:shipping-address"), follow=True)

    assert answer.redirect_chain[-1][0].endswith(_url(language, "basket:summary"))
    refusal = _messages(answer)[-1]  # after the earlier "added to your basket"
    assert refusal.startswith(f"'{shown}' ") and hidden not in refusal
    assert ("a maximum of 1 can be bought" in refusal) == (language == "en")


@pytest.mark.parametrize("language, shown", [("en", ENGLISH), ("th", THAI)])
def test_the_thank_you_page_names_the_ordered_product_in_the_page_s_language(client, language, shown):
    order = order_for((_silk(), 1))
    session = client.session
    session["checkout_order_id"] = order.pk
    session.save()

    page = client.get(_url(language, "checkout:thank-you"))

    assert page.status_code == 200
    assert _line_headings(page.content.decode()) == [shown]
    assert order.lines.get().title == THAI  # the order keeps the title it was placed with


@pytest.mark.parametrize("language, shown, hidden", [("en", ENGLISH, THAI), ("th", THAI, ENGLISH)])
def test_the_order_history_names_the_ordered_product_in_the_page_s_language(client, language, shown, hidden):
    user = UserFactory()
    order = order_for((_silk(), 2), user=user)
    client.force_login(user)

    page = client.get(_url(language, "customer:order", order_number=order.number))

    html = page.content.decode()
    assert page.status_code == 200
    assert f"{shown} × 2" in html  # the parcels table
    assert re.search(rf'<a href="[^"]+">{shown}</a>', html)  # Oscar's order table
    assert hidden not in html


@pytest.mark.parametrize("language, shown, hidden", [("en", ENGLISH, THAI), ("th", THAI, ENGLISH)])
def test_re_ordering_a_line_names_the_product_in_the_page_s_language(client, language, shown, hidden):
    user = UserFactory()
    order = order_for((_silk(), 1), user=user)
    client.force_login(user)

    answer = client.post(_url(language, "customer:order-line", order_number=order.number,
                              line_id=order.lines.get().pk), {"action": "reorder"}, follow=True)

    assert answer.redirect_chain[-1][0].endswith(_url(language, "basket:summary"))
    [message] = _messages(answer)[:1]
    assert shown in message and hidden not in message
    assert _line_headings(answer.content.decode()) == [shown]


def test_an_order_line_whose_product_is_gone_keeps_the_title_it_was_ordered_under():
    order = order_for((_silk(), 1))
    line = order.lines.get()
    in_english()

    assert line_name(line) == ENGLISH
    line.product = None
    assert line_name(line) == THAI


def test_the_name_falls_back_to_the_other_language_and_then_to_the_title():
    thai_only, english_only = certified_product(name_en=""), certified_product(name_th="", name_en="Indigo cotton")
    in_english()

    assert product_name(thai_only) == "ผ้าไหมยกดอกลำพูน"
    with translation.override("th"):
        assert product_name(english_only) == "Indigo cotton"
    thai_only.profile.delete()
    thai_only = type(thai_only).objects.get(pk=thai_only.pk)
    assert product_name(thai_only) == thai_only.title


def test_the_checkout_s_refusals_name_the_product_in_the_shopper_s_language():
    product = _silk()
    basket = basket_with((product, 1))
    product.is_public = False  # no longer listed
    product.save()
    in_english()

    with pytest.raises(CheckoutError) as refused:
        check_listed(basket)

    assert refused.value.message == f"{ENGLISH} is no longer on sale."
