"""How the API executes a document: graphql-core's executor, with the work that is the same for
every object of a list done once per request.

A page of 24 product cards is ~1,100 field executions of ~45 distinct fields of the document.
For each execution graphql-core finds the field's definition, wraps its resolver, coerces its
arguments, builds a ``GraphQLResolveInfo`` and dispatches on the return type; that bookkeeping,
not the resolvers or the SQL, was most of the products page's time (profiled: ~17 of ~21 ms).
``PlannedExecutionContext`` keeps a plan per (type, field of the document): the definition, the
resolver, the arguments once coerced (when they are plain values: the variables do not change
during a request), and what the return type asks of a value. A field graphene resolves by
reading the attribute (or key) of its name, whose type is a scalar, an enum or an object type
without ``is_type_of``, is read directly: no info, no resolver call (half the fields of a card:
money amounts and currencies, translations' names and slugs, images' URLs).

Everything else is graphql-core's own code: custom resolvers are called with a full info,
lists, interfaces, unions and type checks complete as before, and an error is located and
nulls propagate exactly as the specification says (``tests/test_graphql_execution.py`` runs
the storefront's operations and failing fields through both executors and compares).
It assumes what is true of this API: every resolver is synchronous (the view runs under WSGI),
so no result is awaited. The methods it overrides are ones graphql-core marks private: a library
edge (``marketplace/core/library_edges.py``), checked by ``tests/test_library_edges.py``.
"""
from enum import Enum
from functools import partial

from graphene.types.resolver import dict_or_attr_resolver
from graphql.error import located_error
from graphql.execution import ExecutionContext
from graphql.execution.execute import get_field_def
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from graphql.type import GraphQLResolveInfo, is_leaf_type, is_non_null_type, is_object_type

# Argument values a resolver cannot change under the next object's feet.
_IMMUTABLE = (str, int, float, bool, type(None), Enum)


class _Plan:
    """What one field of the document needs, found once per request."""
    __slots__ = ("definition", "resolve", "return_type", "name", "non_null", "leaf", "object", "attribute",
                 "default", "arguments")

    def __init__(self, context, definition, node):
        self.definition = definition
        resolve = definition.resolve or context.field_resolver
        if context.middleware_manager:
            resolve = context.middleware_manager.get_field_resolver(resolve)
        self.resolve = resolve
        self.return_type = definition.type
        self.name = node.name.value
        self.non_null = is_non_null_type(definition.type)
        named = definition.type.of_type if self.non_null else definition.type
        self.leaf = named if is_leaf_type(named) else None
        self.object = named if is_object_type(named) and not named.is_type_of else None
        self.attribute = self.default = None
        if ((self.leaf is not None or self.object is not None) and not definition.args
                and isinstance(resolve, partial) and resolve.func is dict_or_attr_resolver
                and len(resolve.args) == 2 and not resolve.keywords):
            self.attribute, self.default = resolve.args
        self.arguments = None


class PlannedExecutionContext(ExecutionContext):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._plans = {}

    def _plan(self, parent_type, field_nodes):
        # The document outlives the request's execution, so a node's id names it for as long.
        key = (parent_type, id(field_nodes[0]))
        plan = self._plans.get(key, Undefined)
        if plan is Undefined:
            definition = get_field_def(self.schema, parent_type, field_nodes[0])
            plan = self._plans[key] = _Plan(self, definition, field_nodes[0]) if definition else None
        return plan

    def execute_fields(self, parent_type, source_value, path, fields):
        results = {}
        type_name = parent_type.name
        for response_name, field_nodes in fields.items():
            plan = self._plan(parent_type, field_nodes)
            if plan is None:
                continue
            if plan.attribute is None:
                results[response_name] = self._execute(plan, parent_type, source_value, field_nodes,
                                                       Path(path, response_name, type_name))
                continue
            try:
                if isinstance(source_value, dict):
                    value = source_value.get(plan.attribute, plan.default)
                else:
                    value = getattr(source_value, plan.attribute, plan.default)
                results[response_name] = self._complete_read(plan, type_name, field_nodes, path, response_name, value)
            except Exception as raw_error:
                field_path = Path(path, response_name, type_name)
                self.handle_field_error(located_error(raw_error, field_nodes, field_path.as_list()),
                                        plan.return_type, field_path)
                results[response_name] = None
        return results

    def _complete_read(self, plan, type_name, field_nodes, path, response_name, value):
        """``complete_value`` for a leaf or a plain object type (``path``: the parent's; the field's
        own is made only for an object's fields)."""
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if plan.non_null:
                raise TypeError(f"Cannot return null for non-nullable field {type_name}.{plan.name}.")
            return None
        if plan.leaf is not None:
            return self.complete_leaf_value(plan.leaf, value)
        return self.execute_fields(plan.object, value, Path(path, response_name, type_name),
                                   self.collect_subfields(plan.object, field_nodes))

    def execute_field(self, parent_type, source, field_nodes, path):
        plan = self._plan(parent_type, field_nodes)
        if plan is None:
            return Undefined
        return self._execute(plan, parent_type, source, field_nodes, path)

    def _execute(self, plan, parent_type, source, field_nodes, path):
        """graphql-core's ``execute_field`` with the plan's lookups (a resolver's result is never
        awaitable here)."""
        return_type = plan.return_type
        info = GraphQLResolveInfo(plan.name, field_nodes, return_type, parent_type, path, self.schema,
                                  self.fragments, self.root_value, self.operation, self.variable_values,
                                  self.context_value, self.is_awaitable)
        try:
            arguments = plan.arguments
            if arguments is None:
                arguments = get_argument_values(plan.definition, field_nodes[0], self.variable_values)
                if all(isinstance(value, _IMMUTABLE) for value in arguments.values()):
                    plan.arguments = arguments
            result = plan.resolve(source, info, **arguments)
            if plan.leaf is not None or plan.object is not None:
                return self._complete_read(plan, parent_type.name, field_nodes, path.prev, path.key, result)
            return self.complete_value(return_type, field_nodes, info, path, result)
        except Exception as raw_error:
            self.handle_field_error(located_error(raw_error, field_nodes, path.as_list()), return_type, path)
            return None
