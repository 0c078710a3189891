"""Where the database lives: the embedded PostgreSQL under var/ (shared by processes, kept
across restarts) or, with DATABASE_URL, that server and nothing started.

These run real processes of the project against their own var/ folder, not the test database.
"""
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import psutil
import pytest

REPO = Path(__file__).resolve().parent.parent

# A process of the project that keeps its database connection open until told to stop, as
# runserver does.
HOLDER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, os.environ["REPO"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    import django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS kept (note text)")
        cursor.execute("INSERT INTO kept VALUES ('made by the first process')")
        cursor.execute("SELECT pg_backend_pid() > 0")
    print("ready", flush=True)
    sys.stdin.readline()
""")

READER = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, os.environ["REPO"])
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    import django
    django.setup()
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM kept")
        print("|".join(row[0] for row in cursor.fetchall()))
        print(connection.settings_dict["ENGINE"])
""")


def _env(var_dir, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OTOP_DB_NAME")}
    env.update(REPO=str(REPO), OTOP_VAR_DIR=str(var_dir), OTOP_DB_NAME="embedded_check", **extra)
    return env


def _servers_on(pgdata):
    found = []
    for proc in psutil.process_iter(attrs=["name", "cmdline"]):
        if proc.info["name"] == "postgres" and str(pgdata) in " ".join(proc.info["cmdline"] or []):
            found.append(proc)
    return found


def _run(script, env):
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)


def test_processes_share_one_embedded_server_and_its_data_survives_a_restart(tmp_path):
    var_dir = tmp_path / "var"
    env = _env(var_dir)
    # given a long-running process (a web server) attached to the embedded server
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        postmasters = _servers_on(var_dir / "pgdata")
        # when a management command runs at the same time
        reader = _run(READER, env)
        # then it reads what the first process wrote, from the same server
        assert reader.returncode == 0, reader.stderr
        assert reader.stdout.splitlines()[0] == "made by the first process"
        assert _servers_on(var_dir / "pgdata") == postmasters
    finally:
        holder.communicate("\n", timeout=60)
    # when the last process has gone, the server stops ...
    assert _servers_on(var_dir / "pgdata") == []
    # ... and a later start finds the data where it was
    again = _run(READER, env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines() == ["made by the first process", "marketplace.db.backend"]
    assert _servers_on(var_dir / "pgdata") == []


def _local_postgres_reachable():
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _local_postgres_reachable(), reason="no PostgreSQL server on 127.0.0.1:5432")
def test_with_database_url_that_server_is_used_and_nothing_is_started(tmp_path):
    var_dir = tmp_path / "var"
    env = _env(var_dir, DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    script = READER.replace('cursor.execute("SELECT note FROM kept")', 'cursor.execute("SELECT \'reached\'")')
    result = _run(script, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["reached", "django.db.backends.postgresql"]
    assert not (var_dir / "pgdata").exists()


def test_processes_attaching_and_leaving_together_keep_the_server_usable(tmp_path):
    import json

    var_dir = tmp_path / "var"
    env = _env(var_dir)
    attached = var_dir / "pgdata" / ".handle_pids.json"
    # given a long-running process attached to the embedded server
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready", holder.stderr.read()
        # when eight processes attach, read and leave at the same time (as gunicorn's workers do)
        readers = [subprocess.Popen([sys.executable, "-c", READER], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for _ in range(8)]
        results = [(reader.wait(timeout=120), *reader.communicate()) for reader in readers]
        # then every one of them read the data and left nothing behind on the way out
        for code, out, err in results:
            assert code == 0 and out.startswith("made by the first process"), err
            assert "Traceback" not in err, err
        # and the list of attached processes is readable and names the first process alone
        assert json.loads(attached.read_text()) == [holder.pid]
    finally:
        holder.communicate("\n", timeout=60)
    assert _servers_on(var_dir / "pgdata") == []
    # and a list an older version left empty does not stop the next process
    attached.write_text("")
    again = _run(READER, env)
    assert again.returncode == 0, again.stderr
    assert json.loads(attached.read_text()) == []


def test_the_last_process_stops_the_server_even_when_another_was_killed_without_leaving(tmp_path):
    import signal

    var_dir = tmp_path / "var"
    env = _env(var_dir)
    # given two long-running processes attached to the embedded server (a web server and a worker)
    holders = []
    for _ in range(2):  # one after the other: two creating the holder's table at once would collide
        holders.append(subprocess.Popen([sys.executable, "-c", HOLDER], env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
        assert holders[-1].stdout.readline().strip() == "ready", holders[-1].stderr.read()
    assert _servers_on(var_dir / "pgdata")
    try:
        # when one is killed (it cannot detach) and the other then exits normally
        holders[0].send_signal(signal.SIGKILL)
        holders[0].wait(timeout=30)
        holders[1].communicate("\n", timeout=60)
        left_running = _servers_on(var_dir / "pgdata")
    finally:
        for server in _servers_on(var_dir / "pgdata"):  # nothing left behind should the check fail
            server.kill()
    # then the server stopped with the last live process, as it does when all leave normally
    assert left_running == []
