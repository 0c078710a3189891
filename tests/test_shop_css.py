"""The committed storefront stylesheet and fonts are what `make shop-css` builds from
storefront_theme/scss/ and package-lock.json: the build runs again into a temporary folder and every
file must match byte for byte (so an edit of the SCSS or a new Bootstrap without a rebuild fails here)."""
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "storefront_theme" / "static" / "storefront_theme"


def test_the_committed_shop_css_and_fonts_are_what_the_scss_builds(tmp_path):
    if not (ROOT / "node_modules" / ".bin" / "sass").exists():
        pytest.fail("sass is missing from node_modules: run `make static-deps` (npm ci)")

    subprocess.run([str(ROOT / "storefront_theme" / "build-shop-css.sh"), str(tmp_path)], check=True, timeout=300)

    built = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert [str(path) for path in built] == [
        "css/shop.css", "fonts/sarabun-latin-400-normal.woff2", "fonts/sarabun-latin-600-normal.woff2",
        "fonts/sarabun-thai-400-normal.woff2", "fonts/sarabun-thai-600-normal.woff2"]
    stale = [str(path) for path in built if (tmp_path / path).read_bytes() != (STATIC / path).read_bytes()]
    assert stale == [], f"run `make shop-css` and commit: {stale} differ from what the SCSS builds"


def test_the_stylesheet_uses_only_the_shops_own_fonts_and_no_remote_url():
    css = (STATIC / "css" / "shop.css").read_text()
    urls = set(re.findall(r'url\("?([^")]+)', css))
    assert {url for url in urls if not url.startswith(("data:", "../fonts/"))} == set()
    assert "@import" not in css
    assert css.count("@font-face") == 4 and 'url("../fonts/sarabun-thai-400-normal.woff2")' in css
