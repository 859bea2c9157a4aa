"""Migration 4: an index on what mentions refer to, so counting an actor's articles reads the index instead
of every mention (bench/bench_store.py: "actors of one country" took 300 ms on 24,000 events without it)."""

from __future__ import annotations

NAME = "ix_mentions_ref (mentions by kind and referent)"


def upgrade(conn) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_mentions_ref ON mentions (kind, ref)")
