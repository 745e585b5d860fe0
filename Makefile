# The one entry point. `make demo` and `make test` are the README's two commands.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: demo serve install install-dev assets migrate test test-sqlite test-postgres lint check bench lock clean production load

$(VENV)/.base: requirements/base.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "sakip needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/base.txt
	touch $@

$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.base node_modules/.installed
install-dev: $(VENV)/.dev node_modules/.installed
assets: node_modules/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

## demo: install, migrate the embedded SQLite database, load the demo data and serve it.
demo: migrate
	$(PY) manage.py load_demo
	@echo ""
	@echo "sakip berjalan di http://$(HOST):$(PORT)/  (hentikan dengan Ctrl+C)"
	$(PY) manage.py runserver $(HOST):$(PORT)

serve: migrate
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: lint, migrations check, the whole suite on SQLite and on PostgreSQL.
test: install-dev
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "!!! Chromium not found at $(CHROMIUM): browser tests cannot run (Debian: apt-get install chromium)." >&2; \
	  exit 1; fi
	$(MAKE) --no-print-directory lint check
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

check: install-dev
	mkdir -p var
	DATABASE_URL= $(PY) manage.py makemigrations --check --dry-run
	DATABASE_URL= $(PY) manage.py check --fail-level WARNING

test-sqlite: install-dev
	@echo "=== test suite on SQLite"
	DATABASE_URL= SAKIP_ENV=test $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install-dev
	@echo "=== test suite on PostgreSQL"
	@scripts/with-postgres env SAKIP_ENV=test $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS); status=$$?; \
	if [ $$status -eq 97 ]; then \
	  if [ "$$CI" = "true" ]; then echo "!!! CI=true: PostgreSQL is required." >&2; exit 1; fi; \
	  echo "!!! PostgreSQL suite SKIPPED: no PostgreSQL installed." >&2; exit 0; fi; \
	exit $$status

## bench: the synthetic-kabupaten benchmark on SQLite and PostgreSQL.
bench: install-dev
	DATABASE_URL= $(PY) -m sakip.bench
	scripts/with-postgres $(PY) -m sakip.bench

## production: migrate, collectstatic and serve with gunicorn (settings from the
## environment: docs/deployment.md).
production: install
	scripts/production

## load: the deadline load test (locust) against the production server on a throw-away
## PostgreSQL; writes var/load/report.md. Not part of `make test` or CI.
load: install-dev
	scripts/with-postgres $(PY) loadtest/run.py

## lock: regenerate requirements/*.txt: install each .in into a fresh venv and pip freeze.
LOCK_VENV := var/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --upgrade pip
	$(LOCK_VENV)/bin/pip install --quiet -r requirements/base.in
	{ echo "# Exact versions of requirements/base.in (regenerate: make lock)"; \
	  $(LOCK_VENV)/bin/pip freeze | LC_ALL=C sort -f -t= -k1,1; } >requirements/base.txt
	$(LOCK_VENV)/bin/pip install --quiet -r requirements/base.txt -r requirements/dev.in
	{ echo "# Exact versions of requirements/dev.in (regenerate: make lock)"; echo "-r base.txt"; \
	  $(LOCK_VENV)/bin/pip freeze | LC_ALL=C sort -f -t= -k1,1 | grep -vxFf requirements/base.txt; } >requirements/dev.txt
	rm -rf $(LOCK_VENV)

clean:
	rm -rf $(VENV) node_modules var
