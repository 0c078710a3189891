"""What the quote mutations refuse besides their shape: a destination that is no ISO 3166-1 country
and a wanted-by date before today (Thai date) in quoteRequestCreate (``quoting.check_destination``,
the rule the request page shares); a line priced twice in quoteCreate and quoteUpdate; and ids of
others' quotes and requests, answered exactly as an id that does not exist."""
import datetime
import re

import pytest
from django.utils import timezone

from buying import in_english
from graphql_client import data, post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.quotes import quoting
from marketplace.quotes.errors import QuoteError
from marketplace.quotes.models import Quote, QuoteRequest, QuoteVersion, TradeBuyer, Unit
from marketplace.testing.factories import UserFactory, certified_product
from quoting import producer_with_user, quoted_silk_and_crackers, request_for, trade_buyer

pytestmark = pytest.mark.django_db
ERRORS = "errors { field code message }"
CREATE = f"""mutation($input: QuoteRequestCreateInput!) {{ quoteRequestCreate(input: $input)
  {{ quoteRequest {{ id destinationCountry }} {ERRORS} }} }}"""
QUOTE_CREATE = f"""mutation($request: ID!, $input: QuoteInput!) {{ quoteCreate(request: $request, input: $input)
  {{ quote {{ id }} {ERRORS} }} }}"""
QUOTE_UPDATE = f"""mutation($id: ID!, $input: QuoteInput!) {{ quoteUpdate(id: $id, input: $input)
  {{ quote {{ id }} {ERRORS} }} }}"""
ACCEPT = f"mutation($id: ID!) {{ quoteAccept(id: $id) {{ quote {{ id }} {ERRORS} }} }}"
DECLINE = f"mutation($id: ID!) {{ quoteDecline(id: $id) {{ quote {{ id }} {ERRORS} }} }}"
DEPOSIT = f"mutation($id: ID!) {{ quoteDepositPay(id: $id) {{ clientSecret {ERRORS} }} }}"
WITHDRAW = f"mutation($id: ID!) {{ quoteRequestWithdraw(id: $id) {{ quoteRequest {{ id }} {ERRORS} }} }}"
MESSAGE = f"""mutation($request: ID!) {{ quoteMessageSend(request: $request, body: "Hello") {{
  message {{ body }} {ERRORS} }} }}"""
NOT_FOUND = {"field": "id", "code": "NOT_FOUND", "message": "No quote request or quote of yours has this id."}


@pytest.fixture(autouse=True)
def _english(_default_language):
    in_english()


def _request_input(product, **changes):
    return {"lines": [{"product": global_id("Product", product.pk), "quantity": 10}], "destinationCountry": "JP",
            "destinationPlace": "Osaka", **changes}


def _today():
    return timezone.localdate()


@pytest.mark.parametrize("country", ["XX", "ZZ", "EU", "QO", "xk"])
def test_a_destination_that_is_no_country_is_refused(country):
    # given a trade buyer and a product
    buyer, product = trade_buyer(), certified_product()

    # when a request names a two-letter code that ISO 3166-1 does not give a country
    status, body = post(CREATE, {"input": _request_input(product, destinationCountry=country)}, token=token_for(buyer))

    # then a typed error on destinationCountry, and no request
    assert status == 200, body
    assert body["data"]["quoteRequestCreate"] == {"quoteRequest": None, "errors": [
        {"field": "destinationCountry", "code": "INVALID",
         "message": "Give the country as its two-letter code, e.g. JP for Japan."}]}
    assert QuoteRequest.objects.count() == 0


@pytest.mark.parametrize("country", ["jp", "FR", "TH", "AQ"])
def test_a_real_country_is_taken(country):
    # given a trade buyer and a product
    buyer, product = trade_buyer(), certified_product()

    # when a request names a country
    answer = data(CREATE, {"input": _request_input(product, destinationCountry=country)},
                  token=token_for(buyer))["quoteRequestCreate"]

    # then it is taken, in capitals
    assert answer["errors"] == [] and answer["quoteRequest"]["destinationCountry"] == country.upper()


def test_a_wanted_by_date_before_today_is_refused_and_today_is_taken():
    # given a trade buyer and a product
    buyer, product = trade_buyer(), certified_product()
    token = token_for(buyer)

    # when a request is wanted yesterday (Thai date), then today
    yesterday = (_today() - datetime.timedelta(days=1)).isoformat()
    past = post(CREATE, {"input": _request_input(product, wantedBy=yesterday)}, token=token)
    today = data(CREATE, {"input": _request_input(product, wantedBy=_today().isoformat())}, token=token)

    # then yesterday is a typed error on wantedBy; today is taken
    assert past == (200, {"data": {"quoteRequestCreate": {"quoteRequest": None, "errors": [
        {"field": "wantedBy", "code": "INVALID", "message": "The date is in the past."}]}}})
    assert today["quoteRequestCreate"]["errors"] == []
    assert list(QuoteRequest.objects.values_list("wanted_by", flat=True)) == [_today()]


