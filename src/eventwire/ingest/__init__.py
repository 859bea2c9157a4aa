"""Ingest: sources (text, HTML, JSONL, folders, stdin, WARC, RSS/Atom) -> `Article` records with clean text and
metadata.

    article_from_text(text, published=, source_id=, url=, title=, outlet=)  plain/scraped text
    article_from_html(html, ...)                                            trafilatura + cleaning
    article_from_input(data, **meta)                                        sniffs HTML vs text
    read_sources(paths, stdin=, published=)                                 files, folders, JSONL, WARC, feeds, "-"
    iter_warc(fh, name) / read_warc(path)                                   WARC archives (warc.py)
    parse_feed(data) / iter_feed(data, name)                                RSS/Atom, inline content (feeds.py)
    Fetcher(...).fetch(url)                                                 guarded HTTP, for `watch` (fetch.py)

Rejections are data: a bad article yields an Article with `rejected` set ("empty", "binary", "too_large",
"encoding", "no_text", "not_english:<code>", "invalid_json: line N: ...", "timeout", "warc_truncated",
"warc_digest", "warc_corrupt", "not_a_feed", "blocked_address", "http_404", ...) and text "". So does a file or
folder entry that cannot be read within bounds ("too_deep", "too_many_items", "not_regular_file",
"dangling_symlink", "symlink_loop", "symlink_outside_root", "unreadable": see `walk`, `jsondoc` and `limits`).
"""

from typing import Any

from eventwire.ingest.article import (
    article_from_html, article_from_input, article_from_text, content_id, looks_like_html,
)
from eventwire.ingest.clean import clean_text
from eventwire.ingest.feeds import iter_feed, parse_feed
from eventwire.ingest.sources import read_sources
from eventwire.ingest.warc import iter_warc, read_warc

STAGE = "eventwire.ingest.v1"

__all__ = sorted([
    "Fetcher", "STAGE", "article_from_html", "article_from_input", "article_from_text", "clean_text", "content_id",
    "iter_feed", "iter_warc", "looks_like_html", "parse_feed", "read_sources", "read_warc",
])


def __getattr__(name: str) -> Any:  # the fetcher (ssl, httpx) only when asked for
    if name == "Fetcher":
        from eventwire.ingest.fetch import Fetcher

        return Fetcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
