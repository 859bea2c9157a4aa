# The two commands of the README. Both create .venv on first use and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup dashboard serve audit train

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

# Rebuild the shipped event model from the repo's own sentences (src/eventwire/data/training/), deterministically:
# the card's date is that of the last commit that touched them. A few minutes on 2 cores.
train: setup
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct -- src/eventwire/data/training 2>/dev/null || echo 0) \
	  $(BIN)/eventwire train --out src/eventwire/data/model/events

# The web dashboard (web/, see web/README.md), bundled into src/eventwire/api/static/ by esbuild; needs Node 18+
# and the npm registry. Rebuilt only when a web source changes.
STATIC := src/eventwire/api/static
WEB_SRC := web/package.json web/package-lock.json web/build.mjs web/index.html web/style.css $(wildcard web/src/*.js)

$(STATIC)/index.html: $(WEB_SRC)
	cd web && npm ci --no-audit --no-fund && npm run build

dashboard: $(STATIC)/index.html

# The API and the dashboard at http://127.0.0.1:$(PORT)/ over the default store (fill it with make demo) or DB=...
PORT ?= 8000
serve: setup dashboard
	$(BIN)/eventwire serve $(if $(DB),--db $(DB)) --port $(PORT)

# Known vulnerabilities in the installed (pinned) dependencies. Needs PyPI's JSON API or OSV on the network, which
# this project's build machines cannot reach, so it is not part of make test (see RELIABILITY.md).
audit: setup
	$(BIN)/pip install -q pip-audit==2.10.1
	$(BIN)/pip-audit --skip-editable --progress-spinner off
