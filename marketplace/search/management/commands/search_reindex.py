"""``manage.py search_reindex``: rebuild the search index from the listable products.

PostgreSQL: rewrites every search document in one transaction (searches keep answering from
the old documents until it commits). Elasticsearch: builds a new versioned index and moves
the alias to it, then deletes the old index, so searches never see a half-built index.
"""
import time

from django.core.management.base import BaseCommand

from marketplace.search import service


class Command(BaseCommand):
    help = "Rebuild the product search index."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args, batch_size, **options):
        started = time.perf_counter()
        total = service.reindex(batch_size=batch_size, progress=lambda n: self.stderr.write(f"  {n} products"))
        seconds = time.perf_counter() - started
        rate = total / seconds if seconds else 0
        self.stdout.write(f"Indexed {total} products with {service.engine().name} in {seconds:.1f} s ({rate:.0f}/s).")
