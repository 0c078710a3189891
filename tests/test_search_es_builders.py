"""The Elasticsearch engine's mapping and query builders: no server needed."""
import datetime

import pytest

from marketplace.search import documents, query, service, text
from marketplace.search.documents import ProductDocument
from marketplace.search.engines import es_builders

TODAY = datetime.date(2026, 11, 21)


def test_thai_analyzer_uses_icu_when_the_plugin_is_there_and_the_thai_tokenizer_otherwise():
    without = es_builders.index_body(icu=False)["settings"]["analysis"]["analyzer"]
    with_icu = es_builders.index_body(icu=True)["settings"]["analysis"]["analyzer"]
    assert without["otop_thai"]["tokenizer"] == "thai"
    assert with_icu["otop_thai"]["tokenizer"] == "icu_tokenizer"


def test_mapping_has_segmented_english_and_search_as_you_type_fields():
    body = es_builders.index_body()
    properties = body["mappings"]["properties"]
    assert properties["text_a"]["analyzer"] == "otop_segmented"
    assert properties["text_a"]["search_analyzer"] == "otop_segmented_search"
    assert properties["name_en"]["analyzer"] == "otop_english"
    assert properties["name_th"]["fields"]["prefix"]["analyzer"] == "otop_thai_prefix"
    assert body["settings"]["analysis"]["filter"]["otop_edge_ngram"]["type"] == "edge_ngram"
    assert {properties[f]["type"] for f in ("category", "province_iso", "standards")} == {"keyword"}


def test_glossary_and_province_names_are_the_synonym_filter():
    rules = es_builders.index_body()["settings"]["analysis"]["filter"]["otop_glossary"]
    assert rules["type"] == "synonym_graph"
    # the glossary's line "ข้าวแต๋น, rice cracker, khao taen" becomes one rule over segmented terms
    rice_cracker = [r for r in rules["synonyms"] if "rice cracker" in r.split(", ")]
    assert len(rice_cracker) == 1
    assert set(rice_cracker[0].split(", ")) == {"rice cracker", "khao taen", " ".join(text.terms("ข้าวแต๋น"))}
    assert "ลำปาง, lampang" in rules["synonyms"]


def test_documents_carry_segmented_thai_with_compound_parts_and_broader_words():
    doc = ProductDocument(
        product_id=7, programme_code="5201-2567-0001", name_th="ผ้าฝ้ายทอมือ ลำปาง", name_en="", category="textiles",
        text={"A": ["ผ้าฝ้ายทอมือ"], "B": ["ลำปาง"], "C": [], "D": ["เรื่องราว"]}, province_iso="TH-52",
        region="north", producer_id=3, star_level=4, selection_year=2025, standards=["mpc"],
        listed_from=datetime.date(2025, 1, 1), listed_until=datetime.date(2028, 12, 31))
    source = es_builders.document_source(doc)
    assert source["text_a"].split() == ["ผ้าฝ้าย", "ผ้า", "ฝ้าย", "fabric", "ทอมือ", "ทอ", "มือ"]
    assert source["text_b"] == "ลำปาง" and source["listed_until"] == "2028-12-31" and source["price"] is None


def test_every_concept_must_match_and_places_boost_their_province():
    parsed = query.parse("ชามไก่ลำปาง")
    body = es_builders.build_search("otop-products", parsed, service.Filters(), "relevance", 1, 20, TODAY).to_dict()
    must = body["query"]["bool"]["must"]
    assert len(must) == len(parsed.concepts) == 3
    assert {"term": {"province_iso": {"value": "TH-52", "boost": es_builders.PROVINCE_BOOST}}} in (
        body["query"]["bool"]["should"])
    relaxed = es_builders.build_search("otop-products", parsed, service.Filters(), "relevance", 1, 20, TODAY, "any")
    assert relaxed.to_dict()["query"]["bool"]["must"][0]["bool"]["minimum_should_match"] == 1


def test_filters_sorts_pages_and_facets():
    filters = service.Filters(category="food", province="TH-51", region="north", min_stars=4,
                              standards=("halal", "gi"), producer=9, price_min=100, price_max=500)
    body = es_builders.build_search("i", query.parse("rice crackers"), filters, "-price", 3, 10, TODAY).to_dict()
    clauses = body["query"]["bool"]["filter"]
    assert {"term": {"category": "food"}} in clauses and {"term": {"producer_id": 9}} in clauses
    assert {"range": {"star_level": {"gte": 4}}} in clauses
    assert {"term": {"standards": "gi"}} in clauses and {"term": {"standards": "halal"}} in clauses
    assert {"range": {"price": {"gte": 100.0, "lte": 500.0}}} in clauses
    assert {"range": {"listed_until": {"gte": "2026-11-21"}}} in clauses
    assert body["sort"][0] == {"price": {"order": "desc", "missing": "_last"}}
    assert (body["from"], body["size"], body["track_total_hits"]) == (20, 10, True)
    assert set(body["aggs"]) == {"category", "province", "region", "star_level", "standards", "price"}


