"""The PostgreSQL engine: tsvector documents built in Python, matched and scored in one query.

Matching: every concept of the query must match (``query.py``); when fewer than
``FEW_RESULTS`` products match them all, the products matching the most concepts follow
them, and when none match any, names similar by trigrams (pg_trgm). Misspelt words unknown to the index are first
replaced by the closest indexed term (trigram distance, then edit distance ≤ 1–2).

Scoring: a concept adds the weight of every field where it occurs (name A 1, category,
place and producer B 0.5; code, packaging and stories, C and D, only find); a place named in the query adds ``PROVINCE_BONUS`` when the product
comes from that province (a mention in a name is not where it was made); a name holding the
query as typed adds ``PHRASE_BONUS``, more when it starts with it.

What a product *is* outweighs what it contains or mentions: a concept naming the product's kind
(``documents.kind_of``: the head of its names, its category) adds ``KIND_BONUS``; and each
product adds ``FAMILY_BONUS`` times the share, among the products found whose names hold the
query, of those in its category, so "silk" favours the category most silk products are in
(fabric, scarves) over the soap with silk cocoons in it. Facets are counted over the whole
result in the same statement.
"""
import dataclasses
import json

from django.db import connection, transaction
from django.utils import timezone

from marketplace.certification.models import StandardType
from marketplace.search import glossary, service, spelling, text
from marketplace.search import query as query_module
from marketplace.search.engines import pg_writer
from marketplace.search.engines.pg_writer import TABLE, TERM_TABLE, quote
from marketplace.search.models import SearchDocument, standard_bit, standard_bits

FIELD_WEIGHTS = {"A": 1.0, "B": 0.5}
PROVINCE_BONUS = 1.0
RELAXED_BONUS = 10.0  # per concept matched, so that matching more concepts always ranks first
TRIGRAM_THRESHOLD = 0.3
PHRASE_BONUS = 0.5  # the name holds the query as typed (ผ้าฝ้ายทอมือ in ผ้าฝ้ายทอมือ สีธรรมชาติ)
PREFIX_BONUS = 0.25  # … at its start, where Thai names put the kind of product
KIND_BONUS = 1.0  # a concept names what the product is
FAMILY_BONUS = 1.0  # × the share of the named products found that are in the product's category
FEW_RESULTS = 10

ORDERS = {
    "relevance": "score DESC, star_level DESC, selection_year DESC, product_id",
    "price": "price ASC NULLS LAST, score DESC, product_id",
    "-price": "price DESC NULLS LAST, score DESC, product_id",
    "newest": "selection_year DESC, score DESC, star_level DESC, product_id",
    "stars": "star_level DESC, score DESC, selection_year DESC, product_id",
}
FACETS = ("category", "province_iso", "region", "star_level")
STANDARD_CODES = tuple(StandardType.values)


def _operand(term: str, weight: str) -> str:
    """A tsquery operand; a term ending in ``*`` (a word being typed) matches as a prefix."""
    if term.endswith(query_module.PREFIX_MARK):
        return f"{quote(term[:-1])}:*{weight}"
    return quote(term) + (f":{weight}" if weight else "")


def _weight(value: float) -> str:
    """A score's constant as double precision: a bare ``0.5`` is numeric in SQL, and numeric
    arithmetic over every match of a broad word cost a sixth of its search (ผ้า at 100,000)."""
    return f"{float(value)!r}::float8"


def concept_tsquery(concept, weight="") -> str:
    return " | ".join("(" + " & ".join(_operand(t, weight) for t in alt) + ")" for alt in concept.alternatives)


