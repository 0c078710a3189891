"""Relay connections in Saleor's shape (``…CountableConnection`` with ``totalCount``) over querysets.

Cursors are offsets, encoded as graphene does ("arrayconnection:<n>" in base64). Pages hold at
most ``MAX_PAGE_SIZE`` items; ``totalCount`` costs a COUNT query only when a client asks for it.
"""
import base64

import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError
from graphql_relay import offset_to_cursor

from marketplace.graphql.core.ids import ascii_number

MAX_PAGE_SIZE = 100


class PageInfo(graphene.ObjectType):
    has_next_page = graphene.Boolean(required=True)
    has_previous_page = graphene.Boolean(required=True)
    start_cursor = graphene.String()
    end_cursor = graphene.String()


def connection_args():
    return dict(before=graphene.String(), after=graphene.String(), first=graphene.Int(), last=graphene.Int())


def countable_connection(node_type, name: str):
    """``<name>CountableConnection`` and ``<name>CountableEdge`` for ``node_type``."""
    edge = type(f"{name}CountableEdge", (graphene.ObjectType,), {
        "node": graphene.Field(graphene.NonNull(node_type)),
        "cursor": graphene.String(required=True),
    })
    return type(f"{name}CountableConnection", (graphene.ObjectType,), {
        "page_info": graphene.Field(PageInfo, required=True),
        "edges": graphene.NonNull(graphene.List(graphene.NonNull(edge))),
        "total_count": graphene.Int(),
        "resolve_page_info": staticmethod(lambda root, info: root.page_info()),
        "resolve_edges": staticmethod(lambda root, info: root.edges()),
        "resolve_total_count": staticmethod(lambda root, info: root.total_count()),
    })


class Page:
    """One page of a sequence, with what a connection needs to describe it."""

    def __init__(self, items, offset, has_next, has_previous, count):
        self.items = items
        self.offset = offset
        self.has_next = has_next
        self.has_previous = has_previous
        self._count = count

    def edges(self):
        return [{"node": item, "cursor": offset_to_cursor(self.offset + i)} for i, item in enumerate(self.items)]

    def page_info(self):
        last = self.offset + len(self.items) - 1
        return {
            "has_next_page": self.has_next, "has_previous_page": self.has_previous,
            "start_cursor": offset_to_cursor(self.offset) if self.items else None,
            "end_cursor": offset_to_cursor(last) if self.items else None,
        }

    def total_count(self):
        if callable(self._count):
            self._count = self._count()
        return self._count


CURSOR_PREFIX = "arrayconnection:"
MAX_CURSOR_DIGITS = 19  # past a bigint: PostgreSQL refuses such an OFFSET as a typed error


def cursor_offset(cursor):
    """The offset a cursor holds, or None when it is not one of ours: the base64 of
    ``arrayconnection:`` and a number in the digits 0-9 alone (graphql-relay's reader, ``int``, also
    took Thai digits, spaces, signs and underscores, so that ``arrayconnection: +1_0`` was 10)."""
    if not isinstance(cursor, str):
        return None
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (ValueError, UnicodeError):  # binascii.Error is a ValueError
        return None
    digits = text[len(CURSOR_PREFIX):] if text.startswith(CURSOR_PREFIX) else ""
    if not (ascii_number(digits) and len(digits) <= MAX_CURSOR_DIGITS):
        return None
    return int(digits)


def _offset(cursor, name):
    if cursor is None:
        return None
    offset = cursor_offset(cursor)
    if offset is None:
        raise GraphQLError(_("Invalid cursor %(cursor)r in `%(argument)s`.") % {"cursor": cursor, "argument": name})
    return offset


def check_page_size(first, last, connection_name):
    """Saleor's rules for ``first``/``last``; run by the cost check before any SQL, and again here."""
    if first is None and last is None:
        raise GraphQLError(_("You must provide a `first` or `last` value to properly paginate the "
                             "`%(connection)s` connection.") % {"connection": connection_name})
    if first is not None and last is not None:
        raise GraphQLError(_("Passing both `first` and `last` to paginate the `%(connection)s` connection "
                             "is not supported.") % {"connection": connection_name})
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
            raise GraphQLError(_("Argument `%(argument)s` on `%(field)s` must be between 0 and %(limit)d; "
                                 "got %(value)r.") % {"argument": name, "field": connection_name,
                                                       "limit": MAX_PAGE_SIZE, "value": value})


def paginate(sequence, connection_name, *, first=None, last=None, after=None, before=None, count=None):
    """A Page of ``sequence`` (a queryset or list). ``count`` gives the total when it is cheaper than ``len``."""
    check_page_size(first, last, connection_name)
    after_offset, before_offset = _offset(after, "after"), _offset(before, "before")
    counter = count or (lambda: sequence.count() if hasattr(sequence, "count") and not isinstance(sequence, list)
                        else len(sequence))
    start = after_offset + 1 if after_offset is not None else 0
    if first is not None:
        end = start + first
        if before_offset is not None:
            end = min(end, before_offset)
        rows = list(sequence[start:end + 1]) if end > start else []
        has_next = len(rows) > end - start
        return Page(rows[:max(end - start, 0)], start, has_next, start > 0, counter)
    if before_offset is not None:
        end, total = before_offset, counter
    else:
        end = total = counter()
    begin = max(start, end - last)
    rows = list(sequence[begin:end]) if end > begin else []
    return Page(rows, begin, before_offset is not None, begin > 0, total)
