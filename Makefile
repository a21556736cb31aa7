# The two quick-start commands: `make demo` and `make test`. Both set up .venv first.
VENV ?= .venv
PYTHON ?= python3

.PHONY: setup demo test lint bench chromium

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	touch $@

demo: setup
	$(VENV)/bin/cxm run sample_data

test: setup chromium
	$(VENV)/bin/pytest

# The console's browser tests drive Debian's Chromium (no browser downloads).
chromium:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get install -y --no-install-recommends chromium \
	  || { $$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }; }

lint: setup
	$(VENV)/bin/ruff check src tests connectors bench
	$(VENV)/bin/mypy

bench: setup
	$(VENV)/bin/python bench/bench_ingest.py
