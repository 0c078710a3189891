"""Mappings and queries for the Elasticsearch engine, built with ``elasticsearch.dsl``.

Pure functions (no server needed), so they are unit-tested on every run. The index holds:
- ``text_a`` … ``text_d``: the document's text by weight, segmented by PyThaiNLP (``newmm-safe``)
  the same way as the PostgreSQL engine's, with compound parts and broader words; analysed on
  white space, with the glossary as a search-time synonym graph;
- ``name_th`` (Thai analyzer: ``icu_tokenizer`` when the analysis-icu plugin is installed, the
  built-in ``thai`` tokenizer otherwise, plus edge n-grams for search-as-you-type) and
  ``name_en`` (English analyzer);
- ``text_kind``: what the product is (``documents.kind_of``), segmented like ``text_a``;
- keyword and number fields for filters, facets and sorts.

What a product is outweighs what it contains, as on PostgreSQL (``engines.postgres``): a
concept matching ``text_kind`` adds ``KIND_BOOST``, and a first request without hits
(``family_search``) counts, per category, the products found whose names hold the query, so
that ``build_search`` boosts each category by its share of them (``FAMILY_BOOST``).
"""
from elasticsearch import dsl

from marketplace.search import glossary, text

WEIGHT_FIELDS = {"A": "text_a", "B": "text_b", "C": "text_c", "D": "text_d"}
FIELD_BOOSTS = {"text_a": 4.0, "text_b": 2.0, "text_c": 1.0, "text_d": 0.4}
PROVINCE_BOOST = 4.0
KIND_BOOST = 4.0  # a concept names what the product is
FAMILY_BOOST = 4.0  # × the share of the named products found that are in the product's category
KIND_FIELD = "text_kind"
FACET_FIELDS = {"category": "category", "province": "province_iso", "region": "region",
                "star_level": "star_level", "standards": "standards"}
SORTS = {
    "relevance": ["_score", {"star_level": "desc"}, {"selection_year": "desc"}, {"product_id": "asc"}],
    "price": [{"price": {"order": "asc", "missing": "_last"}}, "_score", {"product_id": "asc"}],
    "-price": [{"price": {"order": "desc", "missing": "_last"}}, "_score", {"product_id": "asc"}],
    "newest": [{"selection_year": "desc"}, "_score", {"product_id": "asc"}],
    "stars": [{"star_level": "desc"}, "_score", {"product_id": "asc"}],
}


def synonym_rules() -> list:
    """The glossary and province names as Solr-format rules over segmented terms."""
    rules = []
    for group in glossary.groups():
        phrases = sorted({" ".join(text.terms(p)) for p in group} - {""})
        if len(phrases) > 1:
            rules.append(", ".join(phrases))
    for p in glossary.provinces():
        rules.append(f"{' '.join(text.terms(p.name_th))}, {' '.join(text.terms(p.name_en))}")
    return rules


def analyzers(icu: bool) -> dict:
    thai_tokenizer = "icu_tokenizer" if icu else "thai"
    synonyms = dsl.token_filter("otop_glossary", "synonym_graph", synonyms=synonym_rules(), lenient=True)
    edge = dsl.token_filter("otop_edge_ngram", "edge_ngram", min_gram=1, max_gram=20)
    english_stem = dsl.token_filter("otop_english_stem", "stemmer", language="english")
    possessive = dsl.token_filter("otop_english_possessive", "stemmer", language="possessive_english")
    return {
        "segmented": dsl.analyzer("otop_segmented", tokenizer="whitespace", filter=["lowercase"]),
        "segmented_search": dsl.analyzer("otop_segmented_search", tokenizer="whitespace",
                                         filter=["lowercase", synonyms]),
        "thai": dsl.analyzer("otop_thai", tokenizer=thai_tokenizer, filter=["lowercase", "decimal_digit"]),
        "thai_prefix": dsl.analyzer("otop_thai_prefix", tokenizer=thai_tokenizer, filter=["lowercase", edge]),
        "english": dsl.analyzer("otop_english", tokenizer="standard", filter=["lowercase", possessive, english_stem]),
    }


