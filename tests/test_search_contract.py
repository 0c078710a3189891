"""What every search engine must do for a shopper, run on each engine available here:
PostgreSQL always, Elasticsearch when ELASTICSEARCH_URL points at a server."""
import os

import pytest

from marketplace.certification.models import CertificationStatus, StandardType
from marketplace.search import service
from marketplace.testing.factories import CertificationFactory, ProducerFactory, certified_product, province

ENGINES = ["postgresql", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(params=ENGINES)
def engine(request, monkeypatch):
    if request.param == "postgresql":
        from marketplace.search.engines.postgres import PostgresEngine

        chosen = PostgresEngine()
    else:
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            pytest.skip("ELASTICSEARCH_URL is not set")
        from marketplace.search.engines.elastic import ElasticsearchEngine

        chosen = ElasticsearchEngine(url, index_prefix=f"test-otop-{os.getpid()}")
        chosen.reset()
        request.addfinalizer(chosen.drop)
    monkeypatch.setattr(service, "engine", lambda: chosen)
    return chosen


@pytest.fixture
def catalog(engine, django_db_blocker):
    """A small catalog: silk from Lamphun, cotton from Loei, rooster bowls from Lampang, rice crackers."""
    lamphun, loei, lampang = province("TH-51"), province("TH-42"), province("TH-52")
    products = {
        "silk_scarf": certified_product(name_th="ผ้าพันคอไหมยกดอก รุ่นของขวัญ", name_en="Brocade silk scarf",
                                        producer=ProducerFactory(province=lamphun), stars=5, price="1200.00"),
        "silk_sarong": certified_product(name_th="ผ้าซิ่นไหมมัดหมี่ ลายโบราณ", name_en="",
                                         producer=ProducerFactory(province=lamphun), stars=3, price="2500.00"),
        "cotton_loei": certified_product(name_th="ผ้าฝ้ายทอมือ สีธรรมชาติ", name_en="",
                                         producer=ProducerFactory(province=loei), stars=4, price="450.00"),
        "rooster_bowl": certified_product(name_th="ชามตราไก่ เขียนลายมือ", name_en="", category="household",
                                          producer=ProducerFactory(province=lampang), stars=4, price="180.00"),
        "khao_taen": certified_product(name_th="ข้าวแต๋นน้ำแตงโม", name_en="", category="food",
                                       producer=ProducerFactory(province=lampang), stars=2, price="60.00",
                                       standards=((StandardType.HALAL, "ฮ 1234"), (StandardType.FDA, "10-1-1"))),
    }
    return products


def codes(result):
    return result.codes


def exact(result):
    """The codes of the products matching every word (related ones may follow them)."""
    return result.codes[:result.matching_every_word]


def code(product):
    return product.profile.programme_code


pytestmark = pytest.mark.django_db


def test_thai_query_without_spaces_finds_the_product(catalog):
    result = service.search("ผ้าไหมยกดอก")
    assert codes(result)[0] == code(catalog["silk_scarf"])
    assert code(catalog["cotton_loei"]) not in exact(result)


def test_product_and_place_in_one_unspaced_thai_query(catalog):
    # ผ้าทอเลย: woven cloth (ผ้าทอ) from Loei (เลย), written as one word
    result = service.search("ผ้าทอเลย")
    assert exact(result) == [code(catalog["cotton_loei"])]
    # fewer than a page match every word: products matching most of them follow, exact one first
    assert result.total > 1 and codes(result)[0] == code(catalog["cotton_loei"])


def test_mixed_thai_and_english_query(catalog):
    result = service.search("silk ลำพูน")
    assert set(exact(result)) == {code(catalog["silk_scarf"]), code(catalog["silk_sarong"])}


def test_sara_am_typed_as_two_characters_matches(catalog):
    # ลําปาง typed with NIKHAHIT + SARA AA instead of SARA AM
    result = service.search("ชามตราไก่ ล\u0e4d\u0e32ปาง")
    assert exact(result) == [code(catalog["rooster_bowl"])]


def test_one_letter_misspelling_still_finds_and_suggests(catalog):
    result = service.search("ชามตราไก")  # the tone mark of ไก่ is missing
    assert codes(result) == [code(catalog["rooster_bowl"])]
    english = service.search("rooster bwol")
    assert codes(english) == [code(catalog["rooster_bowl"])]
    assert english.did_you_mean == "rooster bowl"


def test_synonyms_work_both_ways(catalog):
    # English query, Thai-only record
    assert codes(service.search("rice crackers")) == [code(catalog["khao_taen"])]
    assert codes(service.search("rooster bowl")) == [code(catalog["rooster_bowl"])]
    # Thai query, the English word only in the English name
    assert code(catalog["silk_scarf"]) in codes(service.search("ผ้าพันคอ"))
    # province names in either language
    assert set(codes(service.search("Lampang"))) == set(codes(service.search("ลำปาง"))) == {
        code(catalog["rooster_bowl"]), code(catalog["khao_taen"])}


def test_filters_narrow_the_results(catalog):
    cloth = service.Filters(category="textiles")
    assert service.search("", cloth).total == 3
    assert codes(service.search("", service.Filters(category="textiles", min_stars=4))) == [
        code(catalog["silk_scarf"]), code(catalog["cotton_loei"])]
    assert codes(service.search("ผ้าฝ้าย", service.Filters(province="TH-42"))) == [code(catalog["cotton_loei"])]
    assert codes(service.search("ผ้าฝ้าย", service.Filters(province="TH-51"))) == []
    assert codes(service.search("", service.Filters(standards=("halal",)))) == [code(catalog["khao_taen"])]
    assert codes(service.search("", service.Filters(region="north", price_max=200), sort="price")) == [
        code(catalog["khao_taen"]), code(catalog["rooster_bowl"])]
    assert codes(service.search("", service.Filters(category="household"))) == [code(catalog["rooster_bowl"])]
    producer = catalog["silk_sarong"].profile.producer_id
    assert codes(service.search("ผ้าซิ่น", service.Filters(producer=producer))) == [code(catalog["silk_sarong"])]


def test_facets_count_the_whole_result(catalog):
    result = service.search("", service.Filters(region="north"), per_page=1)
    # Loei is in the northeast: four of the five products are from the north
    assert result.total == 4 and len(result.codes) == 1
    assert result.facets["category"] == {"textiles": 2, "household": 1, "food": 1}
    assert result.facets["province"] == {"TH-51": 2, "TH-52": 2}
    assert result.facets["region"] == {"north": 4}
    assert result.facets["star_level"] == {5: 1, 4: 1, 3: 1, 2: 1}
    assert result.facets["standards"] == {"mpc": 3, "halal": 1, "fda": 1}


def test_sorts_and_pages(catalog):
    cloth = service.Filters(category="textiles")
    by_price = service.search("ผ้า", cloth, sort="price")
    assert codes(by_price) == [code(catalog[k]) for k in ("cotton_loei", "silk_scarf", "silk_sarong")]
    assert codes(service.search("ผ้า", cloth, sort="-price"))[0] == code(catalog["silk_sarong"])
    assert codes(service.search("ผ้า", cloth, sort="stars"))[0] == code(catalog["silk_scarf"])
    second = service.search("ผ้า", cloth, sort="price", page=2, per_page=2)
    assert (codes(second), second.total, second.pages) == ([code(catalog["silk_sarong"])], 3, 2)


def test_unlisted_products_are_never_returned(engine):
    # given products the listing rule refuses, next to one it accepts
    listed = certified_product(name_th="ร่มกระดาษสา บ่อสร้าง")
    certified_product(name_th="ร่มกระดาษสา ลายดอกไม้", status=CertificationStatus.REVOKED)
    certified_product(name_th="ร่มกระดาษสา ขนาดเล็ก", price=None)
    certified_product(name_th="ร่มกระดาษสา พรีเมียม", is_public=False)
    certified_product(name_th="ร่มกระดาษสา สีแดง", producer=ProducerFactory(active=False))
    # when a shopper searches, even with a misspelling or a browse filter
    results = [service.search("ร่มกระดาษสา"), service.search("umbrella"), service.search("ร่มกระดาษส้"),
               service.search("", service.Filters(category="textiles"))]
    # then only the listed product comes back
    assert [codes(r) for r in results] == [[code(listed)]] * 4


def test_index_follows_price_and_certification_changes(engine):
    product = certified_product(name_th="กำไลเงิน ลายโบราณ", price="900.00", stars=3)
    assert service.search("กำไลเงิน", service.Filters(price_max=1000)).total == 1
    # when the price goes up
    record = product.stockrecords.get()
    record.price = "1500.00"
    record.save()
    # then the price filter sees the new price
    assert service.search("กำไลเงิน", service.Filters(price_max=1000)).total == 0
    assert service.search("กำไลเงิน", service.Filters(price_min=1500)).total == 1
    # when a newer certification raises the star level
    CertificationFactory(product=product, selection_year=product.certifications.get().selection_year + 1,
                         star_level=5)
    assert service.search("bracelet", service.Filters(min_stars=5)).total == 1
    # when the certification is revoked the product leaves the results
    newest = product.certifications.first()
    newest.status = CertificationStatus.REVOKED
    newest.save()
    assert service.search("กำไลเงิน").total == 0


@pytest.mark.parametrize("text", ["", "   ", "!!!?.,;", "ก" * 10_000, "silk " * 2000, "\u200b\u200b", "'\"\\&|!:*()<>"])
def test_empty_long_or_punctuation_queries_give_an_empty_result(catalog, text):
    result = service.search(text)
    assert (result.total, result.codes, result.product_ids) == (0, [], [])


def test_browsing_with_no_words_and_no_filters_gives_every_listed_product_with_facets(catalog):
    # (the all-products page): the search page's empty query still gives nothing, above
    certified_product(name_th="ผ้าไม่มีราคา", price=None)  # not listed
    result = service.search("", service.Filters(), sort="price", browse=True)
    assert result.total == 5
    assert codes(result) == [code(catalog[n]) for n in ("khao_taen", "rooster_bowl", "cotton_loei", "silk_scarf",
                                                        "silk_sarong")]
    assert result.facets["category"] == {"textiles": 3, "household": 1, "food": 1}
    assert result.price_range == (60, 2500)


def test_bad_filter_values_are_refused_with_a_message(catalog):
    with pytest.raises(service.SearchError, match="min_stars"):
        service.Filters(min_stars=9)
    with pytest.raises(service.SearchError, match="sort"):
        service.search("silk", sort="popularity")


def test_programme_code_finds_its_product(catalog):
    wanted = catalog["rooster_bowl"]
    assert exact(service.search(code(wanted))) == [code(wanted)]


def test_a_word_still_being_typed_matches_as_a_prefix(catalog):
    # "roost" is the start of rooster (not a misspelling of roast): its synonyms count too
    assert codes(service.search("roost")) == [code(catalog["rooster_bowl"])]
    assert codes(service.search("rooster bo")) == [code(catalog["rooster_bowl"])]
