"""Migration 12, PostgreSQL only: an index on events in the event list's own order (day descending with the
undated last, then article and key: `queries.events`), so that a page deep in the list is read from the index
instead of sorting every event first. PostgreSQL's B-tree on (day, type) (migration 7) scans backwards as
"day DESC NULLS FIRST", which is not the list's order, and the planner sorted the whole table for each page
(bench/bench_store.py on 40,000 events: a page at offset 5,000 took 203 ms at the median; bench/bench_event_page.py
measures the page with and without this index). A plain CREATE INDEX, inside the migration's transaction: it holds
writes to the events table while it builds (seconds on a store of a million events).

SQLite keeps NULLs lowest, so its "day DESC" already puts the undated last; it walks ix_events_day_type backwards
and sorts only the rows of one day by article and key (the same page: under 41 ms at 100,000 events). An index
there would add a B-tree entry to every stored event for no read that needs it, so the step records itself and
does nothing on SQLite."""

from __future__ import annotations

NAME = "ix_events_list_order (day DESC NULLS LAST, article_id, pk), PostgreSQL only"


def upgrade(conn) -> None:
    if conn.dialect.name != "postgresql":
        return
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_events_list_order "
                         "ON events (day DESC NULLS LAST, article_id, pk)")
