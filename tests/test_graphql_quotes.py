"""The quote API (``marketplace/graphql/quotes``): the access matrix through /graphql/ (a buyer's
own requests only; a producer its own lines and quote only; anonymous refused), request → quote →
accept end to end, typed errors for malformed input (never a 500), costs and query counts."""
import datetime

import pytest
from django.utils import timezone

from graphql_client import data, post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.quote_orders.models import QuoteOrder
from marketplace.quotes.models import Message, Quote, QuoteRequest, State, Unit
from marketplace.testing.factories import certified_product
from quoting import producer_with_user, quote_on, quoted_silk_and_crackers, request_for, trade_buyer

pytestmark = pytest.mark.django_db
ERRORS = "errors { field code message }"
LINES = "lines { id productId productName producerName quantity unit }"
QUOTE = ("id state producerName version currency prices { lineId unitPrice } leadTimeDays incoterm namedPlace "
         "validUntil depositPercent order { number status total { amount currency } deposit { amount currency } "
         "depositPaid proformaUrl }")
REQUEST = f"id reference state incoterm destinationCountry destinationPlace {LINES} quotes {{ {QUOTE} }} " \
          "messages { body fromBuyer producerName }"
ONE = f"query($id: ID!) {{ quoteRequest(id: $id) {{ {REQUEST} }} }}"
MINE = f"query($first: Int) {{ quoteRequests(first: $first) {{ totalCount edges {{ node {{ {REQUEST} }} }} }} }}"
CREATE = f"""mutation($input: QuoteRequestCreateInput!) {{ quoteRequestCreate(input: $input)
  {{ quoteRequest {{ {REQUEST} }} {ERRORS} }} }}"""
QUOTE_CREATE = f"""mutation($request: ID!, $input: QuoteInput!) {{ quoteCreate(request: $request, input: $input)
  {{ quote {{ {QUOTE} }} {ERRORS} }} }}"""
QUOTE_UPDATE = f"""mutation($id: ID!, $input: QuoteInput!) {{ quoteUpdate(id: $id, input: $input)
  {{ quote {{ {QUOTE} }} {ERRORS} }} }}"""
ACCEPT = f"mutation($id: ID!) {{ quoteAccept(id: $id) {{ quote {{ {QUOTE} }} {ERRORS} }} }}"
DECLINE = f"mutation($id: ID!) {{ quoteDecline(id: $id) {{ quote {{ state }} {ERRORS} }} }}"
WITHDRAW = f"mutation($id: ID!) {{ quoteRequestWithdraw(id: $id) {{ quoteRequest {{ state }} {ERRORS} }} }}"
MESSAGE = f"""mutation($request: ID!, $body: String!, $producer: ID) {{
  quoteMessageSend(request: $request, body: $body, producer: $producer) {{ message {{ body fromBuyer }} {ERRORS} }} }}"""


def rid(request):
    return global_id("QuoteRequest", request.pk)


def qid(quote):
    return global_id("Quote", quote.pk)


def terms(lines, price="9.90", **changes):
    return {"prices": [{"line": global_id("QuoteRequestLine", line.pk), "unitPrice": price} for line in lines],
            "currency": "USD", "leadTimeDays": 30, "incoterm": "CIF", "namedPlace": "Osaka",
            "validUntil": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(), "depositPercent": 40,
            **changes}


def two_producers_asked():
    """One buyer's request naming products of two producers, each with a quote on its own line."""
    buyer = trade_buyer()
    first, first_user = producer_with_user()
    second, second_user = producer_with_user()
    silk = certified_product(producer=first, name_th="ผ้าไหม", name_en="Silk")
    tea = certified_product(producer=second, name_th="ชาใบหม่อน", name_en="Mulberry tea")
    request = request_for(buyer, (silk, 100, Unit.PIECES), (tea, 20, Unit.CARTONS))
    quote_on(request, first, {silk: "10.00"})
    quote_on(request, second, {tea: "55.00"})
    return request, buyer, first_user, second_user


