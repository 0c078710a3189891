"""Signals of the import, for apps that keep something derived from the catalog (the search index).

The import writes in bulk (COPY, bulk updates), which sends no model signals; instead, after a
real (not dry-run) import, ``records_imported`` is sent once with the ids of every product
created or changed.
"""
from django.dispatch import Signal

records_imported = Signal()  # kwargs: product_ids (set of int), summary (importer.Summary)
