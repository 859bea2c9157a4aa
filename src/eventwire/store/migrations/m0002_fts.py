"""Migration 2: full-text index over article title + text (SQLite FTS5).

Where SQLite was built without FTS5 (or on another database), the step records itself and does nothing;
the store then searches with LIKE and says so (`Store.fts` is False).
"""

from __future__ import annotations

from sqlalchemy import text

NAME = "articles_fts (FTS5 over title + text on SQLite; a tsvector column on PostgreSQL)"


def upgrade(conn) -> None:
    if conn.dialect.name == "postgresql":
        # PostgreSQL stores were refused before this step learnt them, so no PostgreSQL database ever ran the
        # earlier no-op: a generated tsvector column (the 'simple' configuration: no stemming, like FTS5's
        # unicode61) with a GIN index
        conn.exec_driver_sql(
            "ALTER TABLE articles ADD COLUMN tsv tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED")
        conn.exec_driver_sql("CREATE INDEX ix_articles_tsv ON articles USING GIN (tsv)")
        return
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql("SAVEPOINT fts_probe")
    try:
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, "
            "tokenize = 'unicode61 remove_diacritics 2')")  # rowid = articles.docno
    except Exception:  # noqa: BLE001 - no FTS5 in this SQLite build: LIKE search instead
        conn.exec_driver_sql("ROLLBACK TO SAVEPOINT fts_probe")
        conn.exec_driver_sql("RELEASE SAVEPOINT fts_probe")
        return
    conn.exec_driver_sql("RELEASE SAVEPOINT fts_probe")
    # index what a previous version stored
    conn.execute(text("INSERT INTO articles_fts (rowid, title, text) "
                      "SELECT docno, coalesce(title, ''), text FROM articles"))
