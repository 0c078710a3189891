"""Protection that runs before any resolver (and so before any SQL), in Saleor's spirit.

- depth: at most ``MAX_DEPTH`` nested fields (fragments followed, a fragment that spreads
  itself is a validation error, never an endless walk);
- aliases: at most ``MAX_ALIASES`` per document; at most ``MAX_TOKENS`` tokens per document;
- page size: ``first``/``last`` at most 100 (``core.connection.MAX_PAGE_SIZE``);
- cost: each field costs 1, and what is below a list field counts once per item it may return
  (``first``/``last``, or ``limit``; a product's ``productVariants`` at most one, as an OTOP
  product is its one variant); on the product connections (and the root's ``productVariants``,
  the same catalogue: ``CATALOGUE_FIELDS``) a sort, a search, a cursor deep into
  the catalogue, ``last`` without ``before``, or ``totalCount`` costs ``WHOLE_CATALOGUE_COST``
  more, as each makes PostgreSQL read the whole catalogue (the listing rule applies to every
  product; a search ranks every indexed product, after which sorting and counting its matches
  is cheap); a query over ``MAX_COST`` is refused. The arguments are read as the executor will read them: literals,
  variables, the operation's variable defaults and the schema's argument defaults;
- input: no NUL character in any string (PostgreSQL cannot store one), in the query's literals
  or its variables; variables nest at most ``MAX_VARIABLE_DEPTH`` levels and hold at most
  ``MAX_VARIABLE_VALUES`` values (keys, list items and scalars), as many as a document's tokens;
- introspection: ``__schema`` and ``__type`` are refused when ``GRAPHQL_INTROSPECTION`` is False
  (production settings); ``__typename`` is always answered (Apollo and urql add it everywhere).
Batching (a JSON array of operations) is refused by the view; the time a request may take is
``marketplace.graphql.budget``'s.
"""
from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError, get_named_type, specified_rules
from graphql.execution import ExecutionContext
from graphql.execution.values import get_argument_values
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode
from graphql.type import GraphQLInputObjectType, GraphQLObjectType, is_interface_type, is_object_type
from graphql.validation import ValidationRule

from marketplace.graphql.core.connection import MAX_PAGE_SIZE, cursor_offset

MAX_DEPTH = 15
MAX_ALIASES = 50
MAX_TOKENS = 5_000
MAX_VARIABLE_DEPTH = 32
# As many values as a document may hold tokens: each one is read, coerced and often turned into SQL
# before any resolver runs (a where-input's OR of 4,000 names took 4 s, before the time budget starts).
MAX_VARIABLE_VALUES = MAX_TOKENS
# Measured with bench/bench_graphql_worst.py against the 100,000-row catalogue: at most two reads of
# the whole catalogue (a sort and its count) and a few pages of full product cards.
MAX_COST = 25_000
WHOLE_CATALOGUE_COST = 10_000
DEEP_OFFSET = 1_000
PAGE_ARGUMENTS = ("first", "last", "limit")
# Lists the data bounds whatever the page size asked for: (type, field) -> most items.
LIST_BOUNDS = {("Product", "productVariants"): 1}
# On these connections, what makes PostgreSQL read (count, sort or rank) the whole catalogue rather
# than walk an index for one page.
CATALOGUE_CONNECTIONS = frozenset({"ProductCountableConnection"})
# Fields whose connection is the catalogue although its type is not only that (the root's variants; a
# product's own ``productVariants`` is the same type, holding one variant).
CATALOGUE_FIELDS = frozenset({("Query", "productVariants")})
WHOLE_CATALOGUE_FIELDS = ("totalCount",)
ITEMS = frozenset({"edges", "nodes"})  # a connection's fields that repeat once per item of the page
SCHEMA_INTROSPECTION = frozenset({"__schema", "__type"})


class AliasLimit(ValidationRule):
    def __init__(self, context):
        super().__init__(context)
        self.count = 0

    def enter_field(self, node, *_args):
        if node.alias is not None:
            self.count += 1
            if self.count == MAX_ALIASES + 1:
                self.report_error(GraphQLError(
                    _("The query uses more than %(limit)d aliases.") % {"limit": MAX_ALIASES}, node))


