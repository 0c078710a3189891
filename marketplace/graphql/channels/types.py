"""Saleor's Channel type and the ``channel`` argument every catalogue query takes."""
import graphene
from django.conf import settings
from django.utils.translation import gettext as _
from graphql import GraphQLError

from marketplace.channels.availability import active_channels, get_channel
from marketplace.orders.currency import countries_sold_to


class CountryDisplay(graphene.ObjectType):
    code = graphene.String(required=True)
    country = graphene.String(required=True)


def country_display(code):
    from babel import Locale  # comes with the project's dependencies; names in English as Saleor's

    return CountryDisplay(code=code, country=Locale("en").territories.get(code, code))


class Channel(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    slug = graphene.String(required=True)
    name = graphene.String(required=True)
    is_active = graphene.Boolean(required=True)
    currency_code = graphene.String(required=True)
    has_orders = graphene.Boolean(required=True)
    default_country = graphene.Field(CountryDisplay, required=True)
    countries = graphene.List(graphene.NonNull(CountryDisplay))

    @staticmethod
    def resolve_name(root, info):
        return root.name_en

    @staticmethod
    def resolve_has_orders(root, info):
        return False

    @staticmethod
    def resolve_default_country(root, info):
        return country_display(root.default_country)

    @staticmethod
    def resolve_countries(root, info):
        return [country_display(code) for code in countries_sold_to(root)]


def resolve_channel(slug):
    """The active channel ``slug`` (the default channel when none is given), else a GraphQL error."""
    slug = slug or settings.OTOP_DEFAULT_CHANNEL
    channel = get_channel(slug)
    if channel is None:
        raise GraphQLError(_("Channel with '%(slug)s' slug does not exist or is not active.") % {"slug": slug})
    return channel


class ChannelQueries(graphene.ObjectType):
    channels = graphene.List(graphene.NonNull(Channel))
    channel = graphene.Field(Channel, id=graphene.ID(), slug=graphene.String())

    @staticmethod
    def resolve_channels(root, info):
        return list(active_channels())

    @staticmethod
    def resolve_channel(root, info, id=None, slug=None):
        from marketplace.graphql.core.ids import decode_id

        if id is not None:
            return active_channels().filter(pk=decode_id(id, "Channel")).first()
        return active_channels().filter(slug=slug).first() if slug else None
