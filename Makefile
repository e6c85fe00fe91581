# Two commands on a fresh machine: `make site` and `make test` (see README).
SHELL := /bin/bash
# Any Python 3.11 or newer found on the machine; override with `make PYTHON=/path/to/python`.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then echo $$p; break; fi; done)
# The site engine: mkdocs (MkDocs 1.6) or properdocs (its maintained drop-in continuation). Both are locked.
ENGINE ?= mkdocs
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# Fixed timestamps make the offline zip byte-identical for the same commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1

.PHONY: site web offline editions edition-config test test-engines serve lint check workflows bench lock browsers clean runtime deps

# A regional edition: `make site REGION=guangdong` (a folder of data/regions/); without REGION (or with
# REGION=national) the national edition as before. The edition's two configuration files are generated
# from its data (`kb edition-config`, kb.publish.editions) and INHERIT mkdocs.yml and mkdocs-offline.yml.
override REGION := $(filter-out national,$(REGION))
WEB_CONFIG := $(if $(REGION),mkdocs-edition-$(REGION).yml,mkdocs.yml)
OFFLINE_CONFIG := $(if $(REGION),mkdocs-edition-$(REGION)-offline.yml,mkdocs-offline.yml)
SITE_DIR := site$(if $(REGION),-$(REGION))

site: web offline

# Every edition: the national one, then each region's (kb regions lists them, parents first).
editions: runtime
	$(MAKE) site REGION=
	@set -e; for region in $$($(BIN)/kb regions); do $(MAKE) site REGION=$$region; done

edition-config: runtime
	$(if $(REGION),$(BIN)/kb edition-config $(REGION),@true)

# Runtime: what building the site needs, from the hash-checked lock, then the project itself.
runtime: $(VENV)/.runtime node_modules/.installed
$(VENV)/.runtime: requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11 或更新的版本（没有找到）。"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps --no-build-isolation -e .
	@# An editable install compiles nothing; compiled modules spare every build compiling them again.
	$(BIN)/python -m compileall -q kb hooks >/dev/null
	touch $@

# Development and test tools on top (pytest, playwright, ruff, LinkChecker, workflow checkers).
deps: $(VENV)/.dev node_modules/.installed
$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@

# npm tools for the tests (axe-core, vnu-jar, puppeteer-core) from the lock file; no install scripts.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Each build goes to a temporary folder and replaces site/ (site-offline/) only when it succeeds; the
# offline build (--bundle) then writes dist/*-offline.zip and swaps it in with site-offline/. A second
# build waits for the first (.kb-build.lock).
web: runtime edition-config
	$(BIN)/python -m kb.infra.build --engine $(ENGINE) --config $(WEB_CONFIG) --site-dir $(SITE_DIR)

offline: runtime edition-config
	$(BIN)/python -m kb.infra.build --engine $(ENGINE) --config $(OFFLINE_CONFIG) --site-dir $(SITE_DIR)-offline --bundle $(if $(REGION),--edition $(REGION))

serve: runtime edition-config
	$(BIN)/$(ENGINE) serve --config-file $(WEB_CONFIG) --dev-addr 127.0.0.1:8000

# Debian's chromium, Firefox ESR (the offline search test) and CJK fonts for the browser tests, Java for the Nu checker.
browsers:
	@command -v chromium >/dev/null && command -v firefox-esr >/dev/null && fc-list :lang=zh | grep -q . && command -v java >/dev/null || { \
	  echo "Installing chromium, Firefox ESR, CJK fonts and Java from Debian…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr fonts-noto-cjk default-jre-headless >/dev/null; }

check: runtime
	$(BIN)/kb check

lint: deps
	$(BIN)/ruff check kb hooks tests bench

# GitHub workflows: valid against the workflow schema (bundled with check-jsonschema) and no findings
# of the zizmor audit (suppressions, each with its reason, in zizmor.yml). Both work offline.
workflows: deps
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress --config zizmor.yml .github/workflows/

# The whole suite with MkDocs, then the build tests again with ProperDocs.
test: deps browsers workflows
	$(BIN)/ruff check kb hooks tests bench
	$(BIN)/kb check
	ENGINE=mkdocs $(BIN)/python -m pytest -q
	ENGINE=properdocs $(BIN)/python -m pytest -q -m engine

bench: deps
	$(BIN)/python -m bench

# Maintainers: refresh the locks after changing pyproject.toml or package.json (needs `uv`).
lock:
	uv pip compile pyproject.toml --extra build --generate-hashes --python-version 3.11.7 -o requirements.lock
	uv pip compile pyproject.toml --extra build --extra dev --generate-hashes --python-version 3.11.7 -o requirements-dev.lock
	npm install --package-lock-only --ignore-scripts --no-audit --no-fund

clean:
	rm -rf site site-offline site-*/ dist test-artifacts .cache mkdocs-edition-*.yml
