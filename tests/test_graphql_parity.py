"""The schema-parity tool (marketplace/graphql/parity.py) on small schemas, and the committed list of
differences with Saleor (docs/saleor-parity.txt) against what the tool finds when Saleor's schema and
storefront are at hand (SALEOR_SCHEMA, SALEOR_STOREFRONT: paths, as for `make saleor-parity`)."""
import os
from pathlib import Path

import pytest
from graphql import build_schema, parse

from marketplace.graphql.parity import compare, storefront_documents

ROOT = Path(__file__).resolve().parent.parent

SALEOR = """
type Query { checkout(id: ID): Checkout  order(id: ID!): Order  shop: Shop }
type Mutation { process(id: ID, input: LineInput): Checkout }
type Checkout { id: ID!  problems: [CheckoutProblem!]  lines: [Line!]!  status: Status! }
type Line { id: ID!  quantity: Int! }
type Order { id: ID!  status: Status! }
type Shop { name: String! }
type Short { available: Int! }
type Gone { line: Line! }
union CheckoutProblem = Short | Gone
enum Status { DRAFT PAID RETURNED }
input LineInput { quantity: Int!  metadata: [String!] }
"""

OURS = """
type Query { checkout(id: ID): Checkout  order(id: ID!, token: String!): Order }
type Mutation { process(id: ID!, input: LineInput): Checkout }
type Checkout { id: ID!  problems: [CheckoutProblem!]  lines: [Line]!  status: Status! }
type Line { id: ID!  quantity: Int! }
type Order { id: ID!  status: Status! }
type Short { available: Int! }
union CheckoutProblem = Short
enum Status { DRAFT PAID UNCONFIRMED }
input LineInput { quantity: Int! }
"""

OPERATIONS = """
query Cart($id: ID) { checkout(id: $id) { id status lines { quantity } problems { ... on Short { available } } } }
mutation Process($input: LineInput) { process(id: "1", input: $input) { id } }
"""


def test_every_kind_of_difference_in_what_the_operations_reach_is_listed():
    # given a reference schema, ours, and operations that reach part of the reference
    # when the tool compares them
    lines = compare(OURS, SALEOR, [parse(OPERATIONS)])

    # then it lists the missing union member, type, enum value and input field, the type mismatches, the
    # enum value Saleor lacks — and nothing about what the operations do not reach (Order, Shop)
    assert lines == [
        "Checkout.lines: [Line]! here, [Line!]! in Saleor",
        "CheckoutProblem: missing union member Gone",
        "Gone: missing type (OBJECT)",
        "LineInput.metadata: missing",
        "Mutation.process(id:): ID! here, ID in Saleor",
        "Status.RETURNED: missing enum value",
        "Status: 1 enum value(s) not in Saleor (UNCONFIRMED)",
    ]


def test_an_argument_required_only_here_and_a_missing_field_are_listed():
    # given an operation that selects a field this schema lacks, on a field with an extra required argument
    operation = parse('query { order(id: "1") { id status } shop { name } }')

    # when compared
    lines = compare(OURS.replace("status: Status! }\ntype Short", "}\ntype Short"), SALEOR, [operation])

    # then the missing field and type, and the argument a Saleor client does not send, are listed (and the
    # enum the missing field has in Saleor)
    assert lines == [
        "Order.status: missing field",
        "Query.order(token:): required here, not in Saleor",
        "Query.shop: missing field",
        "Shop: missing type (OBJECT)",
        "Status.RETURNED: missing enum value",
        "Status: 1 enum value(s) not in Saleor (UNCONFIRMED)",
    ]


def test_identical_schemas_have_no_differences():
    assert compare(SALEOR, SALEOR, [parse(OPERATIONS)]) == []


def test_operations_are_read_from_a_storefront_checkout(tmp_path):
    # given a checkout with .graphql files under src/
    (tmp_path / "src" / "checkout").mkdir(parents=True)
    (tmp_path / "src" / "checkout" / "cart.graphql").write_text(OPERATIONS, encoding="utf-8")

    # then the tool reads them
    documents = storefront_documents(tmp_path)
    assert [len(document.definitions) for document in documents] == [2]


def test_the_schema_has_the_saleor_shapes_the_storefront_type_checks_against():
    # the differences that broke the storefront's TypeScript type check (issue 15), checked without Saleor's schema
    schema = build_schema((ROOT / "marketplace" / "graphql" / "schema.graphql").read_text(encoding="utf-8"))
    problems = {member.name for member in schema.get_type("CheckoutProblem").types}
    assert {"CheckoutLineProblemInsufficientStock", "CheckoutLineProblemVariantNotAvailable"} <= problems
    assert {"DRAFT", "EXPIRED", "RETURNED", "PARTIALLY_RETURNED"} <= set(schema.get_type("OrderStatus").values)
    assert {"REFUSED", "FULLY_REFUNDED"} <= set(schema.get_type("PaymentChargeStatusEnum").values)
    assert {"REPLACED", "REFUNDED_AND_RETURNED"} <= set(schema.get_type("FulfillmentStatus").values)
    assert len(schema.get_type("TransactionEventTypeEnum").values) == 18
    order = schema.get_type("Order").fields
    assert (str(order["deliveryMethod"].type), str(order["discounts"].type)) == ("DeliveryMethod", "[OrderDiscount!]!")
    assert str(schema.get_type("OrderDiscount").fields["type"].type) == "OrderDiscountType!"
    assert str(schema.get_type("Fulfillment").fields["lines"].type) == "[FulfillmentLine!]"
    assert str(schema.mutation_type.fields["transactionProcess"].args["id"].type) == "ID"
    assert str(schema.get_type("TransactionInitialize").fields["errors"].type) == "[TransactionInitializeError!]!"
    assert str(schema.get_type("TransactionProcess").fields["errors"].type) == "[TransactionProcessError!]!"


SALEOR_SCHEMA, STOREFRONT = os.environ.get("SALEOR_SCHEMA"), os.environ.get("SALEOR_STOREFRONT")


@pytest.mark.skipif(not (SALEOR_SCHEMA and STOREFRONT),
                    reason="set SALEOR_SCHEMA (Saleor 3.23.28's schema.graphql) and SALEOR_STOREFRONT "
                           "(saleor/storefront checkout or git directory) to check docs/saleor-parity.txt")
def test_the_committed_list_of_differences_is_what_the_tool_finds():
    documents = storefront_documents(Path(STOREFRONT), os.environ.get("SALEOR_STOREFRONT_REV", "60fea090"))
    found = compare((ROOT / "marketplace" / "graphql" / "schema.graphql").read_text(encoding="utf-8"),
                    Path(SALEOR_SCHEMA).read_text(encoding="utf-8"), documents)
    # when this fails: `make saleor-parity SALEOR_SCHEMA=… SALEOR_STOREFRONT=…`, then update the README's list
    assert (ROOT / "docs" / "saleor-parity.txt").read_text(encoding="utf-8").splitlines() == found
