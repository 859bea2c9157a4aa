"""Migration 9: watches and alerts (`eventwire.alerts`).

- watches: a named set of filters (countries, actors, types, a point and radius, a least number of outlets) and
  where to deliver what it raises (a webhook URL or a command), made by `eventwire alert add`.
- alerts: one row per (watch, incident) the watch matched when the incident was stored or newly reached the
  watch's number of outlets, with the sentence and evidence it was raised with, whether it was read, and its
  delivery (status, attempts, last error).
- alert_keys: the reports (article id and event id) of each alerted incident, per watch: an incident that
  shares a report with one already alerted is the same incident (re-annotating an article dissolves and
  rebuilds its incidents under new ids; it raises nothing again).

A frozen copy of the tables as first released; never edit it: add a new numbered step instead.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, ForeignKey, Index, Integer, MetaData, PrimaryKeyConstraint, String, Table, Text,
)

NAME = "watches, alerts and alert_keys (eventwire alert)"

metadata = MetaData()

watches = Table(
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
    Column("payload", Text, nullable=False),  # JSON: the sentence, its evidence and the incident's summary
    Column("read", Boolean, nullable=False),
    Column("delivery", String(20), nullable=False),  # none, pending, delivered, failed
    Column("attempts", Integer, nullable=False),
    Column("delivered_at", String(32)),
    Column("error", Text),
)

alert_keys = Table(
    "alert_keys", metadata,
    Column("watch_id", Integer, ForeignKey("watches.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),  # "<article id>:<event id>" of a report of the incident
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False, index=True),
    PrimaryKeyConstraint("watch_id", "key"),
)
Index("ix_alerts_delivery", alerts.c.delivery)


def upgrade(conn) -> None:
    metadata.create_all(conn, checkfirst=True)
