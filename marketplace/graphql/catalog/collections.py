"""Saleor's collections are Oscar's ranges: hand-picked (or rule-based) sets of products that
staff curate for trade fairs, campaigns and features. Which ones a channel shows, and their Thai and
English face (name, description, background image), come from ``marketplace.content.collections``."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.content import collections as published
from marketplace.graphql.catalog.types import (
    ProductCountableConnection, ProductFilterInputRef, ProductOrderRef, ProductWhereInputRef, language_argument,
    thumbnail_args,
)
from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.core.content import BASE_LANGUAGE, editorjs, plain_summary, translated_language
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.media import Image, image


class CollectionTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    seo_title = graphene.String()
    seo_description = graphene.String()
    slug = graphene.String()
    name = graphene.String()
    description = graphene.JSONString()


class Collection(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    seo_title = graphene.String()
    seo_description = graphene.String()
    name = graphene.String(required=True)
    description = graphene.JSONString()
    slug = graphene.String(required=True)
    channel = graphene.String()
    background_image = graphene.Field(Image, **thumbnail_args())
    translation = graphene.Field(CollectionTranslation, language_code=language_argument())
    products = graphene.Field(ProductCountableConnection, filter=graphene.Argument(lambda: ProductFilterInputRef()),
                              where=graphene.Argument(lambda: ProductWhereInputRef()),
                              sort_by=graphene.Argument(lambda: ProductOrderRef()), search=graphene.String(),
                              **connection_args())

    @staticmethod
    def resolve_name(root, info):
        return published.name(root, BASE_LANGUAGE)

    @staticmethod
    def resolve_seo_title(root, info):
        return published.name(root, BASE_LANGUAGE)

    @staticmethod
    def resolve_seo_description(root, info):
        return plain_summary(published.description(root, BASE_LANGUAGE), limit=160) or None

    @staticmethod
    def resolve_description(root, info):
        return editorjs(published.description(root, BASE_LANGUAGE))

    @staticmethod
    def resolve_channel(root, info):
        return getattr(root, "api_channel_slug", None)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return image(info, published.background_image(root), published.name(root, BASE_LANGUAGE))

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        name, description = published.name(root, language), published.description(root, language)
        return CollectionTranslation(id=f"{root.pk}:{language}", name=name, slug=root.slug,
                                     description=editorjs(description), seo_title=name,
                                     seo_description=plain_summary(description, limit=160) or None)

    @staticmethod
    def resolve_products(root, info, **kwargs):
        from marketplace.graphql.catalog.products import resolve_products

        return resolve_products(info, channel=getattr(root, "api_channel_slug", None), collection=root, **kwargs)


CollectionCountableConnection = countable_connection(Collection, "Collection")


class CollectionQueries(graphene.ObjectType):
    collection = graphene.Field(Collection, id=graphene.ID(), slug=graphene.String(),
                                slug_language_code=language_argument(required=False), channel=graphene.String())
    collections = graphene.Field(CollectionCountableConnection, channel=graphene.String(), **connection_args())

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if (id is None) == (slug is None):
            raise GraphQLError(_("Provide exactly one of `id` or `slug`."))
        ranges = published.published(channel)
        found = (ranges.filter(pk=decode_id(id, "Collection")) if id is not None else ranges.filter(slug=slug)).first()
        if found is not None:
            found.api_channel_slug = channel
        return found

    @staticmethod
    def resolve_collections(root, info, channel=None, first=None, last=None, after=None, before=None):
        page = paginate(published.published(channel).order_by("name"), "collections", first=first, last=last, after=after,
                        before=before)
        for found in page.items:
            found.api_channel_slug = channel
        return page
