"""``productUpdate`` and ``productTranslate``: a producer's proposal of names, description, story and
packaging facts, handed to moderation (``pending.submit``); nothing shoppers see changes until a
programme officer approves.

How Saleor's fields map onto the OTOP product (the same as the queries read them):
- ``productUpdate`` writes Thai, the catalogue's own language: ``name`` → ``name_th``; ``description``
  (Editor.js) → ``description_th`` and ``story_th``. ``productTranslate(languageCode: EN…)`` writes the
  English ones (``TH…`` the Thai ones); other languages are refused. Its ``packaging`` (an OTOP
  extension of the input) is the packaging description in that language.
- In ``description`` the blocks whose id begins with ``story-`` are the story (the queries give the
  story's paragraphs those ids), the other blocks the description; paragraphs become plain text.
- Packaging facts are attributes (``attributes: [{id: "Attribute:<slug>" or externalReference: slug,
  numeric | plainText | values}]``): ``packaging``, ``hs-code`` and the size, weight, carton and shelf-life
  figures (``pending.PACKAGING_ATTRIBUTES``). Certification, star level, selection year, standards,
  programme code, producer, province, category and slug are the programme's: refused.
"""
import graphene
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from graphql_relay import from_global_id

from marketplace.catalog.errors import ProductErrorCode, TranslationErrorCode
from marketplace.core import thai
from marketplace.graphql.catalog import attributes as definitions
from marketplace.graphql.catalog.types import Product
from marketplace.graphql.catalog_mutations import pending
from marketplace.graphql.catalog_mutations.access import ManagedProductMutation, camel, product_payload
from marketplace.graphql.catalog_mutations.errors import ProductError, TranslationError, deprecated_errors
from marketplace.graphql.core.content import BASE_LANGUAGE, paragraphs, translated_language
from marketplace.graphql.core.enums import LanguageCodeEnum
from marketplace.graphql.core.scalars import JSONString

PROGRAMME_FIELDS = ("slug", "category", "collections", "seo", "rating", "external_reference")


class AttributeValueInput(graphene.InputObjectType):
    id = graphene.ID(description="ID of the selected attribute (Attribute:<slug>).")
    external_reference = graphene.String(description="The attribute's slug.")
    values = graphene.List(graphene.NonNull(graphene.String), description="The value (the first one).")
    numeric = graphene.String(description="A numeric attribute's value.")
    plain_text = graphene.String(description="A plain-text attribute's value.")
    rich_text = JSONString(description="Not used: OTOP attributes are numbers and plain text.")
    boolean = graphene.Boolean(description="Not used.")
    references = graphene.List(graphene.NonNull(graphene.ID), description="Not used.")


class ProductInput(graphene.InputObjectType):
    attributes = graphene.List(graphene.NonNull(AttributeValueInput), description="Packaging facts.")
    category = graphene.ID(description="Refused: the OTOP category is the programme's.")
    collections = graphene.List(graphene.NonNull(graphene.ID), description="Refused: staff choose collections.")
    description = JSONString(description="Description and story in Thai (Editor.js).")
    name = graphene.String(description="Product name in Thai.")
    slug = graphene.String(description="Refused: a product's slug is its name's and id's.")
    rating = graphene.Float(description="Refused.")
    external_reference = graphene.String(description="Refused: the programme code is the programme's.")


class TranslationInput(graphene.InputObjectType):
    slug = graphene.String(description="Refused: slugs are the same in every language.")
    seo_title = graphene.String(description="Refused: the SEO title is the name.")
    seo_description = graphene.String(description="Refused: the SEO description comes from the description.")
    name = graphene.String()
    description = JSONString(description="Description and story (Editor.js).")
    packaging = graphene.String(description="The packaging description in this language (OTOP extension: "
                                            "Saleor's input has no attributes).")


class _ContentMutation(ManagedProductMutation):
    class Meta:
        abstract = True

    product = graphene.Field(Product)
    pending_change = pending.pending_change_field()

    @classmethod
    def propose(cls, info, product, fields, errors, arguments=None):
        """``arguments``: the API argument of a field key where it is not ``pending``'s usual one."""
        if errors:
            return cls(errors=errors)
        change = pending.submit(product, info.context.user, fields=fields, arguments=arguments) if fields else None
        return cls(product=product_payload(info, product, "product"), pending_change=change, errors=[])

    @classmethod
    def texts(cls, product, language, name, description, errors, name_required):
        """Field keys and values for a name and an Editor.js description in ``language``."""
        if not hasattr(product, "profile"):
            errors.append(cls.error_type(code=cls.error_type.codes("INVALID"), field=None,
                                         message=_("This product has no programme profile to change.")))
            return {}
        fields = {}
        if name is not None:
            if not thai.normalize(name) and name_required:  # spaces or invisible characters only
                errors.append(cls.error_type(code=cls.error_type.codes("REQUIRED"), field="name",
                                             message=_("A product needs a name.")))
            fields[f"name_{language}"] = name  # checked and normalised by moderation
        if description is not None:
            try:
                fields[f"description_{language}"], fields[f"story_{language}"] = paragraphs(description)
            except ValueError as refused:
                errors.append(cls.error_type(code=cls.error_type.codes("INVALID"), field="description",
                                             message=_("The description is not usable: %(reason)s.")
                                             % {"reason": refused}))
        return fields


