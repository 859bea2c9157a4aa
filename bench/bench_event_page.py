"""Benchmark of one query: a page deep in the event list (offset 5,000), on PostgreSQL, with and without the
index in the list's order (migration 12, ix_events_list_order).

    python bench/bench_event_page.py [--copies 1500] [--db postgresql://...]

Without --db it starts a throwaway local server (tests/pg_server.py: Debian's PostgreSQL binaries, fsync off).
The store is filled fast, not realistically: the bundled samples are annotated and loaded once, then their article
and event rows are copied `--copies` times in SQL with new ids and days spread over four years. Prints the median
of 15 reads of the page with the index, then with it dropped. Asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _columns(conn, table: str) -> list[str]:
    return [r[0] for r in conn.exec_driver_sql(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %(t)s AND is_generated = 'NEVER' "
        "ORDER BY ordinal_position", {"t": table})]


def _fill(store, copies: int) -> int:
    with store.engine.begin() as conn:
        art = [c for c in _columns(conn, "articles") if c not in ("id", "docno")]
        ev = [c for c in _columns(conn, "events") if c not in ("pk", "id", "article_id", "day")]
        conn.exec_driver_sql(
            f"INSERT INTO articles (id, docno, {', '.join(art)}) SELECT a.id || '-' || g, a.docno + 1000 * g, "
            f"{', '.join('a.' + c for c in art)} FROM articles a, generate_series(1, %(n)s) g", {"n": copies})
        conn.exec_driver_sql(
            f"INSERT INTO events (id, article_id, day, {', '.join(ev)}) SELECT e.id || '-' || g, "
            f"e.article_id || '-' || g, to_char(date '2020-01-01' + (g * 7 + e.pk) %% 1500, 'YYYY-MM-DD'), "
            f"{', '.join('e.' + c for c in ev)} FROM events e, generate_series(1, %(n)s) g", {"n": copies})
        conn.exec_driver_sql("ANALYZE")
        return conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one()


def _median_ms(store, offset: int) -> float:
    times = []
    for _ in range(15):
        t0 = time.perf_counter()
        store.events(limit=50, offset=offset)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=1500)
    ap.add_argument("--offset", type=int, default=5000)
    ap.add_argument("--db", default=None, help="an empty PostgreSQL database's URL (default: a throwaway server)")
    args = ap.parse_args()
    from eventwire.ingest import read_sources
    from eventwire.pipeline import default_pipeline
    from eventwire.store import Store

    stop = None
    url = args.db
    if url is None:
        sys.path.insert(0, str(ROOT / "tests"))
        import pg_server

        base, stop = pg_server.start()
        url = pg_server.create_database(base, "bench_event_page")
    store = Store(url)
    try:
        store.load(list(default_pipeline().run(read_sources([ROOT / "src/eventwire/data/samples"]))))
        n = _fill(store, args.copies)
        with_index = _median_ms(store, args.offset)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_events_list_order")
            conn.exec_driver_sql("ANALYZE")
        without = _median_ms(store, args.offset)
        print(f"{n} events; the page at offset {args.offset}: {with_index:.1f} ms with ix_events_list_order, "
              f"{without:.1f} ms without it (median of 15)")
    finally:
        store.close()
        if stop:
            stop()


if __name__ == "__main__":
    main()
