"""``manage.py search_products "QUERY" [--limit N] [--json]``: the ranked programme codes for a
query, as the storefront would rank them (the relevance evaluation runs this)."""
import json

from django.core.management.base import BaseCommand, CommandError

from marketplace.search import service


class Command(BaseCommand):
    help = "Print the programme codes of the products a search finds, best first."

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--limit", type=int, default=10, help="how many codes to print (default 10, at most 100)")
        parser.add_argument("--json", action="store_true", help="print a JSON object instead of one code a line")

    def handle(self, *args, query, limit, json: bool, **options):
        if not 1 <= limit <= service.MAX_PER_PAGE:
            raise CommandError(f"--limit must be between 1 and {service.MAX_PER_PAGE}, not {limit}")
        service.sync()  # products imported in bulk since the last index write
        result = service.search(query, per_page=limit)
        if json:
            self.stdout.write(_dumps({
                "query": query, "total": result.total, "codes": result.codes, "exact": result.exact,
                "did_you_mean": result.did_you_mean, "engine": service.engine().name,
            }))
            return
        for code in result.codes:
            self.stdout.write(code)
        if result.did_you_mean:
            self.stderr.write(f"did you mean: {result.did_you_mean}")


def _dumps(value):
    return json.dumps(value, ensure_ascii=False)
