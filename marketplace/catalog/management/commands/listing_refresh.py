"""``manage.py listing_refresh``: rewrite the kept listing (``catalog.Listing``) from the rule.

``--check`` only compares the table with the rule worked out from scratch, and the totals kept from
it (the listed products per channel and certification window) with its rows counted afresh, and
exits with status 1 (printing the products and totals and what differs) when they disagree; nothing
is written. Without it, the table, the rows kept from it and those totals are all rewritten.
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
            differing, totals = listing.mismatches(), listing.total_mismatches()
            for pk, what in sorted(differing.items())[:50]:
                self.stdout.write(f"product {pk}: {what}")
            for total, what in totals.items():
                self.stdout.write(f"{total}: {what}")
            problems = [f"{len(differing)} products' listing rows disagree with the rule"] if differing else []
            problems += [f"{len(totals)} kept counts disagree with the rows"] if totals else []
            if problems:
                raise CommandError("; ".join(problems) + "; run manage.py listing_refresh")
            self.stdout.write("Every product's listing row agrees with the rule, and every kept count with the rows.")
            return
        with transaction.atomic():
            written = listing.refresh()
        self.stdout.write(f"{written} listing rows written.")
