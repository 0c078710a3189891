"""Search engines behind ``marketplace.search.service``: PostgreSQL (default) and Elasticsearch.

An engine has ``index(documents)``, ``remove(product_ids)``, ``reindex(id_batches,
progress=None)`` and ``search(parsed_query, filters, sort, page, per_page)``.
"""
