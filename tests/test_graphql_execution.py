"""The API's executor (marketplace/graphql/execution.py) answers exactly as graphql-core's own: the
storefront's operations, and fields that fail, return null or are refused by their type."""
from io import BytesIO

import graphene
import pytest
from django.core.files.base import ContentFile
from graphql import execute, parse
from graphql.execution import ExecutionContext
from oscar.core.loading import get_model
from PIL import Image

import marketplace.graphql.view as view
from graphql_client import (
    BY_CATEGORY, CATEGORIES, CHANNELS, DETAILS, LISTING, SEARCH, SHORT_LISTING, VARIANTS, post, token_for,
)
from marketplace.catalog.models import OtopCategory
from marketplace.graphql.execution import PlannedExecutionContext
from marketplace.testing.factories import UserFactory, certified_product

ProductImage = get_model("catalogue", "ProductImage")


def _photo(product):
    out = BytesIO()
    Image.new("RGB", (40, 30), (180, 40, 60)).save(out, format="JPEG")
    image = ProductImage(product=product, caption="ผ้าไหมสีแดง", display_order=0)
    image.original.save("silk.jpg", ContentFile(out.getvalue()), save=True)


def _both(monkeypatch, query, variables, **kwargs):
    """The API's answer with graphql-core's executor, then with the project's."""
    monkeypatch.setattr(view, "PlannedExecutionContext", ExecutionContext)
    core = post(query, variables, **kwargs)
    monkeypatch.setattr(view, "PlannedExecutionContext", PlannedExecutionContext)
    return core, post(query, variables, **kwargs)


@pytest.mark.django_db
@pytest.mark.usefixtures("local_media")
def test_the_storefronts_operations_answer_the_same_with_both_executors(monkeypatch, settings):
    # given a small catalogue: a scarf with a photo, a cheaper one without, coffee in another category
    settings.OTOP_API_CACHE_SECONDS = 0
    scarf = certified_product(name_en="Brocade silk scarf", price="350.00")
    _photo(scarf)
    certified_product(name_en="Cotton scarf", name_th="ผ้าฝ้ายทอมือ", price="120.00")
    certified_product(name_en="Ground coffee", name_th="กาแฟคั่วบด", price="180.00", category=OtopCategory.FOOD)
    staff = token_for(UserFactory(is_staff=True, is_superuser=True))
    slug = f"{scarf.slug}-{scarf.pk}"
    card = {"channel": "th-thb", "lang": "EN"}
    operations = [
        (LISTING, {**card, "first": 2}), (LISTING, {**card, "first": 24, "sortBy": {"field": "PRICE", "direction": "ASC"}}),
        (LISTING, {"channel": "intl-usd", "lang": "TH", "last": 2}), (SHORT_LISTING, card),
        (DETAILS, {**card, "slug": slug}), (DETAILS, {"channel": "intl-usd", "lang": "TH", "slug": slug}),
        (VARIANTS, {**card, "slug": slug, "first": 5}),
        (SEARCH, {**card, "search": "scarf", "sortBy": "RANK", "sortDirection": "DESC", "first": 10}),
        (SEARCH, {**card, "search": "ผ้า", "sortBy": "PRICE", "sortDirection": "ASC", "first": 10}),
        (BY_CATEGORY, {**card, "slug": "textiles", "first": 10}), (CATEGORIES, {"slugs": ["textiles", "food"]}),
        (CHANNELS, {}),
    ]
    for query, variables in operations:
        for token in (None, staff):
            # when each is asked with graphql-core's executor and with the API's
            (core_status, core), (ours_status, ours) = _both(monkeypatch, query, variables, token=token)
            # then the answers are the same, and they are answers (not two identical errors)
            assert (ours_status, ours) == (core_status, core), (query[:60], variables)
            assert ours_status == 200 and "errors" not in ours, ours
    listing = _both(monkeypatch, LISTING, {**card, "first": 24})[1][1]["data"]["products"]
    assert [edge["node"]["translation"]["name"] for edge in listing["edges"]] == [
        "Ground coffee", "Cotton scarf", "Brocade silk scarf"]
    assert listing["edges"][2]["node"]["thumbnail"]["alt"] == "ผ้าไหมสีแดง"
    assert listing["edges"][1]["node"]["pricing"]["priceRange"]["start"]["gross"] == {"amount": 120.0, "currency": "THB"}


@pytest.mark.django_db
def test_a_documents_plan_lasts_one_request_not_the_next(settings):
    # given two products and one document asked twice (the view keeps parsed documents)
    settings.OTOP_API_CACHE_SECONDS = 0
    certified_product(name_en="Cotton scarf", price="120.00")
    certified_product(name_en="Ground coffee", price="180.00")
    query = "query($first: Int, $lang: LanguageCodeEnum!) { products(first: $first, channel: \"th-thb\", " \
            "sortBy: {field: PRICE, direction: ASC}) { edges { node { translation(languageCode: $lang) { name } } } } }"
    # when its variables change between the requests
    first = post(query, {"first": 1, "lang": "EN"})[1]["data"]["products"]["edges"]
    second = post(query, {"first": 2, "lang": "TH"})[1]["data"]["products"]["edges"]
    # then each answer follows its own variables
    assert [edge["node"]["translation"]["name"] for edge in first] == ["Cotton scarf"]
    assert [edge["node"]["translation"]["name"] for edge in second] == ["ผ้าไหมยกดอกลำพูน", "ผ้าไหมยกดอกลำพูน"]


