"""Keep search-document rows narrow so that a search reading thousands of them stays fast.

The large ``terms`` vector (every field, stories included) is only read through its GIN index,
so it lives out of line (EXTERNAL, toast_tuple_target 256). The small vectors and the names
that scoring reads for every product found stay in the row, uncompressed (PLAIN)."""
from django.db import migrations

TABLE = "otop_search_searchdocument"

FORWARD = f"""
ALTER TABLE {TABLE} ALTER COLUMN terms SET STORAGE EXTERNAL;
ALTER TABLE {TABLE} ALTER COLUMN name_terms SET STORAGE PLAIN;
ALTER TABLE {TABLE} ALTER COLUMN meta_terms SET STORAGE PLAIN;
ALTER TABLE {TABLE} ALTER COLUMN names SET STORAGE PLAIN;
ALTER TABLE {TABLE} SET (toast_tuple_target = 256);
"""
BACKWARD = f"""
ALTER TABLE {TABLE} ALTER COLUMN terms SET STORAGE EXTENDED;
ALTER TABLE {TABLE} ALTER COLUMN name_terms SET STORAGE EXTENDED;
ALTER TABLE {TABLE} ALTER COLUMN meta_terms SET STORAGE EXTENDED;
ALTER TABLE {TABLE} ALTER COLUMN names SET STORAGE EXTENDED;
ALTER TABLE {TABLE} RESET (toast_tuple_target);
"""


class Migration(migrations.Migration):
    dependencies = [("otop_search", "0002_scoring_vectors")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
