"""Migration 1: the initial schema (a frozen copy of the tables as first released; never edit it:
add a new numbered step instead)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Float, ForeignKey, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text,
)

NAME = "initial schema"

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(32), nullable=False),
)

runs = Table(
    "runs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", String(32), nullable=False),
    Column("finished_at", String(32)),
    Column("command", String(50), nullable=False),
    Column("sources", Text),  # JSON list
    Column("pipeline_version", Text),
    Column("eventwire_version", String(50)),
    Column("host", String(200)),
    Column("pid", Integer),
    Column("counts", Text),  # JSON summary
    Column("status", String(20), nullable=False),  # running, done, failed
)

articles = Table(
    "articles", metadata,
    Column("id", String(64), primary_key=True),
    Column("docno", Integer, nullable=False, unique=True),  # stable integer key (the full-text index's rowid)
    Column("source_id", Text),
    Column("url", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("byline", Text),
    Column("published", String(10), index=True),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("pipeline_version", Text, nullable=False),
    Column("stages", Text, nullable=False),  # JSON list of versioned stage names
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("loaded_at", String(32), nullable=False),
    Column("n_events", Integer, nullable=False),
    Column("data", Text, nullable=False),  # ann.to_dict() as JSON: nothing is lost
)

rejections = Table(
    "rejections", metadata,
    Column("article_id", String(64), primary_key=True),
    Column("reason", String(100), nullable=False, index=True),  # code: empty, not_english, stage_error, ...
    Column("detail", Text),  # the whole message
    Column("source_id", Text),
    Column("url", Text),
    Column("title", Text),
    Column("pipeline_version", Text),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("first_seen", String(32), nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False, index=True),
    Column("country", String(3), index=True),
    Column("sector", String(10)),
    Column("kind", String(20)),
    Column("known", Boolean),
    Column("affiliations", Text),  # JSON list of actor ids
)

places = Table(
    "places", metadata,
    Column("id", String(300), primary_key=True),
    Column("geonames_id", Integer),
    Column("name", Text, nullable=False),
    Column("country", String(3), index=True),
    Column("admin1", String(20)),
    Column("lat", Float),
    Column("lon", Float),
    Column("feature", String(20)),
    Column("population", Integer),
)

mentions = Table(
    "mentions", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(10), nullable=False),  # actor, place, time
    Column("position", Integer, nullable=False),
    Column("ref", Text),  # actor id, place id or normalised time value
    Column("text", Text, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("stage", String(100)),
    PrimaryKeyConstraint("article_id", "kind", "position"),
)

events = Table(
    "events", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(64), nullable=False),  # the engine's event id, unique within its article
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("type", String(20), nullable=False, index=True),
    Column("mode", String(50)),
    Column("context", Text),  # JSON list
    Column("cameo", String(10)),
    Column("acled_event_type", String(100)),
    Column("acled_sub_event_type", String(100)),
    Column("place_id", String(300), ForeignKey("places.id")),
    Column("country", String(3), index=True),  # the event's place's country
    Column("lat", Float),
    Column("lon", Float),
    Column("date_value", String(40)),
    Column("date_precision", String(20)),
    Column("date_earliest", String(10)),
    Column("date_latest", String(10)),
    Column("day", String(10), index=True),  # date_earliest, else date_latest, else the publication date
    Column("fatalities", Integer),
    Column("quantities", Text),  # JSON list
    Column("status", String(20), nullable=False, index=True),
    Column("cue", Text),
    Column("confidence", Float),
    Column("trigger", Text),
    Column("evidence", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("stage", String(100)),
    Column("pipeline_version", Text, nullable=False),
)

event_actors = Table(
    "event_actors", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
    Column("role", String(10), nullable=False),  # source, target
    Column("position", Integer, nullable=False),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False, index=True),
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    PrimaryKeyConstraint("event_pk", "role", "position"),
)

claimants = Table(
    "claimants", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("count", Integer),
    Column("actor_id", String(200)),  # may name an actor that is not among the article's mentions
    Column("start", Integer),
    Column("end", Integer),
    PrimaryKeyConstraint("event_pk", "position"),
)

relations = Table(
    "relations", metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("a", String(200), nullable=False, index=True),
    Column("b", String(200), nullable=False, index=True),
    Column("a_name", Text),
    Column("b_name", Text),
    Column("evidence", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("stage", String(100)),
)


def upgrade(conn) -> None:
    metadata.create_all(conn)
