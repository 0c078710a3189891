"""A page's products' list relations (stock records, channel prices, images, certifications…) read
for all its products at once and handed to each product as Django's ``prefetch_related`` would:
``product.<relation>.all()`` then reads them without a query. Both front ends load their pages'
cards through here (the storefront's ``catalog.queries.card_list``, the API's
``graphql/catalog/loading.py``).

Why not ``prefetch_related``: Django builds and runs a queryset per relation, then a filtered
queryset per product and relation; for these simple tables (a ``product`` key and plain columns)
the SQL is written once per model here and the statements go to PostgreSQL together in psycopg's
pipeline mode, one round trip for all of them."""
from functools import lru_cache

from django.db import connection

from marketplace.core import library_edges


@lru_cache(maxsize=None)
def select_by_product(model):
    """SQL selecting every column of ``model``'s rows for an array of product ids, in the model's
    own ordering; with the field names and the fields' conversions from database values."""
    meta, quote = model._meta, connection.ops.quote_name
    fields = meta.concrete_fields
    order = []
    for name in [*(meta.ordering or ()), "pk"]:
        field = meta.pk if name.lstrip("-") == "pk" else meta.get_field(name.lstrip("-"))  # (no lookups across relations)
        order.append(quote(field.column) + (" DESC" if name.startswith("-") else ""))
    sql = (f"SELECT {', '.join(quote(f.column) for f in fields)} FROM {quote(meta.db_table)} "
           f"WHERE {quote(meta.get_field('product').column)} = ANY(%s) ORDER BY {', '.join(order)}")
    converters = [(i, f.get_db_converters(connection)) for i, f in enumerate(fields) if f.get_db_converters(connection)]
    return sql, [f.attname for f in fields], converters


def rows_of(models, ids):
    """For each of ``models`` (tables with a ``product`` key), its instances that belong to
    ``ids``, as the ORM would give them, all read in one round trip."""
    if not models:
        return []
    connection.ensure_connection()
    cursors = []
    try:
        with connection.wrap_database_errors, connection.connection.pipeline():
            for model in models:
                cursors.append(connection.cursor())
                cursors[-1].execute(select_by_product(model)[0], [list(ids)])
        return [_instances(model, cursor.fetchall()) for model, cursor in zip(models, cursors)]
    finally:
        for cursor in cursors:
            cursor.close()


def _instances(model, rows):
    _, names, converters = select_by_product(model)
    instances = []
    for row in rows:
        if converters:
            row = list(row)
            for index, functions in converters:
                for convert in functions:
                    row[index] = convert(row[index], None, connection)
        instances.append(model.from_db(connection.alias, names, row))
    return instances


def attach(products, name, rows):
    """Hand each of ``products`` its ``(product id, item)`` pairs of ``rows`` as relation ``name``
    (``library_edges.keep_prefetched``): ``.all()`` reads them, anything chained asks the database."""
    grouped = {product.pk: [] for product in products}
    for product_id, item in rows:
        grouped[product_id].append(item)
    manager = getattr(products[0], name)
    lookup = library_edges.relation_filter_name(manager)
    for product in products:
        library_edges.keep_prefetched(product, name, manager.model, lookup, grouped[product.pk])


def prefetch(products, *names):
    """Read the relations ``names`` (each a table with a ``product`` key) of all ``products`` in one
    round trip and attach them."""
    products = [product for product in products if product is not None]
    if not products or not names:
        return products
    models = [getattr(products[0], name).model for name in names]
    for name, rows in zip(names, rows_of(models, [product.pk for product in products])):
        attach(products, name, [(row.product_id, row) for row in rows])
    return products
