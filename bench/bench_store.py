"""Benchmark of the event store: ingest speed, database size, and the latency of typical queries.

    python bench/bench_store.py [--articles 10000 | --events 100000] [--templates 60] [--db PATH]
    python bench/bench_store.py --db PATH --queries-only       # the query latencies of an existing store

The pipeline annotates `--templates` articles built from the bundled samples and demo corpus (so annotation
cost is measured once, honestly); the store then loads `--articles` articles made from those annotations
with new ids, dates spread over two years and places shifted, the way a year of news repeats its kinds of
events. Prints: annotation articles/s, store load articles/s and events/s, the load rate of each window of 5,000
articles (`--window`; and the last window against the first: does loading stay flat as incidents pile up?), the
same rate over the process's CPU time (steadier than the clock on a shared machine), the clock time of each window
not spent on this process's CPU (waits on the disk: checkpoints, fsync; or other processes on a busy machine), database size, and the median and worst
latency of typical queries. Asserts nothing.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import os
import statistics
import sys
import tempfile
import time
from importlib import resources


def queued_s() -> float | None:
    """Seconds this process's main thread has waited for a CPU while ready to run (Linux's schedstat; None
    elsewhere): on a busy machine the clock time off the CPU is mostly this, the rest is blocking (the disk)."""
    try:
        with open("/proc/self/schedstat") as f:
            return int(f.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def templates(n: int):
    from eventwire.ingest import read_sources
    from eventwire.pipeline import Pipeline

    base = resources.files("eventwire") / "data"
    arts = [a for a in read_sources([str(base / "samples"), str(base / "demo")]) if not a.rejected]
    pipe = Pipeline()
    t0 = time.perf_counter()
    anns = [a for a in pipe.run(arts[:n]) if a.events]
    return anns, len(arts[:n]) / (time.perf_counter() - t0)


STREAM_START = dt.date(2024, 1, 1)  # `--stream`: the day the first article is published


def variant(ann, k: int, stream: bool = False):
    """Article `k` made from a template: a new id, a date moved by k days, places nudged. With `stream`, article
    `k` is published on STREAM_START + k // 60 days whatever its template's own date (its events keep their
    distance from the publication), so every day of the store gets about 60 articles of every template mix: the
    store grows longer, never denser. (Moving each template's own date by k // 60 days instead, as before, let
    the templates' dates, spread over 22 months, sweep one after another over the days being loaded: within three
    days of article 45,000's day lay 204 stored articles, of article 2,000's 33, so the windows compared a sparse
    store with a dense one. Now about 110 at every step. Loading 40,000 events both ways in turn, the rate per CPU
    second fell alike, 42 to 30 and 42 to 31: the slowing is not that density's.)"""
    new = copy.deepcopy(ann)
    new.article.id = hashlib.sha256(f"{ann.article.id}:{k}".encode()).hexdigest()
    own = dt.date.fromisoformat(ann.article.published or "2024-01-01")
    shift = own - (STREAM_START + dt.timedelta(days=k // 60)) if stream else dt.timedelta(days=k % 730)
    pub = own - shift
    new.article.published = pub.isoformat()
    for ev in new.events:
        ev.id = hashlib.sha1(f"{ev.id}:{k}".encode()).hexdigest()[:16]
        if ev.date is not None:
            for attr in ("earliest", "latest"):
                v = getattr(ev.date, attr)
                if v:
                    setattr(ev.date, attr, (dt.date.fromisoformat(v) - shift).isoformat())
            if ev.date.precision == "day":
                ev.date.value = ev.date.earliest or ev.date.value
        if ev.location is not None and ev.location.lat is not None:
            ev.location.lat = max(-89.0, min(89.0, ev.location.lat + (k % 7) * 0.8))
    return new


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--templates", type=int, default=60)
    ap.add_argument("--events", type=int, default=0, help="load articles until the store holds this many events "
                    "(instead of --articles)")
    ap.add_argument("--stream", action="store_true", help="dates move forward with the articles (about 60 "
                    "articles a day from the first day on, as a feed fills a store over time) instead of spreading "
                    "over two fixed years, so the store grows longer rather than denser")
    ap.add_argument("--window", type=int, default=5000, help="articles per reported window (a multiple of 200)")
    ap.add_argument("--db", default=None, help="a file path or a postgresql:// URL (default: a temporary file)")
    ap.add_argument("--queries-only", action="store_true", help="only time the queries of an existing --db")
    args = ap.parse_args()
    from eventwire.store import Store

    path = args.db or os.path.join(tempfile.mkdtemp(), "bench.db")
    store = Store(path)
    if not args.queries_only:
        anns, annotate_rate = templates(args.templates)
        print(f"annotation: {annotate_rate:.1f} articles/s ({len(anns)} templates with events)")
        held = store.counts()
        start, base_events = held["articles"], held["events"]
        t0, cpu0 = time.perf_counter(), time.process_time()
        n_events = n_articles = 0
        batch = []
        k = start
        windows: list[float] = []  # articles/s of each window of `--window` articles
        cpu_windows: list[float] = []  # ... per second of this process's CPU time
        waits: list[float] = []  # seconds of each window not spent on this process's CPU (I/O waits, other work)
        size = max(200, args.window // 200 * 200)
        last = (0, t0, cpu0, queued_s())
        blocked: list[float] = []  # ... of which not waiting for a CPU either: blocked (disk, fsync, locks)
        own: list[float] = []  # articles/s by the clock less the time waiting for a CPU (the machine's other work)
        from eventwire import corroborate

        reads = [0, 0]  # stored reports the incident model read from the database: in all, at the last window
        read_reports = corroborate._reports

        def counted(conn, pks):
            reads[0] += len(pks)
            return read_reports(conn, pks)

        corroborate._reports = counted  # counts what `_cached_reports` misses and each article's own events
        while (base_events + n_events < args.events) if args.events else (n_articles < args.articles):
            a = variant(anns[k % len(anns)], k, stream=args.stream)
            k += 1
            n_events += len(a.events)
            n_articles += 1
            batch.append(a)
            if len(batch) == 200:
                store.load(batch)
                batch = []
                if n_articles % size == 0:
                    now, cpu = time.perf_counter(), time.process_time()
                    windows.append((n_articles - last[0]) / (now - last[1]))
                    cpu_windows.append((n_articles - last[0]) / (cpu - last[2]))
                    waits.append((now - last[1]) - (cpu - last[2]))
                    q = queued_s()
                    queued = None if q is None or last[3] is None else q - last[3]
                    if queued is not None:
                        blocked.append(waits[-1] - queued)
                        own.append((n_articles - last[0]) / (now - last[1] - queued))
                    last = (n_articles, now, cpu, q)
                    print(f"  ... {n_articles} articles, {base_events + n_events} events in the store: "
                          f"{windows[-1]:.0f} articles/s over the last {size:,} ({cpu_windows[-1]:.0f} per CPU "
                          f"second; {waits[-1]:.1f} s of the window's clock time off this process's CPU"
                          + (f", {queued:.1f} s of it waiting for a CPU, {blocked[-1]:.1f} s blocked"
                             if queued is not None else "") + "); stored "
                          f"reports read from the database: {(reads[0] - reads[1]) / size:.1f} per article",
                          flush=True)
                    reads[1] = reads[0]
        if batch:
            store.load(batch)
        load_s = time.perf_counter() - t0
        load_cpu = time.process_time() - cpu0
        counts = store.counts()
        print(f"store load: {n_articles / load_s:.0f} articles/s, {n_events / load_s:.0f} events/s "
              f"({n_articles} articles in {load_s:.0f} s, {load_cpu:.0f} s of CPU; the store holds {counts['articles']} articles, "
              f"{counts['events']} events, {counts['incidents']} incidents)")
        if len(windows) >= 2:
            print(f"load rate as the store grows: {windows[-1]:.0f} articles/s over the last {size:,} against "
                  f"{windows[0]:.0f} over the first ({100 * windows[-1] / windows[0]:.0f}%); per CPU second "
                  f"{cpu_windows[-1]:.0f} against {cpu_windows[0]:.0f} ({100 * cpu_windows[-1] / cpu_windows[0]:.0f}%); "
                  f"clock time off the CPU {waits[-1]:.1f} s in the last window against {waits[0]:.1f} s in the first"
                  + (f" (blocked, not waiting for a CPU: {blocked[-1]:.1f} s against {blocked[0]:.1f} s); by the clock "
                     f"less the time waiting for a CPU {own[-1]:.0f} against {own[0]:.0f} articles/s "
                     f"({100 * own[-1] / own[0]:.0f}%)" if len(blocked) == len(windows) else ""))
    counts = store.counts()
    if store.backend == "sqlite":
        wal = store.url.database + "-wal"  # pages not yet copied into the file are the store's too
        size = os.path.getsize(store.url.database) + (os.path.getsize(wal) if os.path.exists(wal) else 0)
        print(f"database: {size / 1e6:.1f} MB with its WAL ({store.path}), "
              f"{counts['events']} events")
    queries = {
        "events of one type in one country, one month": dict(fn="events", type="ASSAULT", country="UKR",
                                                          since="2024-03-01", until="2024-03-31", limit=100),
        "events of one actor": dict(fn="events", actor="hezbollah", limit=100),
        "full-text search of articles": dict(fn="articles", search="drone market", limit=50),
        "incidents with two or more sources": dict(fn="incidents", min_sources=2, limit=100),
        "actors of one country": dict(fn="actors", country="SYR", limit=100),
        "events within 50 km of Aleppo": dict(fn="events", near="36.2,37.16,50", limit=100),
        "events reported by two outlets or more, one country": dict(fn="events", min_sources=2, country="SYR",
                                                                    limit=100),
        "one page deep in the event list (offset 5000)": dict(fn="events", limit=100, offset=5000),
    }
    for name, q in queries.items():
        q = dict(q)
        fn = getattr(store, q.pop("fn"))
        times = []
        for _ in range(7):
            t = time.perf_counter()
            rows = fn(**q)
            times.append((time.perf_counter() - t) * 1000)
        print(f"query {name}: median {statistics.median(times):.1f} ms, worst {max(times):.1f} ms ({len(rows)} rows)")
    store.close()


if __name__ == "__main__":
    sys.exit(main())