def mapping(icu: bool = False) -> dsl.Mapping:
    a = analyzers(icu)
    m = dsl.Mapping()
    for field in (*WEIGHT_FIELDS.values(), KIND_FIELD):
        m.field(field, dsl.Text(analyzer=a["segmented"], search_analyzer=a["segmented_search"]))
    m.field("name_th", dsl.Text(analyzer=a["thai"], fields={
        "prefix": dsl.Text(analyzer=a["thai_prefix"], search_analyzer=a["thai"])}))
    m.field("name_en", dsl.Text(analyzer=a["english"], fields={
        "prefix": dsl.Text(analyzer=a["thai_prefix"], search_analyzer=a["thai"])}))
    m.field("names", dsl.Keyword(index=False))
    m.field("programme_code", dsl.Keyword())
    for field in ("product_id", "producer_id", "star_level", "selection_year"):
        m.field(field, dsl.Integer())
    for field in ("category", "province_iso", "region", "standards"):
        m.field(field, dsl.Keyword())
    m.field("price", dsl.ScaledFloat(scaling_factor=100))
    m.field("price_usd", dsl.ScaledFloat(scaling_factor=100))
    m.field("listed_from", dsl.Date())
    m.field("listed_until", dsl.Date())
    return m


def index_body(icu: bool = False) -> dict:
    """The create-index request body: settings with the analyzers, and the mappings."""
    index = dsl.Index("otop-products-template")
    index.settings(number_of_shards=1)
    index.mapping(mapping(icu))
    return index.to_dict()


def document_source(doc) -> dict:
    """A ``documents.ProductDocument`` as the index stores it."""
    source = {field: " ".join(term for value in doc.text.get(weight, []) for term in text.index_terms(value))
              for weight, field in WEIGHT_FIELDS.items()}
    source[KIND_FIELD] = " ".join(term for value in doc.kind for term in text.index_terms(value))
    source.update(
        product_id=doc.product_id, programme_code=doc.programme_code, name_th=doc.name_th, name_en=doc.name_en,
        names=doc.names, category=doc.category, province_iso=doc.province_iso, region=doc.region,
        producer_id=doc.producer_id, star_level=doc.star_level, selection_year=doc.selection_year,
        standards=list(doc.standards), price=float(doc.price) if doc.price is not None else None,
        price_usd=float(doc.price_usd) if doc.price_usd is not None else None,
        listed_from=doc.listed_from.isoformat() if doc.listed_from else None,
        listed_until=doc.listed_until.isoformat() if doc.listed_until else None,
    )
    return source


def price_field(filters) -> str:
    """The document's price in the shopper's currency (one of ``service.CURRENCIES``)."""
    return "price_usd" if filters.currency == "USD" else "price"


def sort_clauses(sort, filters) -> list:
    """``SORTS[sort]`` with the price in the shopper's currency."""
    field = price_field(filters)
    return [{field: clause["price"]} if isinstance(clause, dict) and "price" in clause else clause
            for clause in SORTS[sort]]


def _fields() -> list:
    return [f"{field}^{boost}" for field, boost in FIELD_BOOSTS.items()]


def concept_query(concept) -> dsl.Query:
    """Any alternative of the concept, all of its terms in the same or different fields."""
    alternatives = [dsl.Q("multi_match", query=" ".join(alt), fields=_fields(), type="cross_fields", operator="and")
                    for alt in concept.alternatives]
    return dsl.Q("bool", should=alternatives, minimum_should_match=1)


def filter_queries(filters, today) -> list:
    clauses = [dsl.Q("range", listed_from={"lte": today.isoformat()}),
               dsl.Q("range", listed_until={"gte": today.isoformat()})]
    for name, field in (("category", "category"), ("province", "province_iso"), ("region", "region"),
                        ("producer", "producer_id")):
        value = getattr(filters, name)
        if value not in (None, ""):
            clauses.append(dsl.Q("term", **{field: value}))
    if filters.min_stars:
        clauses.append(dsl.Q("range", star_level={"gte": int(filters.min_stars)}))
    for code in filters.standards:
        clauses.append(dsl.Q("term", standards=code))
    price = {}
    if filters.price_min is not None:
        price["gte"] = float(filters.price_min)
    if filters.price_max is not None:
        price["lte"] = float(filters.price_max)
    if price:
        clauses.append(dsl.Q("range", **{price_field(filters): price}))
    return clauses


