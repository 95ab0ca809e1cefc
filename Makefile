# Forbedring: everything a fresh machine needs is set up by these targets.
#   make run            set up, create or migrate the SQLite database, load the demo when the
#                       database is empty, and serve http://127.0.0.1:8000 (PORT=8080 make run)
#   make test           ruff, mypy, the migrations check, Django's system check and the whole
#                       test suite on SQLite
#   make test-postgres  the test suite on PostgreSQL (POSTGRES_URL; fails if it is not reachable)
#   make demo-cli       the command-line demo: the SPC engine on demo CSV files
#   make bench          the speed and memory benchmarks (figures in README.md)

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
# pytest-django creates (and afterwards drops) test_forbedring on this server itself.
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/forbedring

# The interpreter that builds the virtual environment: pyenv's build of .python-version when
# pyenv has it, else a python3.12 on PATH.
BOOTSTRAP_PYTHON ?= $(shell \
	p=$$(pyenv prefix $(PYTHON_VERSION) 2>/dev/null)/bin/python; \
	if [ -x "$$p" ]; then echo "$$p"; else command -v python3.12 || command -v python3; fi)

.PHONY: run demo-cli test lint typecheck migrations check pytest test-postgres postgres-ready \
	bench setup messages compile-messages browser-tools clean

setup: $(STAMP) compile-messages browser-tools

$(STAMP): pyproject.toml constraints.txt
	@echo "Setting up $(VENV) with $(BOOTSTRAP_PYTHON)"
	@$(BOOTSTRAP_PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python >= 3.12 is needed, found " + sys.version'
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

# The .mo files are built, not committed; Babel compiles them, so GNU gettext is not needed.
compile-messages: $(STAMP)
	@if [ -f scripts/compile_messages.py ]; then $(PY) scripts/compile_messages.py; fi

# Extract new messages into the da and nb catalogues (needs GNU gettext: apt-get install gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l da -l nb --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'benchmarks/*'

# The browser tests need Debian's Chromium and axe-core from npm. Without them they skip
# locally; under CI=1 they fail, so CI cannot pass without having run them.
browser-tools: node_modules/.package-lock.json
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; \
		else echo "Chromium not found: browser tests will skip (apt-get install chromium)"; fi; }

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: browser accessibility checks will skip (apt-get install npm)"; fi

# The web platform on SQLite (DATABASE_URL selects another database). The demo is loaded only
# into an empty database, so data entered in the demo survives a restart.
run: $(STAMP) compile-messages
	@$(PY) manage.py migrate --no-input --verbosity 0
	@$(PY) manage.py load_demo --url http://127.0.0.1:$(PORT)/
	@# The background worker runs large imports; it stops when the server stops.
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

demo-cli: $(STAMP)
	$(VENV)/bin/forbedring demo --output demo-output

test: lint typecheck migrations check pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check forbedring tests benchmarks
	$(VENV)/bin/ruff format --check forbedring tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy forbedring

migrations: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

check: $(STAMP)
	$(PY) manage.py check --fail-level WARNING

pytest: setup
	$(PY) -m pytest

# Fails loudly (never skips) when PostgreSQL cannot be reached or the role may not create the
# test database.
test-postgres: setup postgres-ready
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest

postgres-ready: $(STAMP)
	@DATABASE_URL=$(POSTGRES_URL) $(PY) -c "$$POSTGRES_CHECK"

define POSTGRES_CHECK
import os, sys
import dj_database_url, psycopg
url = os.environ["DATABASE_URL"]
db = dj_database_url.parse(url)
options = {"host": db["HOST"] or None, "port": str(db["PORT"] or "") or None,
           "user": db["USER"] or None, "password": db["PASSWORD"] or None}
try:
    with psycopg.connect(dbname="postgres", connect_timeout=5, **options) as connection:
        query = "SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user"
        row = connection.execute(query).fetchone()
except psycopg.Error as error:
    sys.exit(f"FAILED: PostgreSQL is not reachable at {url}:\n{error}")
if not (row and row[0]):
    sys.exit(f"FAILED: the role of {url} may not create databases, and pytest-django must "
             f"create test_{db['NAME']}; run ALTER ROLE {db['USER']} CREATEDB")
print(f"PostgreSQL at {url} is reachable and its role may create databases.")
endef
export POSTGRES_CHECK

bench: $(STAMP)
	$(PY) benchmarks/spc_cli.py
	$(PY) benchmarks/charts_svg.py
	$(PY) benchmarks/web_speed.py
	$(PY) benchmarks/network_dashboard.py
	$(PY) benchmarks/import_speed.py
	$(PY) benchmarks/leader_overview.py
	$(PY) benchmarks/status_reports.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis demo-output
