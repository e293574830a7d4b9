# The two commands a newcomer needs:
#   make serve   build the site and serve it locally, rebuilding on change
#   make test    run every test (lint, types, calculator, Pyodide, site, browser)
# Everything else is a step they depend on. Each step creates what it needs
# (.venv, node_modules) and says plainly what is missing when it cannot.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# The toolchain floor is Python 3.12: pyodide-lock, which registers the calculator's wheel in
# Pyodide's lock file at build time, needs it. The package itself supports 3.11+.
PYTHON_BOOTSTRAP ?= $(shell scripts/find-python.sh 2>/dev/null)
SITE_DIR := site
# Which engine builds the site: mkdocs (MkDocs 1.6 + Material 9, the default) or zensical.
SITE_ENGINE ?= mkdocs
# site_build/ (the build for both engines) is imported by the engines from the checkout.
SITE_BUILD := PYTHONPATH=$(CURDIR) $(PY) -m site_build

.PHONY: help venv node lint typecheck test test-calculator test-pyodide test-engines build offline bench serve clean

help:
	@echo "make serve   build the site and serve it at a local address, rebuilding on change"
	@echo "make test    run every test"
	@echo "make build   build the site into $(SITE_DIR)/ (SITE_ENGINE=zensical: with Zensical)"
	@echo "make offline build the offline copy (read from disk) into $(OFFLINE_ZIP)"
	@echo "make bench   measure how soon the pages answer on three networks (Chromium); table into README.md"

$(VENV)/.installed: requirements-dev.txt calculator/pyproject.toml scripts/find-python.sh
	@if [ -z "$(PYTHON_BOOTSTRAP)" ]; then \
	  echo "error: Python 3.12 or later is needed to build this project and none was found." >&2; \
	  echo "       Install it (Debian 12 has only 3.11: use pyenv, e.g. 'pyenv install 3.12'), or run: make PYTHON_BOOTSTRAP=/path/to/python3.12 ..." >&2; \
	  exit 1; fi
	@"$(PYTHON_BOOTSTRAP)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null || { \
	  echo "error: Python 3.12 or later is needed; $(PYTHON_BOOTSTRAP) is $$("$(PYTHON_BOOTSTRAP)" --version 2>&1)." >&2; exit 1; }
	@echo "Creating $(VENV) with $(PYTHON_BOOTSTRAP)"
# --clear: a changed requirements file gives a fresh venv, not one with leftovers.
	"$(PYTHON_BOOTSTRAP)" -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
# No build isolation: build the editable install with the pinned setuptools above.
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e calculator
	touch $@

venv: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	@command -v node >/dev/null || { echo "error: Node.js 18 or later is needed (for Pyodide) and 'node' was not found." >&2; exit 1; }
	@command -v npm >/dev/null || { echo "error: npm (which comes with Node.js 18 or later) is needed and was not found." >&2; exit 1; }
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || { echo "error: Node.js 18 or later is needed; found $$(node --version)." >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy calculator/src/gist_calculator hooks/gist_site.py site_build

test-calculator: venv
	$(VENV)/bin/pytest tests/calculator

test-pyodide: venv node
	$(VENV)/bin/pytest -m pyodide tests/pyodide

# The site in WebKit (WebKitGTK through Selenium, under Xvfb) and Firefox ESR (through
# puppeteer-core over WebDriver BiDi), online and from disk; part of `make test` too.
test-engines: venv node
	$(VENV)/bin/pytest tests/engines

test: lint typecheck venv node
	$(VENV)/bin/pytest

# The site. SITE_URL is the address it will be served from (instant navigation needs it
# exact, port and sub-path included). The engine renders the pages (the calculator's HTML
# through the Markdown extension site_build.markers); `python -m site_build finish` then adds
# Pyodide, the calculator's wheel, the snapshot and every page's security policy (under
# MkDocs the hook in hooks/ runs it). SITE_ENGINE=zensical builds with Zensical instead.
build: venv node
	$(SITE_BUILD) build --engine $(SITE_ENGINE) --site-dir $(SITE_DIR)

# The offline copy readers download: the site built to work from disk (file://), with the
# calculator, zipped as one folder. GIST_OFFLINE_ZIP=$(OFFLINE_ZIP) make build then publishes
# it beside the online site (the Pages workflow does). SITE_ENGINE applies here too.
OFFLINE_ZIP := dist/gist-guide-offline.zip
offline: venv node
	$(PY) scripts/build_offline.py --engine $(SITE_ENGINE) --out $(OFFLINE_ZIP)

# How soon a reader gets a correct answer: not a test, since timings are noisy. Builds the
# site and the offline copy, serves the site through a simulated link (bench/network.py:
# unthrottled, 9 Mbps / 60 ms, 1.6 Mbps / 150 ms) and drives Debian's Chromium against it
# and against a page that only boots Pyodide (T_base, per profile); prints the table, writes
# bench/results/latest.json and puts the table into README.md's Performance section.
# Run it on an otherwise idle machine (no other browser running). BENCH_ARGS passes more,
# e.g. make bench BENCH_ARGS="--profiles fast --reps 1" for a quick look.
BENCH_ARGS ?=
bench: venv node
	NO_MKDOCS_2_WARNING=1 $(PY) bench/run.py --readme $(BENCH_ARGS)

# Served under a sub-path, as on GitHub Pages, so a URL that is not relative shows up here.
SERVE_ADDR ?= 127.0.0.1:8000
SERVE_PATH ?= /gist-guide/
serve: venv node
	@echo "Serving the site at http://$(SERVE_ADDR)$(SERVE_PATH) (rebuilds on change; Ctrl+C stops)"
	$(SITE_BUILD) serve --engine $(SITE_ENGINE) --addr $(SERVE_ADDR) --path $(SERVE_PATH)

clean:
	rm -rf $(SITE_DIR) dist build .pytest_cache .mypy_cache .ruff_cache
