"""The schema: each part of the API contributes its root fields here, one line each.

Checkout adds ``CheckoutQueries`` to ``QUERIES`` and ``CheckoutMutations`` to ``MUTATIONS``;
types every part shares (money, ids, connections, AddressInput, enums) live in
``core``. The printed schema is ``schema.graphql`` (``manage.py write_graphql_schema``).
"""
import graphene

from marketplace.graphql.account.mutations import AccountMutations, AccountQueries
from marketplace.graphql.catalog.attribute_queries import AttributeQueries
from marketplace.graphql.catalog.attribute_types import ASSIGNED_ATTRIBUTE_TYPES
from marketplace.graphql.catalog.collections import CollectionQueries
from marketplace.graphql.catalog.queries import CatalogQueries
from marketplace.graphql.catalog_mutations.schema import ProductMutations
from marketplace.graphql.channels.types import ChannelQueries
from marketplace.graphql.checkout.schema import CheckoutMutations, CheckoutQueries
from marketplace.graphql.content.queries import CONTENT_TYPES, ContentQueries
from marketplace.graphql.directives import DIRECTIVES
from marketplace.graphql.otop.queries import OtopQueries
from marketplace.graphql.quotes.mutations import QuoteMutations
from marketplace.graphql.quotes.queries import QuoteQueries
from marketplace.graphql.shop import ShopQueries

QUERIES = [CatalogQueries, CollectionQueries, AttributeQueries, ChannelQueries, OtopQueries, AccountQueries]
QUERIES.append(CheckoutQueries)
QUERIES.append(ContentQueries)
QUERIES.append(QuoteQueries)
QUERIES.append(ShopQueries)
MUTATIONS = [AccountMutations]
MUTATIONS.append(CheckoutMutations)
MUTATIONS.append(ProductMutations)
MUTATIONS.append(QuoteMutations)


class Query(*QUERIES):
    pass


class Mutation(*MUTATIONS):
    pass


schema = graphene.Schema(
    query=Query, mutation=Mutation, types=ASSIGNED_ATTRIBUTE_TYPES + CONTENT_TYPES, directives=DIRECTIVES
)


def printed() -> str:
    """The schema in SDL, as written to schema.graphql."""
    from graphql import print_schema

    return print_schema(schema.graphql_schema) + "\n"
