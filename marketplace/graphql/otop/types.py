"""OTOP extension types for clients that know them: certification with its history, packaging,
producer and province. Saleor clients see the same facts as attributes (``catalog/attributes.py``)."""
import graphene

from marketplace.graphql.core.content import BASE_LANGUAGE, text, translated_language
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.scalars import Date


class StandardTypeEnum(graphene.Enum):
    MPC = "mpc"
    FDA = "fda"
    HALAL = "halal"
    GI = "gi"
    GMP = "gmp"
    TIS = "tis"
    ORGANIC = "organic"
    OTHER = "other"


class CertificationStatusEnum(graphene.Enum):
    CURRENT = "current"
    EXPIRED = "expired"
    REVOKED = "revoked"


class RegionEnum(graphene.Enum):
    NORTH = "north"
    NORTHEAST = "northeast"
    CENTRAL = "central"
    EAST = "east"
    WEST = "west"
    SOUTH = "south"


def _bilingual(field):
    """``<field>`` in the base language plus ``<field>Th``/``<field>En`` and a by-language variant."""
    def resolve(root, info, language_code=None):
        language = translated_language(language_code) if language_code else BASE_LANGUAGE
        return text(root, field, language or BASE_LANGUAGE)
    return resolve


class Province(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    iso_code = graphene.String(required=True)
    slug = graphene.String(required=True)
    name = graphene.String(required=True, language_code=graphene.Argument(LanguageCodeEnum))
    name_th = graphene.String(required=True)
    name_en = graphene.String(required=True)
    region = graphene.Field(RegionEnum, required=True)

    resolve_name = staticmethod(_bilingual("name"))


class Standard(graphene.ObjectType):
    type = graphene.Field(StandardTypeEnum, required=True)
    number = graphene.String()
    label = graphene.String(required=True)

    @staticmethod
    def resolve_number(root, info):
        return root.number or None

    @staticmethod
    def resolve_label(root, info):
        return str(root.get_type_display())


class Certification(graphene.ObjectType):
    star_level = graphene.Int(required=True)
    selection_year = graphene.Int(required=True, description="Selection year (CE).")
    selection_year_be = graphene.Int(required=True, description="Selection year in the Buddhist Era.")
    programme = graphene.String(required=True)
    valid_from = Date(required=True)
    valid_until = Date(required=True)
    status = graphene.Field(CertificationStatusEnum, required=True)
    province = graphene.Field(Province, required=True, description="The certifying province.")
    standards = graphene.NonNull(graphene.List(graphene.NonNull(Standard)))

    @staticmethod
    def resolve_standards(root, info):
        return list(root.standards.all())


class Packaging(graphene.ObjectType):
    description = graphene.String()
    length_cm = graphene.Float()
    width_cm = graphene.Float()
    height_cm = graphene.Float()
    net_weight_g = graphene.Float()
    gross_weight_g = graphene.Float()
    units_per_carton = graphene.Int()
    carton_length_cm = graphene.Float()
    carton_width_cm = graphene.Float()
    carton_height_cm = graphene.Float()
    carton_weight_g = graphene.Float()
    shelf_life_days = graphene.Int()
    hs_code = graphene.String()
    country_of_origin = graphene.String()


class ShippingReach(graphene.ObjectType):
    """Where the product ships (``marketplace.shipping.reach``): what its product page says."""

    worldwide = graphene.Boolean(required=True, description="True when it can be shipped abroad.")
    weight_estimated = graphene.Boolean(
        required=True, description="True when the price abroad uses the net weight plus the packaging allowance.")
    headline = graphene.String(required=True, description="“Ships worldwide” or “Ships within Thailand only”.")
    reason = graphene.String(description="Why it stays in Thailand, or how the price abroad is worked out.")


class ProducerTypeEnum(graphene.Enum):
    COMMUNITY = "community"
    COMMUNITY_ENTERPRISE = "community_enterprise"
    SINGLE_OWNER = "single_owner"
    SME = "sme"


class Producer(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    slug = graphene.String(required=True)
    name = graphene.String(required=True, language_code=graphene.Argument(LanguageCodeEnum))
    name_th = graphene.String(required=True)
    name_en = graphene.String(required=True)
    story = graphene.String(language_code=graphene.Argument(LanguageCodeEnum))
    producer_type = graphene.Field(ProducerTypeEnum)
    district = graphene.String()
    province = graphene.Field(Province, required=True)
    founding_year = graphene.Int()
    members = graphene.Int()
    verified = graphene.Boolean(required=True)
    is_active = graphene.Boolean(required=True)

    resolve_name = staticmethod(_bilingual("name"))
    resolve_story = staticmethod(_bilingual("story"))

    @staticmethod
    def resolve_producer_type(root, info):
        return root.producer_type or None

    @staticmethod
    def resolve_is_active(root, info):
        return root.active
