"""Protection that runs before any resolver (and so before any SQL), in Saleor's spirit.

- depth: at most ``MAX_DEPTH`` nested fields;
- aliases: at most ``MAX_ALIASES`` per document;
- page size: ``first``/``last`` at most 100 (``core.connection.MAX_PAGE_SIZE``);
- cost: each field costs 1, and what is below a paginated field counts once per requested item
  (``first``/``last``, or ``limit``); a query over ``MAX_COST`` is refused;
- introspection: off when ``GRAPHQL_INTROSPECTION`` is False (production settings).
Batching (a JSON array of operations) is refused by the view.
"""
from django.conf import settings
from graphql import GraphQLError, specified_rules
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationDefinitionNode
from graphql.validation import ValidationRule

from graphene.validation import DisableIntrospection, depth_limit_validator

from marketplace.graphql.core.connection import MAX_PAGE_SIZE

MAX_DEPTH = 15
MAX_ALIASES = 50
MAX_COST = 250_000
PAGE_ARGUMENTS = ("first", "last")


class AliasLimit(ValidationRule):
    def __init__(self, context):
        super().__init__(context)
        self.count = 0

    def enter_field(self, node, *_args):
        if node.alias is not None:
            self.count += 1
            if self.count == MAX_ALIASES + 1:
                self.report_error(GraphQLError(f"The query uses more than {MAX_ALIASES} aliases.", node))


def validation_rules():
    rules = list(specified_rules) + [depth_limit_validator(max_depth=MAX_DEPTH), AliasLimit]
    if not getattr(settings, "GRAPHQL_INTROSPECTION", True):
        rules.append(DisableIntrospection)
    return rules


def _argument(node, name, variables):
    for argument in node.arguments:
        if argument.name.value == name:
            value = argument.value
            if value.kind == "variable":
                return (variables or {}).get(value.name.value)
            if value.kind == "int_value":
                return int(value.value)
            return None
    return None


def _cost(selection_set, fragments, variables, seen=()):
    total = 0
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            total += _cost(fragments[name].selection_set, fragments, variables, seen + (name,))
        elif isinstance(selection, InlineFragmentNode):
            total += _cost(selection.selection_set, fragments, variables, seen)
        elif isinstance(selection, FieldNode):
            multiplier = 1
            for name in PAGE_ARGUMENTS:
                size = _argument(selection, name, variables)
                if size is not None:
                    if not isinstance(size, int) or not 0 <= size <= MAX_PAGE_SIZE:
                        raise GraphQLError(f"Argument `{name}` on `{selection.name.value}` must be between 0 and "
                                           f"{MAX_PAGE_SIZE}; got {size!r}.", selection)
                    multiplier = max(multiplier, size)
            limit = _argument(selection, "limit", variables)
            if isinstance(limit, int) and limit > 0:
                multiplier = max(multiplier, limit)
            total += 1 + multiplier * _cost(selection.selection_set, fragments, variables, seen)
    return total


def query_cost(document, variables, operation_name=None) -> int:
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name:
        operations = [d for d in operations if d.name and d.name.value == operation_name]
    return sum(_cost(op.selection_set, fragments, variables) for op in operations[:1])


def check_cost(document, variables, operation_name=None):
    """Raise a GraphQLError when the query asks for too much; returns its cost otherwise."""
    cost = query_cost(document, variables, operation_name)
    if cost > MAX_COST:
        raise GraphQLError(f"The query cost is {cost}, above the limit of {MAX_COST}. Ask for fewer items per "
                           f"page or fewer nested fields.")
    return cost
