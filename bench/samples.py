"""Where the benchmarks find the programme's sample files: ``OTOP_SHARED`` names the shared
directory (``../shared`` beside the repository by default; another checkout, a worktree or the
test suite's small stand-in names another). The one place every bench reads it from."""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("OTOP_SHARED", REPO.parent / "shared"))
PROGRAMME_RECORDS = SHARED / "programme-records"
CATALOG_20K = PROGRAMME_RECORDS / "catalog-20k.csv"
QUERIES_20K = PROGRAMME_RECORDS / "catalog-20k.queries.jsonl"
TRUTH_20K = PROGRAMME_RECORDS / "catalog-20k.truth.jsonl"
