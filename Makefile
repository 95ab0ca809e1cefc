# Forbedring: everything a fresh machine needs is set up by these targets.
#   make run    set up and run the demo
#   make test   set up and run ruff, mypy and the whole test suite
#   make bench  run the speed and memory benchmarks (figures in README.md)

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The interpreter that builds the virtual environment: pyenv's build of .python-version when
# pyenv has it, else a python3.12 on PATH.
BOOTSTRAP_PYTHON ?= $(shell \
	p=$$(pyenv prefix $(PYTHON_VERSION) 2>/dev/null)/bin/python; \
	if [ -x "$$p" ]; then echo "$$p"; else command -v python3.12 || command -v python3; fi)

.PHONY: run test lint typecheck migrations pytest bench setup clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@echo "Setting up $(VENV) with $(BOOTSTRAP_PYTHON)"
	@$(BOOTSTRAP_PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python >= 3.12 is needed, found " + sys.version'
	$(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/forbedring demo --output demo-output

test: lint typecheck migrations pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check forbedring tests benchmarks
	$(VENV)/bin/ruff format --check forbedring tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy forbedring

migrations: $(STAMP)
	$(PY) manage.py makemigrations --check --dry-run

pytest: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) benchmarks/spc_cli.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis demo-output
