"""The committed storefront stylesheet and fonts are what `make shop-css` builds from
storefront_theme/scss/ and package-lock.json: the build runs again into a temporary folder and every
file must match byte for byte (so an edit of the SCSS or a new Bootstrap without a rebuild fails here).
The stylesheet holds only the Bootstrap parts and utilities the storefront's templates use, and every
Bootstrap class a template uses is in it."""
import re
import subprocess
from pathlib import Path

import oscar
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


# --- only the Bootstrap the templates use (Lighthouse, issue 16) -----------------------------------

BOOTSTRAP_CSS = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.css"
OSCAR_TEMPLATES = Path(oscar.__file__).resolve().parent / "templates"
# Oscar templates the storefront never renders although it does not override them: a block of a page it
# does override replaces the include (catalogue/detail.html's product_gallery shows otop/partials/gallery.html).
NEVER_RENDERED = {"oscar/catalogue/partials/gallery.html"}


def _storefront_templates():
    """Every template a storefront page may render: this project's, and Oscar's that it does not override
    (the dashboard has Oscar's own stylesheet)."""
    ours = ROOT / "storefront_theme" / "templates"
    overridden = {path.relative_to(ours) for path in ours.rglob("*.html")}
    yield from ours.rglob("*.html")
    yield from (path for path in (ROOT / "marketplace").glob("*/templates/**/*.html") if "dashboard" not in path.parts)
    for path in OSCAR_TEMPLATES.rglob("*.html"):
        name = path.relative_to(OSCAR_TEMPLATES)
        if "dashboard" not in name.parts and name not in overridden and str(name) not in NEVER_RENDERED:
            yield path


def _template_classes():
    classes = set()
    for path in _storefront_templates():
        text = path.read_text()
        # the classes widget_tweaks' {% render_field field class+="…" %} adds, in Oscar's form templates
        for value in re.findall(r"""\{%\s*render_field\b[^%]*?\bclass\+?=["']([^"']*)["']""", text):
            classes.update(value.split())
        text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}", " ", text)  # a class named by a variable is not knowable
        for value in re.findall(r"""class\s*=\s*["']([^"']*)["']""", text):
            classes.update(value.split())
    return classes


def _css_classes(css):
    return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", re.sub(r'url\([^)]*\)|"[^"]*"', "", css)))


def test_every_bootstrap_class_a_storefront_template_uses_is_in_the_trimmed_stylesheet():
    # given the class names of Bootstrap's full stylesheet and the ones the storefront's templates use
    if not BOOTSTRAP_CSS.exists():
        pytest.fail("Bootstrap is missing from node_modules: run `make static-deps` (npm ci)")
    bootstrap = _css_classes(BOOTSTRAP_CSS.read_text())
    used = _template_classes()
    assert {"btn-primary", "col-md-3", "d-md-none", "visually-hidden"} <= used & bootstrap  # the search finds them

    # when the shop's stylesheet, built from only some of Bootstrap's parts, is read
    shop = _css_classes((STATIC / "css" / "shop.css").read_text())

    # then every Bootstrap class in use is styled (a class missing here would show unstyled on some page),
    missing = sorted((used & bootstrap) - shop)
    assert missing == [], f"add the Bootstrap part or utility of {missing} to storefront_theme/scss/shop.scss"
    # and so is every Bootstrap 4 side spacing Oscar's templates use (ml-2, mr-sm-1: _oscar-compat.scss lists them)
    sides = {name for name in used if re.fullmatch(r"(ml|mr|pl|pr)(-(sm|md|lg|xl|xxl))?-([0-5]|auto)", name)}
    assert "mr-sm-2" in sides and sorted(sides - shop) == [], "add them to $oscar-side-spacing in _oscar-compat.scss"
    # and the stylesheet is less than half of what the whole of Bootstrap made (226 KB before issue 16)
    assert len((STATIC / "css" / "shop.css").read_bytes()) < 140_000
