"""Writing the PostgreSQL engine's search documents: one by one as products change, and all at
once for a full reindex.

A full reindex fills a new table without indexes (COPY), builds the indexes in bulk, then swaps
it for the live table in one short transaction, as the Elasticsearch engine swaps an alias:
searches keep reading the old documents until the swap, and bulk index builds are many times
faster than updating GIN indexes row by row.
"""
import os
import re
from collections import deque
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from functools import lru_cache
from multiprocessing import get_context
from multiprocessing.util import Finalize

from django.db import connection, connections, transaction
from django.utils import timezone

from marketplace.search import documents, text
from marketplace.search.documents import WEIGHTS
from marketplace.search.models import SearchDocument, standard_bits

TABLE = SearchDocument._meta.db_table
TERM_TABLE = "otop_search_searchterm"
BUILD_TABLE = f"{TABLE}_build"
COLUMNS = ("product_id", "programme_code", "terms", "name_terms", "meta_terms", "kind_terms", "names", "category", "province_iso",
           "region", "producer_id", "star_level", "selection_year", "standard_bits", "price", "price_usd", "listed_from",
           "listed_until", "updated")
# The live table's storage options (migrations 0003 and 0007), given to the table a reindex builds:
# ``LIKE`` copies columns' storage, not the table's options.
TABLE_OPTIONS = ("toast_tuple_target = 256, autovacuum_vacuum_scale_factor = 0.02, "
                 "autovacuum_vacuum_insert_scale_factor = 0.02")
# Positions only carry the weight (one position per weight): scoring asks which fields hold a term.
_POSITIONS = {"A": "1A", "B": "2B", "C": "3C", "D": "4D"}


def quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def weighted_terms(doc) -> dict:
    """Each term of the document, with its parts and broader words: {term: weights it occurs in}."""
    seen = {}
    for weight in WEIGHTS:
        for value in doc.text.get(weight, []):
            for lexeme in text.index_terms(value):
                found = seen.get(lexeme)
                if found is None:
                    seen[lexeme] = weight
                elif weight not in found:
                    seen[lexeme] = found + weight
    return seen


@lru_cache(maxsize=200_000)
def _lexeme_literal(lexeme: str, weights: str) -> str:
    return f"{quote(lexeme)}:{','.join(_POSITIONS[w] for w in weights)}"


@lru_cache(maxsize=64)
def _scoring_weights(weights: str) -> tuple:
    return ("A" if "A" in weights else "", "B" if "B" in weights else "")


def tsvector_literals(weighted: dict) -> tuple:
    """Three tsvectors of ``weighted`` terms: every weight (finding); the name (A) and the
    category, place and producer (B) for scoring."""
    every, name, meta = [], [], []
    for lexeme, weights in weighted.items():
        every.append(_lexeme_literal(lexeme, weights))
        in_name, in_meta = _scoring_weights(weights)
        if in_name:
            name.append(_lexeme_literal(lexeme, in_name))
        if in_meta:
            meta.append(_lexeme_literal(lexeme, in_meta))
    return " ".join(every), " ".join(name), " ".join(meta)


def kind_literal(doc) -> str:
    """The tsvector of what ``doc`` is: its kind words with their parts and broader words."""
    lexemes = {lexeme for value in doc.kind for lexeme in text.index_terms(value)}
    return " ".join(quote(lexeme) for lexeme in sorted(lexemes))


def rows(docs):
    """Table rows for ``docs`` and the set of terms they hold (for spelling suggestions)."""
    now = timezone.now()
    result, terms = [], set()
    for d in docs:
        weighted = weighted_terms(d)
        terms.update(weighted)
        terms.add(text.clean(d.name_th.split(" ")[0])[:64])  # whole-phrase spelling suggestions
        result.append((
            d.product_id, d.programme_code, *tsvector_literals(weighted), kind_literal(d), text.clean(d.names),
            d.category,
            d.province_iso, d.region,
            d.producer_id, d.star_level, d.selection_year, standard_bits(d.standards), d.price, d.price_usd, d.listed_from,
            d.listed_until, now,
        ))
    return result, terms


def _save_terms(cursor, terms) -> None:
    cursor.execute(f"INSERT INTO {TERM_TABLE} (term) SELECT unnest(%s::varchar[]) ON CONFLICT DO NOTHING",
                   [sorted(t for t in terms if t)])


