"""The PostgreSQL engine's index: one search document per listable product, and the terms
seen in them (for spelling suggestions).

Rows are written only by ``engines.postgres``; they are derived data that
``python manage.py search_reindex`` can rebuild at any time.
"""
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    product = models.OneToOneField("catalogue.Product", on_delete=models.CASCADE, primary_key=True,
                                   related_name="search_document")
    programme_code = models.CharField(max_length=64)
    # Built in Python (segmented Thai, weights A–D), stored as a tsvector literal.
    terms = SearchVectorField()
    names = models.TextField(help_text="normalised Thai and English names, for trigram matching")
    category = models.CharField(max_length=16)
    province_iso = models.CharField(max_length=5)
    region = models.CharField(max_length=16)
    producer_id = models.IntegerField()
    star_level = models.PositiveSmallIntegerField()
    selection_year = models.PositiveSmallIntegerField()
    standards = ArrayField(models.CharField(max_length=16), default=list, blank=True)
    price = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    # The newest certification's validity: a document whose period is over stops matching
    # on the day it ends, before any reindex.
    listed_from = models.DateField()
    listed_until = models.DateField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            GinIndex(fields=["terms"], name="search_doc_terms"),
            GinIndex(fields=["names"], name="search_doc_names_trgm", opclasses=["gin_trgm_ops"]),
            models.Index(fields=["category"], name="search_doc_category"),
            models.Index(fields=["province_iso"], name="search_doc_province"),
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
