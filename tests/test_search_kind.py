"""A query that names what a product *is* ranks products that are that thing above products
that merely contain or mention it, on the PostgreSQL engine (and Elasticsearch when a server is
configured): the orderings a shopper notices, in Thai and in English."""
import pytest

from marketplace.catalog.models import OtopCategory
from marketplace.search import service
from marketplace.testing.factories import certified_product
from test_search_contract import engine  # noqa: F401  the engines every contract test runs on

pytestmark = pytest.mark.django_db

# Made in this order, the ones that merely contain or mention the thing first and with more
# stars: the order of creation and the star level (the tie-breakers) favour them, not the signal.
PRODUCTS = {
    "coffee_soap": ("สบู่สครับกาแฟ", "Coffee scrub soap", OtopCategory.HERBAL),
    "cocoon_soap": ("สบู่รังไหม", "Silk cocoon soap", OtopCategory.HERBAL),
    "sheep_doll": ("ตุ๊กตาแกะ ขนนุ่ม", "Sheep doll", OtopCategory.HOUSEHOLD),
    "clay_elephant": ("ช้างดินปั้น", "Moulded clay elephant", OtopCategory.HOUSEHOLD),
    "coffee_beans": ("กาแฟอาราบิก้าคั่ว ชนิดเมล็ด", "Roasted arabica coffee beans", OtopCategory.BEVERAGES),
    "ground_coffee": ("กาแฟคั่วบด ดอยช้าง", "Ground coffee", OtopCategory.BEVERAGES),
    "silk_fabric": ("ผ้าไหมทอมือ ลายลูกแก้ว", "Hand-woven silk fabric", OtopCategory.TEXTILES),
    "silk_scarf": ("ผ้าพันคอไหม ย้อมสีธรรมชาติ", "Silk scarf", OtopCategory.TEXTILES),
    "carved_elephant": ("ช้างไม้สักแกะสลัก", "Carved teak elephant", OtopCategory.HOUSEHOLD),
    "soap_flowers": ("ดอกไม้สบู่แกะสลัก", "Carved soap flowers", OtopCategory.HOUSEHOLD),
    "turmeric_soap": ("สบู่ขมิ้นชัน", "Turmeric soap bar", OtopCategory.HERBAL),
}

CONTAINERS = 4


@pytest.fixture
def kinds(engine):  # noqa: F811
    made = {key: certified_product(name_th=th, name_en=en, category=category,
                                   stars=5 if i < CONTAINERS else 2)
            for i, (key, (th, en, category)) in enumerate(PRODUCTS.items())}
    names = {p.profile.programme_code: key for key, p in made.items()}
    return lambda query: [names[c] for c in service.search(query).codes]


def ranked_above(order, first, then):
    """Every product of ``first`` is found and ranks above every product of ``then`` found."""
    assert set(first) <= set(order), order
    return max(order.index(k) for k in first) < min(order.index(k) for k in then if k in order)


@pytest.mark.parametrize("query", ["กาแฟ", "coffee"])
def test_coffee_itself_ranks_above_soap_with_coffee_in_it(kinds, query):
    order = kinds(query)
    assert ranked_above(order, ["coffee_beans", "ground_coffee"], ["coffee_soap"]), order
    assert "coffee_soap" in order  # it does hold coffee: found, after the coffee


@pytest.mark.parametrize("query", ["ไหม", "ผ้าไหม", "silk"])
def test_silk_cloth_and_scarves_rank_above_soap_made_with_silk_cocoons(kinds, query):
    order = kinds(query)
    assert order[:2] == ["silk_fabric", "silk_scarf"] or order[:2] == ["silk_scarf", "silk_fabric"], order
    assert ranked_above(order, ["silk_fabric", "silk_scarf"], ["cocoon_soap"]), order


@pytest.mark.parametrize("query", ["แกะสลัก", "carving", "carved"])
def test_a_craft_technique_finds_the_things_made_that_way_only(kinds, query):
    # carved wood and carved soap flowers; not the sheep doll (ตุ๊กตาแกะ shares a syllable) nor
    # the moulded clay elephant (another technique)
    assert set(kinds(query)) == {"carved_elephant", "soap_flowers"}


@pytest.mark.parametrize("query", ["สบู่", "soap"])
def test_soap_ranks_above_flowers_carved_from_soap(kinds, query):
    order = kinds(query)
    assert ranked_above(order, ["coffee_soap", "cocoon_soap", "turmeric_soap"], ["soap_flowers"]), order
