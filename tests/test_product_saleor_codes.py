"""The producer's product mutations' errors as a Saleor client reads them (``errors { field code }``), for
the inputs where Saleor 3.23's answer is known from its own mutations and tests: a channel both added and
removed or given twice, a channel the product is not sold in, a warehouse given twice, a variant named by
both its id and its SKU, and a photo sent without a file, with a URL beside the file, with a long alt text
or without a product id. Whatever the input, another producer's product is still answered with the
top-level ``PermissionDenied`` a missing one gets (``catalog_mutations/access.py``), and nothing changes."""
import pytest

from graphql_client import data, post
from marketplace.graphql.core.ids import global_id
from marketplace.moderation.changes import pending_for
from test_graphql_producer_mutations import (  # noqa: F401  the producers and their products
    CHANNELS, MEDIA_CREATE, PRICES, STOCKS, _channel, _multipart, _state, _upload, a, b,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]


def _errors(answer, *extra):
    return [(error["field"], error["code"], *(error[name] for name in extra)) for error in answer["errors"]]


def _refused_as_not_yours(body, mutation):
    return body["data"] == {mutation: None} and [
        error["extensions"]["exception"]["code"] for error in body["errors"]] == ["PermissionDenied"]


# --- productChannelListingUpdate ---------------------------------------------------------------------

def test_a_channel_both_added_and_removed_is_a_duplicated_item_of_the_input(a, b):
    # given the international channel, which A's and B's products are sold in
    usd = _channel("intl-usd")
    before = _state(a.product)
    both = {"updateChannels": [{"channelId": usd}], "removeChannels": [usd]}

    # when A's user adds and removes it in one request, for its own product and for B's
    own = data(CHANNELS, {"id": a.ids["product"], "input": both}, token=a.token)["productChannelListingUpdate"]
    _, others = post(CHANNELS, {"id": b.ids["product"], "input": both}, token=a.token)

    # then Saleor's DUPLICATED_INPUT_ITEM on `input` naming the channel (was on removeChannels, naming none),
    # no product; B's product is still answered as one A does not manage; nothing changed
    assert _errors(own, "channels") == [("input", "DUPLICATED_INPUT_ITEM", [usd])]
    assert own["product"] is None
    assert _refused_as_not_yours(others, "productChannelListingUpdate")
    assert _state(a.product) == before


@pytest.mark.parametrize("given, field", [
    (lambda usd: {"updateChannels": [{"channelId": usd}, {"channelId": usd}]}, "updateChannels"),
    (lambda usd: {"removeChannels": [usd, usd]}, "removeChannels"),
])
def test_a_channel_given_twice_in_one_list_is_refused_naming_the_list(a, given, field):
    # given the product is sold in both channels
    usd = _channel("intl-usd")
    before = _state(a.product)

    # when the producer gives the international channel twice in the list of channels to sell in, or to leave
    answer = data(CHANNELS, {"id": a.ids["product"], "input": given(usd)},
                  token=a.token)["productChannelListingUpdate"]

    # then Saleor's DUPLICATED_INPUT_ITEM on that list, naming the channel once (both were taken, and the
    # removal applied); the product's channels are unchanged
    assert _errors(answer, "channels") == [(field, "DUPLICATED_INPUT_ITEM", [usd])]
    assert answer["product"] is None
    assert _state(a.product) == before


def test_an_unknown_channel_to_sell_in_is_refused_on_its_channel_id(a):
    # when the producer asks to sell in a channel that does not exist
    missing = global_id("Channel", 999999)
    answer = data(CHANNELS, {"id": a.ids["product"], "input": {"updateChannels": [{"channelId": missing}]}},
                  token=a.token)["productChannelListingUpdate"]

    # then the error is on `channelId`, the input field Saleor names (was `updateChannels`)
    assert _errors(answer, "channels") == [("channelId", "NOT_FOUND", [missing])]


# --- productVariantChannelListingUpdate ------------------------------------------------------------------

