"""Migration 3: incidents (reports of one happening across articles) and their reports.

A frozen copy of the two tables as first released; never edit it: add a new numbered step instead. Events
stored before this step are grouped into incidents by the Store when it opens the migrated database.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
)

NAME = "incidents and incident_reports (corroboration across articles)"

metadata = MetaData()

# referenced tables, declared only so that the foreign keys resolve (they exist since migration 1)
Table("events", metadata, Column("pk", Integer, primary_key=True))
Table("articles", metadata, Column("id", String(64), primary_key=True))

incidents = Table(
    "incidents", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("type", String(20), nullable=False, index=True),
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
)
Index("ix_incidents_type_dates", incidents.c.type, incidents.c.date_latest)

incident_reports = Table(
    "incident_reports", metadata,
    Column("event_pk", Integer, ForeignKey("events.pk", ondelete="CASCADE"), primary_key=True,
           autoincrement=False),  # an event reports one incident
    Column("incident_id", Integer, ForeignKey("incidents.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("article_id", String(64), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
)


def upgrade(conn) -> None:
    incidents.create(conn)
    incident_reports.create(conn)
