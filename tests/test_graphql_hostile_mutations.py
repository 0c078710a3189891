"""Every mutation (and every query field taking an input object), every argument and every field of
its inputs (two levels deep), sent by the kind of user it is for, with a hostile value in that one
place and sensible values everywhere else (real ids of the user's own checkout, product, quote…): a
typed GraphQL error, a refusal in the payload or a success — never a 500 nor an error in the log.
The values: explicit nulls, empty strings, NUL characters, 10,000 characters, direction controls,
ids that are malformed, of another type or out of range, numbers at the edges of their type,
decimals that are not numbers, impossible dates, JSON of the wrong shape."""
import base64
import json
import logging

import pytest
from graphql import (GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLNonNull, GraphQLScalarType,
                     get_named_type)

from graphql_client import data, post, token_for
from marketplace.graphql.core.ids import global_id
from marketplace.payments.models import StripePayment
from marketplace.quotes import acceptance
from marketplace.quotes.models import Unit
from marketplace.testing.factories import UserFactory
from quoting import quoted_silk_and_crackers
from test_graphql_producer_mutations import Side

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media", "stripe_keys")]

PLACE = {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road", "city": "Chiang Mai",
         "countryArea": "Chiang Mai", "postalCode": "50200", "country": "TH", "phone": "+66812345678"}


def _b64(text):
    return base64.b64encode(text.encode()).decode()


HOSTILE = {
    "String": ["", "\x00", "a\x00b", "x" * 10_000, "\u202egpj.exe", "   ", "๑๒๓"],
    "ID": ["", "\x00", "!!!not base64", _b64("Product:\x00"), _b64("Product:-1"), _b64("Product:๑"),
           _b64("Product:99999999999999999999"), _b64("Nope:1"), _b64("Order:1"), _b64(":"), _b64("Product:")],
    "Int": [0, -1, 2 ** 31 - 1, -(2 ** 31)],
    "Float": [0.0, -1.0, 1e308],
    "Decimal": ["-1", "0", "1e400", "NaN", "Infinity", "99999999999999999999.99", "0.001", "abc", "1,5", ""],
    "PositiveDecimal": ["-1", "0", "1e400", "NaN", "Infinity", "99999999999999999999.99", "0.001", "abc", ""],
    "Date": ["0001-01-01", "9999-12-31", "2026-02-30", "x", ""],
    "DateTime": ["0001-01-01T00:00:00", "9999-12-31T23:59:59+14:00", "x"],
    "UUID": ["not-a-uuid", "00000000-0000-0000-0000-000000000000"],
    "JSONString": ["{", "[]", "1", "null", '{"blocks": 5}', '{"blocks": [{"type": "paragraph", "data": {"text": 5}}]}',
                   '{"blocks": [null, 1, "x"]}', json.dumps({"a": [[[[[[[[[[1]]]]]]]]]]})],
    "JSON": [[], "x", 5, {"a": {"b": {"c": ["\x00"]}}}],
    "Boolean": [True],
}


