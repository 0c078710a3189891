"""Inserting many rows at once with PostgreSQL's COPY, for the import's new catalog entries.

Django's ``bulk_create`` spends most of its time building model instances and SQL parameters;
for 20,000 records of eight tables that alone exceeds the import's time budget. COPY takes
plain tuples, in PostgreSQL's binary format: each value is sent as the column's type stores it,
so neither psycopg writes nor PostgreSQL parses its text (timestamps, numbers, dates): the rows of
a table cost half to a third of the text format's time at both ends. Ids are drawn from each table's own sequence first (``nextval``), so they are
known without RETURNING and never collide with rows other processes insert. Columns not given
get the model field's default, the way ``Model()`` would fill them.

Foreign keys (``References``): PostgreSQL checks each row's references with a trigger, one
lookup and one row lock per reference when the transaction commits: ~240,000 for a first import
of 20,000 records, 0.7–1.3 s of the import here. Where the database lets this session
(superuser, or ``GRANT SET ON PARAMETER session_replication_role``), the COPY runs with those
triggers off and ``References.check`` does their work once per distinct referenced row: each row
referred to that this import did not write itself is looked up and locked ``FOR KEY SHARE``, as
the trigger locks it, so a concurrent delete waits for the import and then fails as it would
have. A reference to a row that is not there raises ``IntegrityError`` naming the table and the
column, and the import's transaction is rolled back. A table with multi-column foreign keys or
with triggers of its own is copied with every trigger on; so is everything without the
privilege.
"""
from collections import defaultdict
from functools import lru_cache

from django.db import IntegrityError, connection
from django.utils import timezone
from psycopg.types.json import Jsonb


def triggers_may_be_skipped() -> bool:
    """Whether this session may turn foreign-key triggers off (``session_replication_role``)."""
    with connection.cursor() as cursor:
        if connection.pg_version >= 150000:
            cursor.execute("SELECT has_parameter_privilege('session_replication_role', 'SET')")
        else:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cursor.fetchone()[0])