class DepthLimit(ValidationRule):
    """Nesting of fields, fragments followed. Each fragment's depth is worked out once, and a
    fragment met again on its own path adds nothing (graphql-core's NoFragmentCycles rule reports
    the cycle): graphene's own depth check recursed forever on ``fragment A on Query {...A}``."""

    def __init__(self, context):
        super().__init__(context)
        self.fragment_depths = {}

    def enter_operation_definition(self, node, *_args):
        depth = self._depth(node.selection_set, ())
        if depth > MAX_DEPTH:
            name = node.name.value if node.name else "anonymous"
            self.report_error(GraphQLError(
                _("'%(name)s' exceeds maximum operation depth of %(limit)d.") % {"name": name, "limit": MAX_DEPTH}, node))

    def _depth(self, selection_set, path):
        deepest = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                if selection.name.value in SCHEMA_INTROSPECTION or not selection.selection_set:
                    continue  # the introspection query's own nesting is the schema's, not the client's
                deepest = max(deepest, 1 + self._depth(selection.selection_set, path))
            elif isinstance(selection, InlineFragmentNode):
                deepest = max(deepest, self._depth(selection.selection_set, path))
            elif isinstance(selection, FragmentSpreadNode):
                deepest = max(deepest, self._fragment_depth(selection.name.value, path))
        return deepest

    def _fragment_depth(self, name, path):
        if name in path:
            return 0
        if name not in self.fragment_depths:
            fragment = self.context.get_fragment(name)  # unknown fragments: KnownFragmentNames reports them
            self.fragment_depths[name] = self._depth(fragment.selection_set, path + (name,)) if fragment else 0
        return self.fragment_depths[name]


class SchemaIntrospectionOff(ValidationRule):
    """Refuses ``__schema`` and ``__type``; ``__typename`` is part of every client's queries."""

    def enter_field(self, node, *_args):
        if node.name.value in SCHEMA_INTROSPECTION:
            self.report_error(GraphQLError(
                _("Cannot query '%(field)s': introspection is disabled.") % {"field": node.name.value}, node))


class NoNulCharacters(ValidationRule):
    """A ``\\u0000`` in a string literal: refused here rather than by the database as a 500."""

    def enter_string_value(self, node, *_args):
        if "\x00" in node.value:
            self.report_error(GraphQLError(nul_message(), node))


def nul_message():
    return _("Text in the request must not contain NUL characters (\\u0000).")


def check_variables(variables):
    """Raise a GraphQLError for variables nested deeper than ``MAX_VARIABLE_DEPTH``, holding more
    than ``MAX_VARIABLE_VALUES`` values, or holding a NUL character in a key or a string. Walked
    without recursion, whatever the nesting."""
    pending, seen = [(variables, 0)], 0
    while pending:
        value, depth = pending.pop()
        seen += 1
        if seen > MAX_VARIABLE_VALUES:
            raise GraphQLError(_("`variables` hold more than %(limit)d values (keys, items and texts).")
                               % {"limit": MAX_VARIABLE_VALUES})
        if isinstance(value, str):
            if "\x00" in value:
                raise GraphQLError(nul_message())
        elif isinstance(value, (dict, list)):
            if depth >= MAX_VARIABLE_DEPTH:
                raise GraphQLError(_("`variables` nest deeper than %(limit)d levels.") % {"limit": MAX_VARIABLE_DEPTH})
            if isinstance(value, dict):
                pending.extend((key, depth) for key in value)
            pending.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else value))


def validation_rules():
    rules = list(specified_rules) + [DepthLimit, AliasLimit, NoNulCharacters]
    if not getattr(settings, "GRAPHQL_INTROSPECTION", True):
        rules.append(SchemaIntrospectionOff)
    return rules


