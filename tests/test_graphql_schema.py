"""The printed schema and Saleor compatibility of the API's shape."""
from pathlib import Path

from graphql import build_schema, parse, validate

from graphql_client import BY_CATEGORY, CATEGORIES, CHANNELS, DETAILS, LISTING, SEARCH, SHORT_LISTING, VARIANTS
from marketplace.graphql.schema import printed

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "marketplace" / "graphql" / "schema.graphql"


def test_schema_file_matches_the_code():
    # when this fails: `python manage.py write_graphql_schema` and commit schema.graphql
    assert SCHEMA_FILE.read_text(encoding="utf-8") == printed()


def test_storefront_equivalent_operations_validate_against_the_schema_file():
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    for operation in (SHORT_LISTING, LISTING, BY_CATEGORY, DETAILS, VARIANTS, SEARCH, CATEGORIES, CHANNELS):
        assert validate(schema, parse(operation)) == []


def test_saleor_names_types_and_enum_values():
    schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    languages = schema.get_type("LanguageCodeEnum").values
    assert {"TH", "EN", "PL", "DE", "FR", "FI", "NB", "JA", "KO"} <= set(languages)
    assert {"RANK", "NAME", "PRICE", "CREATED_AT"} <= set(schema.get_type("ProductOrderField").values)
    products = schema.query_type.fields["products"]
    assert set(products.args) >= {"channel", "filter", "where", "sortBy", "search", "first", "after", "last", "before"}
    assert str(products.type) == "ProductCountableConnection"
    assigned = {t.name for t in schema.get_possible_types(schema.get_type("AssignedAttribute"))}
    assert assigned == {"AssignedNumericAttribute", "AssignedPlainTextAttribute", "AssignedSingleChoiceAttribute",
                        "AssignedMultiChoiceAttribute", "AssignedBooleanAttribute", "AssignedFileAttribute",
                        "AssignedSingleCollectionReferenceAttribute"}  # the last two: pages' fragments (content)
    assert {"tokenCreate", "tokenRefresh", "tokenVerify"} <= set(schema.mutation_type.fields)


def test_every_required_input_field_must_be_given():
    # A required field declared as graphene.Field(X, required=True) inside an input type gets a null
    # default: GraphQL then lets clients leave it out and the code receives None (a quote without its
    # currency, a sort without its field). Declared as an input field, a missing one is a 400.
    from graphql import GraphQLInputObjectType, is_non_null_type
    from graphql.pyutils import Undefined

    from marketplace.graphql.schema import schema

    defaulted = [f"{name}.{field}" for name, kind in schema.graphql_schema.type_map.items()
                 if isinstance(kind, GraphQLInputObjectType)
                 for field, declared in kind.fields.items()
                 if is_non_null_type(declared.type) and declared.default_value is not Undefined]
    assert defaulted == []
