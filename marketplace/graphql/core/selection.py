"""What a client asked for below a field, so that resolvers load related data up front, once."""
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode


def _selections(info, selection_set):
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, FragmentSpreadNode):
            fragment = info.fragments.get(selection.name.value)
            if fragment is not None:
                yield from _selections(info, fragment.selection_set)
        elif isinstance(selection, InlineFragmentNode):
            yield from _selections(info, selection.selection_set)


def selected_fields(info, *path, nodes=None):
    """Field nodes selected under ``path`` (field names, fragments merged) below the current field."""
    current = list(nodes if nodes is not None else info.field_nodes)
    for name in path:
        current = [child for node in current for child in _selections(info, node.selection_set)
                   if child.name.value == name]
    return [child for node in current for child in _selections(info, node.selection_set)]