class _Cost:
    """The cost walk over one operation, with arguments read as the executor reads them."""

    def __init__(self, context: ExecutionContext):
        self.schema = context.schema
        self.fragments = context.fragments
        self.variables = context.variable_values
        self.fragment_costs = {}

    def selections(self, parent_type, selection_set, path=(), page=1, count_cost=None):
        """The cost of ``selection_set`` on ``parent_type``; on a connection, ``page`` is its page
        size, which counts the edges once per item (``pageInfo`` once), and ``count_cost`` what its
        ``totalCount`` costs beyond 1 when it counts the catalogue (0 for search results, at most
        1,000: cheap to count; None: not a catalogue connection, its count costs 1)."""
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if isinstance(selection, FieldNode):
                total += (self.field(parent_type, selection, path, count_cost)
                          * (page if selection.name.value in ITEMS else 1))
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                total += self.selections(self.schema.get_type(condition.name.value) if condition else parent_type,
                                         selection.selection_set, path, page, count_cost)
            elif isinstance(selection, FragmentSpreadNode):
                total += self.fragment(selection.name.value, path, page, count_cost)
        return total

    def fragment(self, name, path, page, count_cost):
        # The cost of a fragment does not depend on where it is spread: worked out once, so that
        # fragments spreading others several times over cannot make this walk exponential.
        if name in path or name not in self.fragments:
            return 0
        key = (name, page, count_cost)
        if key not in self.fragment_costs:
            fragment = self.fragments[name]
            self.fragment_costs[key] = self.selections(self.schema.get_type(fragment.type_condition.name.value),
                                                       fragment.selection_set, path + (name,), page, count_cost)
        return self.fragment_costs[key]

    def field(self, parent_type, node, path, count_cost=None):
        name = node.name.value
        if name in SCHEMA_INTROSPECTION or not (is_object_type(parent_type) or is_interface_type(parent_type)):
            return 1
        definition = parent_type.fields.get(name)
        if definition is None:
            return 1
        if count_cost is not None and name in WHOLE_CATALOGUE_FIELDS:
            return 1 + count_cost
        arguments = get_argument_values(definition, node, self.variables)  # keyed by graphene's Python names
        size = 1
        for argument in PAGE_ARGUMENTS:
            value = arguments.get(argument)
            if value is None:
                continue
            if argument != "limit" and not 0 <= value <= MAX_PAGE_SIZE:
                raise GraphQLError(_("Argument `%(argument)s` on `%(field)s` must be between 0 and %(limit)d; "
                                     "got %(value)r.") % {"argument": argument, "field": name,
                                                           "limit": MAX_PAGE_SIZE, "value": value}, node)
            size = max(size, value)
        size = min(size, LIST_BOUNDS.get((parent_type.name, name), size))
        returned = get_named_type(definition.type)
        catalogue = returned.name in CATALOGUE_CONNECTIONS or (parent_type.name, name) in CATALOGUE_FIELDS
        work = _catalogue_work(definition, arguments) if catalogue else None
        own = 1 + (WHOLE_CATALOGUE_COST if work else 0)
        if is_object_type(returned) and all(f in returned.fields for f in ("edges", "pageInfo")):
            count_cost = (0 if work == "search" else WHOLE_CATALOGUE_COST) if catalogue else None
            return own + self.selections(returned, node.selection_set, path, page=size, count_cost=count_cost)
        return own + size * self.selections(returned, node.selection_set, path)


def _catalogue_work(definition, arguments):
    """``"search"`` when a product connection is searched (the search service ranks the whole
    catalogue; sorting and counting its at most 1,000 matches is then cheap); ``"whole"`` when
    PostgreSQL must apply the listing rule to the whole catalogue before the page: a sort, a
    cursor more than ``DEEP_OFFSET`` items in (an offset walks every item before it), or ``last``
    without ``before`` (which counts the catalogue to find its end); else None."""
    whole = False
    for name, argument in definition.args.items():
        value = arguments.get(argument.out_name or name)
        if value is None:
            continue
        if name == "search" or (isinstance(get_named_type(argument.type), GraphQLInputObjectType)
                                and _holds_search(value)):
            return "search"
        if name == "sortBy" or (name in ("after", "before") and _offset(value) > DEEP_OFFSET):
            whole = True
    if arguments.get("last") is not None and arguments.get("before") is None:
        whole = True
    return "whole" if whole else None


def _offset(cursor) -> int:
    return cursor_offset(cursor) or 0  # a cursor that is not one is refused by the resolver


def _holds_search(value) -> bool:
    """A ``search`` anywhere in an input value (graphene's input objects are dicts whose
    attributes may shadow dict methods, hence ``dict.…`` calls)."""
    pending = [value]
    while pending:
        value = pending.pop()
        if isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, dict):
            if dict.get(value, "search") is not None:
                return True
            pending.extend(dict.values(value))
    return False


def query_cost(schema, document, variables, operation_name=None) -> int:
    """The cost of the operation the executor would run; a GraphQLError when its variables are invalid."""
    context = ExecutionContext.build(schema, document, raw_variable_values=variables, operation_name=operation_name)
    if isinstance(context, list):  # variables that do not fit their types, a missing operation
        raise context[0]
    root = schema.get_root_type(context.operation.operation)
    assert isinstance(root, GraphQLObjectType)
    return _Cost(context).selections(root, context.operation.selection_set)


def check_cost(schema, document, variables, operation_name=None):
    """Raise a GraphQLError when the query asks for too much; returns its cost otherwise."""
    cost = query_cost(schema, document, variables, operation_name)
    if cost > MAX_COST:
        raise GraphQLError(_("The query cost is %(cost)d, above the limit of %(limit)d. Ask for fewer items per "
                             "page, fewer nested fields, or one sorted or searched list per request.")
                           % {"cost": cost, "limit": MAX_COST})
    return cost