class World:
    """What each kind of user has, with the ids the API gave for it."""

    def __init__(self, mutation):
        self.producer = Side("TH-51", "ผ้าไหมของเอ")
        quote, self.buyer, self.quoting_producer = quoted_silk_and_crackers()
        if mutation in ("quoteDepositPay", "quoteBalancePay"):
            acceptance.accept(quote, self.buyer)
        self.quote, self.request = quote, quote.request
        self.shopper = UserFactory(email="shopper@example.com")
        self.tokens = {"producer": self.producer.token, "buyer": token_for(self.buyer),
                       "quoting producer": token_for(self.quoting_producer), "shopper": token_for(self.shopper)}
        variant = self.producer.ids["variant"]
        created = data("""mutation($lines: [CheckoutLineInput!]!, $address: AddressInput) {
            checkoutCreate(input: {channel: "th-thb", lines: $lines, email: "shopper@example.com",
                                   shippingAddress: $address}) {
              checkout { id token lines { id } } errors { field message } } }""",
                       {"lines": [{"variantId": variant, "quantity": 1}], "address": PLACE},
                       token=self.tokens["shopper"])["checkoutCreate"]
        assert created["errors"] == [], created
        checkout = created["checkout"]
        deliveries = data("mutation($id: ID!) { deliveryOptionsCalculate(id: $id) { deliveries { id } } }",
                          {"id": checkout["id"]}, token=self.tokens["shopper"])["deliveryOptionsCalculate"]["deliveries"]
        data("mutation($id: ID!, $m: ID!) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) { errors { message } } }",
             {"id": checkout["id"], "m": deliveries[0]["id"]}, token=self.tokens["shopper"])
        started = data("""mutation($id: ID!) { transactionInitialize(id: $id, paymentGateway: {id: "saleor.app.payment.stripe"}) {
            transaction { id } errors { field message } } }""", {"id": checkout["id"]},
                       token=self.tokens["shopper"])["transactionInitialize"]
        assert started["errors"] == [], started
        address = data("""mutation($input: AddressInput!) { accountAddressCreate(input: $input) {
            address { id } errors { message } } }""", {"input": PLACE},
                       token=self.tokens["shopper"])["accountAddressCreate"]["address"]
        line = self.request.lines.first()
        self.ids = {
            "product": self.producer.ids["product"], "variant": variant, "media": self.producer.ids["media"][0],
            "warehouse": self.producer.ids["warehouse"], "checkout": checkout["id"], "token": checkout["token"],
            "line": checkout["lines"][0]["id"], "delivery": deliveries[0]["id"], "address": address["id"],
            "quote": global_id("Quote", quote.pk), "request": global_id("QuoteRequest", self.request.pk),
            "request line": global_id("QuoteRequestLine", line.pk), "quoted product": global_id("Product", line.product_id),
            "quoting producer": global_id("Producer", quote.producer_id),
            "channel": data('{ channel(slug: "th-thb") { id } }')["channel"]["id"],
            "user": global_id("User", self.shopper.pk), "transaction": started["transaction"]["id"],
        }

    def role(self, mutation):
        if mutation in ("quoteCreate", "quoteUpdate"):
            return "quoting producer"
        if mutation.startswith("quote"):
            return "buyer"
        if mutation.startswith("product"):
            return "producer"
        return "shopper"

    def id_for(self, mutation, name):
        by_name = {"variantId": "variant", "productId": "product", "mediaIds": "media", "warehouse": "warehouse",
                   "channelId": "channel", "lineId": "line", "linesIds": "line", "deliveryMethodId": "delivery",
                   "customerId": "user", "checkoutId": "checkout", "request": "request", "line": "request line",
                   "producer": "quoting producer", "addVariants": "variant", "removeVariants": "variant",
                   "removeChannels": "channel"}
        if name == "product":
            return self.ids["quoted product" if mutation == "quoteRequestCreate" else "product"]
        if name in by_name:
            return self.ids[by_name[name]]
        if name == "id":
            if mutation == "transactionProcess":
                return self.ids["transaction"]
            if mutation == "productMediaDelete":
                return self.ids["media"]
            if mutation == "productVariantChannelListingUpdate":
                return self.ids["variant"]
            if mutation.startswith("product"):
                return self.ids["product"]
            if mutation.startswith("account"):
                return self.ids["address"]
            if mutation == "quoteRequestWithdraw":
                return self.ids["request"]
            if mutation.startswith("quote"):
                return self.ids["quote"]
            return self.ids["checkout"]
        return None  # an id with no object of its own here (category, collections, references…)

    def string_for(self, mutation, name):
        if (mutation, name) == ("tokenVerify", "token"):
            return self.tokens["shopper"]
        if name == "id":  # a payment gateway's
            return "saleor.app.payment.stripe"
        email = {"shopper": self.shopper.email, "buyer": self.buyer.email}.get(self.role(mutation), "x@example.com")
        return {"email": email, "password": "a-long-password-2569", "newPassword": "another-password-2569",
                "oldPassword": "a-long-password-2569", "country": "TH", "destinationCountry": "JP",
                "countryArea": "Chiang Mai", "postalCode": "50200", "phone": "+66812345678", "channel": "th-thb",
                "redirectUrl": "http://localhost:3000/account/", "namedPlace": "Laem Chabang", "body": "Hello",
                "sku": self.producer.product.stockrecords.get().partner_sku, "key": "colour",
                "value": "red"}.get(name, "Silk")