def test_a_buyer_sees_own_requests_only_and_a_producer_only_its_own_lines_and_quote():
    # given a request to two producers, and a second buyer with a request of their own
    request, buyer, first_user, second_user = two_producers_asked()
    other_buyer = trade_buyer(company="Other Co")
    other = request_for(other_buyer, (certified_product(), 5, Unit.PIECES))

    # when each asks for the request and for their list
    as_buyer = data(ONE, {"id": rid(request)}, token=token_for(buyer))["quoteRequest"]
    as_first = data(ONE, {"id": rid(request)}, token=token_for(first_user))["quoteRequest"]
    as_other = data(ONE, {"id": rid(request)}, token=token_for(other_buyer))["quoteRequest"]
    mine = data(MINE, {"first": 10}, token=token_for(buyer))["quoteRequests"]

    # then the buyer sees both lines and quotes; the producer its own line and quote only; the other buyer nothing
    assert [line["productName"] for line in as_buyer["lines"]] == ["ผ้าไหม", "ชาใบหม่อน"]
    assert len(as_buyer["quotes"]) == 2
    assert [line["productName"] for line in as_first["lines"]] == ["ผ้าไหม"]
    assert [q["prices"][0]["unitPrice"] for q in as_first["quotes"]] == ["10.00"]
    assert as_other is None
    assert [edge["node"]["id"] for edge in mine["edges"]] == [rid(request)] and mine["totalCount"] == 1
    theirs = data(MINE, {"first": 10}, token=token_for(other_buyer))["quoteRequests"]
    assert [edge["node"]["id"] for edge in theirs["edges"]] == [rid(other)]


def test_anonymous_callers_are_refused_and_see_nothing():
    # given a request
    request, *_ = two_producers_asked()

    # when no one is signed in
    for query, variables in ((ONE, {"id": rid(request)}), (MINE, {"first": 5}),
                             (ACCEPT, {"id": qid(request.quotes.first())})):
        status, body = post(query, variables)

        # then Saleor's permission error, no data
        assert status == 200
        assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
        assert not any((body.get("data") or {}).values())
    assert Quote.objects.filter(state=State.ACCEPTED).count() == 0


def test_a_producer_cannot_see_quote_or_change_another_producers_lines():
    # given a request to two producers
    request, buyer, first_user, second_user = two_producers_asked()
    second_line = request.lines.get(producer__partner__users=second_user)
    second_quote = request.quotes.get(producer__partner__users=second_user)

    # when the first producer prices the second's line, or updates the second's quote
    priced = data(QUOTE_CREATE, {"request": rid(request), "input": terms([second_line])},
                  token=token_for(first_user))["quoteCreate"]
    updated = data(QUOTE_UPDATE, {"id": qid(second_quote), "input": terms([second_line])},
                   token=token_for(first_user))["quoteUpdate"]

    # then refused with a code, and the second's quote has one version still
    assert priced["quote"] is None and priced["errors"][0]["code"] == "NOT_OWN_LINE"
    assert updated["quote"] is None and updated["errors"][0]["code"] == "NOT_FOUND"
    assert second_quote.versions.count() == 1
    # and a producer cannot accept, nor another buyer accept, decline or withdraw
    for user, query, variables in ((first_user, ACCEPT, {"id": qid(second_quote)}),
                                   (trade_buyer(company="X"), ACCEPT, {"id": qid(second_quote)}),
                                   (first_user, WITHDRAW, {"id": rid(request)})):
        answer = next(iter(data(query, variables, token=token_for(user)).values()))
        assert answer["errors"][0]["code"] == "NOT_FOUND", query
    assert QuoteOrder.objects.count() == 0
    assert QuoteRequest.objects.get(pk=request.pk).state == State.QUOTED


