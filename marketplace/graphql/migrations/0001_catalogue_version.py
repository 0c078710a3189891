from django.db import migrations

from marketplace.catalog.version import SEQUENCE


class Migration(migrations.Migration):
    """The catalogue's version, made here when only the API's response cache read it; it now
    belongs to ``catalog.version`` (``otop_catalog.0007`` makes it too), so undoing this keeps it."""

    dependencies = []

    operations = [
        migrations.RunSQL(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}", migrations.RunSQL.noop),
    ]
