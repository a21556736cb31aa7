# The two quick-start commands: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PYTHON ?= python3

.PHONY: setup demo test lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(VENV)/bin/cxm run sample_data

test: setup
	$(VENV)/bin/pytest

lint: setup
	$(VENV)/bin/ruff check src tests connectors bench
	$(VENV)/bin/mypy

bench: setup
	$(VENV)/bin/python bench/bench_ingest.py
