"""The API's messages are in the language of the request's Accept-Language, Thai or English;
English when it names neither, as Saleor answers and as Saleor's clients expect (its storefront's
server sends no Accept-Language). Content (a product's ``name``) stays in the shop's language."""
import re

import pytest

from graphql_client import post, token_for
from marketplace.core.i18n import api_language
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import UserFactory, certified_product
from test_checkout_graphql import _checkout
from test_graphql_limits import NESTED

pytestmark = pytest.mark.django_db

THAI_BROWSER = "th-TH,th;q=0.9,en-US;q=0.8,en;q=0.7"
ENGLISH_BROWSER = "en-GB,en;q=0.9,th;q=0.5"


@pytest.mark.parametrize("header, language", [
    (None, "en"), ("", "en"), (THAI_BROWSER, "th"), (ENGLISH_BROWSER, "en"), ("TH", "th"),
    ("ja-JP,ja;q=0.9,th;q=0.5", "th"), ("ja,de", "en"), ("en;q=0.3,th;q=0.6", "th"), ("th;q=0", "en"),
    ("*", "en"), ("th;q=abc, en", "en"), (";;,,=", "en"),
])
def test_the_language_of_a_request(header, language):
    assert api_language(header) == language


def _errors(query, variables=None, language=None, token=None, client=None):
    status, body = post(query, variables, language=language, token=token, client=client)
    assert status in (200, 400)
    return body


def _messages(path, query, variables=None, token=None, client=None):
    """The first typed error's message at ``path`` with no Accept-Language, in English and in Thai."""
    answers = {}
    for name, header in (("none", None), ("en", ENGLISH_BROWSER), ("th", THAI_BROWSER)):
        body = _errors(query, variables, header, token, client)
        assert "errors" not in body, body["errors"]
        answers[name] = body["data"][path]["errors"][0]["message"]
    return answers


CHOOSE = """mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { errors { field code message } } }"""
CREATE = """mutation { checkoutCreate(input: {channel: "nowhere", lines: []}) { errors { field code message } } }"""


def test_checkout_errors_follow_the_client(client):
    checkout = _checkout(client, "th-thb", certified_product())

    bad_delivery = _messages("checkoutDeliveryMethodUpdate", CHOOSE,
                             {"id": checkout["id"], "method": global_id("Product", 1)}, client=client)
    bad_channel = _messages("checkoutCreate", CREATE, client=client)

    assert bad_delivery == {
        "none": "The ID is not a delivery from deliveryOptionsCalculate nor a shipping method.",
        "en": "The ID is not a delivery from deliveryOptionsCalculate nor a shipping method.",
        "th": "ID นี้ไม่ใช่ตัวเลือกการจัดส่งจาก deliveryOptionsCalculate และไม่ใช่วิธีการจัดส่ง"}
    assert bad_channel["none"] == bad_channel["en"] == "Channel with given slug does not exist or is inactive."
    assert bad_channel["th"] == "ไม่มีช่องทางการขายที่มี slug นี้ หรือช่องทางนั้นปิดอยู่"


def test_a_domain_refusal_follows_the_client_and_names_the_product_as_the_api_does(client):
    # given a product that cannot be priced for a parcel abroad, in a checkout to Japan
    product = certified_product(name_th="ผ้าไหมยกดอก", name_en="Brocade silk")
    product.packaging.width_cm = None
    product.packaging.save()
    checkout = _checkout(client, "intl-usd", product)
    post("""mutation($id: ID!) { checkoutShippingAddressUpdate(id: $id, shippingAddress: {firstName: "Haruka",
           lastName: "Tanaka", streetAddress1: "1-2-3 Namba", city: "Osaka", postalCode: "542-0076", country: "JP"})
           { errors { code } } }""", {"id": checkout["id"]}, client=client)

    refused = _messages("checkoutDeliveryMethodUpdate", CHOOSE,
                        {"id": checkout["id"], "method": global_id("CheckoutDelivery", "otop-parcels")}, client=client)

    # then the sentence is the client's language, the product named as the API's `name` gives it (the shop's Thai)
    assert refused["none"] == refused["en"] and "cannot" in refused["en"] and "ผ้าไหมยกดอก" in refused["en"]
    assert "ส่งไปต่างประเทศไม่ได้" in refused["th"] and "ผ้าไหมยกดอก" in refused["th"]


TOKEN = """mutation { tokenCreate(email: "nobody@example.com", password: "wrong") { errors { field code message } } }"""
ADDRESS_DELETE = """mutation($id: ID!) { accountAddressDelete(id: $id) { errors { field code message } } }"""


