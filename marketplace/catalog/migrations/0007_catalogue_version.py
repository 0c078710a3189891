from django.db import migrations

from marketplace.catalog.version import SEQUENCE


class Migration(migrations.Migration):
    """The catalogue's version (``catalog.version``): a sequence, so that moving it takes no lock.
    ``otop_graphql.0001`` made it when only the API's cache read it; either may come first."""

    dependencies = [("otop_catalog", "0006_listing")]

    operations = [
        migrations.RunSQL(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}", f"DROP SEQUENCE IF EXISTS {SEQUENCE}"),
    ]
