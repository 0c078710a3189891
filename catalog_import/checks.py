"""System checks of the import's set-up, run by ``manage.py check --deploy --database default``
(checks that ask the database run only when ``--database`` names it)."""
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.database, deploy=True)
def import_may_skip_key_triggers(app_configs=None, databases=None, **kwargs):
    """Without the privilege a first import is slower (``bulk``'s text says by how much), not wrong:
    a warning, so that a deployment learns it before its first national file."""
    if "default" not in (databases or ()):
        return []
    from catalog_import.bulk import triggers_may_be_skipped

    try:
        if triggers_may_be_skipped():
            return []
    except DatabaseError:  # no database to ask: Django's own checks of it say so
        return []
    return [Warning(
        "The database user may not set session_replication_role: the programme-record import has "
        "PostgreSQL check each copied row's foreign keys at commit (about 1 s more per 20,000 rows).",
        hint="On PostgreSQL 15 or later: GRANT SET ON PARAMETER session_replication_role TO <the shop's "
             "database user>; before 15 only a superuser may.",
        id="otop.W002")]