def test_the_site_s_date_decides_what_is_past(settings, monkeypatch):
    # given a moment when it is already the 2nd in Bangkok but still the 1st in UTC (the quotes' clock
    # set to it; a token's times are checked against the real clock)
    from types import SimpleNamespace

    from marketplace.quotes import states

    moment = datetime.datetime(2031, 3, 1, 20, 30, tzinfo=datetime.timezone.utc)  # 03:30 on the 2nd in Bangkok
    monkeypatch.setattr(states, "timezone", SimpleNamespace(localdate=lambda: timezone.localdate(moment)))
    buyer, product = trade_buyer(), certified_product()

    # when the request is wanted on the 1st
    answer = data(CREATE, {"input": _request_input(product, wantedBy="2031-03-01")},
                  token=token_for(buyer))["quoteRequestCreate"]

    # then that is in the past for the site (Asia/Bangkok)
    assert settings.TIME_ZONE == "Asia/Bangkok"
    assert answer["errors"] == [{"field": "wantedBy", "code": "INVALID", "message": "The date is in the past."}]


def test_the_request_page_and_the_api_share_the_rule():
    # given a trade buyer and a product
    buyer, product = trade_buyer(), certified_product()
    lines = [quoting.LineInput(product, 10)]

    # when the domain is asked directly (as the request page asks it) for XX, and for yesterday
    refusals = []
    for changes in ({"destination_country": "XX"},
                    {"destination_country": "JP", "wanted_by": _today() - datetime.timedelta(days=1)}):
        with pytest.raises(QuoteError) as refused:
            quoting.create_request(buyer, lines, destination_place="Osaka", **changes)
        refusals.append((refused.value.field, refused.value.code))

    # then both are refused on the page's own fields, and nothing is stored
    assert refusals == [("destination_country", "INVALID"), ("wanted_by", "INVALID")]
    assert QuoteRequest.objects.count() == 0


def _terms(prices, **changes):
    return {"prices": prices, "currency": "USD", "leadTimeDays": 30, "incoterm": "CIF", "namedPlace": "Osaka",
            "validUntil": (_today() + datetime.timedelta(days=20)).isoformat(), **changes}


def _price(line, amount):
    return {"line": global_id("QuoteRequestLine", line.pk), "unitPrice": amount}


DOUBLE_PRICE = {"field": "prices", "code": "INVALID", "message": "A line is priced twice: give one unit price per line."}


def test_a_line_priced_twice_is_refused_in_quote_create():
    # given a request for one silk of a producer
    buyer = trade_buyer()
    producer, producer_user = producer_with_user()
    request = request_for(buyer, (certified_product(producer=producer), 100, Unit.PIECES))
    line = request.lines.get()

    # when the producer answers with two prices for the line
    answer = data(QUOTE_CREATE, {"request": global_id("QuoteRequest", request.pk),
                                 "input": _terms([_price(line, "9.90"), _price(line, "1.00")])},
                  token=token_for(producer_user))["quoteCreate"]

    # then a typed error, and no quote
    assert answer == {"quote": None, "errors": [DOUBLE_PRICE]}
    assert Quote.objects.count() == 0


def test_a_line_priced_twice_is_refused_in_quote_update():
    # given a quote on silk and crackers
    quote, _buyer, producer_user = quoted_silk_and_crackers()
    silk, crackers = quote.request.lines.order_by("pk")

    # when the producer sends a version with the silk priced twice
    answer = data(QUOTE_UPDATE, {"id": global_id("Quote", quote.pk), "input": _terms(
        [_price(silk, "12.00"), _price(crackers, "38.00"), _price(silk, "1.00")])},
        token=token_for(producer_user))["quoteUpdate"]

    # then a typed error, and the quote keeps its one version
    assert answer == {"quote": None, "errors": [DOUBLE_PRICE]}
    assert QuoteVersion.objects.filter(quote=quote).count() == 1


def _not_ones_own():
    """A quote, and the callers who may not act on it as its buyer: another trade buyer, the quoting
    producer's user, and staff."""
    quote, buyer, producer_user = quoted_silk_and_crackers()
    return quote, [trade_buyer(company="Other Co"), producer_user, UserFactory(is_staff=True)]


@pytest.mark.parametrize("mutation", [ACCEPT, DECLINE, DEPOSIT])
def test_a_quote_of_someone_else_is_answered_as_a_missing_one(mutation):
    # given a quote, and an id that names no quote
    quote, callers = _not_ones_own()
    missing = global_id("Quote", quote.pk + 1000)

    # when each caller acts on the quote, and on the missing id
    for caller in callers:
        token = token_for(caller)
        theirs = next(iter(data(mutation, {"id": global_id("Quote", quote.pk)}, token=token).values()))
        nothing = next(iter(data(mutation, {"id": missing}, token=token).values()))

        # then the two answers are the same, word for word
        assert theirs["errors"] == nothing["errors"] == [NOT_FOUND], caller
    quote.refresh_from_db()
    assert quote.state == "quoted"