def test_request_quote_accept_through_the_api_makes_one_order_with_its_proforma():
    # given a trade buyer and a producer with a product
    buyer = trade_buyer()
    producer, producer_user = producer_with_user()
    silk = certified_product(producer=producer, name_th="ผ้าไหมแพรวา", name_en="Praewa silk")

    # when the buyer asks, the producer quotes, and the buyer accepts twice
    created = data(CREATE, {"input": {"lines": [{"product": global_id("Product", silk.pk), "quantity": 300}],
                                      "incoterm": "CIF", "destinationCountry": "JP", "destinationPlace": "Osaka",
                                      "certificationsRequired": ["halal"]}},
                   token=token_for(buyer))["quoteRequestCreate"]
    assert created["errors"] == []
    request = QuoteRequest.objects.get()
    quoted = data(QUOTE_CREATE, {"request": created["quoteRequest"]["id"], "input": terms(request.lines.all())},
                  token=token_for(producer_user))["quoteCreate"]
    assert quoted["errors"] == [] and quoted["quote"]["state"] == "QUOTED"
    revised = data(QUOTE_UPDATE, {"id": quoted["quote"]["id"], "input": terms(request.lines.all(), price="9.50")},
                   token=token_for(producer_user))["quoteUpdate"]
    assert revised["quote"]["version"] == 2
    first = data(ACCEPT, {"id": quoted["quote"]["id"]}, token=token_for(buyer))["quoteAccept"]
    second = data(ACCEPT, {"id": quoted["quote"]["id"]}, token=token_for(buyer))["quoteAccept"]

    # then one order at the revised price, CIF Osaka, 40% deposit owed, and its pro-forma's address
    assert first["errors"] == [] and second["errors"] == []
    order = first["quote"]["order"]
    assert order == second["quote"]["order"]
    assert first["quote"]["state"] == "ACCEPTED"
    assert order["total"] == {"amount": 2850.0, "currency": "USD"}
    assert order["deposit"] == {"amount": 1140.0, "currency": "USD"} and order["depositPaid"] is False
    assert order["proformaUrl"].endswith(f"/quotes/orders/{order['number']}/proforma.pdf")
    assert QuoteOrder.objects.count() == 1
    # a message each way in the thread
    sent = data(MESSAGE, {"request": created["quoteRequest"]["id"], "body": "Can you ship in May?"},
                token=token_for(buyer))["quoteMessageSend"]
    reply = data(MESSAGE, {"request": created["quoteRequest"]["id"], "body": "ได้ครับ"},
                 token=token_for(producer_user))["quoteMessageSend"]
    assert sent["message"] == {"body": "Can you ship in May?", "fromBuyer": True}
    assert reply["message"] == {"body": "ได้ครับ", "fromBuyer": False}
    assert Message.objects.count() == 2


def test_decline_and_withdraw_go_through_the_state_rule():
    # given a request with two quotes
    request, buyer, *_ = two_producers_asked()
    first, second = request.quotes.order_by("pk")

    # when the buyer declines one and withdraws the request
    declined = data(DECLINE, {"id": qid(first)}, token=token_for(buyer))["quoteDecline"]
    withdrawn = data(WITHDRAW, {"id": rid(request)}, token=token_for(buyer))["quoteRequestWithdraw"]
    again = data(ACCEPT, {"id": qid(second)}, token=token_for(buyer))["quoteAccept"]

    # then the states moved, and a withdrawn request's quote can no longer be accepted
    assert declined == {"quote": {"state": "DECLINED"}, "errors": []}
    assert withdrawn == {"quoteRequest": {"state": "WITHDRAWN"}, "errors": []}
    assert again["quote"] is None and again["errors"][0]["code"] == "INVALID_STATE"