class PostgresEngine:
    name = "postgresql"

    # --- writing ---------------------------------------------------------------------------
    def index(self, docs) -> None:
        pg_writer.upsert(docs)

    def remove(self, product_ids) -> None:
        if product_ids:
            SearchDocument.objects.filter(product_id__in=list(product_ids)).delete()

    def reindex(self, id_batches, progress=None) -> int:
        return pg_writer.rebuild(id_batches, progress)

    def indexed_ids(self):
        return SearchDocument.objects.values_list("product_id", flat=True).iterator(chunk_size=5000)

    def changed_since_indexed(self):
        """Products whose profile, price or certification changed after their document was written."""
        with connection.cursor() as cursor:
            cursor.execute(f"""
                SELECT p.product_id FROM otop_catalog_productprofile p
                  JOIN {TABLE} d ON d.product_id = p.product_id WHERE p.updated > d.updated
                UNION SELECT s.product_id FROM partner_stockrecord s
                  JOIN {TABLE} d ON d.product_id = s.product_id WHERE s.date_updated > d.updated
                UNION SELECT c.product_id FROM certification_certification c
                  JOIN {TABLE} d ON d.product_id = c.product_id WHERE c.updated > d.updated""")
            return [row[0] for row in cursor.fetchall()]

    # --- searching -------------------------------------------------------------------------
    def search(self, parsed, filters, sort, page, per_page):
        with connection.cursor() as cursor:
            if not parsed.concepts:
                return self._run(cursor, parsed, filters, sort, page, per_page, mode="browse")
            fixes = self._spelling(cursor, parsed)
            # misspelt words first; a whole unspaced Thai run only when one of its words is unknown
            first = query_module.corrected(parsed, fixes.terms, fixes.runs_with_unknown)
            result = self._run(cursor, first, filters, sort, page, per_page, mode="all",
                               did_you_mean=_suggestion(parsed, first))
            if result.total < FEW_RESULTS and fixes.runs:
                # every word is a word, but together they match little: a one-letter slip can
                # cut an unspaced Thai phrase into other words (ขาวแต๋น for ข้าวแต๋น)
                second = query_module.corrected(parsed, fixes.terms, fixes.runs)
                if second.concepts != first.concepts:
                    other = self._run(cursor, second, filters, sort, page, per_page, mode="all",
                                      did_you_mean=_suggestion(parsed, second))
                    if other.total > result.total:
                        first, result = second, other
            if result.total < FEW_RESULTS and len(first.concepts) > 1:
                # few or no products match every word: the ones matching most words follow them
                # (those matching all still come first), so a page is never needlessly short
                relaxed = self._run(cursor, first, filters, sort, page, per_page, mode="any",
                                    did_you_mean=_suggestion(parsed, first))
                if relaxed.total > result.total:
                    result = dataclasses.replace(relaxed, exact=result.total > 0, exact_total=result.total)
            if result.total == 0 and fixes.unknown:  # a word no product has: names that look alike
                result = self._run(cursor, parsed, filters, sort, page, per_page, mode="trigram")
            return result

    def _spelling(self, cursor, parsed):
        """The closest indexed term (or product-name head) for each typed term and unspaced run
        the index does not know, within the edit distance ``spelling`` allows."""
        terms = {t for t in text.terms(parsed.text) if not t.isdigit()}
        runs = {c for c in parsed.text.split(" ") if len(text.terms(c)) > 1}
        fixes = spelling.Fixes()
        if not terms:
            return fixes
        cursor.execute(
            f"""SELECT q.t, c.term FROM unnest(%s::varchar[]) AS q(t)
                CROSS JOIN LATERAL (
                    SELECT s.term FROM {TERM_TABLE} s
                    WHERE NOT EXISTS (SELECT 1 FROM {TERM_TABLE} k WHERE k.term = q.t)
                    ORDER BY s.term <-> q.t LIMIT 8) c""",
            [sorted(terms | runs)],
        )
        candidates = {}
        for typed, candidate in cursor.fetchall():
            candidates.setdefault(typed, []).append(candidate)
        known = glossary.vocabulary()
        unknown = {t for t in terms if t in candidates and t not in known}
        for term in self._prefixes(cursor, unknown):  # the start of a longer word: still being typed
            fixes.terms[term] = term + query_module.PREFIX_MARK
            unknown.discard(term)
        for term in unknown:
            options = candidates[term] + [g for g in known if abs(len(g) - len(term)) <= 2]
            best = spelling.best_correction(term, options)
            if best:
                fixes.terms[term] = best
            else:
                fixes.unknown.add(term)
        for run in runs & set(candidates):
            best = spelling.best_correction(run, candidates[run])
            if best:
                fixes.runs[run] = best
                words = text.terms(run)
                # a run with an unknown word, or with characters no word took (เ๋า: a lost consonant)
                if any(t in unknown for t in words) or sum(map(len, words)) < len(run):
                    fixes.runs_with_unknown[run] = best
        return fixes

    def _prefixes(self, cursor, terms) -> set:
        """Those of ``terms`` (two letters or more) that begin an indexed or glossary term."""
        candidates = sorted(t for t in terms if len(t) >= 2)
        if not candidates:
            return set()
        cursor.execute(
            f"""SELECT q.t FROM unnest(%s::varchar[]) AS q(t) WHERE EXISTS (
                    SELECT 1 FROM {TERM_TABLE} s WHERE s.term > q.t AND s.term < q.t || chr(1114111))""",
            [candidates])
        found = {row[0] for row in cursor.fetchall()}
        known = glossary.vocabulary()
        return found | {t for t in candidates if any(k.startswith(t) and k != t for k in known)}

    def _run(self, cursor, parsed, filters, sort, page, per_page, mode, did_you_mean=None):
        params = {"today": timezone.localdate(), "limit": per_page, "offset": (page - 1) * per_page}
        where = ["d.listed_from <= %(today)s", "d.listed_until >= %(today)s"]
        score_sql = "0"
        if mode in ("all", "any"):
            score_parts = []
            matches = []
            for i, concept in enumerate(parsed.concepts):
                params[f"c{i}"] = concept_tsquery(concept)
                matches.append(f"(d.terms @@ %(c{i})s::tsquery)")
                # the small vectors score; C and D (packaging, stories) only help to find
                score_parts.append(f"(d.name_terms @@ %(c{i})s::tsquery)::int * {_weight(FIELD_WEIGHTS['A'])}")
                score_parts.append(f"(d.meta_terms @@ %(c{i})s::tsquery)::int * {_weight(FIELD_WEIGHTS['B'])}")
                score_parts.append(f"(d.kind_terms @@ %(c{i})s::tsquery)::int * {_weight(KIND_BONUS)}")
                if concept.province:
                    params[f"p{i}"] = concept.province
                    score_parts.append(f"(d.province_iso = %(p{i})s)::int * {_weight(PROVINCE_BONUS)}")
            params["phrase"] = parsed.phrase
            score_parts.append(f"(CASE strpos(d.names, %(phrase)s) WHEN 0 THEN {_weight(0)}"
                               f" WHEN 1 THEN {_weight(PHRASE_BONUS + PREFIX_BONUS)} ELSE {_weight(PHRASE_BONUS)} END)")
            joiner = " & " if mode == "all" else " | "
            params["match"] = joiner.join(f"({params[f'c{i}']})" for i in range(len(parsed.concepts)))
            where.append("d.terms @@ %(match)s::tsquery")
            if mode == "any":
                score_parts.append(f"({' + '.join(m + '::int' for m in matches)}) * {_weight(RELAXED_BONUS)}")
            score_sql = " + ".join(score_parts)
        elif mode == "trigram":
            params["q"] = parsed.text
            where.append("%(q)s <%% d.names")
            score_sql = "word_similarity(%(q)s, d.names)"
        named_sql = "d.name_terms @@ %(match)s::tsquery" if mode in ("all", "any") else "false"
        if sort != "relevance":
            score_sql = named_sql = "0"  # another order was asked for: scoring would be wasted
        where.extend(_filter_sql(filters, params))
        if mode in ("all", "any") and sort == "relevance":
            # what the products named by the words are: a product of their category ranks higher
            family_sql = f"""family AS (
                SELECT category, sum(named)::float8 / greatest(1, sum(sum(named)) OVER ()) AS share
                FROM hits GROUP BY category
            ),"""
            scored_sql = f"h.*, h.own_score + f.share * {_weight(FAMILY_BONUS)} AS score FROM hits h JOIN family f USING (category)"
        else:  # nothing is named (browsing, a near spelling) or another order was asked for: no score to add to
            family_sql, scored_sql = "", "h.*, h.own_score AS score FROM hits h"
        grouping = ", ".join(f"({f})" for f in FACETS)
        standards_sql = ", ".join(
            f"'{code}', count(*) FILTER (WHERE standard_bits & {standard_bit(code)} <> 0)" for code in STANDARD_CODES)
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT d.product_id, d.category, d.province_iso, d.region, d.star_level, d.selection_year,
                       d.standard_bits, d.{price_column(filters)} AS price, ({score_sql}) AS own_score,
                       ({named_sql})::int AS named
                FROM {TABLE} d WHERE {' AND '.join(where)}
            ),
            {family_sql}
            page AS (SELECT {scored_sql}
                      ORDER BY {ORDERS[sort]} LIMIT %(limit)s OFFSET %(offset)s)
            SELECT (SELECT json_build_array(count(*), min(price), max(price), json_build_object({standards_sql}))
                      FROM hits),
                   (SELECT coalesce(json_agg(json_build_array(product_id, code, doc_names) ORDER BY {ORDERS[sort]}),
                                    '[]')
                      FROM (SELECT p.*, d.programme_code AS code, d.names AS doc_names
                              FROM page p JOIN {TABLE} d USING (product_id)) x),
                   (SELECT json_agg(json_build_array({', '.join(FACETS)}, n)) FROM (
                      SELECT {', '.join(FACETS)}, count(*) AS n FROM hits GROUP BY GROUPING SETS ({grouping})) x)
        """
        with transaction.atomic():
            # Broad words match a large share of the catalog: the planner then prefers reading the
            # table in full, which unpacks every product's large vector. The GIN index never needs to.
            if mode in ("all", "any"):
                cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL work_mem = '32MB'")
            if mode == "trigram":
                cursor.execute("SELECT set_config('pg_trgm.word_similarity_threshold', %s, true)",
                               [str(TRIGRAM_THRESHOLD)])
            cursor.execute(sql, params)
            summary, page_rows, grouped = [json.loads(v) if isinstance(v, str) else v for v in cursor.fetchone()]
        total, price_min, price_max, standards = summary
        price_range = (price_min, price_max) if price_min is not None else None
        standards = {code: n for code, n in standards.items() if n}
        page_rows = page_rows or []
        category, province, region, stars = ({} for _ in FACETS)
        for *values, count in grouped or []:
            for facet, value in zip((category, province, region, stars), values):
                if value is not None:
                    facet[value] = count
        if mode == "trigram" and page_rows:
            did_you_mean = page_rows[0][2].split(" ")[0] if page == 1 else None
        return service.SearchResult(
            query=parsed.text, product_ids=[r[0] for r in page_rows], codes=[r[1] for r in page_rows],
            total=total, page=page, per_page=per_page,
            facets={"category": category or {}, "province": province or {}, "region": region or {},
                    "star_level": {int(k): v for k, v in (stars or {}).items()}, "standards": standards or {}},
            price_range=price_range,
            did_you_mean=did_you_mean, exact=mode in ("all", "browse"),
        )


def _filter_sql(filters, params) -> list:
    clauses = []
    simple = {"category": "d.category", "province": "d.province_iso", "region": "d.region",
              "producer": "d.producer_id"}
    for name, column in simple.items():
        value = getattr(filters, name)
        if value not in (None, ""):
            params[f"f_{name}"] = value
            clauses.append(f"{column} = %(f_{name})s")
    if filters.min_stars:
        params["f_stars"] = int(filters.min_stars)
        clauses.append("d.star_level >= %(f_stars)s")
    if filters.standards:
        params["f_standards"] = standard_bits(filters.standards)
        clauses.append("d.standard_bits & %(f_standards)s = %(f_standards)s")
    if filters.price_min is not None:
        params["f_price_min"] = filters.price_min
        clauses.append(f"d.{price_column(filters)} >= %(f_price_min)s")
    if filters.price_max is not None:
        params["f_price_max"] = filters.price_max
        clauses.append(f"d.{price_column(filters)} <= %(f_price_max)s")
    return clauses


def price_column(filters) -> str:
    """The document's price in the shopper's currency (one of ``service.CURRENCIES``)."""
    return "price_usd" if filters.currency == "USD" else "price"


def _suggestion(typed, used) -> str | None:
    """The query as searched when spelling corrections changed it."""
    return used.text if used.text != typed.text else None
