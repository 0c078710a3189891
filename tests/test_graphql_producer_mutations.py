"""Saleor's product mutations for producers through /graphql/: the API part of the cross-producer
matrix (every mutation, producer A on producer B's product, two producers of the same name in
different provinces), own products, staff, anonymous callers, moderation of content and bad input."""
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from oscar.core.loading import get_model
from PIL import Image

from graphql_client import data, post, token_for
from marketplace.channels.models import Channel, ProductChannelListing
from marketplace.graphql.core.ids import global_id
from marketplace.moderation.changes import pending_for
from marketplace.moderation.models import ContentChange
from marketplace.testing.factories import ProducerFactory, UserFactory, certified_product, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
ERRORS = "errors { field code message }"


def _jpeg(colour=(180, 40, 60), size=(64, 48)):
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG")
    return out.getvalue()


def _photo(product, caption, order):
    image = ProductImage(product=product, caption=caption, display_order=order)
    image.original.save(f"{caption}.jpg", ContentFile(_jpeg()), save=True)
    return image


class Side:
    """A producer, its user and its product with two photos."""

    def __init__(self, iso_code, name_th):
        self.user = UserFactory()
        self.producer = ProducerFactory(name_th="กลุ่มทอผ้าบ้านดอน", name_en="Ban Don Weaving Group",
                                        province=province(iso_code), users=[self.user])
        self.product = certified_product(producer=self.producer, name_th=name_th, name_en="Silk")
        self.photos = [_photo(self.product, "front", 0), _photo(self.product, "back", 1)]
        self.token = token_for(self.user)

    @property
    def ids(self):
        return {"product": global_id("Product", self.product.pk),
                "variant": global_id("ProductVariant", self.product.pk),
                "media": [global_id("ProductMedia", photo.pk) for photo in self.photos],
                "warehouse": global_id("Warehouse", self.producer.partner_id)}


@pytest.fixture
def a():
    return Side("TH-51", "ผ้าไหมของเอ")  # Lamphun


@pytest.fixture
def b():
    return Side("TH-52", "ผ้าไหมของบี")  # Lampang: the same group name, another province


def _channel(slug):
    return global_id("Channel", Channel.objects.get(slug=slug).pk)


UPDATE = f"""mutation($id: ID!, $input: ProductInput!) {{ productUpdate(id: $id, input: $input) {{
  product {{ id name }} pendingChange {{ status fields }} {ERRORS} }} }}"""
TRANSLATE = f"""mutation($id: ID!, $input: TranslationInput!) {{
  productTranslate(id: $id, languageCode: EN, input: $input) {{
    product {{ name translation(languageCode: EN) {{ name }} }} pendingChange {{ status fields }} {ERRORS} }} }}"""
MEDIA_CREATE = f"""mutation($input: ProductMediaCreateInput!) {{ productMediaCreate(input: $input) {{
  product {{ media {{ alt }} }} media {{ id }} pendingChange {{ status }} {ERRORS} }} }}"""
MEDIA_DELETE = f"""mutation($id: ID!) {{ productMediaDelete(id: $id) {{
  product {{ media {{ alt }} }} pendingChange {{ status }} {ERRORS} }} }}"""
MEDIA_REORDER = f"""mutation($productId: ID!, $mediaIds: [ID!]!) {{
  productMediaReorder(productId: $productId, mediaIds: $mediaIds) {{
    product {{ media {{ alt }} }} media {{ alt }} pendingChange {{ status }} {ERRORS} }} }}"""
STOCKS = """mutation($variantId: ID, $sku: String, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, sku: $sku, stocks: $stocks) {
    productVariant { quantityAvailable } errors { field code message index } } }"""
CHANNELS = """mutation($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) {
    product { id } errors { field code message channels } } }"""
PRICES = """mutation($id: ID, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) {
    variant { pricing { price { gross { amount currency } } } } errors { field code message channels } } }"""


