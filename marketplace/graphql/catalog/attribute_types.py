"""Saleor's attribute types over the OTOP attribute definitions (``attributes.py``)."""
import graphene

from marketplace.graphql.catalog import attributes as defs
from marketplace.graphql.core.connection import countable_connection
from marketplace.graphql.core.content import translated_language
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.media import File
from marketplace.graphql.core.scalars import Date, DateTime, JSONString, PositiveInt


class AttributeInputTypeEnum(graphene.Enum):
    DROPDOWN = "dropdown"
    MULTISELECT = "multiselect"
    FILE = "file"
    REFERENCE = "reference"
    SINGLE_REFERENCE = "single-reference"
    NUMERIC = "numeric"
    RICH_TEXT = "rich-text"
    PLAIN_TEXT = "plain-text"
    SWATCH = "swatch"
    BOOLEAN = "boolean"
    DATE = "date"
    DATE_TIME = "date-time"


class AttributeTypeEnum(graphene.Enum):
    PRODUCT_TYPE = "product-type"
    PAGE_TYPE = "page-type"


class VariantAttributeScope(graphene.Enum):
    ALL = "all"
    VARIANT_SELECTION = "variant_selection"
    NOT_VARIANT_SELECTION = "not_variant_selection"


def _name(definition_or_choice, language):
    return definition_or_choice.name_en if language == "en" else definition_or_choice.name_th


class AttributeTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)


