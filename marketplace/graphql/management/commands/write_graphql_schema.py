"""Write the API's schema to marketplace/graphql/schema.graphql (a test fails when they differ)."""
from pathlib import Path

from django.core.management.base import BaseCommand

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


class Command(BaseCommand):
    help = "Print the GraphQL schema to marketplace/graphql/schema.graphql"

    def handle(self, *args, **options):
        from marketplace.graphql.schema import printed

        SCHEMA_FILE.write_text(printed(), encoding="utf-8")
        self.stdout.write(f"wrote {SCHEMA_FILE}")
