"""Root fields for OTOP's own data: producers, producer(slug), provinces."""
import graphene

from marketplace.graphql.core.connection import connection_args, countable_connection, paginate
from marketplace.graphql.otop.types import Producer, Province
from marketplace.producers.models import Producer as ProducerModel
from marketplace.provinces.models import Province as ProvinceModel

ProducerCountableConnection = countable_connection(Producer, "Producer")


def visible_producers(user):
    """The producers ``user`` may see (the producers' rule, as the pages apply it)."""
    return ProducerModel.objects.visible_to(user).select_related("province")


class OtopQueries(graphene.ObjectType):
    producers = graphene.Field(ProducerCountableConnection, province=graphene.String(
        description="Only producers of this province (its slug or ISO code)."), **connection_args())
    producer = graphene.Field(Producer, slug=graphene.String(required=True))
    provinces = graphene.NonNull(graphene.List(graphene.NonNull(Province)))

    @staticmethod
    def resolve_producers(root, info, province=None, first=None, last=None, after=None, before=None):
        producers = visible_producers(info.context.user).order_by("name_th", "pk")
        if province:
            producers = producers.filter(province__slug=province) | producers.filter(province__iso_code=province)
        return paginate(producers, "producers", first=first, last=last, after=after, before=before)

    @staticmethod
    def resolve_producer(root, info, slug):
        return visible_producers(info.context.user).filter(slug=slug).first()

    @staticmethod
    def resolve_provinces(root, info):
        return list(ProvinceModel.objects.order_by("name_en"))