class Attribute(graphene.ObjectType):
    """An OTOP fact (star level, province, …); the id is ``Attribute:<slug>``."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    input_type = graphene.Field(AttributeInputTypeEnum)
    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    type = graphene.Field(AttributeTypeEnum, required=True)
    value_required = graphene.Boolean(required=True)
    visible_in_storefront = graphene.Boolean(required=True)
    with_choices = graphene.Boolean(required=True)
    translation = graphene.Field(AttributeTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True))
    choices = graphene.Field(lambda: AttributeValueCountableConnection, first=graphene.Int(), after=graphene.String(),
                             last=graphene.Int(), before=graphene.String())

    @staticmethod
    def resolve_id(root, info):
        return root.slug

    @staticmethod
    def resolve_choices(root, info, **page):
        from marketplace.graphql.catalog.attribute_queries import resolve_choices

        return resolve_choices(root, info, **page)

    @staticmethod
    def resolve_input_type(root, info):
        return getattr(AttributeInputTypeEnum, root.input_type).value

    @staticmethod
    def resolve_name(root, info):
        return root.name_th

    @staticmethod
    def resolve_type(root, info):
        return AttributeTypeEnum.PRODUCT_TYPE.value

    @staticmethod
    def resolve_value_required(root, info):
        return False

    @staticmethod
    def resolve_visible_in_storefront(root, info):
        return True

    @staticmethod
    def resolve_with_choices(root, info):
        return root.input_type in (defs.DROPDOWN, defs.MULTISELECT)

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        return AttributeTranslation(id=f"{root.slug}:{language}", name=_name(root, language))


class AttributeValueTranslation(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    rich_text = JSONString()
    plain_text = graphene.String()


class AttributeValue(graphene.ObjectType):
    """One value of an attribute on a product; root: ``(definition, Choice | number | {"th","en"})``."""

    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String()
    slug = graphene.String()
    value = graphene.String()
    translation = graphene.Field(AttributeValueTranslation,
                                 language_code=graphene.Argument(LanguageCodeEnum, required=True))
    input_type = graphene.Field(AttributeInputTypeEnum)
    reference = graphene.ID()
    file = graphene.Field(File)
    rich_text = JSONString()
    plain_text = graphene.String()
    boolean = graphene.Boolean()
    # Saleor's date and date-time values; no OTOP attribute is a date, so these stay null.
    date = Date()
    date_time = DateTime()

    @staticmethod
    def resolve_date(root, info):
        return None

    @staticmethod
    def resolve_date_time(root, info):
        return None

    @staticmethod
    def resolve_id(root, info):
        return f"{root[0].slug}:{value_slug(root[1])}"

    @staticmethod
    def resolve_name(root, info):
        return value_name(root[1], "th")

    @staticmethod
    def resolve_slug(root, info):
        return value_slug(root[1])

    @staticmethod
    def resolve_value(root, info):
        return value_name(root[1], "th")

    @staticmethod
    def resolve_input_type(root, info):
        return getattr(AttributeInputTypeEnum, root[0].input_type).value

    @staticmethod
    def resolve_plain_text(root, info):
        return value_name(root[1], "th") if root[0].input_type == defs.PLAIN_TEXT else None

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        if language is None:
            return None
        name = value_name(root[1], language)
        return AttributeValueTranslation(
            id=f"{root[0].slug}:{value_slug(root[1])}:{language}", name=name,
            plain_text=name if root[0].input_type == defs.PLAIN_TEXT else None)

    @staticmethod
    def resolve_file(root, info):
        return None


AttributeValueCountableConnection = countable_connection(AttributeValue, "AttributeValue")


def value_name(value, language) -> str:
    if isinstance(value, defs.Choice):
        return _name(value, language)
    if isinstance(value, dict):
        return value.get(language) or value.get("th") or value.get("en") or ""
    return format_number(value)


def value_slug(value) -> str:
    if isinstance(value, defs.Choice):
        return value.slug
    from marketplace.core.slugs import slugify

    return slugify(value_name(value, "en")) if isinstance(value, dict) else format_number(value)


def format_number(value) -> str:
    text = format(value, "f") if not isinstance(value, int) else str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


class SelectedAttribute(graphene.ObjectType):
    attribute = graphene.Field(Attribute, required=True)
    values = graphene.NonNull(graphene.List(graphene.NonNull(AttributeValue)))

    @staticmethod
    def resolve_attribute(root, info):
        return root[0]

    @staticmethod
    def resolve_values(root, info):
        definition, value = root
        values = value if isinstance(value, list) else [value]
        return [(definition, v) for v in values]


# --- Saleor's typed assigned attributes -------------------------------------------------------

class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(Attribute, required=True)

    @classmethod
    def resolve_type(cls, instance, info):
        return ASSIGNED_TYPES[instance[0].input_type]

    @staticmethod
    def resolve_attribute(root, info):
        return root[0]


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_name(root, info):
        return root.name_th

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        return _name(root, language) if language else None


class AssignedNumericAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Float()

    @staticmethod
    def resolve_value(root, info):
        return float(root[1])


class AssignedPlainTextAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_value(root, info):
        return value_name(root[1], "th")

    @staticmethod
    def resolve_translation(root, info, language_code):
        language = translated_language(language_code)
        return value_name(root[1], language) if language else None


class AssignedSingleChoiceAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Field(AssignedChoiceAttributeValue)

    @staticmethod
    def resolve_value(root, info):
        return root[1]


class AssignedMultiChoiceAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.NonNull(graphene.List(graphene.NonNull(AssignedChoiceAttributeValue)),
                             limit=graphene.Argument(PositiveInt, default_value=100))

    @staticmethod
    def resolve_value(root, info, limit=100):
        return root[1][:limit]


class AssignedBooleanAttribute(graphene.ObjectType):
    """No OTOP fact is a yes/no one yet; the type is here so Saleor clients' fragments validate."""

    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Boolean()


ASSIGNED_TYPES = {
    defs.NUMERIC: AssignedNumericAttribute,
    defs.PLAIN_TEXT: AssignedPlainTextAttribute,
    defs.DROPDOWN: AssignedSingleChoiceAttribute,
    defs.MULTISELECT: AssignedMultiChoiceAttribute,
}
ASSIGNED_ATTRIBUTE_TYPES = [AssignedNumericAttribute, AssignedPlainTextAttribute, AssignedSingleChoiceAttribute,
                            AssignedMultiChoiceAttribute, AssignedBooleanAttribute]