@pytest.mark.parametrize("variables, field, code", [
    ({"lines": [{"product": "bm9wZQ==", "quantity": 1}]}, "lines", "INVALID"),
    ({"lines": [{"product": global_id("Product", 999999), "quantity": 1}]}, "lines", "NOT_FOUND"),
    ({"lines": [{"product": "PRODUCT", "quantity": 0}]}, "quantity", "INVALID"),
    ({"lines": [{"product": "PRODUCT", "quantity": 1, "targetUnitPrice": "1e30"}]}, "targetUnitPrice", "INVALID"),
    ({"destinationCountry": "Japan"}, "destinationCountry", "INVALID"),
    ({"destinationPlace": "x" * 300}, "destinationPlace", "INVALID"),
    ({"certificationsRequired": ["michelin"]}, "certificationsRequired", "INVALID"),
    ({"lines": []}, "lines", "REQUIRED"),
])
def test_malformed_request_input_is_a_typed_error_never_a_500(variables, field, code):
    # given a trade buyer and a product
    buyer = trade_buyer()
    product = certified_product()
    base = {"lines": [{"product": global_id("Product", product.pk), "quantity": 10}], "destinationCountry": "JP",
            "destinationPlace": "Osaka"}
    payload = {**base, **variables}
    for line in payload["lines"]:
        if line["product"] == "PRODUCT":
            line["product"] = global_id("Product", product.pk)

    # when the request is sent
    status, body = post(CREATE, {"input": payload}, token=token_for(buyer))

    # then a typed error on the field, and nothing stored
    assert status == 200, body
    answer = body["data"]["quoteRequestCreate"]
    assert answer["quoteRequest"] is None
    assert (answer["errors"][0]["field"], answer["errors"][0]["code"]) == (field, code)
    assert QuoteRequest.objects.count() == 0


def test_malformed_quote_input_and_ids_are_typed_errors():
    # given a quoted request
    quote, buyer, producer_user = quoted_silk_and_crackers()
    lines = list(quote.request.lines.all())
    token = token_for(producer_user)

    # when the producer sends impossible terms (each refusal names the input's own, camelCase field)
    cases = [(terms(lines, leadTimeDays=-3), "leadTimeDays", "INVALID"),
             (terms(lines, depositPercent=250), "depositPercent", "INVALID"),
             (terms(lines, price="-1"), "prices", "INVALID"),
             (terms(lines, namedPlace=" "), "namedPlace", "REQUIRED"),
             (terms(lines, validUntil="2001-01-01"), "validUntil", "INVALID")]
    for input_, field, code in cases:
        answer = data(QUOTE_UPDATE, {"id": qid(quote), "input": input_}, token=token)["quoteUpdate"]
        assert (answer["errors"][0]["field"], answer["errors"][0]["code"]) == (field, code), input_
    # and ids of the wrong kind or garbage
    for bad in ("garbage", global_id("QuoteRequest", quote.request_id), global_id("Quote", "x")):
        answer = data(ACCEPT, {"id": bad}, token=token_for(buyer))["quoteAccept"]
        assert answer["errors"][0]["code"] == "INVALID"
    status, body = post(ONE, {"id": "garbage"}, token=token_for(buyer))
    assert status == 200 and body["data"]["quoteRequest"] is None and "Invalid ID" in body["errors"][0]["message"]
    assert quote.versions.count() == 1


def test_the_request_list_costs_the_same_for_one_request_or_ten(django_assert_max_num_queries):
    # given a buyer with one request, then ten, each quoted with a message
    buyer = trade_buyer()
    producer, _ = producer_with_user()

    def add_request():
        product = certified_product(producer=producer)
        request = request_for(buyer, (product, 10, Unit.PIECES))
        quote_on(request, producer, {product: "3.00"})
        Message.objects.create(request=request, producer=producer, author=buyer, body="hello")

    add_request()
    token = token_for(buyer)

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            answer = data(MINE, {"first": 20}, token=token)
        return len(captured), len(answer["quoteRequests"]["edges"])

    one, n1 = count_queries()
    for _ in range(9):
        add_request()
    ten, n10 = count_queries()

    # then the same number of queries
    assert (n1, n10) == (1, 10)
    assert ten == one
    with django_assert_max_num_queries(one):
        data(MINE, {"first": 20}, token=token)


def test_a_page_too_large_is_refused_before_any_sql_on_quotes():
    # given a signed-in buyer's token
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    token = token_for(trade_buyer())

    # when they ask for 500 requests at once
    with CaptureQueriesContext(connection) as captured:
        status, body = post(MINE, {"first": 500}, token=token)

    # then the limits refuse it, and no quote table was read
    assert status == 400 or body["errors"]
    assert "first" in body["errors"][0]["message"] and body.get("data") is None
    assert not any("quotes_" in query["sql"] for query in captured.captured_queries)


