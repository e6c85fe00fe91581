# Two commands on a fresh machine: `make site` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# Fixed timestamps make the offline zip byte-identical for the same commit.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 315532800)
export SOURCE_DATE_EPOCH
export NO_MKDOCS_2_WARNING := 1

.PHONY: site web offline test serve lint check workflows bench lock browsers clean deps

site: web offline

deps: $(VENV)/.installed node_modules/.installed

# Python dependencies from the hash-checked lock file, then the project itself.
$(VENV)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# npm assets (iframe-worker shim, axe-core, vnu-jar) from the lock file; no install scripts.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

web: deps
	$(BIN)/mkdocs build --clean --config-file mkdocs.yml

offline: deps
	rm -f dist/*-offline.zip
	$(BIN)/mkdocs build --clean --config-file mkdocs-offline.yml

serve: deps
	$(BIN)/mkdocs serve --config-file mkdocs.yml --dev-addr 127.0.0.1:8000

# Debian's chromium and CJK fonts for the browser tests, Java for the Nu checker.
browsers:
	@command -v chromium >/dev/null && fc-list :lang=zh | grep -q . && command -v java >/dev/null || { \
	  echo "Installing chromium, CJK fonts and Java from Debian…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk default-jre-headless >/dev/null; }

check: deps
	$(BIN)/kb check

lint: deps
	$(BIN)/ruff check kb hooks tests bench

# GitHub workflows: valid against the workflow schema (bundled with check-jsonschema) and no findings
# of the zizmor audit (suppressions, each with its reason, in zizmor.yml). Both work offline.
workflows: deps
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/zizmor --offline --no-progress --config zizmor.yml .github/workflows/

test: deps browsers workflows
	$(BIN)/ruff check kb hooks tests bench
	$(BIN)/kb check
	$(BIN)/python -m pytest -q

bench: deps
	$(BIN)/python -m bench

# Maintainers: refresh the locks after changing pyproject.toml or package.json.
lock:
	uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11.7 -o requirements.lock
	npm install --package-lock-only --ignore-scripts --no-audit --no-fund

clean:
	rm -rf site site-offline dist test-artifacts
