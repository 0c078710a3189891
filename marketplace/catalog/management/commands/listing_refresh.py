"""``manage.py listing_refresh``: rewrite the kept listing (``catalog.Listing``) from the rule.

``--check`` only compares the table with the rule worked out from scratch and exits with status 1
(printing the products and what differs) when they disagree; nothing is written.
"""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketplace.catalog import listing


class Command(BaseCommand):
    help = "Rewrite the listing table from the listing rule (--check: compare only)."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="compare the table with the rule; write nothing")

    def handle(self, *args, check=False, **options):
        if check:
            differing = listing.mismatches()
            if differing:
                for pk, what in sorted(differing.items())[:50]:
                    self.stdout.write(f"product {pk}: {what}")
                raise CommandError(f"{len(differing)} products' listing rows disagree with the rule; "
                                   f"run manage.py listing_refresh")
            self.stdout.write("Every product's listing row agrees with the rule.")
            return
        with transaction.atomic():
            written = listing.refresh()
        self.stdout.write(f"{written} listing rows written.")
