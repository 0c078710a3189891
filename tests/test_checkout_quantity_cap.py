"""The per-line limit (``orders.line_quantity``, 50) counts what the line would hold — what is already
there plus what is added, one product given twice in a request summed — in checkoutCreate,
checkoutLinesAdd and checkoutLinesUpdate, and on Oscar's basket pages, with the same message; a
refusal leaves the checkout as it was."""
import pytest
from django.urls import reverse
from django.utils import translation
from oscar.core.loading import get_model

from buying import in_english
from graphql_client import data
from marketplace.graphql.core.ids import global_id
from marketplace.orders.line_quantity import MAX_LINE_QUANTITY
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
Basket = get_model("basket", "Basket")

ERRORS = "errors { field code message }"
CHECKOUT = "id lines { quantity variant { id } }"
CREATE = f"""mutation($lines: [CheckoutLineInput!]!) {{
  checkoutCreate(input: {{channel: "th-thb", lines: $lines, email: "shopper@example.com"}}) {{
    {ERRORS} checkout {{ {CHECKOUT} }} }} }}"""
ADD = f"""mutation($id: ID!, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, lines: $lines) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}"""
UPDATE = f"""mutation($id: ID!, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{ {ERRORS} checkout {{ {CHECKOUT} }} }} }}"""
LINES = f"query($id: ID!) {{ checkout(id: $id) {{ {CHECKOUT} }} }}"
THAI, ENGLISH = "ผ้าไหมยกดอกลำพูน", "Lamphun brocade silk"
MESSAGE = "At most 50 of {name} fit in one line (this would make {quantity})."


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _silk():
    return certified_product(name_th=THAI, name_en=ENGLISH, num_in_stock=500)


def _line(product, quantity):
    return {"variantId": global_id("ProductVariant", product.pk), "quantity": quantity}


def _created(*lines):
    created = data(CREATE, {"lines": list(lines)})["checkoutCreate"]
    assert created["errors"] == []
    return created["checkout"]


def _refused(answer, quantity):
    return answer == {"checkout": None, "errors": [
        {"field": "quantity", "code": "QUANTITY_GREATER_THAN_LIMIT", "message": MESSAGE.format(name=THAI, quantity=quantity)}]}


def test_adding_to_a_full_line_is_refused_on_the_line_it_would_make():
    # given a checkout with 50 of a silk (500 in stock)
    silk = _silk()
    checkout = _created(_line(silk, 50))

    # when 50 more are added, then 1 more
    fifty = data(ADD, {"id": checkout["id"], "lines": [_line(silk, 50)]})["checkoutLinesAdd"]
    one = data(ADD, {"id": checkout["id"], "lines": [_line(silk, 1)]})["checkoutLinesAdd"]

    # then both are refused with the limit and the line of 100 or 51 they would make; the line still holds 50
    assert _refused(fifty, 100)
    assert _refused(one, 51)
    assert data(LINES, {"id": checkout["id"]})["checkout"]["lines"] == [
        {"quantity": 50, "variant": {"id": global_id("ProductVariant", silk.pk)}}]


def test_adding_up_to_the_limit_is_taken():
    # given a checkout with 30 of a silk
    silk = _silk()
    checkout = _created(_line(silk, 30))

    # when 20 more are added
    added = data(ADD, {"id": checkout["id"], "lines": [_line(silk, 20)]})["checkoutLinesAdd"]

    # then the line holds 50
    assert added["errors"] == [] and [line["quantity"] for line in added["checkout"]["lines"]] == [50]


def test_one_product_twice_in_a_request_is_summed():
    # given a silk and a checkout holding another product
    silk, other = _silk(), certified_product(name_en="Mulberry tea", num_in_stock=500)
    checkout = _created(_line(other, 1))

    # when a checkout is created with 30 + 30 of the silk, and 30 + 30 of it are added to the other checkout
    created = data(CREATE, {"lines": [_line(silk, 30), _line(silk, 30)]})["checkoutCreate"]
    added = data(ADD, {"id": checkout["id"], "lines": [_line(silk, 30), _line(silk, 30)]})["checkoutLinesAdd"]
    updated = data(UPDATE, {"id": checkout["id"], "lines": [_line(silk, 30), _line(silk, 30)]})["checkoutLinesUpdate"]

    # then each is refused for the line of 60 it would make, and the other checkout keeps its one line
    assert _refused(created, 60)
    assert _refused(added, 60)
    assert _refused(updated, 60)
    assert [line["quantity"] for line in data(LINES, {"id": checkout["id"]})["checkout"]["lines"]] == [1]


def test_creating_with_more_than_the_limit_is_refused_and_nothing_is_written():
    # given a silk
    silk = _silk()
    baskets = Basket.objects.count()

    # when a checkout is created with 51 of it
    created = data(CREATE, {"lines": [_line(silk, 51)]})["checkoutCreate"]

    # then refused, and no checkout nor basket was written
    assert _refused(created, 51)
    assert Basket.objects.count() == baskets


def test_setting_a_line_above_the_limit_is_refused_with_the_same_code():
    # given a checkout with 10 of a silk
    silk = _silk()
    checkout = _created(_line(silk, 10))

    # when the line is set to 51
    updated = data(UPDATE, {"id": checkout["id"], "lines": [_line(silk, 51)]})["checkoutLinesUpdate"]

    # then refused as adding is, and the line still holds 10
    assert _refused(updated, 51)
    assert [line["quantity"] for line in data(LINES, {"id": checkout["id"]})["checkout"]["lines"]] == [10]


def _url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _messages(answer):
    return [" ".join(str(m).split()) for m in answer.context["messages"]]


def _basket_quantities(client):
    page = client.get(_url("basket:summary"))
    return [line.quantity for line in page.context["basket"].all_lines()]


def test_the_basket_pages_hold_to_the_same_limit(client):
    # given 50 of a silk put in the basket on the shop's pages
    silk = _silk()
    client.post(_url("basket:add", pk=silk.pk), {"quantity": MAX_LINE_QUANTITY})

    # when one more is added
    added = client.post(_url("basket:add", pk=silk.pk), {"quantity": 1}, follow=True)

    # then refused with the API's message (the product named in the page's language), and the line holds 50
    assert MESSAGE.format(name=ENGLISH, quantity=51) in _messages(added)
    assert _basket_quantities(client) == [50]


def test_the_basket_page_refuses_a_line_set_above_the_limit(client):
    # given 10 of a silk in the basket
    silk = _silk()
    client.post(_url("basket:add", pk=silk.pk), {"quantity": 10})
    line = client.get(_url("basket:summary")).context["basket"].all_lines()[0]

    # when the basket page sets the line to 51, then to 50
    form = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000", "form-0-id": str(line.pk)}
    refused = client.post(_url("basket:summary"), {**form, "form-0-quantity": "51"}, follow=True)
    after_refusal = _basket_quantities(client)
    client.post(_url("basket:summary"), {**form, "form-0-quantity": "50"})

    # then 51 is refused with the same message; 50 is taken
    assert MESSAGE.format(name=ENGLISH, quantity=51) in refused.content.decode()
    assert after_refusal == [10]
    assert _basket_quantities(client) == [50]
