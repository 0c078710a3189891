"""Fresh planner statistics for the tables an import wrote, as soon as it has committed.

PostgreSQL plans each query from the statistics ``ANALYZE`` gathers, which autovacuum keeps up
to date some time after large writes. Right after a large first import there are none: a page
of products sorted by price was planned as nested loops over the whole catalogue and ran for
over five minutes, 0.66 s once the tables were analysed. ANALYZE reads a sample of fixed size
(300 × ``default_statistics_target`` rows per table; the import asks for 9,000), so it costs
about the same for 1,000 or 100,000 products. Autovacuum is still required in production for
everything else written later (orders, stock, producers' own edits): see infra/README.md.
"""
from django.db import connection, transaction
from oscar.core.loading import get_model

from catalog_import.models import RecordFingerprint
from marketplace.catalog.models import Listing, Packaging, ProductProfile
from marketplace.certification.models import Certification, Standard
from marketplace.channels.models import ChannelListingRow
from marketplace.producers.models import Producer

SAMPLE_TARGET = 30  # default_statistics_target for the import's ANALYZE: 300 × 30 rows sampled per table


def written_models():
    """Every model the import inserts into or updates (``upsert.CatalogWriter``, ``fingerprints``)."""
    return [get_model("partner", "Partner"), Producer, get_model("catalogue", "Product"), ProductProfile, Packaging,
            get_model("catalogue", "ProductCategory"), get_model("partner", "StockRecord"), Certification, Standard,
            RecordFingerprint, Listing, ChannelListingRow]


def analyze_written_tables(only=None, leave_out=()):
    """ANALYZE the tables the import writes (``only`` these models, or all but ``leave_out``).
    Inside the import's transaction it sees the transaction's own rows, and its statistics are
    committed (or rolled back) with them."""
    models = [m for m in (only or written_models()) if m not in leave_out]
    tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in models)
    with transaction.atomic(), connection.cursor() as cursor:
        # A sample of 9,000 rows per table rather than 30,000 (catalog-20k: 0.37 -> 0.20 s): what the
        # plans need is the size of the tables and their broad distributions; autovacuum analyses
        # with the full sample later.
        cursor.execute(f"SET LOCAL default_statistics_target = {SAMPLE_TARGET}")
        cursor.execute(f"ANALYZE {tables}")
        cursor.execute("SET LOCAL default_statistics_target TO DEFAULT")