def _attribute_name(definition):
    return definition.name_th if get_language() == "th" else definition.name_en


def _attribute_slug(item):
    if item.get("id"):
        try:
            kind, slug = from_global_id(item.id)
        except Exception:  # malformed base64
            kind, slug = "", ""
        return slug if kind == "Attribute" else None
    return item.get("external_reference")


def _attribute_fields(attributes, errors):
    fields = {}
    for item in attributes or []:
        slug = _attribute_slug(item)
        reference = item.get("id") or item.get("external_reference") or ""
        definition = definitions.BY_SLUG.get(slug or "")
        if definition is None:
            errors.append(ProductError(code=ProductErrorCode.NOT_FOUND, field="attributes", attributes=[reference],
                                       message=_("There is no attribute “%(attribute)s”.") % {"attribute": reference}))
            continue
        if slug not in pending.PACKAGING_ATTRIBUTES:
            errors.append(ProductError(code=ProductErrorCode.ATTRIBUTE_CANNOT_BE_ASSIGNED, field="attributes",
                                       attributes=[reference],
                                       message=_("%(attribute)s comes from the programme's records and cannot be "
                                                 "changed here.") % {"attribute": _attribute_name(definition)}))
            continue
        key = pending.PACKAGING_ATTRIBUTES[slug]
        given = item.get("numeric") if definition.is_numeric else item.get("plain_text")
        if given is None and item.get("values"):
            given = item.values[0]
        if key in fields:
            errors.append(ProductError(code=ProductErrorCode.DUPLICATED_INPUT_ITEM, field="attributes",
                                       attributes=[reference],
                                       message=_("%(attribute)s is given twice.")
                                       % {"attribute": _attribute_name(definition)}))
        fields[key] = given  # checked by moderation (number, range, decimals, HS code)
    return fields


class ProductUpdate(_ContentMutation):
    """Propose a new Thai name, description and story, or packaging facts, for the caller's own product:
    they wait for a programme officer (``pendingChange``); the product shown is still the approved one."""

    class Arguments:
        id = graphene.ID(required=True, description="ID of a product to update.")
        input = graphene.NonNull(ProductInput, description="Fields required to update a product.")

    error_type = ProductError
    product_errors = deprecated_errors(ProductError)

    @classmethod
    def change(cls, info, product, input, **arguments):
        errors = [ProductError(code=ProductErrorCode.INVALID, field=camel(name),
                               message=_("`%(field)s` is kept by the programme office and staff, not changed "
                                         "through the API.") % {"field": camel(name)})
                  for name in PROGRAMME_FIELDS if input.get(name) is not None]
        fields = cls.texts(product, BASE_LANGUAGE, input.get("name"), input.get("description"), errors, True)
        fields.update(_attribute_fields(input.get("attributes"), errors))
        return cls.propose(info, product, fields, errors)


class ProductTranslate(_ContentMutation):
    """Propose the product's name, description, story and packaging description in English (or Thai)
    for the caller's own product: they wait for a programme officer (``pendingChange``)."""

    class Arguments:
        id = graphene.ID(required=True, description="Product ID.")
        language_code = graphene.Argument(LanguageCodeEnum, required=True, description="Translation language code.")
        input = graphene.NonNull(TranslationInput, description="Fields required to update product translations.")

    error_type = TranslationError
    translation_errors = deprecated_errors(TranslationError)

    @classmethod
    def change(cls, info, product, language_code, input, **arguments):
        errors = [TranslationError(code=TranslationErrorCode.INVALID, field=camel(name),
                                   message=_("`%(field)s` cannot be translated here: it follows the name and "
                                             "description.") % {"field": camel(name)})
                  for name in ("slug", "seo_title", "seo_description") if input.get(name) is not None]
        language = translated_language(language_code)
        if language is None:
            errors.append(TranslationError(code=TranslationErrorCode.INVALID, field="languageCode",
                                           message=_("The catalogue is written in Thai and English only.")))
            return cls(errors=errors)
        fields = cls.texts(product, language, input.get("name"), input.get("description"), errors,
                           language == BASE_LANGUAGE)
        if input.get("packaging") is not None:
            fields[pending.PACKAGING_KEYS[language]] = input.packaging  # checked and normalised by moderation
        return cls.propose(info, product, fields, errors, arguments={pending.PACKAGING_KEYS[language]: "packaging"})
