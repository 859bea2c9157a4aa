"""A store that cannot be written: a full disk, a read-only file, a read-only folder or mount, a file that is not
a database. Writing commands stop with `Error: message` and exit 1 (never a traceback), keeping what was
committed; reading commands (events, export, serve ...) open the store read-only and work.

Permissions: as a normal user the tests chmod the file (0444) or its folder (0555). Root ignores permissions, so
as root (CI) they make the file or folder immutable with `chattr +i` instead (root cannot write those either),
and skip with the reason where chattr is not permitted. The error mapping and the read-only opens are also
tested by means that need no permissions at all (a read-only connection, SQLite's page cap as a full disk).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import shutil
import stat
import subprocess
import sys
import warnings
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import event, text
from typer.testing import CliRunner

import eventwire.store as store_pkg
from eventwire.cli import app
from eventwire.errors import ConfigError, EventwireError, StoreError, StoreOpenError
from eventwire.store import Store, migrations
from eventwire.store import db as D

with warnings.catch_warnings():  # starlette suggests httpx2; httpx is what this project pins
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

runner = CliRunner()
DATA = resources.files("eventwire") / "data"
SAMPLES = str(DATA / "samples")
DEMO = str(DATA / "demo")
ROOT = os.geteuid() == 0
SRC = str(Path(__file__).resolve().parents[1] / "src")


def _ingest(db, *sources, extra=()):
    res = runner.invoke(app, ["ingest", *map(str, sources), "--db", str(db), "--json", *extra])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _clear_failure(res, *words):
    """Exit 1, `Error: ...` on stderr with these words, and no exception escaped (no traceback)."""
    assert res.exit_code == 1, res.output
    assert isinstance(res.exception, SystemExit), repr(res.exception)  # typer.Exit(1), not an escaped error
    assert res.stderr.startswith("Error: ") or "\nError: " in res.stderr, res.stderr
    assert "Traceback" not in res.output
    for w in words:
        assert w in res.stderr, (w, res.stderr)


def _digest(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextlib.contextmanager
def read_only(path: Path):
    """Make a file or folder unwritable for this process: chmod as a normal user, `chattr +i` as root."""
    if not ROOT:
        mode = stat.S_IMODE(path.stat().st_mode)
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if not shutil.which("chattr"):
        pytest.skip("running as root (root ignores permissions) and there is no chattr to make the store immutable")
    got = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if got.returncode != 0:
        pytest.skip(f"running as root (root ignores permissions) and `chattr +i` is not permitted here: "
                    f"{got.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The samples ingested once; each test copies the file (the writer closed, so the WAL is checkpointed)."""
    folder = tmp_path_factory.mktemp("built")
    db = folder / "events.db"
    _ingest(db, SAMPLES)
    assert not (folder / "events.db-wal").exists()  # the last writer checkpointed and removed the WAL
    return db


