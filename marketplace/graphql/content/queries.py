"""Root fields ``page``, ``pages``, ``menu``, ``menus``, ``menuItems`` and ``menuItem`` with Saleor's
arguments. The menus are the shop's (``content.menus``): the footer's columns and the category tree
(``navbar``); a menu item's id is its entry's key."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.graphql.catalog.filters import StringFilterInput
from marketplace.content import menus
from marketplace.content import pages as content
# CONTENT_TYPES: imported by schema.py from here, with the root fields
from marketplace.graphql.content.types import (  # noqa: F401
    CONTENT_TYPES, Menu, MenuCountableConnection, MenuItem, MenuItemCountableConnection, Page, PageCountableConnection,
)
from marketplace.graphql.core.connection import connection_args, paginate
from marketplace.graphql.core.enums import LanguageCodeEnum, OrderDirection, descending, enum_value
from marketplace.graphql.core.ids import ascii_number, decode_id


class PageFilterInput(graphene.InputObjectType):
    search = graphene.String()
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class PageWhereInput(graphene.InputObjectType):
    ids = graphene.List(graphene.NonNull(graphene.ID))
    slug = graphene.Field(StringFilterInput)


class MenuFilterInput(graphene.InputObjectType):
    search = graphene.String()
    slug = graphene.List(graphene.NonNull(graphene.String))
    slugs = graphene.List(graphene.NonNull(graphene.String))


class MenuSortField(graphene.Enum):
    NAME = "name"
    ITEMS_COUNT = "items_count"


class MenuSortingInput(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    field = MenuSortField(required=True)


class MenuItemFilterInput(graphene.InputObjectType):
    search = graphene.String()


class MenuItemSortField(graphene.Enum):
    NAME = "name"


class MenuItemSortingInput(graphene.InputObjectType):
    direction = OrderDirection(required=True)
    field = MenuItemSortField(required=True)


def _menu(key, info, channel):
    """Menu ``key`` as the API gives it, or None when the shop has no such menu."""
    items = menus.menu(key, info.context, channel)
    if items is None:
        return None
    for item in items:
        for child in item.children:
            if child.collection is not None:  # its products are those of the menu's channel
                child.collection.api_channel_slug = channel
    return Menu(id=key.lower(), name=key.lower(), slug=key.lower(), items=items)


def _listed_menus(info, channel):
    return [found for found in (_menu(key, info, channel) for key in menus.LISTED) if found is not None]


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
    menus = graphene.Field(MenuCountableConnection, channel=graphene.String(), sort_by=MenuSortingInput(),
                           filter=MenuFilterInput(), **connection_args())
    menu_items = graphene.Field(MenuItemCountableConnection, channel=graphene.String(), sort_by=MenuItemSortingInput(),
                                filter=MenuItemFilterInput(), **connection_args())
    menu_item = graphene.Field(MenuItem, id=graphene.ID(required=True), channel=graphene.String())

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
        return _menu(key, info, channel)

    @staticmethod
    def resolve_menus(root, info, channel=None, sort_by=None, filter=None, **page):
        filter = filter or {}
        found = _listed_menus(info, channel)
        slugs = _slugs(filter.get("slug"), filter.get("slugs"))
        if slugs is not None:
            found = [menu for menu in found if menu.slug in slugs]
        search = (filter.get("search") or "").strip().lower()
        if search:
            found = [menu for menu in found if search in menu.name]
        if sort_by and enum_value(sort_by["field"]) == "items_count":
            found.sort(key=lambda menu: (len(menu.items), menu.name), reverse=descending(sort_by))
        else:
            found.sort(key=lambda menu: menu.name, reverse=descending(sort_by))
        return paginate(found, "menus", **page)

    @staticmethod
    def resolve_menu_items(root, info, channel=None, sort_by=None, filter=None, **page):
        found = [item for menu in _listed_menus(info, channel) for item in menus.flattened(menu.items)]
        search = ((filter or {}).get("search") or "").strip().lower()
        if search:
            found = [item for item in found if search in item.name_th.lower() or search in item.name_en.lower()]
        if sort_by:
            found.sort(key=lambda item: (item.name_th or item.name_en).lower(), reverse=descending(sort_by))
        return paginate(found, "menuItems", **page)

    @staticmethod
    def resolve_menu_item(root, info, id, channel=None):
        key = decode_id(id, "MenuItem")
        return next((item for menu in _listed_menus(info, channel) for item in menus.flattened(menu.items)
                     if item.key == key), None)
