"""Which database a benchmark's process uses: the embedded server's by ``OTOP_DB_NAME``, or, when
``DATABASE_URL`` names another server, the database of that name on it (created there when missing;
the embedded server creates its own) — never the database ``DATABASE_URL`` itself names.

``OTOP_BENCH_DB_SUFFIX`` gives every bench database another name (``otop_graphql_smoke``): the test
suite's smoke runs of the benches (tests/test_bench_smoke.py) leave a developer's catalogues alone."""
import os


def named(base: str) -> str:
    """The name of the bench database ``base``, with ``OTOP_BENCH_DB_SUFFIX`` when it is set."""
    suffix = os.environ.get("OTOP_BENCH_DB_SUFFIX", "")
    return f"{base}_{suffix}" if suffix else base


def point_at(environment, name) -> None:
    """Point ``environment`` (``os.environ``, or a copy for a child process) at database ``name``."""
    environment["OTOP_DB_NAME"] = name
    if environment.get("DATABASE_URL"):
        environment["DATABASE_URL"] = environment["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        _create_on_server(environment["DATABASE_URL"], name)


def _create_on_server(url, name) -> None:
    import psycopg
    from psycopg import sql

    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
