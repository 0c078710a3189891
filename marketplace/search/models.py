"""The PostgreSQL engine's index: one search document per listable product, and the terms
seen in them (for spelling suggestions).

Rows are written only by ``engines.postgres``; they are derived data that
``python manage.py search_reindex`` can rebuild at any time.
"""
from functools import lru_cache

from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


# What browsing reads of every product it finds (``engines.postgres``: filters, facets, sort keys).
BROWSE_COLUMNS = ["product_id", "listed_from", "listed_until", "category", "province_iso", "region", "producer_id",
                  "star_level", "selection_year", "standard_bits", "price", "price_usd"]


class SearchDocument(models.Model):
    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="search_document")
    programme_code = models.CharField(max_length=64)
    # Built in Python (segmented Thai, weights A–D), stored as tsvector literals: ``terms`` (every
    # field) finds the products; the small ``name_terms`` (A) and ``meta_terms`` (B) score them
    # without reading the large one again for every product found.
    terms = SearchVectorField()
    name_terms = SearchVectorField(default="")
    meta_terms = SearchVectorField(default="")
    # What the product is (``documents.kind_of``): a query naming it ranks the product first.
    kind_terms = SearchVectorField(default="")
    names = models.TextField(help_text="normalised Thai and English names, for trigram matching")
    category = models.CharField(max_length=16)
    province_iso = models.CharField(max_length=5)
    region = models.CharField(max_length=16)
    producer_id = models.IntegerField()
    star_level = models.PositiveSmallIntegerField()
    selection_year = models.PositiveSmallIntegerField()
    # The standards held, one bit per ``StandardType`` (see ``standard_bits``): counting and
    # filtering bits is many times cheaper than array containment over thousands of rows.
    standard_bits = models.IntegerField(default=0)
    # What the cards show a shopper paying in baht and in dollars (``channels.pricing``): price
    # filters and sorts use the one of the shopper's currency.
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    price_usd = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    # The newest certification's validity: a document whose period is over stops matching
    # on the day it ends, before any reindex.
    listed_from = models.DateField()
    listed_until = models.DateField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            GinIndex(fields=["terms"], name="search_doc_terms"),
            GinIndex(fields=["names"], name="search_doc_names_trgm", opclasses=["gin_trgm_ops"]),
            # A category or province page (browsing: no words to match) reads every listed product
            # of it for its facets and sort: these hold all that reads, so PostgreSQL answers from
            # the index alone once VACUUM has marked the table's pages visible (``pg_writer.rebuild``).
            models.Index(fields=["category"], name="search_doc_category",
                         include=[c for c in BROWSE_COLUMNS if c != "category"]),
            models.Index(fields=["province_iso"], name="search_doc_province",
                         include=[c for c in BROWSE_COLUMNS if c != "province_iso"]),
            models.Index(fields=["producer_id"], name="search_doc_producer"),
        ]

    def __str__(self):
        return self.programme_code


class SearchTerm(models.Model):
    """Every term indexed so far (never pruned: a stale term only costs a suggestion)."""

    term = models.CharField(max_length=64, primary_key=True)

    class Meta:
        indexes = [GistIndex(fields=["term"], name="search_term_trgm", opclasses=["gist_trgm_ops"])]

    def __str__(self):
        return self.term


@lru_cache(maxsize=None)
def standard_bit(code: str) -> int:
    """The bit of a ``StandardType`` code in ``SearchDocument.standard_bits`` (kept: Django builds
    ``StandardType.values`` afresh on every read, 25 µs a document in a full reindex)."""
    from marketplace.certification.models import StandardType

    return 1 << list(StandardType.values).index(code)


def standard_bits(codes) -> int:
    bits = 0
    for code in codes:
        bits |= standard_bit(code)
    return bits
