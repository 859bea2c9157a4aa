"""A real `eventwire ingest` process is killed with SIGKILL midway, after it has stored some but not all articles;
running the same command again ends with every article stored exactly once.

Two cases: one process into the SQLite store (skips known ids before annotating), and a two-worker Dask run into a
Parquet data set (manifest commit protocol); in the second only the client process is killed, as an OOM killer
would, and its worker processes must go away on their own.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

import psutil
import pytest

from eventwire import ingest_sources

BASE = resources.files("eventwire") / "data"
COPIES = 6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """216 distinct articles (the bundled samples and demo, each in 6 versions that differ by one sentence) plus
    4 exact repeats: 220 input lines."""
    recs = [json.loads(x) for x in (BASE / "demo" / "demo-corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    recs += [json.loads(x) for x in (BASE / "samples" / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    lines = [json.dumps(dict(r, id=f"{r.get('id')}-{k}", text=r["text"] + f"\n\nThis is bulletin number {k + 1}."))
             for k in range(COPIES) for r in recs]
    lines += lines[10:12] + lines[100:102]
    path = tmp_path_factory.mktemp("resume") / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, len(recs) * COPIES


def _cmd(*args: str) -> list[str]:
    exe = Path(sys.executable).with_name("eventwire")
    return ([str(exe)] if exe.exists() else [sys.executable, "-m", "eventwire.cli"]) + list(args)


def _articles(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0


def _manifest_lines(out: Path) -> int:
    m = out / "_manifest.jsonl"
    return m.read_bytes().count(b"\n") if m.exists() else 0


def _committed_ids(out: Path) -> set[str]:
    ids: set[str] = set()
    for line in (out / "_manifest.jsonl").read_bytes().split(b"\n"):
        try:
            ids.update(json.loads(line)["ids"])
        except ValueError:  # the torn last line, if the kill came mid-append
            pass
    return ids


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"ingest ended (rc {proc.returncode}) before it could be killed: make the corpus bigger")
        if ready():
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
            return
        time.sleep(0.05)
    proc.kill()
    pytest.fail("ingest stored nothing in time")


def test_a_killed_ingest_resumes_with_every_article_once(corpus, tmp_path):
    path, distinct = corpus
    db = tmp_path / "r.db"
    args = _cmd("ingest", str(path), "--db", str(db), "--batch-size", "8")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _kill_when(proc, lambda: _articles(db) >= 16)
    stored = _articles(db)
    assert 16 <= stored < distinct, stored  # killed midway
    got = subprocess.run(args + ["--json"], capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr
    summary = json.loads(got.stdout)
    assert summary["new"] == distinct - stored and summary["read"] == distinct + 4
    assert summary["duplicate"] == stored + 4  # skipped before annotation: what the killed run stored, the repeats
    with sqlite3.connect(db) as conn:
        q = lambda sql: conn.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT count(*), count(DISTINCT id) FROM articles") == [(distinct, distinct)]
        assert q("SELECT count(DISTINCT source_id) FROM articles") == [(distinct,)]
        n_events, distinct_events = q("SELECT count(*), count(DISTINCT article_id || '/' || id) FROM events")[0]
        assert n_events == distinct_events == q("SELECT sum(n_events) FROM articles")[0][0] > distinct
        assert q("SELECT count(*) FROM rejections") == [(0,)]
        runs = q("SELECT status FROM runs ORDER BY id")
        assert runs == [("interrupted",), ("done",)]  # the killed run never finished: the rerun marked it


def test_a_killed_dask_run_into_parquet_resumes_with_every_article_once(corpus, tmp_path):
    import pyarrow.dataset as ds

    path, distinct = corpus
    out = tmp_path / "lake"
    args = _cmd("ingest", str(path), "--out", str(out), "--workers", "2", "--batch-size", "8")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    children: list[psutil.Process] = []

    def ready() -> bool:
        try:
            children[:] = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            pass
        return _manifest_lines(out) >= 2

    _kill_when(proc, ready)
    committed = _committed_ids(out)
    assert 16 <= len(committed) < distinct
    # the workers notice that their parent is gone and exit
    gone, alive = psutil.wait_procs(children, timeout=30)
    for p in alive:
        p.kill()
    assert not alive, [p.cmdline() for p in alive]
    got = subprocess.run(args + ["--json"], capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stderr
    summary = json.loads(got.stdout)
    arts = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table(
        columns=["id", "source_id", "n_events"]).to_pylist()
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table(
        columns=["article_id", "id"]).to_pylist()
    ids = [a["id"] for a in arts]
    assert len(ids) == len(set(ids)) == distinct, (len(ids), len(set(ids)))
    assert summary["new"] == distinct - len(committed)  # the resumed run wrote only what was missing
    keys = [(e["article_id"], e["id"]) for e in events]
    assert len(keys) == len(set(keys)) == sum(a["n_events"] for a in arts)
    manifest_ids = [i for line in (out / "_manifest.jsonl").read_text().splitlines() for i in json.loads(line)["ids"]]
    assert sorted(manifest_ids) == sorted(ids)
    assert not (out / "_staging").exists() or not any((out / "_staging").iterdir())


def test_known_ids_are_skipped_but_pipeline_failures_of_another_version_are_retried(tmp_path):
    from eventwire.ingest import article_from_text
    from eventwire.records import AnnotatedArticle
    from eventwire.scale.dask_ingest import expected_version
    from eventwire.store import Store
    from eventwire.store.load import skip_known

    version = expected_version()
    bad = article_from_text("Rebels shelled the town of Idlib on Monday, officials said.", published="2024-12-02")
    bad.rejected, bad.text = "stage_error: boom", ""
    lang = article_from_text("Les rebelles ont bombardé la ville lundi, selon des responsables locaux.")
    assert lang.rejected.startswith("not_english")
    with Store(tmp_path / "k.db") as store:
        store.load([AnnotatedArticle(article=bad, stages=["eventwire.parse.old.v0"]), AnnotatedArticle(article=lang)])
        assert store.known_ids([bad.id, lang.id]) == {bad.id, lang.id}
        assert skip_known(store, [bad.id, lang.id, "x" * 64], version) == {lang.id}  # the stage error is retried
        got = ingest_sources(store, [str(BASE / "samples")])
        again = skip_known(store, [a["id"] for a in store.articles(limit=0)], version)
        assert len(again) == got["new"] == 7
