"""Saleor's collections are Oscar's ranges: hand-picked (or rule-based) sets of products that
staff curate for offers and features. Only public ranges are shown."""
import graphene
from graphql import GraphQLError
from oscar.core.loading import get_model

from marketplace.graphql.catalog.types import (
    ProductCountableConnection, ProductFilterInputRef, ProductOrderRef, ProductWhereInputRef, language_argument,
    thumbnail_args,
)
from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.core.content import editorjs, plain_summary, translated_language
from marketplace.graphql.core.ids import decode_id
from marketplace.graphql.core.media import Image

Range = get_model("offer", "Range")


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
    def resolve_seo_title(root, info):
        return root.name

    @staticmethod
    def resolve_seo_description(root, info):
        return plain_summary(root.description, limit=160) or None

    @staticmethod
    def resolve_description(root, info):
        return editorjs(root.description)

    @staticmethod
    def resolve_channel(root, info):
        return getattr(root, "api_channel_slug", None)

    @staticmethod
    def resolve_background_image(root, info, size=None, format=None):
        return None

    @staticmethod
    def resolve_translation(root, info, language_code):
        # Range names are not bilingual: the same text serves Thai and English.
        if translated_language(language_code) is None:
            return None
        return CollectionTranslation(id=f"{root.pk}:{translated_language(language_code)}", name=root.name,
                                     slug=root.slug, description=editorjs(root.description), seo_title=root.name)

    @staticmethod
    def resolve_products(root, info, **kwargs):
        from marketplace.graphql.catalog.products import resolve_products

        return resolve_products(info, channel=getattr(root, "api_channel_slug", None), collection=root, **kwargs)


CollectionCountableConnection = countable_connection(Collection, "Collection")


def public_ranges():
    return Range.objects.filter(is_public=True)


class CollectionQueries(graphene.ObjectType):
    collection = graphene.Field(Collection, id=graphene.ID(), slug=graphene.String(),
                                slug_language_code=language_argument(required=False), channel=graphene.String())
    collections = graphene.Field(CollectionCountableConnection, channel=graphene.String(), **connection_args())

    @staticmethod
    def resolve_collection(root, info, id=None, slug=None, slug_language_code=None, channel=None):
        if (id is None) == (slug is None):
            raise GraphQLError("Provide exactly one of `id` or `slug`.")
        ranges = public_ranges()
        found = (ranges.filter(pk=decode_id(id, "Collection")) if id is not None else ranges.filter(slug=slug)).first()
        if found is not None:
            found.api_channel_slug = channel
        return found

    @staticmethod
    def resolve_collections(root, info, channel=None, first=None, last=None, after=None, before=None):
        page = paginate(public_ranges().order_by("name"), "collections", first=first, last=last, after=after,
                        before=before)
        for found in page.items:
            found.api_channel_slug = channel
        return page
