from django.db import migrations

from marketplace.graphql.response_cache import SEQUENCE


class Migration(migrations.Migration):
    """The catalogue's version (``response_cache``): a sequence, so that moving it takes no lock."""

    dependencies = []

    operations = [
        migrations.RunSQL(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}", f"DROP SEQUENCE IF EXISTS {SEQUENCE}"),
    ]
