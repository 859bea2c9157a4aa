"""Dask scale-out: a real two-worker LocalCluster (processes=True: one process per worker, each building the pipeline
once through the WorkerPlugin) gives exactly the store one process gives, and the same data as Parquet.

processes=True is what `eventwire ingest --workers N` uses (spaCy holds the GIL, so threads would not scale), so
that is what is tested; the cluster binds 127.0.0.1 only and serves no dashboard.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources

import psutil
import pytest

import eventwire.scale.dask_ingest as di
from eventwire import ingest_sources
from eventwire.scale.dask_ingest import DaskRunner, run
from eventwire.store import Store

BASE = resources.files("eventwire") / "data"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The bundled samples and demo corpus, plus a few twists: a duplicate line and a rejected one."""
    d = tmp_path_factory.mktemp("corpus")
    lines = (BASE / "demo" / "demo-corpus.jsonl").read_text(encoding="utf-8").splitlines()
    extra = d / "extra.jsonl"
    extra.write_text("\n".join([lines[0], lines[5], '{"id": "empty", "text": ""}', "not json"]) + "\n")
    return [str(BASE / "samples"), str(BASE / "demo"), str(extra)]


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("one") / "one.db")
    summary = ingest_sources(store, corpus)
    yield store, summary
    store.close()


@pytest.fixture(scope="module")
def runner():
    r = DaskRunner(workers=2, processes=True)
    yield r
    r.close()


def _listening(pids):
    found = []
    for pid in pids:
        try:
            conns = psutil.Process(pid).net_connections(kind="inet")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        found += [c.laddr for c in conns if c.status == psutil.CONN_LISTEN]
    return found


def test_the_cluster_is_local_only_and_loads_the_pipeline_once_per_worker(runner):
    assert runner.workers == 2 and runner.cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    me = psutil.Process()
    pids = [me.pid] + [c.pid for c in me.children(recursive=True)]
    addrs = _listening(pids)
    assert addrs and all(a.ip == "127.0.0.1" for a in addrs), addrs
    assert 8787 not in [a.port for a in addrs]
    info = runner.client.scheduler_info()
    assert len(info["workers"]) == 2
    worker_pids = set(runner.client.run(os.getpid).values())
    assert len(worker_pids) == 2 and os.getpid() not in worker_pids  # separate processes
    assert set(runner.client.run(lambda: di.SETUPS).values()) == {1}


def test_two_workers_store_exactly_what_one_process_stores(corpus, one_process, runner, tmp_path):
    ref, ref_summary = one_process
    with Store(tmp_path / "dask.db") as store:
        got = run(corpus, store=store, runner=runner)
        for k in ("read", "new", "duplicate", "rejected", "events", "incidents"):
            assert got[k] == ref_summary[k], k
        assert len(got["worker_stats"]) == 2  # both workers did some of it
        events = store.events(limit=0)
        assert events == ref.events(limit=0) and len(events) > 50
        assert store.incidents(limit=0) == ref.incidents(limit=0)  # written in input order: same incidents too
        assert [a["id"] for a in store.articles(limit=0)] == [a["id"] for a in ref.articles(limit=0)]
        assert store.article(events[0]["article_id"])["annotation"] == \
            ref.article(events[0]["article_id"])["annotation"]
        counts = store.counts()
        assert counts.pop("runs") == 1 and counts == {k: v for k, v in ref.counts().items() if k != "runs"}
        # a second run annotates nothing: every article is known before it is sent
        again = run(corpus, store=store, runner=runner)
        assert again["new"] == 0 and again["events"] == 0 and again["worker_stats"] == {}


def test_parquet_output_matches_the_store(corpus, one_process, runner, tmp_path):
    import pyarrow.dataset as ds

    ref, _ = one_process
    out = tmp_path / "lake"
    got = run(corpus, out=out, runner=runner)
    assert got["new"] == ref.counts()["articles"]
    events = ds.dataset(out / "events", format="parquet", partitioning="hive").to_table().to_pylist()
    arts = ds.dataset(out / "articles", format="parquet", partitioning="hive").to_table().to_pylist()
    rej = ds.dataset(out / "rejections", format="parquet").to_table().to_pylist()
    ref_events = ref.events(limit=0)
    assert sorted((e["article_id"], e["id"]) for e in events) == sorted((e["article_id"], e["id"])
                                                                         for e in ref_events)
    assert {a["id"] for a in arts} == {a["id"] for a in ref.articles(limit=0)}
    assert len(rej) == ref.counts()["rejections"]
    months = {a["published_month"] for a in arts}
    assert all(m == "unknown" or (len(m) == 7 and m[4] == "-") for m in months) and len(months) > 3
    for a in arts:
        assert a["published_month"] == (a["published"] or "unknown")[:7] or a["published_month"] == "unknown"
        assert json.loads(a["annotation"])["article"]["id"] == a["id"]
    by_key = {(e["article_id"], e["id"]): e for e in ref_events}
    for e in events:
        r = by_key[(e["article_id"], e["id"])]
        assert (e["type"], e["country"], e["fatalities"], e["status"]) == (r["type"], r["country"],
                                                                            r["fatalities"], r["status"])
    # resumable: a second run writes nothing
    again = run(corpus, out=out, runner=runner)
    assert again["new"] == 0 and again["rejected_total"] == 0
    assert len(ds.dataset(out / "events", format="parquet", partitioning="hive").to_table()) == len(events)


