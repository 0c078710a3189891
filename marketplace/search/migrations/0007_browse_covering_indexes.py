"""Category and province pages answered from an index alone: their indexes carry every column
browsing reads (``models.BROWSE_COLUMNS``), and autovacuum keeps the table's pages marked visible
after a fiftieth of its rows changed (the default waits for a fifth), since an index-only scan
reads the table for every page not so marked. A full reindex VACUUMs the table it builds."""
from django.db import migrations, models

TABLE = "otop_search_searchdocument"
COVERED = ("product_id", "listed_from", "listed_until", "category", "province_iso", "region", "producer_id",
           "star_level", "selection_year", "standard_bits", "price", "price_usd")


class Migration(migrations.Migration):
    dependencies = [("otop_search", "0006_kind_terms")]

    operations = [
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_category"),
        migrations.RemoveIndex(model_name="searchdocument", name="search_doc_province"),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["category"], include=tuple(c for c in COVERED if c != "category"),
                               name="search_doc_category"),
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["province_iso"], include=tuple(c for c in COVERED if c != "province_iso"),
                               name="search_doc_province"),
        ),
        migrations.RunSQL(
            f"ALTER TABLE {TABLE} SET (autovacuum_vacuum_scale_factor = 0.02, "
            "autovacuum_vacuum_insert_scale_factor = 0.02)",
            f"ALTER TABLE {TABLE} RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor)"),
    ]
