"""Which database a benchmark's process uses: the embedded server's by ``OTOP_DB_NAME``, or, when
``DATABASE_URL`` names another server, the database of that name on it."""


def point_at(environment, name) -> None:
    """Point ``environment`` (``os.environ``, or a copy for a child process) at database ``name``."""
    environment["OTOP_DB_NAME"] = name
    if environment.get("DATABASE_URL"):
        environment["DATABASE_URL"] = environment["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
