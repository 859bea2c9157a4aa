"""Migration 10: drop four indexes that are the leading columns of a wider index on the same table, so that
every lookup they served is served by the wider one, and every stored row no longer pays for keeping them:

    ix_mentions_ref (kind, ref)             in ix_mentions_ref_article (kind, ref, article_id)      (migration 5)
    ix_event_actors_actor_id (actor_id)     in ix_event_actors_actor_event (actor_id, event_pk, role) (migration 5)
    ix_events_day (day)                     in ix_events_day_type (day, type)                       (migration 7)
    ix_incidents_type (type)                in ix_incidents_type_dates (type, date_latest)          (migration 3)

A load writes a mention row for every actor, place and time an article names (about a dozen each), and an
event_actors row per source and target: each of these indexes was one more B-tree entry per row, and
ix_mentions_ref one more page touched per distinct name. The wider indexes are made first where missing (a store
whose migrations 3, 5 and 7 ran has them all), so no lookup loses its index. SQLite and PostgreSQL alike.
"""

from __future__ import annotations

NAME = "drop ix_mentions_ref, ix_event_actors_actor_id, ix_events_day, ix_incidents_type (prefixes of wider ones)"

WIDER = {
    "ix_mentions_ref": "CREATE INDEX IF NOT EXISTS ix_mentions_ref_article ON mentions (kind, ref, article_id)",
    "ix_event_actors_actor_id": "CREATE INDEX IF NOT EXISTS ix_event_actors_actor_event "
                                "ON event_actors (actor_id, event_pk, role)",
    "ix_events_day": "CREATE INDEX IF NOT EXISTS ix_events_day_type ON events (day, type)",
    "ix_incidents_type": "CREATE INDEX IF NOT EXISTS ix_incidents_type_dates ON incidents (type, date_latest)",
}


def upgrade(conn) -> None:
    for name, wider in WIDER.items():
        conn.exec_driver_sql(wider)
        conn.exec_driver_sql(f"DROP INDEX IF EXISTS {name}")
