"""Signals of the import, for apps that keep something derived from the catalog (the search index).

The import writes in bulk (COPY, bulk updates), which sends no model signals; instead, after a
real (not dry-run) import, ``records_imported`` is sent once with the ids of every product
created or changed. It is the domain's ``products_written_in_bulk`` (``marketplace.catalog.bulk_writes``),
so that listeners need not import the import.
"""
from marketplace.catalog.bulk_writes import products_written_in_bulk

records_imported = products_written_in_bulk  # kwargs: product_ids (set of int), summary (importer.Summary)
