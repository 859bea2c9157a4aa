"""Benchmark of the situation brief: seconds to make one brief (one country, one month) over a generated store.

    python bench/bench_brief.py --events 100000            # build a store as bench/bench_store.py does, then time
    python bench/bench_brief.py --db PATH [--country SYR --since 2024-03-01 --until 2024-03-31]

The store is built from annotated templates (the bundled samples and demo corpus) made into new articles with
dates spread over two years (`bench_store.variant`). Without --country/--since, the brief is made for the
country and calendar month holding the most incidents. Prints the seconds of each of 5 runs per format
(the median and the worst) and the size of the brief. Asserts nothing (issue 16 asks for under 2 s at 100,000
events).
"""

from __future__ import annotations

import argparse
import calendar
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def build(store, events: int, n_templates: int) -> None:
    from bench_store import templates, variant

    anns, rate = templates(n_templates)
    print(f"annotation: {rate:.1f} articles/s ({len(anns)} templates with events)")
    held = store.counts()
    k, n_events, batch = held["articles"], 0, []
    t0 = time.perf_counter()
    while held["events"] + n_events < events:
        a = variant(anns[k % len(anns)], k)
        k += 1
        n_events += len(a.events)
        batch.append(a)
        if len(batch) == 200:
            store.load(batch)
            batch = []
    if batch:
        store.load(batch)
    c = store.counts()
    print(f"store: {c['articles']} articles, {c['events']} events, {c['incidents']} incidents "
          f"(loaded in {time.perf_counter() - t0:.0f} s)")


def busiest(store) -> tuple[str, str, str]:
    """The country and calendar month with the most incidents."""
    from sqlalchemy import func, select

    from eventwire.store import schema as S

    i = S.incidents.c
    month = func.substr(i.day, 1, 7)
    q = (select(i.country, month, func.count()).where(i.country.is_not(None), i.day.is_not(None))
         .group_by(i.country, month).order_by(func.count().desc()).limit(1))
    country, ym, _ = store.read(lambda c: c.execute(q).one())
    y, m = int(ym[:4]), int(ym[5:7])
    return country, f"{ym}-01", f"{ym}-{calendar.monthrange(y, m)[1]:02d}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000, help="build the store up to this many events")
    ap.add_argument("--templates", type=int, default=60)
    ap.add_argument("--db", default=None, help="a file path or postgresql:// URL (default: a temporary file)")
    ap.add_argument("--country")
    ap.add_argument("--since")
    ap.add_argument("--until")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    from eventwire.brief import make_brief, quotes, render
    from eventwire.store import Store

    store = Store(args.db or os.path.join(tempfile.mkdtemp(), "bench-brief.db"))
    if store.counts()["events"] < args.events:
        build(store, args.events, args.templates)
    country, since, until = busiest(store)
    country, since, until = args.country or country, args.since or since, args.until or until
    print(f"brief: --country {country} --since {since} --until {until}")
    for fmt in ("json", "md", "html"):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            b = make_brief(store, since=since, until=until, countries=[country])
            text = render(b, fmt, quotes(store, b) if fmt == "html" else None)
            times.append(time.perf_counter() - t)
        n = sum(len(s.items) for s in b.sections)
        print(f"{fmt}: median {statistics.median(times):.3f} s, worst {max(times):.3f} s "
              f"({n} sentences, {len(text) / 1e3:.0f} kB)")
    store.close()


if __name__ == "__main__":
    sys.exit(main())
