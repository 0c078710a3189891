"""Schema parity with Saleor: where this API's schema differs from a Saleor schema, for what
Saleor's storefront reaches.

The storefront's operations (its ``.graphql`` files) are walked over the Saleor schema; what they
reach is every field they select (with the arguments they pass), every type those fields, arguments
and variables name, the input types inside those (all their fields: code generators write them
whole), and the members of every union or interface they select from. For each, a line says what
this schema lacks or types differently: a missing type, field, argument, enum value or union
member, a type mismatch, an argument or input field required here and not in Saleor, enum values
Saleor does not have (one line per enum: a client's exhaustive ``switch`` would miss them).

    python -m marketplace.graphql.parity OURS.graphql SALEOR.graphql STOREFRONT [REV]

STOREFRONT is a checkout of ``saleor/storefront`` or its git directory (then REV, default HEAD).
Only graphql-core is needed (no Django): ``make saleor-parity SALEOR_SCHEMA=… SALEOR_STOREFRONT=…``.
"""
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLSchema,
    GraphQLUnionType,
    TypeInfo,
    TypeInfoVisitor,
    Undefined,
    Visitor,
    build_schema,
    get_named_type,
    is_non_null_type,
    parse,
    type_from_ast,
    visit,
)
from graphql.language import DocumentNode


@dataclass
class Reach:
    """What the storefront's operations touch in the reference (Saleor's) schema."""

    fields: set = field(default_factory=set)  # (type name, field name)
    arguments: set = field(default_factory=set)  # (type name, field name, argument name)
    types: set = field(default_factory=set)  # named types, inputs closed over their fields


def storefront_documents(source: Path, rev: str = "HEAD") -> list[DocumentNode]:
    """The ``.graphql`` files under ``src/`` of a storefront checkout or git directory."""
    if (source / "src").is_dir():
        return [parse(path.read_text(encoding="utf-8")) for path in sorted((source / "src").rglob("*.graphql"))]
    git = ["git", "--git-dir", str(source)]
    names = subprocess.run(git + ["ls-tree", "-r", "--name-only", rev, "--", "src"], capture_output=True, text=True,
                           check=True).stdout.split()
    return [parse(subprocess.run(git + ["show", f"{rev}:{name}"], capture_output=True, text=True, check=True).stdout)
            for name in names if name.endswith(".graphql")]


class _Collector(Visitor):
    def __init__(self, schema: GraphQLSchema, type_info: TypeInfo, reach: Reach):
        super().__init__()
        self.schema, self.type_info, self.reach = schema, type_info, reach
        self.selected = []  # (type name, field name) of the fields being walked, innermost last

    def enter_field(self, node, *_):
        parent, definition = self.type_info.get_parent_type(), self.type_info.get_field_def()
        known = parent is not None and definition is not None and not node.name.value.startswith("__")
        self.selected.append((parent.name, node.name.value) if known else None)
        if known:
            self.reach.fields.add((parent.name, node.name.value))
            self.reach.types.update({parent.name, get_named_type(definition.type).name})

    def leave_field(self, *_):
        self.selected.pop()

    def enter_argument(self, node, *_):
        argument = self.type_info.get_argument()
        if self.type_info.get_directive() is None and argument is not None and self.selected[-1] is not None:
            self.reach.arguments.add((*self.selected[-1], node.name.value))
            self.reach.types.add(get_named_type(argument.type).name)

    def enter_variable_definition(self, node, *_):
        variable_type = type_from_ast(self.schema, node.type)
        if variable_type is not None:
            self.reach.types.add(get_named_type(variable_type).name)

    def enter_named_type(self, node, *_):
        # type conditions of fragments (`... on CheckoutLineProblemInsufficientStock`)
        if self.schema.get_type(node.name.value) is not None:
            self.reach.types.add(node.name.value)


def reach(reference: GraphQLSchema, documents: list[DocumentNode]) -> Reach:
    """What ``documents`` reach in ``reference``: selected fields, passed arguments, named types."""
    found = Reach()
    for document in documents:
        type_info = TypeInfo(reference)
        visit(document, TypeInfoVisitor(type_info, _Collector(reference, type_info, found)))
    pending = list(found.types)
    while pending:
        named = reference.get_type(pending.pop())
        more = []
        if isinstance(named, GraphQLInputObjectType):
            more = [get_named_type(input_field.type).name for input_field in named.fields.values()]
        elif isinstance(named, GraphQLUnionType):
            # a union's members are part of its type in generated code; an interface's implementations
            # count only where an operation names them (a fragment on one)
            more = [member.name for member in named.types]
        for name in more:
            if name not in found.types:
                found.types.add(name)
                pending.append(name)
    return found


