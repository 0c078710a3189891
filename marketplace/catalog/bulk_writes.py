"""The signal sent after products were written in bulk, for apps that keep something derived from
the catalog (the search index).

Bulk writes (COPY, bulk updates) send no model signals; whoever writes products that way (the
programme-record import, ``catalog_import``) sends ``products_written_in_bulk`` once afterwards with
the ids of every product created or changed. It lives in the domain so that the search index can
listen without importing the import (``.importlinter``).
"""
from django.dispatch import Signal

products_written_in_bulk = Signal()  # kwargs: product_ids (set of int), and what the sender adds (summary)