def test_account_errors_follow_the_client():
    signed_in = token_for(UserFactory())

    credentials = _messages("tokenCreate", TOKEN)
    top_level = {name: _errors(ADDRESS_DELETE, {"id": "x"}, header)["errors"][0]["message"]
                 for name, header in (("none", None), ("th", THAI_BROWSER))}
    signed_in_bad_id = {name: _errors(ADDRESS_DELETE, {"id": "x"}, header, signed_in)["errors"][0]["message"]
                        for name, header in (("none", None), ("th", THAI_BROWSER))}

    # Saleor's own words when the client names no language (clients may match on them)
    assert credentials["none"] == credentials["en"] == "Please, enter valid credentials"
    assert credentials["th"] == "อีเมลหรือรหัสผ่านไม่ถูกต้อง"
    assert top_level == {"none": "To access this path, you need to be signed in (AUTHENTICATED_USER).",
                         "th": "ต้องเข้าสู่ระบบก่อนจึงจะใช้ส่วนนี้ได้ (AUTHENTICATED_USER)"}
    assert signed_in_bad_id["none"].startswith("Invalid ID 'x' in id")
    assert signed_in_bad_id["th"].startswith("ID 'x' ใน id ไม่ถูกต้อง")


WITHDRAW = """mutation($id: ID!) { quoteRequestWithdraw(id: $id) { errors { field code message } } }"""


def test_quote_errors_follow_the_client():
    buyer = token_for(UserFactory())

    unknown = _messages("quoteRequestWithdraw", WITHDRAW, {"id": global_id("QuoteRequest", 999999)}, token=buyer)

    assert unknown["none"] == unknown["en"] == "No quote request or quote of yours has this id."
    assert unknown["th"] == "ไม่พบคำขอใบเสนอราคาหรือใบเสนอราคาของคุณที่มี ID นี้"


COSTLY = ("query { categories(first: 100) { edges { node { products(first: 100, channel: \"th-thb\") "
          "{ edges { node { id name productVariants(first: 100) { edges { node { id sku name } } } } } } } } } }")


@pytest.mark.parametrize("query, english, thai", [
    (COSTLY, "The query cost is ", "คำค้นนี้มีต้นทุน "),
    (NESTED, "exceeds maximum operation depth", "ซ้อนลึกเกินกว่าที่กำหนดไว้"),
])
def test_limit_errors_follow_the_client(query, english, thai):
    # the depth check is cached per query text: the second language must not get the first's words
    answers = {name: _errors(query, None, header)["errors"][0]["message"]
               for name, header in (("th", THAI_BROWSER), ("none", None), ("en", ENGLISH_BROWSER))}

    assert english in answers["none"] and english in answers["en"]
    assert thai in answers["th"]


def test_the_answer_says_its_language(client):
    thai = client.post("/graphql/", '{"query": "{ shop { name } }"}', content_type="application/json",
                       HTTP_ACCEPT_LANGUAGE=THAI_BROWSER)
    plain = client.post("/graphql/", '{"query": "{ shop { name } }"}', content_type="application/json")

    assert thai["Content-Language"] == "th" and plain["Content-Language"] == "en"


def test_the_order_email_is_in_the_checkouts_language_not_the_messages(client, stripe_keys):
    from marketplace.orders.models import PendingEmail
    from test_checkout_graphql import _buy

    # when a client that names no language (messages in English) buys through a checkout created in Thai
    seen = _buy(client, "th-thb", "TH", certified_product())

    # then the shopper's confirmation is owed in Thai, the checkout's languageCode
    assert seen["completed"]["errors"] == []
    [confirmation] = PendingEmail.objects.filter(kind=PendingEmail.ORDER_PLACED)
    assert confirmation.language == "th"


def test_a_checkout_switched_to_english_owes_its_order_email_in_english(client, stripe_keys):
    from graphql_client import data
    from marketplace.orders.models import PendingEmail
    from test_checkout_graphql import _finish

    # given a checkout created in Thai, which the shopper's storefront then switches to English
    checkout = _checkout(client, "th-thb", certified_product())
    language = 'query($id: ID!) { checkout(id: $id) { languageCode } }'
    assert data(language, {"id": checkout["id"]}, client=client)["checkout"]["languageCode"] == "TH"
    switched = data("""mutation($id: ID!) { checkoutLanguageCodeUpdate(id: $id, languageCode: EN_GB) {
                         errors { code } checkout { languageCode } } }""", {"id": checkout["id"]}, client=client)
    assert switched["checkoutLanguageCodeUpdate"] == {"errors": [], "checkout": {"languageCode": "EN_GB"}}

    # when the order is placed
    assert _finish(client, checkout["id"], {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimman Road",
                                            "city": "Chiang Mai", "countryArea": "Chiang Mai", "postalCode": "50200",
                                            "country": "TH"})["completed"]["errors"] == []

    # then the shopper's confirmation is owed in English
    [confirmation] = PendingEmail.objects.filter(kind=PendingEmail.ORDER_PLACED)
    assert confirmation.language == "en"


def test_an_unknown_language_code_is_refused_before_anything_runs(client):
    checkout = _checkout(client, "th-thb", certified_product())
    status, body = post('mutation($id: ID!) { checkoutLanguageCodeUpdate(id: $id, languageCode: KLINGON) { errors { code } } }',
                        {"id": checkout["id"]}, client=client)
    assert status == 400 and "KLINGON" in body["errors"][0]["message"]


