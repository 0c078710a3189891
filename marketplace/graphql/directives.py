"""The built-in directives the API declares, as the GraphQL specification (October 2021) and
graphql-js 16 define them.

graphql-core 3.2.11 and later add ``DIRECTIVE_DEFINITION`` to ``@deprecated``'s locations (a
draft of the next specification). Introspection then lists it, and every client on graphql-js 16
— Saleor's storefront code generation among them — fails to parse the schema it prints from that
introspection ("Unexpected Name DIRECTIVE_DEFINITION"). The API deprecates no directive, so the
location buys nothing; ``@deprecated`` is declared here with the locations graphql-js 16 knows,
and the other built-ins are graphql-core's own.
"""
from graphql import GraphQLArgument, GraphQLDirective, GraphQLString, specified_directives
from graphql.language import DirectiveLocation
from graphql.type.directives import DEFAULT_DEPRECATION_REASON, GraphQLDeprecatedDirective

# The locations graphql-js 16's DirectiveLocation enum has (its parser rejects any other name).
GRAPHQL_JS_16_LOCATIONS = frozenset(
    location for location in DirectiveLocation if location is not DirectiveLocation.DIRECTIVE_DEFINITION
)

DEPRECATED = GraphQLDirective(
    name="deprecated",
    locations=[location for location in GraphQLDeprecatedDirective.locations if location in GRAPHQL_JS_16_LOCATIONS],
    args={
        "reason": GraphQLArgument(
            GraphQLString,
            description=GraphQLDeprecatedDirective.args["reason"].description,
            default_value=DEFAULT_DEPRECATION_REASON,
        )
    },
    description=GraphQLDeprecatedDirective.description,
)

DIRECTIVES = [DEPRECATED if directive.name == "deprecated" else directive for directive in specified_directives]