def test_parquet_recovery_rolls_back_and_forward(tmp_path):
    """The commit protocol without a cluster: a staged part that the manifest names is moved into place, one it
    does not name is deleted, and a torn last manifest line is dropped."""
    from eventwire.ingest import read_sources
    from eventwire.pipeline import default_pipeline
    from eventwire.scale.parquet import MANIFEST, STAGING, ParquetSink

    anns = list(default_pipeline().run(read_sources([str(BASE / "samples")])))
    out = tmp_path / "lake"
    sink = ParquetSink(out)
    sink.write(anns[:3], lambda a: ",".join(a.stages))
    sink.close()
    entry = json.loads((out / MANIFEST).read_text().splitlines()[0])
    # simulate a crash after the commit of a second part, before its files were moved
    staged = out / STAGING / "part-x-000002" / "articles" / "published_month=2024-01" / "part-x-000002.parquet"
    staged.parent.mkdir(parents=True)
    staged.write_bytes((out / entry["files"][0]).read_bytes())
    with (out / MANIFEST).open("a") as fh:
        fh.write(json.dumps({"part": "part-x-000002", "files": ["articles/published_month=2024-01/part-x-000002"
                                                                  ".parquet"], "ids": ["fake-id"]}) + "\n")
        fh.write('{"part": "part-y-000003", "files": [')  # torn: never committed
    orphan = out / STAGING / "part-y-000003" / "articles"
    orphan.mkdir(parents=True)
    (orphan / "junk.parquet").write_bytes(b"junk")
    sink = ParquetSink(out)
    assert (out / "articles" / "published_month=2024-01" / "part-x-000002.parquet").exists()
    assert not (out / STAGING / "part-y-000003").exists() and not (out / STAGING / "part-x-000002").exists()
    assert "fake-id" in sink.known and set(entry["ids"]) <= sink.known
    assert (out / MANIFEST).read_text().endswith("\n") and len((out / MANIFEST).read_text().splitlines()) == 2
    # one writer at a time
    from eventwire.errors import ConfigError

    with pytest.raises(ConfigError):
        ParquetSink(out)
    sink.close()


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "eventwire.cli", *args], capture_output=True, text=True,
                          timeout=300)


def test_cli_errors_are_clear(tmp_path):
    got = _cli("ingest", str(BASE / "samples"), "--scheduler", "tcp://127.0.0.1:9", "--db", str(tmp_path / "x.db"))
    assert got.returncode == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in got.stderr
    assert "Traceback" not in got.stderr
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "file").write_text("x")
    got = _cli("ingest", str(BASE / "samples"), "--out", str(ro / "file" / "lake"))
    assert got.returncode == 1 and "cannot write there" in got.stderr and "Traceback" not in got.stderr
    got = _cli("ingest", str(BASE / "samples"), "--workers", "2", "--scheduler", "tcp://127.0.0.1:9")
    assert got.returncode == 2
    got = _cli("ingest", str(BASE / "samples"), "--scheduler", "http://x")
    assert got.returncode == 2


def test_an_existing_cluster_by_address(tmp_path, one_process):
    """`--scheduler tcp://HOST:PORT`: a scheduler and a worker started apart (as on a real cluster), the pipeline
    plugin registered on the worker by the client."""
    import time

    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    sfile = tmp_path / "scheduler.json"
    procs = [subprocess.Popen(dask + ["--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                                      str(sfile)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not sfile.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(sfile.read_text())["address"]
        procs.append(subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--host",
                                       "127.0.0.1", "--nthreads", "1", "--no-dashboard"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        db = tmp_path / "remote.db"
        got = _cli("ingest", str(BASE / "samples"), str(BASE / "demo"), "--scheduler", address, "--db", str(db),
                   "--json")
        assert got.returncode == 0, got.stderr
        summary = json.loads(got.stdout)
        assert summary["mode"] == "dask" and summary["workers"] == 1 and summary["new"] == 37
        ref, _ = one_process
        with Store(db) as store:  # the reference corpus only adds repeats and rejected lines to these two
            assert store.events(limit=0) == ref.events(limit=0)
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
