# Two entry points: `make run` serves the demo sandbox, `make test` runs the test suite.
# Each creates .venv with the Python given (python3 by default; 3.11 or newer) and installs what it needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.run-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

run: $(VENV)/.run-installed
	$(BIN)/billing-sandbox serve --host $(HOST) --port $(PORT) --fixtures fixtures/demo.yaml --data .sandbox-data/demo.db

test: $(VENV)/.test-installed
	$(BIN)/ruff check src tests
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) .sandbox-data
