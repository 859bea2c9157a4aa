"""Migration 5: covering indexes for counting an actor's articles and events (bench/bench_store.py on 100,000
events: "actors of one country" 107 ms -> 25 ms, read from the indexes alone)."""

from __future__ import annotations

NAME = "covering indexes on mentions (kind, ref, article_id) and event_actors (actor_id, event_pk, role)"


def upgrade(conn) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_mentions_ref_article ON mentions (kind, ref, article_id)")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_event_actors_actor_event "
                         "ON event_actors (actor_id, event_pk, role)")
