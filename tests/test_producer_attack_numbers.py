"""Numbers a careless producer types: a decimal comma ("12,50") must be refused at its field, never
read as 1250, whether a price on the portal or a packaging figure (page or API); commas that group
thousands ("1,250.50") still read as they always did. (The API's prices are ``PositiveDecimal``,
whose scalar refuses a comma before any of this.)"""
from decimal import Decimal

import pytest
from django.utils import translation

from graphql_client import post
from marketplace.catalog import stock
from marketplace.channels import pricing
from marketplace.channels.models import DOMESTIC_CHANNEL_SLUG
from marketplace.moderation import changes
from marketplace.moderation.changes import ModerationError
from marketplace.moderation.models import ContentChange
from test_graphql_producer_mutations import UPDATE, _state, a  # noqa: F401
from test_portal import Product, channel, price_form, prices_url, twins  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_media")]


@pytest.mark.parametrize("typed", ["12,50", "1,2", "1,25,000", ",5", "1,000,00"])
def test_a_decimal_comma_in_a_portal_price_is_refused_at_its_field(client, twins, typed):
    # given Alice's product at 350 baht with 20 in stock
    own = twins["own"]
    client.force_login(twins["alice"])

    # when she types a price with a comma that does not group thousands
    response = client.post(prices_url(twins["lamphun"], own, "en"), price_form(thb=typed))

    # then the price field says so, and nothing changed
    assert response.status_code == 200
    field = f"price_{channel(DOMESTIC_CHANNEL_SLUG).pk}"
    assert response.context["form"].errors[field] == [
        f"The price in THB “{typed}” has a comma out of place: write decimals after a point (12.50) and "
        "commas only between thousands (1,250)."]
    own = Product.objects.get(pk=own.pk)
    assert pricing.base_price(own) == Decimal("350.00") and stock.quantity_available(own) == 20


def test_commas_between_thousands_still_read_as_the_number(client, twins):
    own = twins["own"]
    client.force_login(twins["alice"])

    response = client.post(prices_url(twins["lamphun"], own, "en"), price_form(thb="1,250.50"))

    assert response.status_code == 302
    assert pricing.base_price(Product.objects.get(pk=own.pk)) == Decimal("1250.50")


@pytest.mark.parametrize("key, typed", [("net_weight_g", "12,5"), ("length_cm", "๑,๒"), ("units_per_carton", "1,2")])
def test_a_decimal_comma_in_a_packaging_figure_is_refused_naming_it(a, key, typed):
    translation.activate("en")
    with pytest.raises(ModerationError) as refused:
        changes.submit(a.product, a.user, fields={key: typed})

    assert refused.value.field == key
    assert "has a comma out of place" in refused.value.message
    assert not ContentChange.objects.filter(product=a.product).exists()


def test_a_decimal_comma_in_a_packaging_attribute_gets_a_typed_error_through_the_api(a):
    before = _state(a.product)

    status, body = post(UPDATE, {"id": a.ids["product"], "input": {
        "attributes": [{"externalReference": "net-weight-g", "numeric": "180,5"}]}}, token=a.token)

    assert status == 200 and "errors" not in body, body
    errors = body["data"]["productUpdate"]["errors"]
    assert [(error["field"], error["code"]) for error in errors] == [("attributes", "INVALID")]
    assert _state(a.product) == before


def test_a_packaging_figure_grouped_in_thousands_reads_as_the_number(a):
    change = changes.submit(a.product, a.user, fields={"net_weight_g": "1,250.5"})

    assert change.fields == {"net_weight_g": "1250.50"}