def test_a_request_of_someone_else_is_answered_as_a_missing_one():
    # given a request, and an id that names no request
    quote, _callers = _not_ones_own()
    other = trade_buyer(company="Other Co")
    token = token_for(other)
    theirs, missing = global_id("QuoteRequest", quote.request_id), global_id("QuoteRequest", quote.request_id + 1000)

    # when another buyer withdraws, messages or quotes it, and the missing id
    answers = [(next(iter(data(query, {key: theirs}, token=token).values()))["errors"],
                next(iter(data(query, {key: missing}, token=token).values()))["errors"])
               for query, key in ((WITHDRAW, "id"), (MESSAGE, "request"))]

    # then each pair is the same
    for theirs_errors, missing_errors in answers:
        assert theirs_errors == missing_errors == [NOT_FOUND]


@pytest.mark.parametrize("country", ["XX", "ZZ", "EU"])
def test_the_trade_buyer_profile_refuses_a_code_that_is_no_country(client, country):
    # given a signed-in shopper filling in the trade-buyer profile
    shopper = UserFactory()
    client.force_login(shopper)
    # when the country is a two-letter code that names no country
    response = client.post("/en/quotes/buyer/", {"company": "Lyon Épicerie", "country": country,
                                                 "business_type": "retailer", "contact_name": "Anne"})
    # then the page says what to give, and no profile is kept
    assert response.status_code == 200
    assert f"Choose the country from the list (“{country}” is not a country)" in response.content.decode()
    assert not TradeBuyer.objects.filter(user=shopper).exists()


@pytest.mark.parametrize(("prefix", "japan", "thailand"), [("/en", "Japan", "Thailand"), ("", "ญี่ปุ่น", "ไทย")])
def test_the_trade_buyer_profile_offers_the_countries_by_name_in_the_pages_language(client, prefix, japan, thailand):
    client.force_login(UserFactory())
    page = client.get(f"{prefix}/quotes/buyer/")
    options = dict(page.context["form"].fields["country"].choices)
    assert options["JP"] == japan and options["TH"] == thailand
    assert "EU" not in options and "ZZ" not in options  # only countries
    assert '<select name="country"' in page.content.decode()


OVERRIDE = "Osaka\u202eakasO"  # shows "Osaka" then "Osaka" reversed: another text than is stored
CONTROL_REFUSAL = "Remove the invisible control character U+202E from this text."


def test_a_request_whose_texts_hold_a_direction_override_is_refused_by_field():
    buyer, product = trade_buyer(), certified_product()
    for field in ("destinationPlace", "message", "certificationsOther"):
        answer = data(CREATE, {"input": _request_input(product, **{field: OVERRIDE})},
                      token=token_for(buyer))["quoteRequestCreate"]
        assert answer["errors"] == [{"field": field, "code": "INVALID", "message": CONTROL_REFUSAL}]
    assert QuoteRequest.objects.count() == 0
    # a message keeps its line breaks
    answer = data(CREATE, {"input": _request_input(product, message="Dear weavers,\nthree colours please.")},
                  token=token_for(buyer))["quoteRequestCreate"]
    assert answer["errors"] == []


def test_a_quote_whose_terms_hold_a_control_character_is_refused_by_field():
    buyer = trade_buyer()
    producer, producer_user = producer_with_user()
    request = request_for(buyer, (certified_product(producer=producer), 100, Unit.PIECES))
    line = request.lines.get()
    for field, value in (("namedPlace", OVERRIDE), ("paymentTerms", "30 %\x1b[8m hidden"), ("notes", OVERRIDE)):
        answer = data(QUOTE_CREATE, {"request": global_id("QuoteRequest", request.pk),
                                     "input": _terms([_price(line, "9.90")], **{field: value})},
                      token=token_for(producer_user))["quoteCreate"]
        [error] = answer["errors"]
        assert (error["field"], error["code"]) == (field, "INVALID")
    assert Quote.objects.count() == 0


def test_a_message_with_a_direction_override_is_refused_on_the_page_and_in_the_api(client):
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    answer = data(MESSAGE.replace('"Hello"', '"Hello \\u202e olleH"'),
                  {"request": global_id("QuoteRequest", quote.request.pk)}, token=token_for(buyer))["quoteMessageSend"]
    assert answer["errors"] == [{"field": "body", "code": "INVALID", "message": CONTROL_REFUSAL}]
    # the request page's message form, through the same rule
    client.force_login(buyer)
    client.post(f"/en/quotes/{quote.request.pk}/message/",
                {"producer": quote.producer.pk, "body": "Hello \u202e olleH"})
    assert quote.request.messages.count() == 0


def test_the_certifications_asked_for_are_ticked_boxes_not_text_fields(client):
    # Oscar's form field gave each box of a list the class form-control, which hides a checkbox's tick
    from marketplace.quotes.forms import RequestForm
    from django.template.loader import render_to_string

    html = render_to_string("oscar/partials/form_fields.html", {"form": RequestForm()})
    boxes = re.findall(r'<input type="checkbox" name="certifications_required"[^>]*>', html)
    assert boxes and not [box for box in boxes if "form-control" in box]
    assert 'class="form-control"' in re.search(r'<input type="text" name="destination_place"[^>]*>', html).group(0)