@pytest.mark.parametrize("sort", service.SORTS)
def test_every_sort_of_the_service_has_an_elasticsearch_order(sort):
    assert es_builders.SORTS[sort]


def test_browsing_without_words_matches_everything_listed():
    body = es_builders.build_search("i", query.parse(""), service.Filters(category="food"), "price", 1, 5,
                                    TODAY).to_dict()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert "suggest" not in body


def test_an_elasticsearch_response_becomes_the_service_result():
    from marketplace.search.engines.elastic import ElasticsearchEngine

    engine = ElasticsearchEngine("http://127.0.0.1:9")  # never contacted: only the response is read
    response = {
        "hits": {"total": {"value": 2}, "hits": [
            {"_id": "7", "_source": {"product_id": 7, "programme_code": "5201-2567-0001", "names": "ชามตราไก่"}},
            {"_id": "9", "_source": {"product_id": 9, "programme_code": "5201-2567-0002", "names": "ชามตราไก่"}}]},
        "aggregations": {
            "category": {"buckets": [{"key": "household", "doc_count": 2}]},
            "province": {"buckets": [{"key": "TH-52", "doc_count": 2}]},
            "region": {"buckets": [{"key": "north", "doc_count": 2}]},
            "star_level": {"buckets": [{"key": 5, "doc_count": 1}, {"key": 4, "doc_count": 1}]},
            "standards": {"buckets": [{"key": "gi", "doc_count": 1}]},
            "price": {"count": 2, "min": 120.0, "max": 250.0}},
        "suggest": {"did_you_mean": [{"text": "rooster", "options": []},
                                     {"text": "bwol", "options": [{"text": "bowl", "score": 0.75}]}]},
    }
    result = engine._result(query.parse("rooster bwol"), response, page=1, per_page=10, exact=False)
    assert (result.product_ids, result.codes, result.total) == ([7, 9], ["5201-2567-0001", "5201-2567-0002"], 2)
    assert result.facets["star_level"] == {5: 1, 4: 1} and result.facets["standards"] == {"gi": 1}
    assert result.price_range == (120.0, 250.0) and result.did_you_mean == "rooster bowl" and not result.exact


def test_what_a_product_is_is_indexed_and_outweighs_what_it_contains():
    doc = ProductDocument(
        product_id=8, programme_code="5801-2567-0002", name_th="สบู่สครับกาแฟ", name_en="Coffee scrub soap",
        category="herbal", text={"A": ["สบู่สครับกาแฟ", "Coffee scrub soap"]}, province_iso="TH-58",
        region="north", producer_id=3, star_level=4, selection_year=2025,
        kind=documents.kind_of("สบู่สครับกาแฟ", "Coffee scrub soap", ["สมุนไพรที่ไม่ใช่อาหาร"]))
    kind = es_builders.document_source(doc)[es_builders.KIND_FIELD].split()
    assert "สบู่" in kind and "soap" in kind and "สมุนไพร" in kind
    assert "กาแฟ" not in kind and "coffee" not in kind and "อาหาร" not in kind  # contained, not what it is
    assert es_builders.KIND_FIELD in es_builders.mapping().to_dict()["properties"]

    parsed = query.parse("กาแฟ")
    counted = es_builders.family_search("otop-products", parsed, service.Filters(), TODAY).to_dict()
    assert counted["size"] == 0 and counted["aggs"]["family"]["terms"]["field"] == "category"
    shares = es_builders.family_shares({"aggregations": {"family": {"buckets": [
        {"key": "beverages", "doc_count": 3}, {"key": "herbal", "doc_count": 1}]}}})
    assert shares == {"beverages": 0.75, "herbal": 0.25}
    body = es_builders.build_search("otop-products", parsed, service.Filters(), "relevance", 1, 20, TODAY,
                                    families=shares).to_dict()
    should = body["query"]["bool"]["should"]
    boosts = {c["constant_score"]["filter"]["term"]["category"]: c["constant_score"]["boost"]
              for c in should if "constant_score" in c}
    assert boosts["beverages"] > boosts["herbal"] > 0
    kind_clauses = [c for c in should if c.get("bool", {}).get("boost") == es_builders.KIND_BOOST]
    assert len(kind_clauses) == len(parsed.concepts) == 1
