"""Saleor's Page, PageType, Menu and MenuItem types over ``marketplace.content`` (flatpages, the
footer's columns and the OTOP category tree), with Thai base fields and a Thai/English ``translation``;
a page's HTML reaches clients as Editor.js JSON."""
import graphene
from django.utils.html import strip_tags

from marketplace.graphql.catalog.attribute_types import AssignedAttribute
from marketplace.graphql.catalog.collections import Collection
from marketplace.graphql.catalog.types import Category, LanguageDisplay, language_display, language_argument
from marketplace.content import pages as content
from marketplace.graphql.content.editorjs_html import editorjs_from_html
from marketplace.graphql.core.connection import countable_connection
from marketplace.graphql.core.content import plain_summary, translated_language
from marketplace.graphql.core.media import File
from marketplace.graphql.core.scalars import JSONString, PositiveInt

PAGE_TYPE = {"id": "flatpage", "name": "Content page", "slug": "content-page"}


class AssignedFileAttribute(graphene.ObjectType):
    """No page carries a file attribute; the type is here so Saleor clients' fragments validate."""

    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Field(File)


class AssignedSingleCollectionReferenceAttribute(graphene.ObjectType):
    """No page refers to a collection; the type is here so Saleor clients' fragments validate."""

    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Field(Collection)


class PageType(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)


def _content(page):
    return editorjs_from_html(page.content) if page is not None else None


class PageTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    language = graphene.Field(LanguageDisplay, required=True)
    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    title = graphene.String()
    content = JSONString()


class Page(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    content = JSONString()
    seo_title = graphene.String()
    seo_description = graphene.String()
    is_published = graphene.Boolean(required=True)
    page_type = graphene.Field(PageType, required=True)
    assigned_attribute = graphene.Field(AssignedAttribute, slug=graphene.String(required=True))
    assigned_attributes = graphene.NonNull(graphene.List(graphene.NonNull(AssignedAttribute)),
                                           limit=PositiveInt(default_value=100))
    translation = graphene.Field(PageTranslation, language_code=language_argument())

    resolve_slug = staticmethod(lambda root, info: content.slug_of(root))
    resolve_content = staticmethod(lambda root, info: _content(root))
    resolve_seo_title = staticmethod(lambda root, info: root.title)
    resolve_seo_description = staticmethod(lambda root, info: plain_summary(strip_tags(root.content), limit=160))
    resolve_is_published = staticmethod(lambda root, info: True)  # only public pages are served
    resolve_page_type = staticmethod(lambda root, info: PageType(**PAGE_TYPE))
    resolve_assigned_attribute = staticmethod(lambda root, info, slug: None)  # flatpages have no attributes
    resolve_assigned_attributes = staticmethod(lambda root, info, limit=100: [])

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        version = content.version(root, language, info.context) if language else None
        if version is None:
            return None
        return PageTranslation(
            id=f"{root.pk}:{language}", language=language_display(language), title=version.title,
            slug=content.slug_of(root), content=_content(version), seo_title=version.title,
            seo_description=plain_summary(strip_tags(version.content), limit=160))


PageCountableConnection = countable_connection(Page, "Page")


class MenuItemTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String(required=True)


class MenuItem(graphene.ObjectType):
    """A menu entry (``content.menus.MenuEntry``): a footer column's heading, a category, a collection or a
    page."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    level = graphene.Int(required=True)
    category = graphene.Field(Category)
    collection = graphene.Field(Collection)
    page = graphene.Field(Page)
    url = graphene.String()
    children = graphene.List(graphene.NonNull(lambda: MenuItem))
    translation = graphene.Field(MenuItemTranslation, language_code=language_argument())

    resolve_id = staticmethod(lambda root, info: root.key)
    resolve_name = staticmethod(lambda root, info: root.name_th or root.name_en)
    resolve_url = staticmethod(lambda root, info: None)  # every entry links to a category, collection or page

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        return MenuItemTranslation(id=f"{root.key}:{language}", language=language_display(language),
                                   name=root.name(language))


class Menu(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    items = graphene.List(graphene.NonNull(MenuItem))


MenuCountableConnection = countable_connection(Menu, "Menu")
MenuItemCountableConnection = countable_connection(MenuItem, "MenuItem")

CONTENT_TYPES = [AssignedFileAttribute, AssignedSingleCollectionReferenceAttribute]
