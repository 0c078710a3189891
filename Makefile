# The two commands of the README: `make run` (set up and start with demo data) and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

PIP_VERSION := 26.3
UV_VERSION := 0.13.9

.PHONY: venv lock system-deps run setup demo test bench check clean-db messages graphql-schema static-deps \
	saleor-parity bench-venv lock-bench shop-css saleor-storefront

venv: $(VENV)/.installed

# Installs exactly requirements.lock (every package, transitive ones included, with hashes), so a
# fresh clone installs the same versions next month as today.
$(VENV)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip check
	touch $@

# Refreshes requirements.lock from requirements.txt (the direct dependencies) with uv's resolver.
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile requirements.txt --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --quiet -o requirements.lock

# Debian packages the browser tests and translations need: Chromium (never a downloaded
# browser), Thai fonts so Thai does not render as boxes, gettext for compilemessages, npm for `make static-deps`.
system-deps:
	@PKGS=""; \
	command -v chromium >/dev/null || PKGS="$$PKGS chromium"; \
	command -v msgfmt >/dev/null || PKGS="$$PKGS gettext"; \
	command -v npm >/dev/null || PKGS="$$PKGS npm"; \
	fc-list 2>/dev/null | grep -qi "tlwg" || PKGS="$$PKGS fonts-thai-tlwg"; \
	if [ -n "$$PKGS" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$PKGS >/dev/null; \
	fi

# Browser libraries (Chart.js for the producers' Sales page) from the npm registry, exactly the
# versions and integrity hashes of package-lock.json (`npm ci`, no install scripts run), copied into
# the sales app's static files (git-ignored) and served from this site: never from a CDN.
CHART_JS := marketplace/sales/static/sales/vendor/chart.umd.min.js

static-deps: $(CHART_JS) node_modules/.bin/sass

$(CHART_JS): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	mkdir -p $(dir $@)
	cp node_modules/chart.js/dist/chart.umd.min.js node_modules/chart.js/dist/chart.umd.min.js.map $(dir $@)

# The storefront's stylesheet (Bootstrap 5.3 and Sarabun from package-lock.json, the tokens and parts in
# storefront_theme/scss/) built into storefront_theme/static/storefront_theme/ and committed, so that
# `make run` needs no Node; tests/test_shop_css.py fails when the committed files are stale.
shop-css: node_modules/.bin/sass
	storefront_theme/build-shop-css.sh

node_modules/.bin/sass: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# The address e-mailed links use (password reset, quotes): the demo's own (marketplace/core/site.py);
# migrate gives it to Django's Site.
setup demo run: export OTOP_SITE_URL ?= http://$(HOST):$(PORT)
setup: venv
	$(PY) manage.py migrate --noinput

demo: setup static-deps
	$(PY) manage.py load_demo_catalog
	$(PY) manage.py load_demo_accounts
	$(PY) manage.py load_demo_content

# The web server and a background-job worker, started and stopped (Ctrl-C) together.
run: demo
	@echo "The marketplace is at http://$(HOST):$(PORT)/ (English at /en/); admin at /admin/, dashboard at /dashboard/."
	$(PY) manage.py run_with_worker $(HOST):$(PORT)

test: venv system-deps static-deps bench-venv
	$(VENV)/bin/pytest

check: venv
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run

# The GraphQL schema file (tests/test_graphql_schema.py fails when it differs from the code).
graphql-schema: venv
	$(PY) manage.py write_graphql_schema

# Where schema.graphql differs from Saleor's for what Saleor's storefront reaches, written to
# docs/saleor-parity.txt (README, "Schema parity with Saleor"). SALEOR_SCHEMA: saleor/graphql/schema.graphql
# of saleor/saleor at 3.23.28; SALEOR_STOREFRONT: a checkout, or the git directory, of saleor/storefront.
SALEOR_STOREFRONT_REV ?= 60fea090
saleor-parity: venv
	@test -n "$(SALEOR_SCHEMA)" -a -n "$(SALEOR_STOREFRONT)" || { echo "usage: make saleor-parity SALEOR_SCHEMA=… SALEOR_STOREFRONT=…"; exit 2; }
	$(PY) -m marketplace.graphql.parity marketplace/graphql/schema.graphql $(SALEOR_SCHEMA) $(SALEOR_STOREFRONT) \
		$(SALEOR_STOREFRONT_REV) > docs/saleor-parity.txt
	@cat docs/saleor-parity.txt

# Saleor's storefront, unchanged, built with its own pnpm against this API on the demo data and walked
# through in Debian's Chromium from the home page to a paid order (README, "Run Saleor's storefront
# against this marketplace"). STOREFRONT_DIR: a checkout of saleor/storefront at $(SALEOR_STOREFRONT_REV).
STOREFRONT_PORT ?= 3000
saleor-storefront: demo
	@test -n "$(STOREFRONT_DIR)" || { echo "usage: make saleor-storefront STOREFRONT_DIR=<checkout of saleor/storefront>"; exit 2; }
	$(PY) infra/saleor-storefront/run.py $(STOREFRONT_DIR) --api-port $(PORT) --port $(STOREFRONT_PORT)

bench: venv bench-venv
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# The benchmarks' own tools (locust) in a virtualenv of their own, pinned by requirements-bench.lock.
bench-venv: .venv-bench/.installed

.venv-bench/.installed: requirements-bench.lock
	test -x .venv-bench/bin/python || $(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet pip==$(PIP_VERSION)
	.venv-bench/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-bench.lock
	.venv-bench/bin/python -m pip check
	touch $@

lock-bench:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(VENV)/bin/uv pip compile requirements-bench.txt --generate-hashes --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --quiet -o requirements-bench.lock

# Translations: extract the project's strings into locale/th/LC_MESSAGES/django.po, then compile.
# The .mo files are committed (tests/test_i18n.py checks they match the .po files), so that
# `make run` and production need no gettext. Oscar strings we translate live in locale/oscar/.
messages: venv
	$(PY) manage.py makemessages -l th --add-location=file --ignore=.venv --ignore=var --ignore=tests \
		--ignore=bench --ignore=infra --ignore=locale
	$(PY) manage.py compilemessages --ignore=.venv --ignore=var

clean-db:
	rm -rf var/pgdata
