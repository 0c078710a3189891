"""``attributes`` and ``attribute``: the OTOP facts a client can filter on, with the choices of
the choice ones (provinces, active producers, standards), so a Saleor client can build its facets."""
import graphene
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.certification.models import StandardType
from marketplace.graphql.catalog import attributes as defs
from marketplace.graphql.catalog.attribute_types import Attribute
from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.core.ids import decode_id
from marketplace.provinces.models import Province

AttributeCountableConnection = countable_connection(Attribute, "Attribute")


def choices_of(definition, user):
    """(definition, Choice) pairs of a choice attribute, or None for the others."""
    from marketplace.graphql.otop.queries import visible_producers

    if definition.slug == "province":
        values = [defs.Choice(p.slug, p.name_th, p.name_en) for p in Province.objects.order_by("name_en")]
    elif definition.slug == "producer":
        values = [defs.Choice(p.slug, p.name_th or p.name_en, p.name_en or p.name_th)
                  for p in visible_producers(user).order_by("name_th", "pk")]
    elif definition.slug == "standards":
        values = [defs.Choice(code, defs.STANDARD_NAMES_TH[code], defs.STANDARD_NAMES_EN[code])
                  for code in StandardType.values]
    else:
        return None
    return [(definition, value) for value in values]


def resolve_choices(root, info, first=None, last=None, after=None, before=None):
    values = choices_of(root, info.context.user)
    if values is None:
        return None
    return paginate(values, "choices", first=first, last=last, after=after, before=before)


class AttributeQueries(graphene.ObjectType):
    attributes = graphene.Field(AttributeCountableConnection, search=graphene.String(), **connection_args())
    attribute = graphene.Field(Attribute, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_attributes(root, info, search=None, first=None, last=None, after=None, before=None):
        found = [d for d in defs.ATTRIBUTES if not search or search.lower() in
                 f"{d.slug} {d.name_th} {d.name_en}".lower()]
        return paginate(found, "attributes", first=first, last=last, after=after, before=before)

    @staticmethod
    def resolve_attribute(root, info, id=None, slug=None):
        if (id is None) == (slug is None):
            raise GraphQLError(_("Provide exactly one of `id` or `slug`."))
        return defs.BY_SLUG.get(decode_id(id, "Attribute") if id is not None else slug)