# A schema of its own for what the catalogue never does: fields that fail in every way a field can.
class Owner(graphene.ObjectType):
    name = graphene.String(required=True)


class Size(graphene.Enum):
    SMALL = 1
    LARGE = 2


class Thing(graphene.ObjectType):
    name = graphene.String(required=True)
    note = graphene.String()
    weight = graphene.Int()
    size = graphene.Field(Size)
    owner = graphene.Field(Owner)
    label = graphene.String(upper=graphene.Boolean(), options=graphene.JSONString())

    @staticmethod
    def resolve_label(root, info, upper=False, options=None):
        # a resolver that changes an argument written in the document must not change the next
        # object's (a variable's value is one object for the whole request in graphql-core too)
        seen = bool(options and options.pop("seen", False))
        if options is not None:
            options["seen"] = True
        text = f"{root.name if hasattr(root, 'name') else root['name']}{' (again)' if seen else ''}"
        return text.upper() if upper else text


class Broken:
    name = "broken"

    @property
    def note(self):
        raise ValueError("no note today")


class Query(graphene.ObjectType):
    things = graphene.List(Thing)
    thing = graphene.Field(Thing, required=True)

    @staticmethod
    def resolve_things(root, info):
        return [
            {"name": "scarf", "note": "silk", "weight": 250, "size": 2, "owner": {"name": "Ban Nong"}},
            {"name": None, "note": "no name"},            # non-null name missing: the whole item is null
            Broken(),                                      # a property that raises
            {"name": "soap", "weight": "heavy"},           # a value its type refuses
            {"name": "mat", "owner": {"name": None}},     # null inside an object: the owner is null
            {"name": "bowl", "note": ValueError("returned, not raised")},
        ]

    @staticmethod
    def resolve_thing(root, info):
        return {"name": None}


SCHEMA = graphene.Schema(query=Query)
EVERYTHING = """query($upper: Boolean) {
  things { name note weight size owner { name } label(upper: $upper, options: "{\\"seen\\": false}") plain: label }
}"""


def _run(context_class, query, variables=None, middleware=None):
    result = execute(SCHEMA.graphql_schema, parse(query), variable_values=variables, middleware=middleware,
                     execution_context_class=context_class)
    return result.data, sorted((error.message, tuple(error.path)) for error in result.errors or ())


def test_failing_fields_are_located_and_nulled_as_graphql_core_does():
    # when fields fail in each way a field can, under both executors
    variables = {"upper": True}
    core, ours = _run(ExecutionContext, EVERYTHING, variables), _run(PlannedExecutionContext, EVERYTHING, variables)
    # then both answer the same data and the same errors at the same places
    assert ours == core
    data, errors = ours
    assert data["things"][0] == {"name": "scarf", "note": "silk", "weight": 250, "size": "LARGE",
                                 "owner": {"name": "Ban Nong"}, "label": "SCARF", "plain": "scarf"}
    assert data["things"][1] is None
    assert data["things"][2]["note"] is None and data["things"][2]["name"] == "broken"
    assert data["things"][3]["weight"] is None
    assert data["things"][4]["owner"] is None and data["things"][4]["label"] == "MAT"
    assert data["things"][5]["note"] is None
    assert errors == sorted([
        ("Cannot return null for non-nullable field Thing.name.", ("things", 1, "name")),
        ("no note today", ("things", 2, "note")),
        ("Int cannot represent non-integer value: 'heavy'", ("things", 3, "weight")),
        ("Cannot return null for non-nullable field Owner.name.", ("things", 4, "owner", "name")),
        ("returned, not raised", ("things", 5, "note")),
    ])
    # and a null in a non-null root field empties the whole answer
    assert _run(PlannedExecutionContext, "{ thing { name } }") == _run(ExecutionContext, "{ thing { name } }") == (
        None, [("Cannot return null for non-nullable field Thing.name.", ("thing", "name"))])


def test_a_middleware_sees_every_field_the_executor_reads():
    # given a middleware counting the fields it is asked to resolve
    def counted(into):
        def middleware(next_, root, info, **kwargs):
            into.append(f"{info.parent_type.name}.{info.field_name}")
            return next_(root, info, **kwargs)
        return middleware

    core, ours = [], []
    # when the same document runs under both executors
    assert _run(ExecutionContext, EVERYTHING, middleware=[counted(core)]) == _run(
        PlannedExecutionContext, EVERYTHING, middleware=[counted(ours)])
    # then it saw every field, attribute reads included, under both
    assert ours == core and ours.count("Thing.name") == 6 and ours.count("Owner.name") == 2
