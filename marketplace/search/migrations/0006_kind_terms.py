"""What a product is (``documents.kind_of``), a small vector scoring reads for every product
found: kept in the row, uncompressed, like the other scoring vectors (0003)."""
import django.contrib.postgres.search
from django.db import migrations

TABLE = "otop_search_searchdocument"


class Migration(migrations.Migration):
    dependencies = [("otop_search", "0005_price_usd")]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="kind_terms",
            field=django.contrib.postgres.search.SearchVectorField(default=""),
        ),
        migrations.RunSQL(f"ALTER TABLE {TABLE} ALTER COLUMN kind_terms SET STORAGE PLAIN",
                          f"ALTER TABLE {TABLE} ALTER COLUMN kind_terms SET STORAGE EXTENDED"),
    ]