def _table_facts(table: str) -> tuple[tuple, bool]:
    """(column, referenced table, referenced column) of each foreign key of ``table``, or None when
    a key has several columns; and whether the table has triggers of its own (not a key's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.attname, pc.relname, pa.attname, cardinality(c.conkey) "
            "FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1] "
            "JOIN pg_class pc ON pc.oid = c.confrelid "
            "WHERE c.contype = 'f' AND c.conrelid = %s::regclass", [connection.ops.quote_name(table)])
        keys = cursor.fetchall()
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal)",
                       [connection.ops.quote_name(table)])
        own_triggers = cursor.fetchone()[0]
    if any(size != 1 for *_, size in keys):
        return None, own_triggers
    return tuple((column, parent, parent_column) for column, parent, parent_column, _ in keys), own_triggers


class References:
    """The foreign keys of the rows one import COPYs with triggers off, checked at once by
    ``check`` (see the module's text). Without the privilege, ``enabled`` is False and every COPY
    keeps its triggers."""

    def __init__(self, enabled=None):
        self.enabled = triggers_may_be_skipped() if enabled is None else enabled
        self.written = defaultdict(set)  # (table, primary key column) -> ids of the rows this import wrote
        self.wanted = defaultdict(set)  # (referenced table, column) -> values referred to
        self.referrers = defaultdict(set)  # (referenced table, column) -> "table.column" referring to it
        self.facts = {}  # table -> _table_facts, read once per import

    def keys_of(self, table):
        """The foreign keys ``check`` will answer for, or None: this table is copied as it is."""
        if not self.enabled:
            return None
        if table not in self.facts:
            self.facts[table] = _table_facts(table)
        keys, own_triggers = self.facts[table]
        return None if not keys or own_triggers else keys  # (no key: nothing to turn off)

    def note(self, table, pk_column, ids, columns, rows, constants, keys) -> None:
        """``rows`` of values of ``columns`` are about to be copied into ``table`` with the
        ``constants`` (column: value) and the new ``ids`` (of ``pk_column``)."""
        if ids:
            self.written[(table, pk_column)].update(ids)
        for column, parent, parent_column in keys:
            if column in columns:
                position = columns.index(column)
                values = {row[position] for row in rows}
            elif column in constants:
                values = {constants[column]}
            else:  # the primary key, drawn from its sequence
                values = set(ids)
            values.discard(None)
            self.wanted[(parent, parent_column)].update(values)
            self.referrers[(parent, parent_column)].add(f"{table}.{column}")

    def check(self) -> None:
        """Each row referred to exists (and is locked as a key's trigger locks it), or
        ``IntegrityError``. Rows this import wrote itself no other transaction can see: they are
        there by their COPY, and are not looked up again."""
        with connection.cursor() as cursor:
            for (parent, parent_column), values in self.wanted.items():
                values = values - self.written.get((parent, parent_column), set())
                if not values:
                    continue
                column = connection.ops.quote_name(parent_column)
                cursor.execute(f"SELECT {column} FROM {connection.ops.quote_name(parent)} WHERE {column} = ANY(%s) "
                               "FOR KEY SHARE", [sorted(values)])
                missing = values - {value for value, in cursor.fetchall()}
                if missing:
                    referrers = ", ".join(sorted(self.referrers[(parent, parent_column)]))
                    shown = ", ".join(map(str, sorted(missing)[:5]))
                    raise IntegrityError(f"{referrers} would refer to rows of {parent} that do not exist "
                                         f"({parent_column} {shown}{' …' if len(missing) > 5 else ''})")
        self.wanted.clear()
        self.referrers.clear()


def next_ids(model, count: int) -> list[int]:
    if not count:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        # the sequence's name first: inside the ids' statement PostgreSQL would look it up for every
        # id (84 ms for 20,000 ids, 10 ms with the name as a constant)
        cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [table, pk])
        sequence = cursor.fetchone()[0]
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count])
        return [row[0] for row in cursor.fetchall()]


def _defaults(model, given):
    """(column, value) for every concrete column not in ``given``, as a new instance would have it."""
    now = timezone.now()
    filled = []
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.has_default():
            value = f.get_default()
        elif f.null:
            value = None
        elif f.get_internal_type() in ("CharField", "TextField", "SlugField", "EmailField"):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name} has no value and no default")
        filled.append((f.column, _adapt(value)))
    return filled


def _adapt(value):
    return Jsonb(value) if isinstance(value, (dict, list)) else value


@lru_cache(maxsize=None)
def _column_types(database: str, table: str) -> dict:
    """The type of each of ``table``'s columns as PostgreSQL names it, for a binary COPY; read once
    per process and database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT attname, format_type(atttypid, NULL) FROM pg_attribute "
                       "WHERE attrelid = %s::regclass AND attnum > 0 AND NOT attisdropped",
                       [connection.ops.quote_name(table)])
        return dict(cursor.fetchall())


def copy_insert(model, fields: list[str], rows: list[tuple], with_ids=False, references=None) -> list[int]:
    """Insert ``rows`` (values of ``fields``, by attname) into ``model``'s table; returns the new
    ids when ``with_ids`` (then drawn from the sequence and written with the rows). With
    ``references`` (``References``), the rows' foreign keys are left to its ``check``."""
    if not rows:
        return []
    meta = model._meta
    columns = [meta.get_field(name).column for name in fields]
    json_positions = [i for i, name in enumerate(fields) if meta.get_field(name).get_internal_type() == "JSONField"]
    defaults = _defaults(model, set(fields))
    ids = next_ids(model, len(rows)) if with_ids else []
    all_columns = ([meta.pk.column] if with_ids else []) + columns + [column for column, _ in defaults]
    default_values = tuple(value for _, value in defaults)
    quoted = ", ".join(connection.ops.quote_name(c) for c in all_columns)
    keys = references.keys_of(meta.db_table) if references is not None else None
    if keys is not None:
        references.note(meta.db_table, meta.pk.column, ids, columns, rows, dict(defaults), keys)
    with connection.cursor() as cursor:
        if keys is not None:
            cursor.execute("SET LOCAL session_replication_role = replica")
        types = _column_types(connection.settings_dict["NAME"], meta.db_table)
        with cursor.copy(f"COPY {connection.ops.quote_name(meta.db_table)} ({quoted}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types([types[column] for column in all_columns])
            for i, row in enumerate(rows):
                if json_positions:
                    row = tuple(Jsonb(v) if j in json_positions else v for j, v in enumerate(row))
                copy.write_row(((ids[i],) if with_ids else ()) + tuple(row) + default_values)
        if keys is not None:
            cursor.execute("SET LOCAL session_replication_role = origin")
    return ids