def _sensible(world, mutation, name, argument_type):
    """A value of ``argument_type`` that a well-behaved client would send for ``name``."""
    nullable = not isinstance(argument_type, GraphQLNonNull)
    inner = argument_type.of_type if not nullable else argument_type
    if name in ("last", "before", "after") and nullable:
        return None  # a page is asked for by "first"
    if name == "amount" and nullable:
        return None  # the checkout's total is the amount a client names, if any
    if name == "prices":  # a price for each line of the quoting producer's
        return [{"line": global_id("QuoteRequestLine", line.pk), "unitPrice": "12.50"}
                for line in world.request.lines.order_by("pk")]
    if name == "mediaIds":
        return [global_id("ProductMedia", photo.pk) for photo in world.producer.photos]  # all, once each
    if isinstance(inner, GraphQLList):
        one = _sensible(world, mutation, name, inner.of_type)
        return None if one is None and nullable else [one]
    if isinstance(inner, GraphQLInputObjectType) and inner.name == "AddressInput":
        return dict(PLACE)
    if isinstance(inner, GraphQLInputObjectType):
        value = {}
        for field_name, field in inner.fields.items():
            if isinstance(field.type, GraphQLNonNull) or field_name in _WANTED:
                value[field_name] = _sensible(world, mutation, field_name, field.type)
        return value
    if isinstance(inner, GraphQLEnumType):
        wanted = {"unit": Unit.PIECES.name, "currency": "USD", "incoterm": "FOB", "languageCode": "EN",
                  "targetCurrency": "USD", "type": "SHIPPING", "action": "CHARGE"}
        return wanted.get(name, next(iter(inner.values)))
    scalar = inner.name
    if scalar == "ID":
        return world.id_for(mutation, name)
    return {
        "String": lambda: world.string_for(mutation, name), "Int": lambda: 1, "Float": lambda: 1.0,
        "Boolean": lambda: False, "Decimal": lambda: "12.50", "PositiveDecimal": lambda: "12.50",
        "Date": lambda: "2027-01-31", "DateTime": lambda: "2027-01-31T00:00:00+07:00",
        "UUID": lambda: world.ids["token"], "JSONString": lambda: "{}", "JSON": lambda: {}, "Upload": lambda: None,
    }[scalar]()


# Optional fields a client fills in too, so that the mutation goes as far as it can.
_WANTED = {"lines", "shippingAddress", "prices", "paymentGateway", "paymentGateways", "updateChannels", "input",
           "channel", "email", "quantity", "variantId", "lineId", "validUntil", "leadTimeDays", "namedPlace"}


def _places(argument_type, path, seen, depth=0):
    """(path, leaf type) of every place in an argument, input objects followed two levels down; an
    input type met again in the same mutation (a billing address after the shipping one) only once."""
    named = get_named_type(argument_type)
    if isinstance(named, GraphQLInputObjectType):
        if depth >= 3 or named.name in seen:
            return []
        seen.add(named.name)
        places = [(path, argument_type)]  # the whole object null or empty
        for field_name, field in named.fields.items():
            places += _places(field.type, path + (field_name,), seen, depth + 1)
        return places
    return [(path, argument_type)]