DEPOSIT = f"""mutation($id: ID!) {{ quoteDepositPay(id: $id) {{ clientSecret publishableKey deposit {{ amount currency }}
  {ERRORS} }} }}"""


def test_the_buyer_pays_the_deposit_by_card_through_the_api(client, stripe_keys):
    # given a quote the buyer accepted
    from stripe_fixtures import as_browser_pay, stripe_reports

    quote, buyer, producer_user = quoted_silk_and_crackers()
    data(ACCEPT, {"id": qid(quote)}, token=token_for(buyer))

    # when the producer asks for the deposit's intent, then not found for them
    refused = data(DEPOSIT, {"id": qid(quote)}, token=token_for(producer_user))["quoteDepositPay"]
    assert refused["clientSecret"] is None and refused["errors"][0]["code"] == "NOT_FOUND"
    # when the buyer asks, pays with Stripe.js (a test card) and Stripe reports it
    started = data(DEPOSIT, {"id": qid(quote)}, token=token_for(buyer))["quoteDepositPay"]
    assert started["errors"] == [] and started["deposit"] == {"amount": 4155.0, "currency": "USD"}
    assert started["publishableKey"] == "pk_test_otop"
    intent_id = started["clientSecret"].split("_secret")[0]
    as_browser_pay(intent_id)
    stripe_reports(client, intent_id)

    # then the quote's order shows the deposit paid, and a second payment is refused with its code
    order = data(ONE, {"id": rid(quote.request)}, token=token_for(buyer))["quoteRequest"]["quotes"][0]["order"]
    assert order["depositPaid"] is True and order["status"] == "Deposit paid"
    again = data(DEPOSIT, {"id": qid(quote)}, token=token_for(buyer))["quoteDepositPay"]
    assert again["errors"][0]["code"] == "DEPOSIT_ALREADY_PAID"


BALANCE = f"""mutation($id: ID!) {{ quoteBalancePay(id: $id) {{ clientSecret balance {{ amount currency }} {ERRORS} }} }}"""
ORDER_STATE = """query($id: ID!) { quoteRequest(id: $id) { quotes { order { status depositPaid balancePaid
  balance { amount currency } } } } }"""


def test_the_buyer_pays_the_balance_by_card_through_the_api_once_the_deposit_is_paid(client, stripe_keys):
    from stripe_fixtures import as_browser_pay, stripe_reports

    # given a quote the buyer accepted (13,850.00 USD, a 4,155.00 deposit)
    quote, buyer, producer_user = quoted_silk_and_crackers()
    data(ACCEPT, {"id": qid(quote)}, token=token_for(buyer))

    # then the balance is refused before the deposit, and to anyone but the buyer
    early = data(BALANCE, {"id": qid(quote)}, token=token_for(buyer))["quoteBalancePay"]
    assert early["clientSecret"] is None and early["errors"][0]["code"] == "INVALID"
    assert "deposit" in early["errors"][0]["message"]
    started = data(DEPOSIT, {"id": qid(quote)}, token=token_for(buyer))["quoteDepositPay"]
    intent_id = started["clientSecret"].split("_secret")[0]
    as_browser_pay(intent_id)
    stripe_reports(client, intent_id)
    refused = data(BALANCE, {"id": qid(quote)}, token=token_for(producer_user))["quoteBalancePay"]
    assert refused["clientSecret"] is None and refused["errors"][0]["code"] == "NOT_FOUND"

    # when the buyer asks for the balance, pays it with Stripe.js and Stripe reports it
    started = data(BALANCE, {"id": qid(quote)}, token=token_for(buyer))["quoteBalancePay"]
    assert started["errors"] == [] and started["balance"] == {"amount": 9695.0, "currency": "USD"}
    intent_id = started["clientSecret"].split("_secret")[0]
    as_browser_pay(intent_id)
    stripe_reports(client, intent_id)

    # then the order is paid in full, and the balance is not taken twice
    order = data(ORDER_STATE, {"id": rid(quote.request)}, token=token_for(buyer))["quoteRequest"]["quotes"][0]["order"]
    assert order == {"status": "Paid", "depositPaid": True, "balancePaid": True,
                     "balance": {"amount": 9695.0, "currency": "USD"}}
    again = data(BALANCE, {"id": qid(quote)}, token=token_for(buyer))["quoteBalancePay"]
    assert again["clientSecret"] is None and again["errors"][0]["code"] == "INVALID"