def _multipart(query, variables, files, token=None):
    """A GraphQL multipart request (operations, map, files) as Saleor's clients send photos."""
    paths = {str(i): [path] for i, path in enumerate(files)}
    body = {"operations": json.dumps({"query": query, "variables": variables}), "map": json.dumps(paths)}
    for i, upload in enumerate(files.values()):
        body[str(i)] = upload
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    response = Client().post("/graphql/", body, **headers)
    return response.status_code, json.loads(response.content)


def _upload(name="photo.jpg", content=None):
    upload = BytesIO(_jpeg() if content is None else content)
    upload.name = name
    return upload


# Every producer mutation: (name, how it is sent for a side's ids).
def _media_create(ids, token):
    return _multipart(MEDIA_CREATE, {"input": {"product": ids["product"], "image": None, "alt": "new"}},
                      {"variables.input.image": _upload()}, token)


MUTATIONS = {
    "productUpdate": lambda ids, token: post(UPDATE, {"id": ids["product"], "input": {"name": "ชื่อใหม่"}},
                                             token=token),
    "productTranslate": lambda ids, token: post(
        TRANSLATE, {"id": ids["product"], "input": {"name": "New name", "packaging": "Paper box"}}, token=token),
    "productMediaCreate": _media_create,
    "productMediaDelete": lambda ids, token: post(MEDIA_DELETE, {"id": ids["media"][0]}, token=token),
    "productMediaReorder": lambda ids, token: post(
        MEDIA_REORDER, {"productId": ids["product"], "mediaIds": ids["media"][::-1]}, token=token),
    "productVariantStocksUpdate": lambda ids, token: post(
        STOCKS, {"variantId": ids["variant"], "stocks": [{"warehouse": ids["warehouse"], "quantity": 3}]},
        token=token),
    "productChannelListingUpdate": lambda ids, token: post(
        CHANNELS, {"id": ids["product"], "input": {"removeChannels": [_channel("intl-usd")]}}, token=token),
    "productVariantChannelListingUpdate": lambda ids, token: post(
        PRICES, {"id": ids["variant"], "input": [{"channelId": _channel("th-thb"), "price": "999.00"}]},
        token=token),
}


def _state(product):
    """Everything of a product the mutations could change, as shoppers and the producer would see it."""
    product.refresh_from_db()
    profile, packaging = product.profile, product.packaging
    profile.refresh_from_db()
    packaging.refresh_from_db()
    return {
        "profile": {f: getattr(profile, f) for f in ("name_th", "name_en", "description_th", "story_th", "unit")},
        "packaging": {f: getattr(packaging, f) for f in ("description_th", "description_en", "net_weight_g",
                                                          "hs_code")},
        "stock": list(StockRecord.objects.filter(product=product).values_list("num_in_stock", "price")),
        "channels": list(ProductChannelListing.objects.filter(product=product).values_list("channel__slug", "price")),
        "photos": list(ProductImage.objects.filter(product=product).order_by("display_order", "pk")
                       .values_list("pk", "caption", "display_order")),
        "changes": ContentChange.objects.filter(product=product).count(),
    }


