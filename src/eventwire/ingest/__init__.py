"""Ingest: sources (text, HTML, JSONL, folders, stdin) -> `Article` records with clean text and metadata.

    article_from_text(text, published=, source_id=, url=, title=, outlet=)  plain/scraped text
    article_from_html(html, ...)                                            trafilatura + cleaning
    article_from_input(data, **meta)                                        sniffs HTML vs text
    read_sources(paths, stdin=, published=)                                 files, folders, JSONL, "-"

Rejections are data: a bad article yields an Article with `rejected` set ("empty", "binary", "too_large",
"encoding", "no_text", "not_english:<code>", "invalid_json: line N: ...", "timeout", ...) and text "".
"""

from eventwire.ingest.article import (
    article_from_html, article_from_input, article_from_text, content_id, looks_like_html,
)
from eventwire.ingest.clean import clean_text
from eventwire.ingest.sources import read_sources

STAGE = "eventwire.ingest.v1"

__all__ = sorted([
    "STAGE", "article_from_html", "article_from_input", "article_from_text", "clean_text", "content_id",
    "looks_like_html", "read_sources",
])
