"""How the worker reaches the database, so that a job deferred by a job is part of that job's transaction.

In a web process a job is a row written through Django's own connection (``queue``'s promise). The
``procrastinate worker`` command swaps Django's connector for a psycopg one, which it needs to
fetch jobs and LISTEN; left as it is, that swap also sends the deferrals made *inside* a job
through the worker's own connection, committed at once while the job's transaction is still open.
A job that records notices and defers their sending in one transaction then had its sending run
before the notices existed (they were "sent" to nobody). Here the worker keeps psycopg for its own
work, and a job's synchronous deferrals go through Django's connection of the job's thread.

Installed by ``PROCRASTINATE_ON_APP_READY``.
"""
from procrastinate import psycopg_connector
from procrastinate.contrib.django import django_connector, utils
from procrastinate.contrib.django import settings as procrastinate_settings


class _WorkerConnector(psycopg_connector.PsycopgConnector):
    """The worker's connector: psycopg for fetching and listening; Django's connection for the
    synchronous calls, which only the jobs' own code makes."""

    def __init__(self, alias, **kwargs):
        super().__init__(**kwargs)
        self._django = django_connector.DjangoConnector(alias=alias)

    def get_sync_connector(self):
        return self._django


class TransactionalDjangoConnector(django_connector.DjangoConnector):
    def get_worker_connector(self):
        return _WorkerConnector(self.alias, kwargs=utils.connector_params(self.alias))


def on_app_ready(app):
    connector = TransactionalDjangoConnector(alias=procrastinate_settings.settings.DATABASE_ALIAS)
    app.connector = connector
    app.job_manager.connector = connector