@pytest.fixture
def store_copy(built, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "events.db"
    shutil.copy(built, db)
    return db


# ------------------------------------------------------------------------------------------- read-only file
def test_read_only_file_reads_work_and_ingest_says_why_in_a_real_process(store_copy):
    before = _digest(store_copy)
    with read_only(store_copy):
        res = runner.invoke(app, ["events", "--db", str(store_copy), "-f", "jsonl"])
        assert res.exit_code == 0, res.output
        assert len(res.stdout.splitlines()) > 0
        res = runner.invoke(app, ["incidents", "--db", str(store_copy), "-f", "jsonl"])
        assert res.exit_code == 0 and res.stdout.strip(), res.output
        got = subprocess.run([sys.executable, "-m", "eventwire", "ingest", DEMO, "--db", str(store_copy)],
                             capture_output=True, text=True, env={**os.environ, "PYTHONPATH": SRC}, timeout=300)
    assert got.returncode == 1, got.stderr
    assert "Traceback" not in got.stderr
    assert got.stderr.strip().splitlines()[-1].startswith("Error: "), got.stderr
    assert "cannot be written" in got.stderr and "the file is read-only" in got.stderr
    assert "open it read-only" in got.stderr  # says what still works
    assert _digest(store_copy) == before  # nothing changed
    with Store(store_copy, readonly=True) as s:
        assert s.counts()["articles"] == 7


# ----------------------------------------------------------------------------------------- read-only folder
def test_read_only_folder_events_export_and_serve_work(store_copy, tmp_path, caplog):
    folder = store_copy.parent
    before = _digest(store_copy)
    with read_only(folder):
        res = runner.invoke(app, ["events", "--db", str(store_copy), "-f", "jsonl"])
        assert res.exit_code == 0, res.output
        events = [json.loads(line) for line in res.stdout.splitlines()]
        assert events
        out = tmp_path / "events.jsonl"  # a writable folder elsewhere
        res = runner.invoke(app, ["export", "plover-jsonl", "--db", str(store_copy), "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert len(out.read_text().splitlines()) == len(events)
        res = runner.invoke(app, ["graph", "--db", str(store_copy), "-f", "json"])
        assert res.exit_code == 0, res.output

        from eventwire.api import create_app

        with caplog.at_level(logging.WARNING, logger="eventwire.store.db"):
            api = create_app(str(store_copy), token=None)  # what `eventwire serve --db` does
        assert api.state.store.readonly and api.state.store.immutable
        assert "changes other writers make to it will not be seen" in caplog.text
        with TestClient(api) as client:
            health = client.get("/api/health")
            assert health.status_code == 200, health.text
            assert health.json()["counts"]["articles"] == 7
            got = client.get("/api/events", params={"limit": 1000})
            assert got.status_code == 200 and len(got.json()["items"]) == len(events)

        res = runner.invoke(app, ["ingest", DEMO, "--db", str(store_copy)])
        _clear_failure(res, "cannot be written", f"its folder {folder} cannot be written")
        assert sorted(os.listdir(folder)) == ["events.db"]  # no -wal or -shm could be (or was) made
    assert _digest(store_copy) == before


def test_read_only_folder_with_an_old_schema_is_a_clear_error(store_copy):
    _downgrade(store_copy)
    with read_only(store_copy.parent):
        res = runner.invoke(app, ["events", "--db", str(store_copy)])
        _clear_failure(res, "older than this eventwire reads", "cannot be migrated here (its folder",
                       "Migrate it where")


# -------------------------------------------------------------------------------------------------- full disk
def test_full_disk_during_ingest_is_a_clear_error_and_keeps_committed_batches(store_copy, monkeypatch):
    """SQLite's page cap stands in for a full disk: SQLITE_FULL, "database or disk is full"."""
    engines = []
    real = D.make_engine

    def capped(url, **kw):
        engine = real(url, **kw)
        state = {"start": None}

        @event.listens_for(engine, "begin")
        def _cap(conn):
            if not conn.get_execution_options().get("eventwire_write"):
                return
            n = conn.exec_driver_sql("SELECT count(*) FROM articles").scalar_one()
            state["start"] = n if state["start"] is None else state["start"]
            if n >= state["start"] + 3:  # three articles of this run committed: the disk is now full
                pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()
                conn.exec_driver_sql(f"PRAGMA max_page_count = {int(pages)}")
        engines.append(engine)
        return engine

    monkeypatch.setattr(D, "make_engine", capped)
    res = runner.invoke(app, ["ingest", DEMO, "--db", str(store_copy), "--batch-size", "1"])
    _clear_failure(res, "the disk is full", "database or disk is full", "Free space",
                   "what was committed before is kept")
    assert engines  # the cap was in place
    monkeypatch.setattr(D, "make_engine", real)
    with Store(store_copy, readonly=True) as s:
        kept = s.counts()["articles"]
        assert kept >= 7 + 3  # the samples and the batches committed before the disk filled
        assert s.read(lambda c: c.exec_driver_sql("PRAGMA integrity_check").scalar_one()) == "ok"
    again = _ingest(store_copy, DEMO)  # space freed: the rerun stores the rest, once
    with Store(store_copy, readonly=True) as s:
        assert s.counts()["articles"] == 7 + again["read"] - again["rejected_total"]
    assert again["duplicate"] >= 3


def test_disk_full_and_read_only_codes_of_both_backends_are_mapped():
    class PgError(Exception):
        def __init__(self, sqlstate, msg):
            super().__init__(msg)
            self.sqlstate = sqlstate

    pg = D.resolve_url("postgresql://u:secret@db.example/events")
    err = D.store_error(PgError("53100", 'could not extend file "base/16384/2619": No space left on device'), pg)
    assert isinstance(err, StoreError) and err.kind == "disk_full"
    assert "disk is full" in str(err) and "PostgreSQL server's disk" in str(err) and "secret" not in str(err)
    err = D.store_error(PgError("25006", "cannot execute INSERT in a read-only transaction"), pg)
    assert err.kind == "read_only" and "read-only" in str(err)
    assert D.store_error(PgError("23505", "duplicate key value"), pg) is None  # not ours to translate
    assert D.error_kind(PgError(None, "database or disk is full")) == "disk_full"


# ------------------------------------------------------------------------------------------- not a database
def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database, only some text " * 200)
    before = _digest(junk)
    for cmd in (["events"], ["export", "acled-csv"], ["ingest", SAMPLES]):
        res = runner.invoke(app, [*cmd, "--db", str(junk)])
        _clear_failure(res, "not an eventwire store", "not a SQLite database")
    with pytest.raises(StoreOpenError) as err:
        Store(junk, readonly=True)
    assert err.value.kind == "not_a_database" and isinstance(err.value, ConfigError)
    from eventwire.api import create_app

    with pytest.raises(StoreError):
        create_app(str(junk))
    assert _digest(junk) == before


# ----------------------------------------------------------------------------------- read-only opens, any user
def test_reading_opens_neither_create_nor_change_the_store(store_copy, tmp_path):
    missing = tmp_path / "absent" / "x.db"
    for cmd in (["events"], ["export", "geojson"], ["graph"], ["actors"]):
        res = runner.invoke(app, [*cmd, "--db", str(missing)])
        _clear_failure(res, f"no store at {missing}", "run `eventwire ingest")
    assert not missing.parent.exists()
    with pytest.raises(ConfigError, match="no store at"):
        Store(tmp_path / "none.db", readonly=True)
    assert not (tmp_path / "none.db").exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(ConfigError, match="no store at"):
        Store(empty, readonly=True)
    assert empty.stat().st_size == 0

    before = _digest(store_copy)
    for cmd in (["events"], ["incidents"], ["articles"], ["export", "parquet", "-o", str(tmp_path / "x.parquet")],
                ["graph", "-f", "graphml"]):
        res = runner.invoke(app, [*cmd, "--db", str(store_copy)])
        assert res.exit_code == 0, (cmd, res.output)
    assert _digest(store_copy) == before


def test_a_newer_schema_is_refused_by_a_reading_open(store_copy):
    engine = D.make_engine(D.resolve_url(store_copy))
    D.write(engine, lambda c: c.exec_driver_sql(
        "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'future', 'now')"))
    engine.dispose()
    res = runner.invoke(app, ["events", "--db", str(store_copy)])
    _clear_failure(res, "newer than this eventwire knows", "upgrade eventwire")


def test_a_read_only_store_refuses_writes_with_a_store_error(db_url):
    with store_pkg.open(db_url):
        pass  # the schema, nothing else
    with Store(db_url, readonly=True) as s:
        assert s.events() == [] and s.schema_version() == migrations.LATEST
        with pytest.raises(StoreError) as err:
            s.write(lambda c: None)
        assert err.value.kind == "opened_read_only"
        # the connection itself refuses: SQLite mode=ro / query_only, PostgreSQL READ ONLY transactions
        with pytest.raises(StoreError) as err:
            D.write(s.engine, lambda c: c.execute(text(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (999, 'x', 'now')")))
        assert err.value.kind == "read_only" and "cannot be written" in str(err.value)
    with Store(db_url, create=False) as s:
        assert s.schema_version() == migrations.LATEST  # nothing was written


def test_serve_with_a_token_opens_the_store_for_writing(store_copy):
    from eventwire.api import create_app

    assert create_app(str(store_copy), token=None).state.store.readonly
    assert not create_app(str(store_copy), token="a-test-token-that-is-long-enough").state.store.readonly


def test_an_old_schema_read_by_a_reading_command_is_migrated_where_it_can_be_written(store_copy, caplog):
    _downgrade(store_copy)
    with caplog.at_level(logging.INFO, logger="eventwire.store"):
        res = runner.invoke(app, ["events", "--db", str(store_copy), "-f", "jsonl"])
    assert res.exit_code == 0 and res.stdout.strip(), res.output
    assert f"to {migrations.LATEST} before reading it" in caplog.text
    with Store(store_copy, readonly=True) as s:
        assert s.schema_version() == migrations.LATEST


def test_a_read_only_file_refuses_writes_under_any_user(store_copy):
    """Root too: a connection opened read-only (the URI SQLite's own read-only files get) maps its refusal."""
    with Store(store_copy, readonly=True) as s:
        with pytest.raises(StoreError) as err:
            D.write(s.engine, lambda c: c.execute(text("DELETE FROM articles")))
    assert err.value.kind == "read_only" and "Make it writable to ingest" in str(err.value)
    assert isinstance(err.value, EventwireError) and err.value.path == str(store_copy)


def _downgrade(db: Path) -> None:
    """Make the store one schema version older: the newest step (12, an index made on PostgreSQL only, so on
    SQLite nothing but its record) undone."""
    assert migrations.LATEST == 12 and migrations.steps()[-1][1].__name__.endswith("m0012_events_list_order")
    undo = [f"DELETE FROM schema_version WHERE version = {migrations.LATEST}"]
    engine = D.make_engine(D.resolve_url(db))
    D.write(engine, lambda c: [c.exec_driver_sql(q) for q in undo])
    engine.dispose()
