"""A producer answering a trade buyer's request, with prices a careless hand or a script types: NaN,
infinity, an amount beyond the column, more decimals than the currency has. Each is refused with a
message on the portal's answer page and a typed error through the API, never a 500, never rounded by
the database, and no quote version is written."""
import datetime

import pytest
from django.utils import timezone, translation

from graphql_client import post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.quotes.models import Quote, QuotePrice, QuoteVersion
from test_quotes import world  # noqa: F401  twin producers, a buyer's request with a line of each

pytestmark = pytest.mark.django_db

QUOTE_CREATE = """mutation($request: ID!, $input: QuoteInput!) { quoteCreate(request: $request, input: $input) {
  quote { id } errors { field code message } } }"""


def answer_url(world, language="en"):
    prefix = "/en" if language == "en" else ""
    return f"{prefix}/producer/{world['twins']['lamphun'].slug}/quotes/{world['request'].pk}/"


def answer_form(line, price):
    return {f"price-{line.pk}": price, "currency": "USD", "lead_time_days": "30", "incoterm": "FOB",
            "named_place": "Laem Chabang", "valid_until": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
            "deposit_percent": "30", "payment_terms": "T/T", "notes": ""}


@pytest.mark.parametrize("price, message", [
    ("NaN", "The price in USD must be a number, not “NaN”."),
    ("Infinity", "The price in USD must be a number, not “Infinity”."),
    ("1e20", "The price in USD cannot be above 9999999999.99."),
    ("4.205", "A price in USD has at most 2 decimal places."),
    ("-1", "The price in USD cannot be below zero."),
])
def test_a_bad_unit_price_on_the_answer_page_is_refused_with_a_message(client, world, price, message):
    # given the Lamphun producer's user on its answer page
    translation.activate("en")
    line = world["request"].lines.get(producer=world["twins"]["lamphun"])
    client.force_login(world["users"]["lamphun"])

    # when they send a quote with that unit price
    response = client.post(answer_url(world), answer_form(line, price))

    # then the page says what is wrong, and no quote was written
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert not Quote.objects.exists() and not QuotePrice.objects.exists()


@pytest.mark.parametrize("price", ["4.205", "0.001"])
def test_a_unit_price_with_more_decimals_than_cents_gets_a_typed_error_through_the_api(world, price):
    # given the Lamphun producer's line of the request
    line = world["request"].lines.get(producer=world["twins"]["lamphun"])
    quote_input = {"prices": [{"line": global_id("QuoteRequestLine", line.pk), "unitPrice": price}],
                   "currency": "USD", "leadTimeDays": 30, "incoterm": "FOB", "namedPlace": "Laem Chabang",
                   "validUntil": (timezone.localdate() + datetime.timedelta(days=20)).isoformat()}

    # when its user quotes it through the API
    status, body = post(QUOTE_CREATE, {"request": global_id("QuoteRequest", world["request"].pk),
                                       "input": quote_input}, token=token_for(world["users"]["lamphun"]))

    # then the price is refused, not rounded, and nothing is written
    assert status == 200 and "errors" not in body, body
    assert [(error["field"], error["code"]) for error in body["data"]["quoteCreate"]["errors"]] == [
        ("prices", "INVALID")]
    assert not QuoteVersion.objects.exists()
