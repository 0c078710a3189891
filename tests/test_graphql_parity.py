"""The schema-parity tool (marketplace/graphql/parity.py) on small schemas, and the committed list of
differences with Saleor (docs/saleor-parity.txt) against what the tool finds when Saleor's schema and
storefront are at hand (SALEOR_SCHEMA, SALEOR_STOREFRONT: paths, as for `make saleor-parity`)."""
import os
from pathlib import Path

import pytest
from graphql import parse

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
