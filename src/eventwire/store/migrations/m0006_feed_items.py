"""Migration 6: feed_items, the feed items `eventwire watch` has dealt with (so a poll skips what it has seen).

A frozen copy of the table as first released; never edit it: add a new numbered step instead.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table, Text

NAME = "feed_items (feed items seen by eventwire watch)"

metadata = MetaData()

feed_items = Table(
    "feed_items", metadata,
    Column("key", String(64), primary_key=True),  # sha256 of the item's canonical link (else its guid)
    Column("url", Text),
    Column("guid", Text),
    Column("feed", Text, nullable=False),
    Column("article_id", String(64), index=True),
    Column("status", String(20), nullable=False),  # stored, duplicate, rejected
    Column("reason", Text),
    Column("first_seen", String(32), nullable=False),
    Column("run_id", Integer),
)


def upgrade(conn) -> None:
    feed_items.create(conn, checkfirst=True)