def test_the_matrix_covers_every_producer_mutation_of_the_schema():
    from marketplace.graphql.catalog_mutations.schema import ProductMutations

    assert {_camel(name) for name in ProductMutations._meta.fields} == set(MUTATIONS)


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_producer_cannot_change_another_producers_product_of_the_same_name(a, b, mutation):
    # given two producers of the same name in Lamphun and Lampang
    before = _state(b.product)

    # when A's user sends the mutation for B's product
    status, body = MUTATIONS[mutation](b.ids, a.token)

    # then Saleor's permission error, none of B's data, and B's product is unchanged
    assert status == 200
    assert body["data"] == {mutation: None}
    assert [error["extensions"]["exception"]["code"] for error in body["errors"]] == ["PermissionDenied"]
    assert "ผ้าไหมของบี" not in json.dumps(body, ensure_ascii=False)
    assert _state(b.product) == before


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_anonymous_callers_get_the_permission_error(b, mutation):
    before = _state(b.product)
    status, body = MUTATIONS[mutation](b.ids, None)
    assert status == 200 and body["data"] == {mutation: None}
    assert body["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert _state(b.product) == before


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_producer_works_on_its_own_product_and_staff_on_any(a, b, mutation):
    # given staff
    staff = UserFactory(is_staff=True)

    # when A's user sends the mutation for A's product, and staff for B's
    own_status, own = MUTATIONS[mutation](a.ids, a.token)
    staff_status, by_staff = MUTATIONS[mutation](b.ids, token_for(staff))

    # then both are done, without errors
    for status, body in ((own_status, own), (staff_status, by_staff)):
        assert status == 200 and "errors" not in body, body
        assert body["data"][mutation]["errors"] == []


def test_an_id_that_does_not_exist_is_answered_as_another_producers_to_a_producer_and_not_found_to_staff(a):
    missing = {**a.ids, "product": global_id("Product", 999999)}
    _, producer = MUTATIONS["productUpdate"](missing, a.token)
    _, staff = MUTATIONS["productUpdate"](missing, token_for(UserFactory(is_staff=True)))
    assert producer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert staff["data"]["productUpdate"]["errors"][0]["code"] == "NOT_FOUND"


# --- moderated content ---------------------------------------------------------------------------

SHOPPER_VIEW = """query($id: ID!) { product(id: $id, channel: "th-thb") {
  name description translation(languageCode: EN) { name } media { alt }
  packaging { netWeightG } } }"""


def test_a_content_change_waits_for_moderation_and_shoppers_keep_the_approved_version(a):
    # given what shoppers see now
    before = data(SHOPPER_VIEW, {"id": a.ids["product"]})["product"]
    description = {"blocks": [{"id": "x1", "type": "paragraph", "data": {"text": "ผ้าไหมทอมือ <b>สีแดง</b>"}},
                              {"id": "story-1", "type": "paragraph", "data": {"text": "เรื่องเล่าใหม่ของกลุ่ม"}}]}

    # when the producer proposes a Thai name, description and story, a net weight, and an English name
    updated = data(UPDATE, {"id": a.ids["product"], "input": {
        "name": "ผ้าไหมยกดอกสีแดง", "description": json.dumps(description),
        "attributes": [{"id": global_id("Attribute", "net-weight-g"), "numeric": "275"}]}},
        token=a.token)["productUpdate"]
    translated = data(TRANSLATE, {"id": a.ids["product"], "input": {"name": "Red brocade silk"}},
                      token=a.token)["productTranslate"]

    # then one pending change holds them all; the payloads and shoppers show the approved version
    assert updated["errors"] == [] and updated["product"]["name"] == "ผ้าไหมของเอ"
    assert updated["pendingChange"] == {"status": "pending", "fields": [
        "description_th", "name_th", "net_weight_g", "story_th"]}
    assert translated["pendingChange"]["fields"] == ["description_th", "name_en", "name_th", "net_weight_g",
                                                     "story_th"]
    assert translated["product"]["translation"]["name"] == "Silk"
    change = pending_for(a.product)
    assert change.fields["name_th"] == "ผ้าไหมยกดอกสีแดง" and change.fields["name_en"] == "Red brocade silk"
    assert change.fields["description_th"] == "ผ้าไหมทอมือ สีแดง"
    assert change.fields["story_th"] == "เรื่องเล่าใหม่ของกลุ่ม"
    assert Decimal(change.fields["net_weight_g"]) == 275
    assert data(SHOPPER_VIEW, {"id": a.ids["product"]})["product"] == before


def test_the_description_read_from_the_api_round_trips_its_story(a):
    # given the description a client reads (description, then the story's paragraphs)
    a.product.profile.description_th = "ผ้าไหมทอมือ"
    a.product.profile.save()
    read = data("""query($id: ID!) { product(id: $id, channel: "th-thb") { description } }""",
                {"id": a.ids["product"]})["product"]["description"]
    document = json.loads(read)
    document["blocks"][0]["data"]["text"] = "ผ้าไหมทอมือ ย้อมสีธรรมชาติ"

    # when it writes it back with the first paragraph edited
    data(UPDATE, {"id": a.ids["product"], "input": {"description": json.dumps(document)}}, token=a.token)

    # then only the description is proposed: the story stays as it is
    assert pending_for(a.product).fields == {"description_th": "ผ้าไหมทอมือ ย้อมสีธรรมชาติ"}


def test_photo_operations_wait_for_moderation(a):
    # when the producer adds a photo (multipart), deletes one and reorders them
    status, created = _media_create(a.ids, a.token)
    deleted = data(MEDIA_DELETE, {"id": a.ids["media"][0]}, token=a.token)["productMediaDelete"]
    reordered = data(MEDIA_REORDER, {"productId": a.ids["product"], "mediaIds": a.ids["media"][::-1]},
                     token=a.token)["productMediaReorder"]

    # then each is a photo operation of the one pending change; the product's photos are unchanged
    assert status == 200 and created["data"]["productMediaCreate"]["errors"] == []
    assert created["data"]["productMediaCreate"]["media"] is None
    assert deleted["errors"] == [] and reordered["errors"] == []
    assert [m["alt"] for m in reordered["product"]["media"]] == ["front", "back"]
    operations = list(pending_for(a.product).photo_ops.order_by("seq"))
    assert [op.action for op in operations] == ["add", "delete", "reorder"]
    assert operations[0].alt_text == "new" and operations[0].upload.read() == _jpeg()
    assert operations[1].image_id == a.photos[0].pk
    assert [m["alt"] for m in data(SHOPPER_VIEW, {"id": a.ids["product"]})["product"]["media"]] == ["front", "back"]


def test_a_renamed_text_file_or_an_oversized_photo_is_refused_and_not_stored(a, settings):
    # when the producer sends a text file named .jpg, then a photo over the size limit
    _, text = _multipart(MEDIA_CREATE, {"input": {"product": a.ids["product"], "image": None}},
                         {"variables.input.image": _upload("scarf.jpg", b"this is not a photo")}, a.token)
    settings.OTOP_MAX_IMAGE_MB = 0.0001
    _, large = _multipart(MEDIA_CREATE, {"input": {"product": a.ids["product"], "image": None}},
                          {"variables.input.image": _upload("big.jpg")}, a.token)

    # then typed errors on `image` that name the file, and nothing pending
    assert text["data"]["productMediaCreate"]["errors"][0]["code"] == "INVALID_FILE_TYPE"
    assert "scarf.jpg" in text["data"]["productMediaCreate"]["errors"][0]["message"]
    assert large["data"]["productMediaCreate"]["errors"][0]["code"] == "FILE_SIZE_LIMIT_EXCEEDED"
    assert {e["field"] for e in text["data"]["productMediaCreate"]["errors"] +
            large["data"]["productMediaCreate"]["errors"]} == {"image"}
    assert pending_for(a.product) is None


def test_certification_star_level_and_programme_code_cannot_be_changed(a):
    # when the producer tries the star level, the standards, the programme code and the slug
    answer = data(UPDATE, {"id": a.ids["product"], "input": {
        "externalReference": "HACKED", "slug": "other",
        "attributes": [{"id": global_id("Attribute", "star-level"), "numeric": "5"},
                       {"externalReference": "standards", "values": ["halal"]}]}}, token=a.token)["productUpdate"]

    # then each is refused by name and nothing waits
    assert sorted((e["field"], e["code"]) for e in answer["errors"]) == [
        ("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED"), ("attributes", "ATTRIBUTE_CANNOT_BE_ASSIGNED"),
        ("externalReference", "INVALID"), ("slug", "INVALID")]
    assert answer["pendingChange"] is None and pending_for(a.product) is None


# --- stock and prices, at once -----------------------------------------------------------------------

VARIANT_VIEW = """query($id: ID!, $channel: String!) { productVariant(id: $id, channel: $channel) {
  quantityAvailable pricing { price { gross { amount currency } } } } }"""


def test_stock_and_price_apply_at_once_for_shoppers(a):
    # when the producer sets 7 in stock, 420 baht and 12.50 dollars
    stocks = data(STOCKS, {"sku": a.product.profile.programme_code,
                           "stocks": [{"warehouse": a.ids["warehouse"], "quantity": 7}]},
                  token=a.token)["productVariantStocksUpdate"]
    prices = data(PRICES, {"id": a.ids["variant"], "input": [
        {"channelId": _channel("th-thb"), "price": "420"}, {"channelId": _channel("intl-usd"), "price": 12.5}]},
        token=a.token)["productVariantChannelListingUpdate"]

    # then shoppers see them now
    assert stocks == {"productVariant": {"quantityAvailable": 7}, "errors": []}
    assert prices["errors"] == []
    thb = data(VARIANT_VIEW, {"id": a.ids["variant"], "channel": "th-thb"})["productVariant"]
    usd = data(VARIANT_VIEW, {"id": a.ids["variant"], "channel": "intl-usd"})["productVariant"]
    assert thb == {"quantityAvailable": 7, "pricing": {"price": {"gross": {"amount": 420.0, "currency": "THB"}}}}
    assert usd["pricing"]["price"]["gross"] == {"amount": 12.5, "currency": "USD"}


def test_a_product_leaves_a_channel_and_cannot_leave_the_last_one(a):
    # when the producer removes the international channel, then the domestic one too
    left = data(CHANNELS, {"id": a.ids["product"], "input": {"removeChannels": [_channel("intl-usd")]}},
                token=a.token)["productChannelListingUpdate"]
    last = data(CHANNELS, {"id": a.ids["product"], "input": {"removeChannels": [_channel("th-thb")]}},
                token=a.token)["productChannelListingUpdate"]

    # then the product is sold in THB only, and the second request is refused
    assert left["errors"] == []
    assert data(VARIANT_VIEW, {"id": a.ids["variant"], "channel": "intl-usd"})["productVariant"] is None
    assert data(VARIANT_VIEW, {"id": a.ids["variant"], "channel": "th-thb"})["productVariant"] is not None
    assert [(e["field"], e["code"]) for e in last["errors"]] == [("removeChannels", "INVALID")]


# --- malformed input: typed errors, never a 500 ------------------------------------------------------

@pytest.mark.parametrize("query, variables, expected", [
    (STOCKS, lambda ids: {"variantId": ids["variant"], "stocks": [{"warehouse": ids["warehouse"], "quantity": -1}]},
     ("productVariantStocksUpdate", "quantity", "INVALID")),
    (STOCKS, lambda ids: {"variantId": ids["variant"], "stocks": [{"warehouse": "bm9wZQ==", "quantity": 1}]},
     ("productVariantStocksUpdate", "warehouse", "NOT_FOUND")),
    (STOCKS, lambda ids: {"stocks": []}, ("productVariantStocksUpdate", "sku", "REQUIRED")),
    (PRICES, lambda ids: {"id": ids["variant"], "input": [{"channelId": _channel("th-thb"), "price": "1.005"}]},
     ("productVariantChannelListingUpdate", "price", "INVALID_PRICE")),
    (PRICES, lambda ids: {"id": ids["variant"], "input": [{"channelId": "Q2hhbm5lbDo5OTk=", "price": "1"}]},
     ("productVariantChannelListingUpdate", "channelId", "NOT_FOUND")),
    (UPDATE, lambda ids: {"id": ids["product"], "input": {"description": json.dumps({"blocks": "x"})}},
     ("productUpdate", "description", "INVALID")),
    (UPDATE, lambda ids: {"id": ids["product"], "input": {"name": "  "}}, ("productUpdate", "name", "REQUIRED")),
    (UPDATE, lambda ids: {"id": ids["product"], "input": {
        "attributes": [{"externalReference": "net-weight-g", "numeric": "heavy"}]}},
     ("productUpdate", "attributes", "INVALID")),
    (MEDIA_REORDER, lambda ids: {"productId": ids["product"], "mediaIds": ids["media"][:1]},
     ("productMediaReorder", "mediaIds", "INVALID")),
    (UPDATE, lambda ids: {"id": ids["product"], "input": {"name": "ผ้าไหมของเอ"}}, ("productUpdate", None, "INVALID")),
    (CHANNELS, lambda ids: {"id": ids["product"], "input": {"updateChannels": [
        {"channelId": _channel("th-thb"), "isPublished": False}]}}, ("productChannelListingUpdate", "updateChannels",
                                                                      "INVALID")),
])
def test_malformed_input_gets_a_typed_error(a, query, variables, expected):
    before = _state(a.product)
    status, body = post(query, variables(a.ids), token=a.token)
    mutation, field, code = expected
    assert status == 200 and "errors" not in body, body
    assert [(e["field"], e["code"]) for e in body["data"][mutation]["errors"]][:1] == [(field, code)]
    assert _state(a.product) == before


@pytest.mark.parametrize("variables", [
    {"id": "not base64 at all", "input": {"name": "x"}},
    {"id": global_id("Category", 1), "input": {"name": "x"}},
    {"id": global_id("Product", "abc"), "input": {"name": "x"}},
    {"id": "UHJvZHVjdDo=", "input": {"name": "x"}},
])
def test_a_malformed_id_is_a_graphql_error_not_a_500(a, variables):
    status, body = post(UPDATE, variables, token=a.token)
    assert status == 200 and body["data"] == {"productUpdate": None}
    assert "Invalid ID" in body["errors"][0]["message"]


@pytest.mark.parametrize("body", [
    {"operations": "{not json", "map": "{}"},
    {"operations": json.dumps([{"query": "{ __typename }"}]), "map": "{}"},
    {"operations": json.dumps({"query": MEDIA_CREATE, "variables": {}}), "map": json.dumps({"0": ["variables.x"]})},
    {"operations": json.dumps({"query": MEDIA_CREATE, "variables": {"input": {}}}),
     "map": json.dumps({"0": ["query"]}), "0": _upload()},
    {"operations": json.dumps({"query": MEDIA_CREATE, "variables": {"input": {}}}),
     "map": json.dumps({"0": ["variables.input.image.deeper"]}), "0": _upload()},
])
def test_a_malformed_multipart_request_is_a_400_that_says_what(a, body):
    response = Client().post("/graphql/", body, HTTP_AUTHORIZATION=f"Bearer {a.token}")
    assert response.status_code == 400
    assert _state(a.product)["changes"] == 0


def test_saleor_shaped_producer_operations_validate_against_the_schema_file():
    # the operations a Saleor client sends for these mutations (they validate against Saleor 3.23's schema too)
    from pathlib import Path

    from graphql import build_schema, parse, validate

    schema = build_schema((Path(__file__).resolve().parent.parent / "marketplace" / "graphql" / "schema.graphql")
                          .read_text(encoding="utf-8"))
    operations = """
    mutation U($id: ID!, $input: ProductInput!) { productUpdate(id: $id, input: $input) {
      errors { field code message attributes values } product { id name } } }
    mutation T($id: ID!, $l: LanguageCodeEnum!, $input: TranslationInput!) {
      productTranslate(id: $id, languageCode: $l, input: $input) { errors { field code message } product { id } } }
    mutation MC($input: ProductMediaCreateInput!) { productMediaCreate(input: $input) {
      errors { field code message } product { id } media { id url alt } } }
    mutation MD($id: ID!) { productMediaDelete(id: $id) { errors { field code message } product { id } media { id } } }
    mutation MR($p: ID!, $m: [ID!]!) { productMediaReorder(productId: $p, mediaIds: $m) {
      errors { field code message } product { id } media { id sortOrder } } }
    mutation S($v: ID, $s: [StockInput!]!) { productVariantStocksUpdate(variantId: $v, stocks: $s) {
      errors { field code message index } productVariant { id quantityAvailable } } }
    mutation CL($id: ID!, $input: ProductChannelListingUpdateInput!) { productChannelListingUpdate(id: $id, input: $input) {
      errors { field code message channels } product { id } } }
    mutation VCL($id: ID, $input: [ProductVariantChannelListingAddInput!]!) {
      productVariantChannelListingUpdate(id: $id, input: $input) { errors { field code message channels } variant { id } } }
    """
    assert validate(schema, parse(operations)) == []


STOCK_VIEW = """query($id: ID!) { productVariant(id: $id, channel: "th-thb") {
  stocks { warehouse { id name } quantity quantityAllocated } } }"""


def test_a_producer_reads_its_warehouse_and_stock_and_nobody_else_does(a, b):
    # when A's user reads the stock of its own product and of B's (listed, so visible), and a shopper A's
    own = data(STOCK_VIEW, {"id": a.ids["variant"]}, token=a.token)["productVariant"]["stocks"]
    others = data(STOCK_VIEW, {"id": b.ids["variant"]}, token=a.token)["productVariant"]["stocks"]
    anonymous = data(STOCK_VIEW, {"id": a.ids["variant"]})["productVariant"]["stocks"]

    # then A sees the warehouse id the stock mutation takes, and none of B's stock; shoppers none
    assert own == [{"warehouse": {"id": a.ids["warehouse"], "name": a.producer.partner.name},
                    "quantity": 20, "quantityAllocated": 0}]
    assert others is None and anonymous is None
    moved = data(STOCKS, {"variantId": a.ids["variant"], "stocks": [{"warehouse": own[0]["warehouse"]["id"],
                                                                     "quantity": 5}]}, token=a.token)
    assert moved["productVariantStocksUpdate"]["errors"] == []


def test_a_user_acting_for_two_producers_changes_both_and_a_third_producers_product_not(a, b):
    # given A's user also acts for B
    b.producer.partner.users.add(a.user)
    third = Side("TH-50", "ผ้าไหมของซี")
    # when it sets the stock of both, and of a third producer's product
    answers = [post(STOCKS, {"variantId": side.ids["variant"], "stocks": [
        {"warehouse": side.ids["warehouse"], "quantity": 9}]}, token=a.token)[1] for side in (a, b, third)]
    # then A's and B's change, the third's is refused
    assert [answer["data"]["productVariantStocksUpdate"] and
            answer["data"]["productVariantStocksUpdate"]["errors"] for answer in answers] == [[], [], None]
    assert [StockRecord.objects.get(product=side.product).num_in_stock for side in (a, b, third)] == [9, 9, 20]


def test_a_producer_cannot_reorder_another_producers_photos_into_its_own_product(a, b):
    # when A's user lists B's photos as its own product's new order
    answer = data(MEDIA_REORDER, {"productId": a.ids["product"], "mediaIds": b.ids["media"]},
                  token=a.token)["productMediaReorder"]

    # then it is refused as photos that are not this product's, and nothing of B's is shown or changed
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("mediaIds", "NOT_PRODUCTS_IMAGE")]
    assert answer["product"] is None and answer["media"] is None
    assert pending_for(a.product) is None and pending_for(b.product) is None


def test_saleors_deprecated_error_lists_say_the_same_as_errors(a):
    answer = data("""mutation($id: ID!, $input: ProductInput!) { productUpdate(id: $id, input: $input) {
        productErrors { field code } errors { field code } } }""",
                  {"id": a.ids["product"], "input": {"attributes": [{"externalReference": "star-level", "numeric": "5"}]}},
                  token=a.token)["productUpdate"]
    assert answer["productErrors"] == answer["errors"] == [{"field": "attributes",
                                                           "code": "ATTRIBUTE_CANNOT_BE_ASSIGNED"}]
