"""Migration 11: the incident model's candidate read answered from one index. A new report reads, for each
candidate incident, its reports' (event_pk, article_id) newest first (`corroborate._candidates`); through
ix_incident_reports_incident_id (incident_id) each of those rows was then looked up in the table for its
article_id, one more B-tree descent per report read. The covering index (incident_id, event_pk, article_id)
holds all three in the order the read wants, and replaces the narrow one, its prefix (the rows a lookup by
incident_id alone needs are the same entries). SQLite and PostgreSQL alike."""

from __future__ import annotations

NAME = "covering index on incident_reports (incident_id, event_pk, article_id), replacing (incident_id)"


def upgrade(conn) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_incident_reports_incident_event "
                         "ON incident_reports (incident_id, event_pk, article_id)")
    conn.exec_driver_sql("DROP INDEX IF EXISTS ix_incident_reports_incident_id")