def _hostile(leaf_type):
    nullable = not isinstance(leaf_type, GraphQLNonNull)
    inner = leaf_type.of_type if not nullable else leaf_type
    values = [None] if nullable else []
    if isinstance(inner, GraphQLList):
        values.append([])
        item = inner.of_type.of_type if isinstance(inner.of_type, GraphQLNonNull) else inner.of_type
        if isinstance(item, GraphQLScalarType):
            values += [[value] for value in HOSTILE.get(item.name, [])]
        return values
    if isinstance(inner, GraphQLInputObjectType):
        return values + [{}]
    if isinstance(inner, GraphQLEnumType):  # the first, the middle and the last (languages: some 200)
        names = list(inner.values)
        return values + sorted({names[0], names[len(names) // 2], names[-1]}, key=names.index)
    return values + HOSTILE.get(inner.name, [])


def _set(variables, path, value):
    """``variables`` with the place at ``path`` set to ``value`` (into the first item of a list)."""
    variables = json.loads(json.dumps(variables))
    holder = variables
    for step in path[:-1]:
        holder = (holder[0] if isinstance(holder, list) else holder).setdefault(step, {})
        if holder is None or holder == []:  # left out (null), or a list with no item: nothing inside to set
            return None
    if isinstance(holder, list):
        holder = holder[0]
    holder[path[-1]] = value
    return variables


def _operations():
    """Every mutation that takes arguments (``tokensDeactivateAll`` takes none: nothing to make hostile),
    and every query field taking an input object (filters, sorts, where): the query fields' plain
    arguments are test_graphql_hostile_input's."""
    from marketplace.graphql.schema import schema

    mutations = [("mutation", name) for name, field in sorted(schema.graphql_schema.mutation_type.fields.items())
                 if field.args]
    queries = [("query", name) for name, field in sorted(schema.graphql_schema.query_type.fields.items())
               if not name.startswith("_") and any(isinstance(get_named_type(argument.type), GraphQLInputObjectType)
                                                   for argument in field.args.values())]
    return [pytest.param(kind, name, id=name) for kind, name in mutations + queries]


def _selection(field):
    payload = get_named_type(field.type)
    if not hasattr(payload, "fields"):
        return ""
    picked = ["__typename"]
    for name, sub in payload.fields.items():
        named = get_named_type(sub.type)
        if isinstance(named, GraphQLScalarType) or isinstance(named, GraphQLEnumType):
            if not sub.args:
                picked.append(name)
        elif name == "edges":  # a connection: its page is read
            picked.append("edges { node { __typename } }")
        elif name == "errors":
            picked.append("errors { field message }")
        elif hasattr(named, "fields") and "id" in named.fields and not sub.args:
            picked.append(f"{name} {{ id }}")
    return " ".join(picked)


@pytest.fixture
def _production_errors(settings, caplog):
    """As in production: DEBUG off, so a bug shows as "Internal Server Error"; and no error logged."""
    settings.DEBUG = False
    caplog.set_level(logging.ERROR)
    return caplog


@pytest.mark.parametrize("kind, mutation", _operations())
def test_a_hostile_value_anywhere_in_an_operation_never_gives_a_500(kind, mutation, _production_errors):
    from marketplace.graphql.schema import schema

    world = World(mutation)
    field = getattr(schema.graphql_schema, f"{kind}_type").fields[mutation]
    declared = ", ".join(f"${name}: {argument.type}" for name, argument in field.args.items())
    passed = ", ".join(f"{name}: ${name}" for name in field.args)
    selection = _selection(field)
    query = f"{kind} ({declared}) {{ {mutation}({passed}){f' {{ {selection} }}' if selection else ''} }}"
    base = {name: _sensible(world, mutation, name, argument.type) for name, argument in field.args.items()}
    token = world.tokens[world.role(mutation)]
    failures, tried, seen = [], 0, set()
    for name, argument in field.args.items():
        for path, leaf_type in _places(argument.type, (name,), seen):
            for value in _hostile(leaf_type):
                variables = _set(base, path, value)
                if variables is None:
                    continue
                tried += 1
                _production_errors.clear()
                status, body = post(query, variables, token=token)
                broken = status not in (200, 400) or any(
                    error.get("message") == "Internal Server Error" for error in body.get("errors") or [])
                logged = [record.getMessage()[:200] for record in _production_errors.records
                          if record.levelno >= logging.ERROR]
                if broken or logged:
                    failures.append((".".join(path), repr(value)[:40], status, str(body)[:300], logged))
    assert tried > 0
    assert not failures, "\n".join(map(str, failures))


# --- What the fuzzer found -------------------------------------------------------------------------
@pytest.mark.parametrize("sent", ["promptpay", 5, ["paymentMethod", "promptpay"], True])
def test_payment_data_that_is_not_an_object_is_refused_naming_the_gateway(sent):
    # given a shopper's checkout ready to pay
    world = World("transactionInitialize")
    payments_before = StripePayment.objects.count()

    # when the storefront sends the gateway's data as something other than an object
    answer = data("""mutation($id: ID!, $data: JSON) {
        transactionInitialize(id: $id, paymentGateway: {id: "saleor.app.payment.stripe", data: $data}) {
          transaction { id } errors { field code message } } }""", {"id": world.ids["checkout"], "data": sent},
                  token=world.tokens["shopper"])["transactionInitialize"]

    # then it is told what to send, where, and no payment was started (it was a 500)
    assert answer["transaction"] is None
    assert answer["errors"] == [{"field": "paymentGateway", "code": "INVALID",
                                 "message": 'paymentGateway.data must be an object, such as {"paymentMethod": "promptpay"}.'}]
    assert StripePayment.objects.count() == payments_before