@pytest.mark.parametrize("key", ["", "sk_test_revoked"])
def test_a_payment_service_problem_on_the_deposit_is_a_sentence_for_the_buyer(client, stripe_keys, key, caplog):
    # given an accepted quote and a shop whose Stripe key is missing or refused
    quote, buyer, _producer_user = quoted_silk_and_crackers()
    data(ACCEPT, {"id": qid(quote)}, token=token_for(buyer))
    stripe_keys.STRIPE_SECRET_KEY = key
    if key:
        stripe_keys.STRIPE_API_BASE = "http://127.0.0.1:9"  # nothing answers there

    # when the buyer asks to pay the deposit
    refused = data(DEPOSIT, {"id": qid(quote)}, token=token_for(buyer), language="th")["quoteDepositPay"]

    # then the buyer reads (in Thai, as the client asked) a sentence that gives nothing of the configuration away; staff get the detail in the log
    message = refused["errors"][0]["message"]
    assert refused["clientSecret"] is None and refused["errors"][0]["code"] == "PAYMENT_ERROR"
    assert message.startswith("ยังชำระเงินด้วยบัตรไม่ได้ในขณะนี้") and "โอนเงิน" in message
    assert "STRIPE" not in message and "127.0.0.1" not in message
    assert any("Deposit of order" in r.getMessage() for r in caplog.records)


def test_a_buyer_s_requests_and_messages_in_a_day_are_bounded_with_a_typed_error():
    # given a buyer who has sent the day's most requests (one of them yesterday's: not counted)
    from marketplace.quotes import quoting

    buyer = trade_buyer()
    producer, producer_user = producer_with_user()
    product = certified_product(producer=producer)
    sent = [request_for(buyer, (product, 10, Unit.PIECES)) for _ in range(quoting.MAX_REQUESTS_PER_DAY)]
    QuoteRequest.objects.filter(pk=sent[0].pk).update(created=timezone.now() - datetime.timedelta(hours=25))
    payload = {"lines": [{"product": global_id("Product", product.pk), "quantity": 10}], "destinationCountry": "JP",
               "destinationPlace": "Osaka"}
    # when they send one more, and then another
    one_more = data(CREATE, {"input": payload}, token=token_for(buyer))["quoteRequestCreate"]
    refused = data(CREATE, {"input": payload}, token=token_for(buyer))["quoteRequestCreate"]
    # then the first goes (yesterday's is not counted) and the next is refused, its producer not told
    assert one_more["errors"] == []
    assert refused["quoteRequest"] is None and refused["errors"][0]["code"] == "TOO_MANY"
    assert "20 requests in the last 24 hours" in refused["errors"][0]["message"]
    assert QuoteRequest.objects.filter(buyer=buyer).count() == quoting.MAX_REQUESTS_PER_DAY + 1
    # and the messages of one account in a day likewise
    Message.objects.bulk_create([Message(request=sent[1], producer=producer, author=buyer, body="hello")
                                 for _ in range(quoting.MAX_MESSAGES_PER_DAY)])
    answer = data(MESSAGE, {"request": rid(sent[1]), "body": "one more"}, token=token_for(buyer))["quoteMessageSend"]
    assert answer["message"] is None and answer["errors"][0]["code"] == "TOO_MANY"
    assert Message.objects.filter(author=buyer).count() == quoting.MAX_MESSAGES_PER_DAY
    # while the producer, another account, still answers
    answer = data(MESSAGE, {"request": rid(sent[1]), "body": "samples ready"},
                  token=token_for(producer_user))["quoteMessageSend"]
    assert answer["errors"] == []
