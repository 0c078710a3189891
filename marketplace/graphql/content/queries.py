"""Root fields ``page``, ``pages`` and ``menu`` with Saleor's arguments."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.graphql.catalog.filters import StringFilterInput
from marketplace.content import menus
from marketplace.content import pages as content
# CONTENT_TYPES: imported by schema.py from here, with the root fields
from marketplace.graphql.content.types import CONTENT_TYPES, Menu, Page, PageCountableConnection  # noqa: F401
from marketplace.graphql.core.connection import connection_args, paginate
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.ids import ascii_number, decode_id


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)


def _page_pks(ids, field):
    return {int(pk) if ascii_number(pk) else _bad(value, field)
            for value, pk in ((value, decode_id(value, "Page", field)) for value in ids)}


def _bad(value, field):
    raise GraphQLError(_("Invalid ID %(value)r in %(field)s: %(type)s ids hold a number.")
                       % {"value": value, "field": field, "type": "Page"})


def _slugs(*groups):
    """The slugs every given group allows (None: no restriction)."""
    allowed = None
    for group in groups:
        if group is not None:
            allowed = set(group) if allowed is None else allowed & set(group)
    return allowed


class ContentQueries(graphene.ObjectType):
    page = graphene.Field(Page, id=graphene.ID(), slug=graphene.String(),
                          slug_language_code=graphene.Argument(LanguageCodeEnum), channel=graphene.String())
    pages = graphene.Field(PageCountableConnection, filter=PageFilterInput(), where=PageWhereInput(),
                           search=graphene.String(), channel=graphene.String(), **connection_args())
    menu = graphene.Field(Menu, id=graphene.ID(), name=graphene.String(), slug=graphene.String(),
                          channel=graphene.String())

    @staticmethod
    def resolve_page(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if (id is None) == (slug is None):
            raise GraphQLError(_("Provide exactly one of `id` and `slug` to look up a page."))
        if id is not None:
            return content.page(pk=min(_page_pks([id], "id")))
        return content.page(slug=slug)

    @staticmethod
    def resolve_pages(root, info, filter=None, where=None, search=None, channel=None, **page):
        filter, where = filter or {}, where or {}
        slug_filter = where.get("slug") or {}
        slugs = _slugs(filter.get("slugs"), slug_filter.get("one_of"),
                       [slug_filter["eq"]] if slug_filter.get("eq") is not None else None)
        id_lists = [ids for ids in (filter.get("ids"), where.get("ids")) if ids is not None]
        pks = None
        for ids in id_lists:
            found = _page_pks(ids, "ids")
            pks = found if pks is None else pks & found
        found = content.pages(slugs=slugs, pks=pks, search=search or filter.get("search"))
        return paginate(found, "pages", **page)

    @staticmethod
    def resolve_menu(root, info, id=None, name=None, slug=None, channel=None):
        key = slug or name
        if id is not None:
            key = decode_id(id, "Menu")
        if not key:
            raise GraphQLError(_("Provide one of `id`, `name` or `slug` to look up a menu."))
        items = menus.menu(key, info.context, channel)
        for item in items or []:
            for child in item.children:
                if child.collection is not None:  # its products are those of the menu's channel
                    child.collection.api_channel_slug = channel
        if items is None:
            return None
        return Menu(id=key.lower(), name=key.lower(), slug=key.lower(), items=items)
