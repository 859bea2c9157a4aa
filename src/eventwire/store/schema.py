"""The current schema of the event store, as SQLAlchemy Core tables (the names the queries use).

The tables are *created* by the numbered steps in `eventwire.store.migrations`, never from this module: a
migration is frozen once released, this module follows the newest one. `tests/test_store.py` reflects a freshly
migrated database and checks that it has exactly these tables and columns, so the two cannot drift apart.

    runs            one row per `ingest` (or `Store.load`) call: pipeline version, sources, counts
    articles        one row per stored article (id = sha256 of its canonical text), with the full annotated
                    JSON (`data`) and the pipeline version that made it
    rejections      one row per refused article id, with its reason code and the full message
    actors          canonical actors (knowledge-base ids, or context-typed ids such as "IRQ:REB:fighter")
    places          gazetteer places ("gn:<geonames id>", or "x:<name>|<country>" when there is no id)
    mentions        every actor, place and time mention of an article, with its character span
    events          one row per event, flattened for querying (the full event stays in articles.data)
    event_actors    the sources and targets of an event (role "source" | "target"), with their spans
    claimants       who says so, per event
    relations       backs / allied / hostile / member_of / leads between two actor ids, with evidence
    incidents       one happening reported by one or more articles (`eventwire.corroborate`): counts of
                    articles, outlets and independent claimants, and every differing detail side by side
    incident_reports  which events (reports) make each incident; an event reports exactly one incident
    article_carriers  the further outlets that carried an article's exact text (same text, same article id)
    incident_boxes  (not described here: an R*Tree virtual table on SQLite, a GiST-indexed table on PostgreSQL)
                    one box per incident over (day, lat, lon), the candidate index of `eventwire.corroborate`
    feed_items      feed items `eventwire watch` has seen (by link or guid), with the article they gave
    watches         named filters that raise alerts when a matching incident is stored (`eventwire.alerts`)
    alerts          one per (watch, incident): the sentence and evidence raised, read or not, delivery state
    alert_keys      the reports of each alerted incident, per watch (the same incident is never alerted twice)
    schema_version  the migrations applied
    articles_fts    (SQLite, when FTS5 is available) full-text index over article title + text
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, PrimaryKeyConstraint, String, Table, Text,
)

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
    Column("minhash", LargeBinary),  # MinHash signature of the text (eventwire.corroborate.signature)
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
    Index("ix_mentions_ref_article", "kind", "ref", "article_id"),  # migrations 5 and 10
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
    Column("day", String(10)),  # date_earliest, else date_latest, else the publication date (ix_events_day_type)
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
Index("ix_events_day_type", events.c.day, events.c.type)  # migrations 7 and 10
# PostgreSQL also has ix_events_list_order (day DESC NULLS LAST, article_id, pk): migration 12, the event list's order

event_actors = Table(
    "event_actors", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), nullable=False),
    Column("role", String(10), nullable=False),  # source, target
    Column("position", Integer, nullable=False),
    Column("actor_id", String(200), ForeignKey("actors.id"), nullable=False),  # ix_event_actors_actor_event
    Column("text", Text),
    Column("start", Integer),
    Column("end", Integer),
    PrimaryKeyConstraint("event_pk", "role", "position"),
    Index("ix_event_actors_actor_event", "actor_id", "event_pk", "role"),  # migrations 5 and 10
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

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(20), nullable=False),  # ix_incidents_type_dates (migration 10 dropped ix_incidents_type)
    Column("mode", String(50)),
    Column("country", String(3), index=True),
    Column("place", Text),
    Column("lat", Float),
    Column("lon", Float),
    Column("day", String(10), index=True),  # the earliest date any report allows
    Column("date_earliest", String(10)),
    Column("date_latest", String(10)),
    Column("reports_count", Integer, nullable=False),
    Column("articles_count", Integer, nullable=False),
    Column("sources_count", Integer, nullable=False, index=True),  # distinct outlets
    Column("claimants_count", Integer, nullable=False),  # independent claimants
    Column("single_source", Boolean, nullable=False),
    Column("first_published", String(10)),
    Column("last_published", String(10)),
    Column("source_actors", Text),  # JSON list of actor ids
    Column("target_actors", Text),  # JSON list of actor ids
    Column("outlets", Text),  # JSON list
    Column("claimants", Text),  # JSON list of {text, kind, outlet}
    Column("quantities", Text),  # JSON {what: [{min, max, text, event_id, article_id, outlet}]}
    Column("fatalities", Text),  # JSON list of {value, event_id, article_id, outlet}
    Column("dates", Text),  # JSON list of {value, text, earliest, latest, ...}
    Column("places", Text),  # JSON list of {name, country, lat, lon, feature, ...}
    Column("statuses", Text),  # JSON list
    Column("conflicts", Text),  # JSON list of the details the reports disagree on
    Column("fatalities_best", Integer),  # ACLED's rule: the lowest credible report (never a sum)
    Column("fatalities_low", Integer),
    Column("fatalities_high", Integer),
    Column("unknown_sources", Integer, nullable=False, server_default="0"),  # texts carried by no named outlet
    Column("carried_by", Text),  # JSON list of {outlet, carries}: outlets that carried another outlet's text
)
Index("ix_incidents_type_dates", incidents.c.type, incidents.c.date_latest)

incident_reports = Table(
    "incident_reports", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),  # an event reports one incident
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
)
# the candidate read, from the index alone (migration 11; it replaced ix_incident_reports_incident_id)
Index("ix_incident_reports_incident_event", incident_reports.c.incident_id, incident_reports.c.event_pk,
      incident_reports.c.article_id)

article_carriers = Table(
    "article_carriers", metadata,
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("outlet", String(200), nullable=False),
    Column("url", Text),
    Column("source_id", Text),
    Column("first_seen", String(32), nullable=False),
    PrimaryKeyConstraint("article_id", "outlet"),
)

feed_items = Table(  # the feed items `eventwire watch` has dealt with (eventwire.watch)
    "feed_items", metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the item's canonical link (else its guid)
    Column("url", Text),
    Column("guid", Text),
    Column("feed", Text, nullable=False),  # the feed it was first seen in
    Column("article_id", String(64), index=True),  # the article (or rejection) it gave
    Column("status", String(20), nullable=False),  # stored, duplicate, rejected
    Column("reason", Text),
    Column("first_seen", String(32), nullable=False),
    Column("run_id", Integer),
)

watches = Table(  # eventwire.alerts: named filters
    "watches", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("filters", Text, nullable=False),  # JSON {country, actor, type, near, min_sources}
    Column("deliver", Text),  # JSON {"webhook": URL} | {"command": [ARGV]} | null
    Column("created_at", String(32), nullable=False),
)

alerts = Table(
    "alerts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("incident_id", Integer, nullable=False, index=True),  # the incident's id when raised
    Column("raised_at", String(32), nullable=False, index=True),
    Column("run_id", Integer),
    Column("payload", Text, nullable=False),  # JSON: the sentence, its evidence, the incident's summary
    Column("read", Boolean, nullable=False),
    Column("delivery", String(20), nullable=False),  # none, pending, delivered, failed
    Column("attempts", Integer, nullable=False),
    Column("delivered_at", String(32)),
    Column("error", Text),
)
Index("ix_alerts_delivery", alerts.c.delivery)

alert_keys = Table(
    "alert_keys", metadata,
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),  # "<article id>:<event id>" of a report of the incident
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    PrimaryKeyConstraint("watch_id", "key"),
)

TABLES = ("schema_version", "runs", "articles", "rejections", "actors", "places", "mentions", "events",
          "event_actors", "claimants", "relations", "incidents", "incident_reports", "feed_items",
          "article_carriers", "watches", "alerts", "alert_keys")
