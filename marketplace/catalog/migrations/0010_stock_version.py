from django.db import migrations

from marketplace.catalog.version import STOCK_SEQUENCE


class Migration(migrations.Migration):
    """The stock's version (``catalog.version``): moved by changes of stock quantities that leave what
    shoppers are told unchanged; only answers that show exact quantities are kept under it."""

    dependencies = [("otop_catalog", "0009_stock_alert_language")]

    operations = [
        migrations.RunSQL(f"CREATE SEQUENCE IF NOT EXISTS {STOCK_SEQUENCE}",
                          f"DROP SEQUENCE IF EXISTS {STOCK_SEQUENCE}"),
    ]