def _kind(named) -> str:
    return type(named).__name__.removeprefix("GraphQL").removesuffix("Type").upper()


def _compare_values(ours, theirs, label, only=None) -> list[str]:
    """Fields of an input type or arguments of a field (``label(name)`` names one): missing, typed
    otherwise, or required only here (a client that does not send it would be refused). ``only``
    limits the first two to the names a client uses."""
    lines = []
    for name, their in theirs.items():
        if only is not None and name not in only:
            continue
        if name not in ours:
            lines.append(f"{label(name)}: missing")
        elif str(ours[name].type) != str(their.type):
            lines.append(f"{label(name)}: {ours[name].type} here, {their.type} in Saleor")
    for name, our in ours.items():
        if name not in theirs and is_non_null_type(our.type) and our.default_value is Undefined:
            lines.append(f"{label(name)}: required here, not in Saleor")
    return lines


def _summary(name: str, what: str, names: list[str]) -> list[str]:
    """One line for a list that is long by nature (the languages a CLDR release adds)."""
    if not names:
        return []
    return [f"{name}: {len(names)} {what} ({', '.join(names[:5])}{', …' if len(names) > 5 else ''})"]


def differences(ours: GraphQLSchema, reference: GraphQLSchema, reached: Reach) -> list[str]:
    """One line per difference, sorted: what ``ours`` lacks or types otherwise in what is reached."""
    lines = []
    for name in sorted(reached.types):
        their, our = reference.get_type(name), ours.get_type(name)
        if their is None or name.startswith("__"):
            continue
        if our is None:
            lines.append(f"{name}: missing type ({_kind(their)})")
        elif _kind(our) != _kind(their):
            lines.append(f"{name}: {_kind(our)} here, {_kind(their)} in Saleor")
        elif isinstance(their, GraphQLEnumType):
            lines += [f"{name}.{value}: missing enum value" for value in their.values if value not in our.values]
            lines += _summary(name, "enum value(s) not in Saleor", [v for v in our.values if v not in their.values])
        elif isinstance(their, GraphQLUnionType):
            members = {member.name for member in our.types}
            lines += [f"{name}: missing union member {member.name}" for member in their.types
                      if member.name not in members]
        elif isinstance(their, GraphQLInputObjectType):
            lines += _compare_values(our.fields, their.fields, lambda f, t=name: f"{t}.{f}")
        if isinstance(their, GraphQLInterfaceType) and our is not None and isinstance(our, GraphQLInterfaceType):
            implementations = {t.name for t in ours.get_possible_types(our)}
            lines += _summary(name, "implementation(s) missing",
                              [t.name for t in reference.get_possible_types(their) if t.name not in implementations])
    for type_name, field_name in sorted(reached.fields):
        our_type, their_field = ours.get_type(type_name), reference.get_type(type_name).fields[field_name]
        if our_type is None or not hasattr(our_type, "fields"):
            continue
        our_field = our_type.fields.get(field_name)
        if our_field is None:
            lines.append(f"{type_name}.{field_name}: missing field")
            continue
        if str(our_field.type) != str(their_field.type):
            lines.append(f"{type_name}.{field_name}: {our_field.type} here, {their_field.type} in Saleor")
        used = {a for t, f, a in reached.arguments if (t, f) == (type_name, field_name)}
        lines += _compare_values(our_field.args, their_field.args,
                                 lambda a, t=type_name, f=field_name: f"{t}.{f}({a}:)", only=used)
    return sorted(lines)


def compare(ours_sdl: str, reference_sdl: str, documents: list[DocumentNode]) -> list[str]:
    reference = build_schema(reference_sdl)
    return differences(build_schema(ours_sdl), reference, reach(reference, documents))


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    ours, reference, storefront = (Path(arg) for arg in argv[:3])
    documents = storefront_documents(storefront, argv[3] if len(argv) == 4 else "HEAD")
    for line in compare(ours.read_text(encoding="utf-8"), reference.read_text(encoding="utf-8"), documents):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
