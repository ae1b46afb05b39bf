# Commonplace: `make run` to try it, `make test` to test everything. `make help` lists all targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
FLASK := $(BIN)/flask --app backend
PYTEST_ARGS ?= -n 2
PY_SOURCES := $(wildcard backend search tests bench)

.DEFAULT_GOAL := help
.PHONY: help install frontend run migrate seed test test-sqlite test-postgres test-frontend test-e2e lint format bench bench-paint clean

help: ## List every target with its purpose
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,semantic]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p node_modules && touch $@

FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.mts frontend/tsconfig.json

# Rebuilt whenever a source file or a dependency is newer than the build.
frontend/dist/index.html: $(FRONTEND_SOURCES) node_modules/.installed
	npm run --silent build

install: $(VENV)/.installed node_modules/.installed frontend/dist/index.html ## Create .venv, install Python and npm dependencies and build the frontend (only what is missing or stale)

frontend: node_modules/.installed frontend/dist/index.html ## Build the web frontend into frontend/dist (when missing or stale)

migrate: install ## Apply database migrations (SQLite under instance/ unless DATABASE_URL is set)
	$(FLASK) db upgrade

seed: install ## Load the starter communities and questions from seeds/ (idempotent)
	$(FLASK) seed

run: migrate ## Install, migrate, seed on first run, and serve on http://HOST:PORT (Ctrl-C stops)
	$(FLASK) seed --first-run
	$(FLASK) threads render
	$(BIN)/python -m backend.serve --host $(HOST) --port $(PORT) --stop-with-parent

test: lint test-frontend test-sqlite test-postgres ## Run every test suite: lint, frontend unit tests, API and browser tests on SQLite, API tests on PostgreSQL

test-frontend: node_modules/.installed ## Frontend type check and unit tests (vitest)
	npm run --silent check
	npm test --silent

test-e2e: install ## Browser tests only (headless Chromium), against SQLite
	$(BIN)/pytest $(PYTEST_ARGS) tests/e2e

test-sqlite: install ## API and browser tests against SQLite
	$(BIN)/pytest $(PYTEST_ARGS)

# The browser tests run once, on SQLite: what they add (the frontend) does not change with the
# database, and a second run cost about 3 of CI's 30 minutes.
test-postgres: install ## API and search tests against a throwaway PostgreSQL server (or DATABASE_URL if set)
	scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS) --ignore=tests/e2e

lint: install ## ruff (lint and format check) and mypy
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(BIN)/mypy

format: install ## Reformat the Python code
	$(BIN)/ruff format $(PY_SOURCES)
	$(BIN)/ruff check --fix $(PY_SOURCES)

bench: install ## API benchmarks on SQLite, then on PostgreSQL with 1, 2, 4 workers (docs/benchmarks.md); takes a while
	$(BIN)/python -m bench.api_bench
	scripts/with-postgres $(BIN)/python -m bench.pg_bench

bench-paint: install ## Search box: keystroke -> results painted, in headless Chromium (docs/benchmarks.md)
	$(BIN)/python -m bench.search_paint

clean: ## Remove the virtualenv, node_modules and caches (keeps instance/ data)
	rm -rf $(VENV) node_modules frontend/dist .pytest_cache .mypy_cache .ruff_cache
