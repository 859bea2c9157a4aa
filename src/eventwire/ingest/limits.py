"""Every bound the readers of untrusted input keep, in one place (the other ingest modules import them from here).

A source that goes past one of them is refused with a recorded rejection (its reason code in brackets), never
with a crash, a hang or unbounded memory:

    MAX_HTML_BYTES        an HTML page, as bytes                                  [too_large]
    MAX_TEXT_BYTES        a plain-text article, as bytes                          [too_large]
    MAX_LINE_BYTES        one JSONL line, or one JSON document that is not an array, or one item of a JSON array
                                                                                  [too_large]
    MAX_GZIP_BYTES        a JSON/JSONL document after decompression, and stdin    [too_large]
    MAX_FEED_BYTES        an RSS/Atom file read from disk                         [too_large]
    MAX_FETCHED_FEED_BYTES  a feed fetched over the network by `watch` (decoded body)
    MAX_PAGE_BYTES        an article page fetched over the network (the HTML cap)
    MAX_JSON_DEPTH        nesting of brackets in one JSON value, checked before it is parsed   [too_deep]
    MAX_ITEMS_PER_FILE    records (JSON array items, JSONL lines, feed items) read from one file; the rest of
                          the file is one rejection                               [too_many_items]
"""

from __future__ import annotations

MAX_HTML_BYTES = 5_000_000
MAX_TEXT_BYTES = MAX_HTML_BYTES
MAX_LINE_BYTES = 2 * MAX_TEXT_BYTES  # a record carries at most one text or page, plus its metadata
MAX_GZIP_BYTES = 256 * 1024 * 1024
MAX_FEED_BYTES = 32 * 1024 * 1024
MAX_FETCHED_FEED_BYTES = 10_000_000  # smaller than MAX_FEED_BYTES: a remote server's feed, read into memory
MAX_PAGE_BYTES = MAX_HTML_BYTES
MAX_JSON_DEPTH = 100  # an article record needs 3 levels; deeper is not news and would exhaust the parser's stack
MAX_ITEMS_PER_FILE = 100_000
