"""Saleor's ``productTypes`` and ``productType(id)``: the kinds of product (Oscar's product classes; the
programme's products are all one, "otop-product", which every product's ``productType`` names)."""
import pytest
from oscar.core.loading import get_model

from graphql_client import data, post
from marketplace.graphql.core.ids import global_id
from marketplace.testing.factories import certified_product

pytestmark = pytest.mark.django_db
ProductClass = get_model("catalogue", "ProductClass")

TYPES = """query($filter: ProductTypeFilterInput, $sortBy: ProductTypeSortingInput, $after: String) {
  productTypes(first: 1, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id slug name isShippingRequired hasVariants } } }
}"""


def _slugs(**variables):
    return [edge["node"]["slug"] for edge in data(TYPES, variables)["productTypes"]["edges"]]


def test_the_programmes_product_type_is_listed_and_is_the_one_a_product_names():
    # given a product and, beside the programme's kind, a kind staff added that ships nothing
    product = certified_product()
    ProductClass.objects.create(name="Gift voucher", slug="gift-voucher", requires_shipping=False)

    # when a client pages through the product types by name
    first = data(TYPES)["productTypes"]
    second = data(TYPES, {"after": first["pageInfo"]["endCursor"]})["productTypes"]

    # then it gets both, one per page, and the programme's is the one the product names
    assert first["totalCount"] == 2 and first["pageInfo"]["hasNextPage"] and not second["pageInfo"]["hasNextPage"]
    assert [e["node"]["slug"] for e in first["edges"] + second["edges"]] == ["gift-voucher", "otop-product"]
    named = data('query($id: ID!) { product(id: $id, channel: "th-thb") { productType { id slug } } }',
                 {"id": global_id("Product", product.pk)})["product"]["productType"]
    assert named["slug"] == "otop-product"
    assert data('query($id: ID!) { productType(id: $id) { slug isShippingRequired } }', {"id": named["id"]}) == {
        "productType": {"slug": "otop-product", "isShippingRequired": True}}


def test_product_types_are_filtered_and_sorted_as_saleor_does():
    ProductClass.objects.create(name="Gift voucher", slug="gift-voucher", requires_shipping=False)
    voucher = ProductClass.objects.get(slug="gift-voucher")
    assert _slugs(filter={"search": "VOUCH"}) == ["gift-voucher"]
    assert _slugs(filter={"slugs": ["otop-product", "nope"]}) == ["otop-product"]
    assert _slugs(filter={"ids": [global_id("ProductType", voucher.pk)]}) == ["gift-voucher"]
    assert _slugs(sortBy={"field": "SHIPPING_REQUIRED", "direction": "DESC"}) == ["otop-product"]
    assert _slugs(sortBy={"field": "NAME", "direction": "DESC"}) == ["otop-product"]


def test_an_id_of_another_type_is_an_error_naming_it_and_an_unknown_one_null():
    assert data('{ productType(id: "%s") { slug } }' % global_id("ProductType", 999_999)) == {"productType": None}
    status, body = post('{ productType(id: "%s") { slug } }' % global_id("Product", 1))
    assert status == 200 and "expected the id of a ProductType" in body["errors"][0]["message"]


@pytest.mark.parametrize("sort_by", [{}, {"field": "NAME"}, {"direction": "ASC"}])
def test_a_sort_without_its_field_or_direction_is_refused_as_saleor_refuses_it(sort_by):
    status, body = post(TYPES, {"sortBy": sort_by})
    assert status == 400 and "was not provided" in body["errors"][0]["message"]
