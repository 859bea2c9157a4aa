"""Migration 8: what the scored incident model needs (`eventwire.corroborate`, v3).

- incidents: the headline fatality figure by ACLED's rule (`fatalities_best`, the lowest credible report) with
  the range beside it (`fatalities_low`, `fatalities_high`); `unknown_sources`, the reports carried by no named
  outlet (never counted as independent sources); `carried_by`, the outlets that carried another outlet's text.
- articles: `minhash`, the MinHash signature of the text (64 unsigned 64-bit values), which finds syndicated and
  near-duplicate texts among an incident's articles.
- article_carriers: the other outlets that carried an article's exact text (one text, one article id: the store
  keeps the first copy, and each further outlet here).
- incident_boxes: the candidate index, one box per incident over (day, latitude, longitude, type family,
  country): a five-dimensional R*Tree virtual table on SQLite; on PostgreSQL a table with a GiST index over the
  (family and day, latitude) box. A new report looks up the incidents whose box meets its own, so the lookup
  stays fast as incidents pile up. Where SQLite lacks the R*Tree module, a plain table with a B-tree stands in.
"""

from __future__ import annotations

NAME = "incident model v3: headline figures, unknown sources, carriers, MinHash, incident boxes"


def upgrade(conn) -> None:
    pg = conn.dialect.name == "postgresql"
    blob = "BYTEA" if pg else "BLOB"
    for col in ("fatalities_best INTEGER", "fatalities_low INTEGER", "fatalities_high INTEGER",
                "unknown_sources INTEGER NOT NULL DEFAULT 0", "carried_by TEXT"):
        conn.exec_driver_sql(f"ALTER TABLE incidents ADD COLUMN {col}")
    conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN minhash {blob}")
    conn.exec_driver_sql(
        "CREATE TABLE article_carriers ("
        " article_id VARCHAR(64) NOT NULL REFERENCES articles (id) ON DELETE CASCADE,"
        " outlet VARCHAR(200) NOT NULL, url TEXT, source_id TEXT, first_seen VARCHAR(32) NOT NULL,"
        " PRIMARY KEY (article_id, outlet))")
    cols = ", ".join(f"{d}{i} DOUBLE PRECISION NOT NULL" if pg else f"{d}{i} REAL NOT NULL"
                     for d in ("d", "lat", "lon", "fam", "cty") for i in (0, 1))
    if pg:
        conn.exec_driver_sql(f"CREATE TABLE incident_boxes (id INTEGER PRIMARY KEY, {cols})")
        # the very expression `corroborate.index.meets` queries: (family * 10,000,000 + day, latitude)
        conn.exec_driver_sql("CREATE INDEX ix_incident_boxes_box ON incident_boxes USING GIST "
                             "(box(point(fam0 * 10000000.0 + d0, lat0), point(fam1 * 10000000.0 + d1, lat1)))")
        return
    conn.exec_driver_sql("SAVEPOINT rtree_probe")
    try:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE incident_boxes USING rtree(id, d0, d1, lat0, lat1, lon0, lon1, "
                             "fam0, fam1, cty0, cty1)")
    except Exception:  # noqa: BLE001 - no R*Tree in this SQLite build: a plain table and a B-tree
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT rtree_probe")
        conn.exec_driver_sql(f"CREATE TABLE incident_boxes (id INTEGER PRIMARY KEY, {cols})")
        conn.exec_driver_sql("CREATE INDEX ix_incident_boxes_days ON incident_boxes (fam0, d1, d0)")
    conn.exec_driver_sql("RELEASE SAVEPOINT rtree_probe")