def test_a_price_in_a_channel_the_product_is_not_sold_in_is_refused_on_the_input(a):
    # given the product no longer sold in the international channel
    usd, thb = _channel("intl-usd"), _channel("th-thb")
    left = data(CHANNELS, {"id": a.ids["product"], "input": {"removeChannels": [usd]}}, token=a.token)
    assert left["productChannelListingUpdate"]["errors"] == []
    before = _state(a.product)

    # when the producer sets its prices in baht and in dollars
    answer = data(PRICES, {"id": a.ids["variant"], "input": [{"channelId": thb, "price": "500"},
                                                             {"channelId": usd, "price": "15"}]},
                  token=a.token)["productVariantChannelListingUpdate"]

    # then Saleor's PRODUCT_NOT_ASSIGNED_TO_CHANNEL on `input` (was `channelId`) naming the channel, and
    # neither price is set
    assert _errors(answer, "channels") == [("input", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL", [usd])]
    assert answer["variant"] is None
    assert _state(a.product) == before


def test_a_channel_priced_three_times_is_one_duplicated_item(a):
    # when the producer gives the baht price three times
    thb = _channel("th-thb")
    before = _state(a.product)
    answer = data(PRICES, {"id": a.ids["variant"], "input": [{"channelId": thb, "price": str(price)}
                                                             for price in (100, 200, 300)]},
                  token=a.token)["productVariantChannelListingUpdate"]

    # then one error naming the channel, as Saleor's (was one per repeat), and no price is set
    assert _errors(answer, "channels") == [("channelId", "DUPLICATED_INPUT_ITEM", [thb])]
    assert _state(a.product) == before


# --- productVariantStocksUpdate ---------------------------------------------------------------------

def test_a_warehouse_given_three_times_is_unique_at_its_last_index(a):
    # when the producer gives its warehouse three times
    before = _state(a.product)
    answer = data(STOCKS, {"variantId": a.ids["variant"], "stocks": [
        {"warehouse": a.ids["warehouse"], "quantity": quantity} for quantity in (1, 2, 3)]},
        token=a.token)["productVariantStocksUpdate"]

    # then Saleor's UNIQUE on `warehouse` at the last index (was DUPLICATED_INPUT_ITEM at indexes 1 and 2)
    assert _errors(answer, "index") == [("warehouse", "UNIQUE", 2)]
    assert answer["productVariant"] is None
    assert _state(a.product) == before


@pytest.mark.parametrize("query, variables, mutation", [
    (STOCKS, lambda side, sku: {"variantId": side.ids["variant"], "sku": sku,
                                "stocks": [{"warehouse": side.ids["warehouse"], "quantity": 1}]},
     "productVariantStocksUpdate"),
    (PRICES, lambda side, sku: {"id": side.ids["variant"], "sku": sku,
                                "input": [{"channelId": _channel("th-thb"), "price": "1"}]},
     "productVariantChannelListingUpdate"),
])
def test_a_variant_named_by_both_its_id_and_a_sku_is_refused(a, b, query, variables, mutation):
    # given the SKU of B's product
    query = query.replace("mutation($id: ID,", "mutation($id: ID, $sku: String,").replace(
        "(id: $id,", "(id: $id, sku: $sku,")
    before = _state(a.product), _state(b.product)

    # when A's user names its own variant by id and B's by SKU in one request
    answer = data(query, variables(a, b.product.profile.programme_code), token=a.token)[mutation]

    # then Saleor's GRAPHQL_ERROR on no field (the id was taken and the SKU ignored); nothing changed
    assert _errors(answer) == [(None, "GRAPHQL_ERROR")]
    assert (_state(a.product), _state(b.product)) == before


# --- productMediaCreate -----------------------------------------------------------------------------

@pytest.mark.parametrize("given, files, expected", [
    ({"alt": "front"}, {}, ("input", "REQUIRED")),
    ({"image": None, "mediaUrl": "https://www.youtube.com/watch?v=x"}, {"variables.input.image": _upload()},
     ("input", "DUPLICATED_INPUT_ITEM")),
    ({"image": None, "alt": "ผ้าไหม" * 50}, {"variables.input.image": _upload()}, ("input", "INVALID")),
])
def test_a_photo_request_that_is_not_one_photo_is_refused_on_the_input(a, given, files, expected):
    # when the producer sends no file, a file and a link, or a file with a 300-character alt text
    status, body = _multipart(MEDIA_CREATE, {"input": {"product": a.ids["product"], **given}}, files, a.token)

    # then Saleor's code on `input` (were image REQUIRED, mediaUrl UNSUPPORTED_MEDIA_PROVIDER, image
    # INVALID), no product, and nothing waits for moderation
    answer = body["data"]["productMediaCreate"]
    assert status == 200 and _errors(answer) == [expected]
    assert answer["product"] is None and pending_for(a.product) is None


def test_a_photo_for_no_product_is_required_and_another_producers_product_still_not_yours(a, b):
    # when the producer sends a photo with an empty product id, and one for B's product
    _, empty = _multipart(MEDIA_CREATE, {"input": {"product": "", "image": None}},
                          {"variables.input.image": _upload()}, a.token)
    _, others = _multipart(MEDIA_CREATE, {"input": {"product": b.ids["product"], "image": None}},
                           {"variables.input.image": _upload()}, a.token)

    # then Saleor's REQUIRED on `product` (was a top-level "Invalid ID"); B's product is refused as before
    assert _errors(empty["data"]["productMediaCreate"]) == [("product", "REQUIRED")]
    assert _refused_as_not_yours(others, "productMediaCreate")
    assert pending_for(b.product) is None
