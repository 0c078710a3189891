"""The structure keeps itself: the import contract in ``.importlinter`` (the domain never imports the
API, the theme or the import; search and import never import the API; no cycles between the
marketplace's apps) holds for the code as it is, checked by import-linter on every test run."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd=ROOT):
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_the_import_contract_holds():
    # given the contract in .importlinter
    # when import-linter checks every import of the project (those inside functions too)
    result = _lint_imports()
    # then every contract is kept (its report says which import breaks which one)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_catches_an_import_of_the_api_from_the_domain(tmp_path):
    # given a copy of the project where a domain module imports the API
    for part in ("marketplace", "catalog_import", "storefront_theme", ".importlinter"):
        subprocess.run(["cp", "-r", str(ROOT / part), str(tmp_path)], check=True)
    (tmp_path / "marketplace" / "provinces" / "leak.py").write_text("from marketplace.graphql import schema\n")
    # when import-linter checks it
    result = _lint_imports(cwd=tmp_path)
    # then the contract is broken, naming the import
    assert result.returncode != 0
    assert "marketplace.provinces.leak -> marketplace.graphql" in result.stdout
