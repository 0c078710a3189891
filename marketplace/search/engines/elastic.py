"""The Elasticsearch engine, used when ``ELASTICSEARCH_URL`` is set (see infra/elasticsearch.md).

Searches go to the alias ``<prefix>-products``; ``reindex`` builds a new index named with a
version stamp, fills it in bulk, and moves the alias in one atomic request before deleting the
old index, so searches never see a half-built index. Requests are built by ``es_builders``.
"""
import dataclasses
import time

from django.utils import timezone
from elasticsearch import Elasticsearch, NotFoundError, helpers

from marketplace.search import query as query_module
from marketplace.search import service
from marketplace.search.engines import es_builders
from marketplace.search.engines.postgres import FEW_RESULTS


class ElasticsearchEngine:
    name = "elasticsearch"

    def __init__(self, url, index_prefix="otop"):
        self.client = Elasticsearch(url, request_timeout=30)
        self.alias = f"{index_prefix}-products"
        self._icu = None

    # --- the index -------------------------------------------------------------------------
    def has_icu(self) -> bool:
        """Whether the analysis-icu plugin is installed (then Thai uses ``icu_tokenizer``)."""
        if self._icu is None:
            plugins = self.client.cat.plugins(format="json")
            self._icu = any(p.get("component") == "analysis-icu" for p in plugins)
        return self._icu

    def create_index(self) -> str:
        name = f"{self.alias}-v{time.strftime('%Y%m%d%H%M%S')}-{time.monotonic_ns() % 1_000_000}"
        self.client.indices.create(index=name, **es_builders.index_body(self.has_icu()))
        return name

    def ensure_index(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self.create_index()
            self.client.indices.put_alias(index=name, name=self.alias)

    def reset(self) -> None:
        """An empty index behind the alias (tests)."""
        self.drop()
        self.ensure_index()

    def drop(self) -> None:
        try:
            indices = list(self.client.indices.get_alias(name=self.alias))
        except NotFoundError:
            return
        self.client.indices.delete(index=",".join(indices))

    # --- writing ---------------------------------------------------------------------------
    def _actions(self, docs, index):
        for doc in docs:
            yield {"_op_type": "index", "_index": index, "_id": doc.product_id,
                   "_source": es_builders.document_source(doc)}

    def index(self, docs) -> None:
        if docs:
            self.ensure_index()
            helpers.bulk(self.client, self._actions(docs, self.alias), refresh="wait_for")

    def remove(self, product_ids) -> None:
        if product_ids and self.client.indices.exists_alias(name=self.alias):
            actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in product_ids)
            helpers.bulk(self.client, actions, raise_on_error=False, refresh="wait_for")

    def reindex(self, id_batches, progress=None) -> int:
        from marketplace.search import documents

        new = self.create_index()
        total = 0
        for ids in id_batches:
            docs = documents.documents_for(ids)
            helpers.bulk(self.client, self._actions(docs, new))
            total += len(docs)
            if progress:
                progress(total)
        self.client.indices.refresh(index=new)
        old = list(self.client.indices.get_alias(name=self.alias)) if self.client.indices.exists_alias(
            name=self.alias) else []
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old] + [
            {"add": {"index": new, "alias": self.alias}}]
        self.client.indices.update_aliases(actions=actions)  # atomic: searches switch at once
        for index in old:
            self.client.indices.delete(index=index)
        return total

    def indexed_ids(self):
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return (int(hit["_id"]) for hit in helpers.scan(self.client, index=self.alias,
                                                        query={"query": {"match_all": {}}, "_source": False}))

    def changed_since_indexed(self):
        return []  # documents carry no write time here: run search_reindex after bulk updates

    # --- searching -------------------------------------------------------------------------
    def search(self, parsed, filters, sort, page, per_page):
        self.ensure_index()
        today = timezone.localdate()
        modes = ["all"] if not parsed.concepts else ["all", "any", "fuzzy"]
        if len(parsed.concepts) == 1:
            modes.remove("any")
        result = None
        for mode in modes:
            families = None
            if mode != "fuzzy" and parsed.concepts and sort == "relevance":
                counted = es_builders.family_search(self.alias, parsed, filters, today, mode)
                families = es_builders.family_shares(counted.using(self.client).execute().to_dict())
            search = es_builders.build_search(self.alias, parsed, filters, sort, page, per_page, today, mode,
                                              families)
            response = search.using(self.client).execute().to_dict()
            found = self._result(parsed, response, page, per_page, exact=mode == "all" or bool(result and result.total))
            if result is not None and found.total > result.total:
                found = dataclasses.replace(found, exact_total=result.total)
            if result is None or found.total > result.total:
                result = found
            if result.total >= FEW_RESULTS:
                break
        return result

    def _result(self, parsed, response, page, per_page, exact):
        hits = response["hits"]["hits"]
        aggs = response.get("aggregations", {})

        def buckets(name, cast=str):
            return {cast(b["key"]): b["doc_count"] for b in aggs.get(name, {}).get("buckets", [])}

        price = aggs.get("price", {})
        return service.SearchResult(
            query=parsed.text, product_ids=[h["_source"]["product_id"] for h in hits],
            codes=[h["_source"]["programme_code"] for h in hits], total=response["hits"]["total"]["value"],
            page=page, per_page=per_page,
            facets={"category": buckets("category"), "province": buckets("province"), "region": buckets("region"),
                    "star_level": buckets("star_level", int), "standards": buckets("standards")},
            price_range=(price["min"], price["max"]) if price.get("count") else None,
            did_you_mean=_suggestion(parsed, response.get("suggest", {}).get("did_you_mean", [])),
            exact=exact,
        )


def _suggestion(parsed, entries) -> str | None:
    """The query with each misspelt term replaced by Elasticsearch's best suggestion."""
    fixes = {e["text"]: e["options"][0]["text"] for e in entries if e.get("options")}
    if not fixes:
        return None
    return query_module.corrected(parsed, fixes).text