def _named(parsed, mode) -> dsl.Query:
    """Products whose name (``text_a``) holds every concept ("all") or any ("any")."""
    named = [dsl.Q("bool", should=[dsl.Q("match", text_a={"query": " ".join(alt), "operator": "and"})
                                   for alt in c.alternatives], minimum_should_match=1) for c in parsed.concepts]
    return dsl.Q("bool", must=named) if mode == "all" else dsl.Q("bool", should=named, minimum_should_match=1)


def family_search(index, parsed, filters, today, mode="all") -> dsl.Search:
    """A request without hits: per category, the products found whose names hold the query."""
    query = dsl.Q("bool", must=[_named(parsed, mode)], filter=filter_queries(filters, today))
    search = dsl.Search(index=index).query(query).extra(size=0, track_total_hits=False)
    search.aggs.bucket("family", "terms", field="category", size=100)
    return search


def family_shares(response: dict) -> dict:
    """{category: share} of a ``family_search`` response."""
    buckets = response.get("aggregations", {}).get("family", {}).get("buckets", [])
    named = sum(b["doc_count"] for b in buckets)
    return {b["key"]: b["doc_count"] / named for b in buckets} if named else {}


def build_search(index, parsed, filters, sort, page, per_page, today, mode="all", families=None) -> dsl.Search:
    """One request: the page of hits, the total, facets and a spelling suggestion.

    ``mode`` "all": every concept must match; "any": the most concepts first; "fuzzy": names
    within an edit or two of the query (misspellings, partial words). ``families``: the
    ``family_shares`` of the query's categories."""
    should = []
    if mode == "fuzzy":
        must = [dsl.Q("multi_match", query=parsed.text, fields=["name_th^2", "name_en^2", "name_th.prefix",
                                                                  "name_en.prefix"], fuzziness="AUTO")]
    elif parsed.concepts:
        concepts = [concept_query(c) for c in parsed.concepts]
        must = concepts if mode == "all" else [dsl.Q("bool", should=concepts, minimum_should_match=1)]
        should.append(dsl.Q("match_phrase", name_th={"query": parsed.phrase, "boost": 2.0}))
        should.append(dsl.Q("match_phrase", name_en={"query": parsed.phrase, "boost": 2.0}))
        should.extend(dsl.Q("term", province_iso={"value": c.province, "boost": PROVINCE_BOOST})
                      for c in parsed.concepts if c.province)
        should.extend(dsl.Q("bool", should=[dsl.Q("match", **{KIND_FIELD: {"query": " ".join(alt), "operator": "and"}})
                                            for alt in c.alternatives], minimum_should_match=1, boost=KIND_BOOST)
                      for c in parsed.concepts)
        should.extend(dsl.Q("constant_score", filter=dsl.Q("term", category=category), boost=FAMILY_BOOST * share)
                      for category, share in sorted((families or {}).items()) if share)
    else:
        must = [dsl.Q("match_all")]
    query = dsl.Q("bool", must=must, should=should, filter=filter_queries(filters, today))
    search = dsl.Search(index=index).query(query).sort(*sort_clauses(sort, filters))
    search = search.extra(from_=(page - 1) * per_page, size=per_page, track_total_hits=True)
    search = search.source(["product_id", "programme_code", "names"])
    for name, field in FACET_FIELDS.items():
        search.aggs.bucket(name, "terms", field=field, size=100)
    search.aggs.metric("price", "stats", field=price_field(filters))
    if parsed.text:
        search = search.suggest("did_you_mean", parsed.text, term={"field": "text_a", "suggest_mode": "missing"})
    return search
