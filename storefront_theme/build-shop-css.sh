#!/bin/sh
# Builds the storefront's stylesheet and copies the fonts it names into OUT (the static folder by
# default): `make shop-css` runs it; tests/test_shop_css.py runs it into a temporary folder and fails
# when the committed files differ. Needs node_modules from `npm ci` (package-lock.json pins sass,
# Bootstrap and the font).
set -eu
cd "$(dirname "$0")/.."
OUT=${1:-storefront_theme/static/storefront_theme}
mkdir -p "$OUT/css" "$OUT/fonts"
node_modules/.bin/sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import --silence-deprecation=global-builtin \
	--load-path=node_modules storefront_theme/scss/shop.scss "$OUT/css/shop.css"
for subset in thai latin; do
	for weight in 400 600; do
		cp node_modules/@fontsource/sarabun/files/sarabun-$subset-$weight-normal.woff2 "$OUT/fonts/"
	done
done
