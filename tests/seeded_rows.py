"""Putting back the rows the data migrations seeded (provinces, categories, shipping zones)
after a transactional test (live_server, races) has emptied every table.

Django restores them only at the start of the next ``serialized_rollback`` test; the tests
that follow in other modules, and the next run of a reused test database, need them too.
"""
from django.core.management import call_command
from django.db import connections


def put_back_seeded_rows():
    """Empty the tables (whatever tests left, including content types created since the last
    flush, which would clash), then load the contents serialized when the test database was set up."""
    for connection in connections.all():
        contents = getattr(connection, "_test_serialized_contents", None)
        if contents:
            # sequences keep counting, as after Django's own flush: the restored rows keep their ids
            call_command("flush", database=connection.alias, interactive=False, inhibit_post_migrate=True,
                         reset_sequences=False, verbosity=0)
            connection.creation.deserialize_db_from_string(contents)
