"""Django's PostgreSQL backend, pointed at the embedded server when the first connection opens.

Starting the server here rather than in settings means commands that never touch the
database (``check``, ``makemigrations --check`` on a fresh clone, ``--help``) start nothing.
The project's own database is created on first use; test databases (``test_*``) are left to
the test runner, which creates and drops them itself.
"""
from django.db.backends.postgresql import base

from marketplace.db import embedded


class DatabaseWrapper(base.DatabaseWrapper):
    def get_connection_params(self):
        params = super().get_connection_params()
        dbname = params.get("dbname") or ""
        create = dbname if dbname and dbname != "postgres" and not dbname.startswith("test_") else None
        params["host"] = embedded.socket_dir(create)
        params.pop("port", None)
        return params