def upsert(docs) -> None:
    if not docs:
        return
    values, terms = rows(docs)
    placeholders = ", ".join("%s::tsvector" if c.endswith("terms") else "%s" for c in COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in COLUMNS if c != "product_id")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders}) "
            f"ON CONFLICT (product_id) DO UPDATE SET {updates}", values)
        _save_terms(cursor, terms)


def _workers() -> int:
    """Processes that segment text during a full reindex (``OTOP_SEARCH_INDEX_WORKERS``, default
    one per CPU). Inside a transaction (tests) the work stays in this process."""
    if connection.in_atomic_block:
        return 0
    return int(os.environ.get("OTOP_SEARCH_INDEX_WORKERS", os.cpu_count() or 1))


def _batch_rows(ids):
    return rows(documents.documents_for(ids))


def _own_connections():
    """In a forked worker: leave the parent's database connections to the parent (psycopg closes a
    connection only in the process that opened it); the worker opens its own when it first reads,
    and closes it when it ends."""
    for conn in connections.all(initialized_only=True):
        conn.connection = None
    Finalize(None, connections.close_all, exitpriority=10)


def _rows_in_batches(id_batches):
    """(rows, terms) per batch: worker processes read and segment batches (segmentation is most
    of the work, reading documents the rest) while this one copies the finished ones in."""
    workers = _workers()
    if workers < 2:
        for ids in id_batches:
            yield _batch_rows(ids)
        return
    text.terms("ผ้า")  # load the dictionary before forking, once for every worker
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork"), initializer=_own_connections) as pool:
        pending = deque()
        for ids in id_batches:
            pending.append(pool.submit(_batch_rows, ids))
            while len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def rebuild(id_batches, progress=None) -> int:
    """Fill a new table with the documents of ``id_batches`` and swap it in; returns the count."""
    total = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {BUILD_TABLE}")
        cursor.execute(f"CREATE TABLE {BUILD_TABLE} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING STORAGE) "
                       f"WITH ({TABLE_OPTIONS})")
        for values, terms in _rows_in_batches(id_batches):
            with cursor.cursor.copy(f"COPY {BUILD_TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            _save_terms(cursor, terms)
            total += len(values)
            if progress:
                progress(total)
        _swap(cursor)
        if not connection.in_atomic_block:  # (a test's transaction: VACUUM cannot run there)
            # statistics for the planner, and every page marked visible to all, which lets category
            # and province pages read their covering indexes alone (``models.BROWSE_COLUMNS``)
            cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
    return total


def _swap(cursor) -> None:
    """Give the build table the live table's indexes and constraints (same names), then swap."""
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
    indexes = cursor.fetchall()
    cursor.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                   "WHERE conrelid = %s::regclass AND contype IN ('p', 'f')", [TABLE])
    constraints = cursor.fetchall()
    on_table = re.compile(rf" ON (\S+\.)?{re.escape(TABLE)} ")
    statements = []
    for name, definition in indexes:
        temporary = f"{name[:50]}_build"
        definition = definition.replace(f" INDEX {name} ON ", f" INDEX {temporary} ON ", 1)
        statements.append(on_table.sub(f" ON {BUILD_TABLE} ", definition, count=1))
    _build_indexes(cursor, statements)
    with transaction.atomic():
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # a table with pending FK checks cannot be dropped
        cursor.execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"ALTER TABLE {BUILD_TABLE} RENAME TO {TABLE}")
        for name, _ in indexes:
            cursor.execute(f"ALTER INDEX {name[:50]}_build RENAME TO {name}")
        for name, kind, definition in constraints:
            if kind == "p":
                cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} PRIMARY KEY USING INDEX {name}")
            else:
                cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}")


def _build_indexes(cursor, statements) -> None:
    """Run the ``CREATE INDEX`` statements of a build table, the slowest first (the GIN indexes of
    the terms and the names' trigrams), on two connections at once where the machine has the CPUs
    (``_workers``): each build uses one CPU of PostgreSQL, and two builds on one table do not wait
    for each other (both take a SHARE lock). Inside a transaction (tests) they run here, in order."""
    if _workers() < 2 or len(statements) < 2:
        for statement in statements:
            cursor.execute(statement)
        return
    statements = sorted(statements, key=lambda sql: " USING gin " not in sql)

    def build(statement):
        own = connections.create_connection(connection.alias)  # the thread's own, closed when done
        try:
            with own.cursor() as its_cursor:
                its_cursor.execute(statement)
        finally:
            own.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        for _ in pool.map(build, statements):
            pass
