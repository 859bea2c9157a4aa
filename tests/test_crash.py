"""Crash safety with real processes and real signals: SIGKILL in the middle of a schema migration and in the
middle of an export leaves nothing half-done behind (the kill during ingest is in test_resume.py).

Each child process is told to pause at a known point inside the critical section (after it has written
something), announces it on stdout, and is killed there with SIGKILL: no cleanup code can run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from importlib import resources

import pytest
from sqlalchemy import text

from eventwire import ingest_sources
from eventwire.store import Store, migrations

SAMPLES = str(resources.files("eventwire") / "data" / "samples")


def _run_until(code: str, marker: str, timeout: float = 120) -> subprocess.Popen:
    """Start `code` in a child; wait until it prints `marker`, then SIGKILL it."""
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        line = ""
        while marker not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                raise AssertionError(f"child ended before {marker!r}: {proc.stderr.read()[-2000:]}")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    return proc


@pytest.fixture()
def populated(tmp_path):
    path = tmp_path / "crash.db"
    with Store(path) as store:
        ingest_sources(store, [SAMPLES])
        before = store.counts()
    return path, before


def test_kill_during_a_migration_leaves_the_old_schema_and_a_clean_retry(populated):
    path, before = populated
    # make the database look like one made before migration 2 (full-text index), as an upgrade would meet it
    with Store(path) as store:
        with store.engine.begin() as conn:
            conn.execute(text("DELETE FROM schema_version WHERE version = 2"))
            conn.execute(text("DROP TABLE articles_fts"))
    _run_until(f"""
        from eventwire.store.migrations import m0002_fts
        import time
        real = m0002_fts.upgrade
        def slow(conn):
            real(conn)                                   # the index is created and filled ...
            print("migrating", flush=True)
            time.sleep(60)                               # ... and the process dies before the commit
        m0002_fts.upgrade = slow
        import eventwire
        eventwire.open({str(path)!r}, create=True)
    """, "migrating")
    with Store(path) as store:  # the killed migration left nothing: it runs again, whole
        assert store.migrated == [2] and store.schema_version() == migrations.LATEST
        assert store.counts() == before
        title = store.articles(limit=1)[0]["title"].split()[-1]
        assert store.articles(search=title)
        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM articles_fts")).scalar() == before["articles"]
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_kill_during_ingest_transaction_keeps_earlier_batches_only(populated, tmp_path):
    path, before = populated
    src = tmp_path / "more.jsonl"
    import json

    rows = [{"id": f"m{i}", "text": f"Rebels attacked an army post in Idlib province on Monday, killing {i + 2} "
                                    f"soldiers, a monitor said. Dispatch {i}.", "published": "2024-12-02"}
            for i in range(6)]
    src.write_text("".join(json.dumps(r) + "\n" for r in rows))
    _run_until(f"""
        from eventwire.store import load
        import time
        real = load.load_batch
        calls = []
        def slow(conn, anns, **kw):
            out = real(conn, anns, **kw)
            calls.append(1)
            if len(calls) == 2:                          # the second batch is written but not committed
                print("writing", flush=True)
                time.sleep(60)
            return out
        load.load_batch = slow
        import eventwire
        eventwire.ingest_sources(eventwire.open({str(path)!r}, create=True), [{str(src)!r}], batch_size=2)
    """, "writing")
    with Store(path) as store:
        after = store.counts()
        assert after["articles"] == before["articles"] + 2  # the first batch, committed; nothing of the second
        assert store.counts()["events"] == sum(a["events"] for a in store.articles(limit=0))
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            orphans = conn.execute(text("SELECT count(*) FROM events WHERE article_id NOT IN "
                                        "(SELECT id FROM articles)")).scalar()
            assert orphans == 0
        again = ingest_sources(store, [str(src)], batch_size=2)  # the rerun stores the rest, once
        assert again["new"] == 4 and again["duplicate"] == 2
        assert store.counts()["articles"] == before["articles"] + 6


def test_kill_during_an_export_leaves_the_old_file_whole(populated, tmp_path):
    path, _ = populated
    out = tmp_path / "events.jsonl"
    out.write_text("the previous export\n")
    _run_until(f"""
        import eventwire, time
        from eventwire import export as X
        real = X.export
        def slow(store, fmt, fh, **f):
            counts = real(store, fmt, fh, **f)           # the whole export is in the temporary file ...
            fh.flush()
            print("exporting", flush=True)
            time.sleep(60)                               # ... and the process dies before the rename
            return counts
        X.export = slow
        X.export_to_file(eventwire.open({str(path)!r}, create=True), "plover-jsonl", {str(out)!r})
    """, "exporting")
    assert out.read_text() == "the previous export\n"  # readers never see a partial file
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".events.jsonl.")]
    assert len(leftovers) == 1  # the dead process's temporary file (hidden); the next export is unaffected
    with Store(path) as store:
        from eventwire.export import export_to_file

        counts = export_to_file(store, "plover-jsonl", out)
    assert len(out.read_text().splitlines()) == counts["records"] > 0