# Refusals raised while the request runs (resolvers, pagination, scalar parsing), one per module:
# the client's language, Saleor's English words when it names none.
@pytest.mark.parametrize("query, english, thai", [
    ('{ category(id: "x", slug: "y") { id } }',
     "Provide exactly one of `id` or `slug`.", "ระบุ `id` หรือ `slug` อย่างใดอย่างหนึ่งเท่านั้น"),
    ('{ product(id: "x", slug: "y") { id } }', "Provide exactly one of `id`, `slug` or `externalReference`.",
     "ระบุ `id`, `slug` หรือ `externalReference` อย่างใดอย่างหนึ่งเท่านั้น"),
    ('{ products(first: 5, after: "zzz") { edges { node { id } } } }',
     "Invalid cursor 'zzz' in `after`.", "เคอร์เซอร์ 'zzz' ใน `after` ไม่ถูกต้อง"),
    ('{ products(channel: "nowhere", first: 5) { edges { node { id } } } }',
     "Channel with 'nowhere' slug does not exist or is not active.",
     "ไม่มีช่องทางการขายที่มี slug 'nowhere' หรือช่องทางนั้นปิดอยู่"),
    ("{ products { edges { node { id } } } }",
     "You must provide a `first` or `last` value to properly paginate the `products` connection.",
     "ต้องระบุค่า `first` หรือ `last` เพื่อแบ่งหน้าการเชื่อมต่อ `products` ให้ถูกต้อง"),
    ("{ page { id } }", "Provide exactly one of `id` and `slug` to look up a page.",
     "ระบุ `id` หรือ `slug` อย่างใดอย่างหนึ่งเท่านั้นเพื่อค้นหาหน้า"),
    ('{ page(id: "UGFnZTphYmM=") { id } }', "Invalid ID 'UGFnZTphYmM=' in id: Page ids hold a number.",
     "ID 'UGFnZTphYmM=' ใน id ไม่ถูกต้อง: ID ของ Page ต้องเป็นตัวเลข"),
    ("{ menu { id } }", "Provide one of `id`, `name` or `slug` to look up a menu.",
     "ระบุ `id`, `name` หรือ `slug` อย่างใดอย่างหนึ่งเพื่อค้นหาเมนู"),
])
def test_lookup_and_paging_refusals_follow_the_client(query, english, thai):
    answers = {name: _errors(query, None, header)["errors"][0]["message"]
               for name, header in (("none", None), ("en", ENGLISH_BROWSER), ("th", THAI_BROWSER))}

    assert answers == {"none": english, "en": english, "th": thai}


POSITIVE_INT = 'query($limit: PositiveInt) { product(slug: "x") { assignedAttributes(limit: $limit) { __typename } } }'
POSITIVE_INT_LITERAL = '{ product(slug: "x") { assignedAttributes(limit: 0) { __typename } } }'


@pytest.mark.parametrize("query, variables", [(POSITIVE_INT, {"limit": 0}), (POSITIVE_INT_LITERAL, None)])
def test_a_scalars_refusal_follows_the_client(query, variables):
    # a variable or a literal is parsed by the scalar while the request runs (a literal while the
    # query is validated, whose result is kept per query text and language), in the client's language
    answers = {name: _errors(query, variables, header)["errors"][0]["message"]
               for name, header in (("none", None), ("en", ENGLISH_BROWSER), ("th", THAI_BROWSER))}

    assert "PositiveInt must be an integer of at least 1, not 0." in answers["none"]
    assert answers["en"] == answers["none"]
    assert "PositiveInt ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป ไม่ใช่ 0" in answers["th"]


def test_a_malformed_request_is_refused_in_the_clients_language():
    answers = {name: post(None, raw="[]", language=header)
               for name, header in (("none", None), ("th", THAI_BROWSER))}

    assert answers["none"][0] == answers["th"][0] == 400
    assert answers["none"][1]["errors"][0]["message"] == (
        "Batched queries are not supported: send one operation per request.")
    assert answers["th"][1]["errors"][0]["message"] == "ไม่รองรับคำขอแบบกลุ่ม (batch): ส่งคำสั่งละหนึ่งคำขอ"


@pytest.mark.parametrize("raw, english", [
    ("{bad", "The request body is not valid JSON."),
    ("5", "The request body must be a JSON object holding `query` (and `variables`, `operationName` where needed)."),
    ('{"query": "subscription { __typename }"}', "This API has no subscription operations: send a query or a mutation."),
])
def test_a_body_that_is_not_an_operation_is_refused_in_the_clients_language(raw, english):
    answers = {name: post(None, raw=raw, language=header) for name, header in (("none", None), ("th", THAI_BROWSER))}

    assert answers["none"][0] == answers["th"][0] == 400
    assert answers["none"][1]["errors"][0]["message"] == english
    thai = answers["th"][1]["errors"][0]["message"]
    assert thai != english and re.search("[\u0e00-\u0e7f]", thai)
