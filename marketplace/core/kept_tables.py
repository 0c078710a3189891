"""Tables kept from a rule rather than worked out per request (``catalog.Listing``,
``channels.ChannelListingRow``): their rows are rewritten from a query that works them out, with
one ``INSERT … SELECT … ON CONFLICT DO UPDATE``, in the caller's transaction.
"""
from django.db import connection, connections


def table(model) -> str:
    """``model``'s table name, quoted for the SQL written here and by the kept tables' modules."""
    return connection.ops.quote_name(model._meta.db_table)


def rewrite(model, key, columns, computed) -> int:
    """Write ``computed`` — a values queryset of the ``key`` and ``columns`` fields, in that order —
    into ``model``'s table: new rows inserted, existing ones (same ``key``) updated; ``updated``
    set to now. Returns the rows written."""
    select_sql, params = computed.query.sql_with_params()
    updates = ", ".join(f"{name} = EXCLUDED.{name}" for name in [*columns, "updated"])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table(model)} ({', '.join([*key, *columns])}, updated) SELECT *, now() FROM ({select_sql}) "
            f"AS computed ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}", params)
        return cursor.rowcount


def drop_orphans(model, column, referenced) -> int:
    """Delete ``model``'s rows whose ``column`` names no row of ``referenced``. The kept tables have
    no foreign-key constraints in the database (an import's commit checked one reference per row and
    column): Django deletes their rows with what they name, and this mends what raw SQL left behind.
    Returns the rows deleted."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table(model)} AS kept WHERE NOT EXISTS (SELECT 1 FROM "
            f"{table(referenced)} AS r WHERE r.{quote(referenced._meta.pk.column)} = kept.{quote(column)})")
        return cursor.rowcount


def first_difference(stored: dict, computed: dict, columns) -> str | None:
    """The first of ``columns`` whose kept value (``stored[name]``) is not the one worked out
    (``computed["row_" + name]``), described for a consistency report; None when all agree."""
    for name in columns:
        if stored[name] != computed[f"row_{name}"]:
            return f"{name}: kept {stored[name]!r}, rule {computed[f'row_{name}']!r}"
    return None


def fill_once(model, source, refresh, using) -> None:
    """After ``migrate``: a database migrated from before ``model``'s table (so without its rows)
    while ``source`` has rows gets them written once with ``refresh()``."""
    if model._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to before the table
    if not model.objects.using(using).exists() and source.objects.using(using).exists():
        refresh()
