# Two entry points: `make run` serves the demo sandbox, `make test` runs the test suite.
# `make run PORT=9000 DATA=other.db` changes the port and where the state is kept.
# Each creates .venv with the Python given (python3 by default; 3.11 or newer) and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080
DATA ?= .sandbox-data/demo.db

.PHONY: run test lint bench clean compile chromium wheel

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

# An editable install leaves the project's own modules without bytecode, and with
# PYTHONDONTWRITEBYTECODE=1 (common in containers and CI) Python would compile all ~120 of them
# on every start (0.3 s of start-up): compile them here (a no-op when they are up to date).
compile: | $(BIN)/python
	$(BIN)/python -m compileall -q src

run: $(VENV)/.run-installed compile
	$(BIN)/billing-sandbox serve --host $(HOST) --port $(PORT) --data $(DATA)

test: $(VENV)/.test-installed chromium
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

# The browser tests load the docs pages in headless Chromium (Debian package).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "make test needs chromium, and apt-get is not available here: install Chromium and run make test again" >&2; exit 1; }; \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "installing chromium: $$sudo apt-get install -y chromium"; \
	  $$sudo apt-get install -y -q chromium >/dev/null 2>&1 || { $$sudo apt-get update -q >/dev/null && $$sudo apt-get install -y -q chromium >/dev/null; } || { echo "make test: apt-get could not install chromium" >&2; exit 1; }; }

# The wheel client teams install (dist/billing_sandbox-<version>-py3-none-any.whl).
wheel: $(VENV)/.test-installed
	rm -rf build  # setuptools would keep files removed since the last build
	$(BIN)/python -m build --wheel --outdir dist .

$(VENV)/.bench-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

# The stateless peer the bench measures beside the sandbox: Prism 5, installed with npm into a
# gitignored folder of the bench (node and npm from Debian's packages when they are missing).
PRISM_DIR := bench/.cache/prism
PRISM := $(PRISM_DIR)/node_modules/.bin/prism

$(PRISM):
	@command -v npm >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "make bench needs npm (Node.js) for Prism, and apt-get is not available here: install Node.js 18 or newer and run make bench again" >&2; exit 1; }; \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "installing node and npm: $$sudo apt-get install -y nodejs npm"; \
	  $$sudo apt-get install -y -q nodejs npm >/dev/null 2>&1 || { $$sudo apt-get update -q >/dev/null && $$sudo apt-get install -y -q nodejs npm >/dev/null; } || { echo "make bench: apt-get could not install npm" >&2; exit 1; }; }
	mkdir -p $(PRISM_DIR)
	npm install --prefix $(PRISM_DIR) --no-audit --no-fund --loglevel=error @stoplight/prism-cli@5

# The load generator is wrk (Debian package); the figures are printed by bench/run.py.
bench: $(VENV)/.bench-installed compile $(PRISM)
	@command -v wrk >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null 2>&1 || { echo "make bench needs wrk, and apt-get is not available here: install wrk (https://github.com/wg/wrk) and run make bench again" >&2; exit 1; }; \
	  sudo=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  echo "installing wrk: $$sudo apt-get install -y wrk"; \
	  $$sudo apt-get install -y -q wrk >/dev/null 2>&1 || { $$sudo apt-get update -q >/dev/null && $$sudo apt-get install -y -q wrk >/dev/null; } || { echo "make bench: apt-get could not install wrk" >&2; exit 1; }; }
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) .sandbox-data dist build
