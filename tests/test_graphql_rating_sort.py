"""``sortBy: {field: RATING}``, the default "relevance" sort of Saleor's storefront: the search's
relevance when there is a search term, the OTOP star level (highest first) when there is none."""
import pytest

from graphql_client import BY_CATEGORY, LISTING, SEARCH, data
from marketplace.catalog.models import OtopCategory
from marketplace.testing.factories import CertificationFactory, certified_product

pytestmark = pytest.mark.django_db


def _names(products):
    return [edge["node"]["translation"]["name"] for edge in products["edges"]]


def _listing(direction, **variables):
    return data(LISTING, {"first": 20, "channel": "th-thb", "lang": "EN",
                          "sortBy": {"field": "RATING", "direction": direction}, **variables})["products"]


def _three_to_five_stars():
    # created in this order: the 4-star ones tie and the newer one comes first in DESC
    certified_product(name_en="Three-star mat", name_th="เสื่อสามดาว", stars=3)
    certified_product(name_en="Older four-star basket", name_th="ตะกร้าสี่ดาวเก่า", stars=4)
    certified_product(name_en="Five-star silk", name_th="ผ้าไหมห้าดาว", stars=5)
    certified_product(name_en="Newer four-star basket", name_th="ตะกร้าสี่ดาวใหม่", stars=4)


def test_without_a_search_rating_is_the_star_level_highest_first_then_newest():
    _three_to_five_stars()
    assert _names(_listing("DESC")) == [
        "Five-star silk", "Newer four-star basket", "Older four-star basket", "Three-star mat"]


def test_rating_ascending_is_the_exact_reverse():
    _three_to_five_stars()
    assert _names(_listing("ASC")) == [
        "Three-star mat", "Older four-star basket", "Newer four-star basket", "Five-star silk"]


def test_the_star_level_is_the_newest_certifications():
    # given a product that was five stars years ago and is three stars now, and a four-star one
    certified_product(name_en="Steady four", name_th="สี่ดาวคงที่", stars=4)
    fallen = certified_product(name_en="Fallen star", name_th="ดาวตก", stars=3)
    CertificationFactory(product=fallen, star_level=5, selection_year=fallen.certifications.get().selection_year - 3)
    # then its current three stars rank it below the four-star product
    assert _names(_listing("DESC")) == ["Steady four", "Fallen star"]


def test_rating_pages_walk_the_same_order_without_repeats():
    _three_to_five_stars()
    first = _listing("DESC", first=2)
    rest = _listing("DESC", first=2, after=first["pageInfo"]["endCursor"])
    assert _names(first) + _names(rest) == [
        "Five-star silk", "Newer four-star basket", "Older four-star basket", "Three-star mat"]


def test_with_a_search_term_rating_is_the_search_relevance_not_the_stars():
    # given a name match with few stars and a weaker match (in the name's tail) with five
    certified_product(name_en="Cotton shirt", name_th="เสื้อฝ้าย", stars=2)
    certified_product(name_en="Woven bag, cotton lining", name_th="กระเป๋าสาน", stars=5)
    certified_product(name_en="Chilli paste", name_th="น้ำพริกเผา", category=OtopCategory.FOOD, stars=5)

    def search(field, direction):
        return _names(data(SEARCH, {"search": "cotton", "sortBy": field, "sortDirection": direction, "first": 10,
                                    "channel": "th-thb", "lang": "EN"})["products"])

    # then RATING orders as the search ranks, best first in DESC and reversed in ASC
    assert search("RATING", "DESC") == search("RANK", "DESC") == ["Cotton shirt", "Woven bag, cotton lining"]
    assert search("RATING", "ASC") == ["Woven bag, cotton lining", "Cotton shirt"]


def test_a_category_page_sorted_by_rating_is_by_stars_too():
    certified_product(name_en="Five-star chilli", name_th="น้ำพริกห้าดาว", category=OtopCategory.FOOD, stars=5)
    certified_product(name_en="Three-star crackers", name_th="ข้าวเกรียบสามดาว", category=OtopCategory.FOOD, stars=3)
    certified_product(name_en="Five-star silk", name_th="ผ้าไหมห้าดาว", stars=5)
    found = data(BY_CATEGORY, {"slug": "food", "channel": "th-thb", "lang": "EN", "first": 10,
                               "sortBy": {"field": "RATING", "direction": "DESC"}})["category"]
    assert _names(found["products"]) == ["Five-star chilli", "Three-star crackers"]
