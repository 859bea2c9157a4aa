"""RSS and Atom feeds -> feed items and Articles (from the items' inline content, without any network use).

Policy (`eventwire.ingest.feeds.v1`):
- feedparser parses the bytes we hand it; it is never given a URL, so it never fetches anything itself.
- The document type declaration, with any entity it declares, is cut out before feedparser sees the bytes
  (`strip_doctype`). feedparser alone does not expand an entity-expansion bomb ("billion laughs") in the end, but
  only because libexpat's amplification limit stops its strict parser after hundreds of thousands of expanded
  characters (about 1 s per feed, measured here) and the loose parser takes over. Without the declaration there is
  nothing to expand and no external entity (`<!ENTITY x SYSTEM "file:///...">`) to read; the references left in
  the text stay as text. tests/test_feeds.py checks both. Feeds need no DTD: RSS 0.91's only names an external one.
- A feed above `MAX_FEED_BYTES` is refused as too large.
- An item's text is its full content (`content:encoded`, Atom `content`), else its description/summary, turned
  from an HTML fragment into plain paragraphs here (trafilatura is made for whole pages and drops short
  fragments). Title, link, publication date (`published`, else `updated`) and the feed's title (the outlet) are
  kept; the item's link is the article's URL and its guid (else the link) its `source_id`.
- An item with no usable text is a rejected Article ("no_text"), so items and outputs still match one to one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

from eventwire.ingest.article import article_from_text, rejected_article
from eventwire.ingest.limits import MAX_FEED_BYTES, MAX_ITEMS_PER_FILE
from eventwire.records import Article

STAGE = "eventwire.ingest.feeds.v1"
_FEED_HEAD = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)


def strip_doctype(data: bytes) -> bytes:
    """The document without its <!DOCTYPE ...> declaration (internal subset included), when it has one before
    the root element; quotes and brackets inside the declaration are respected."""
    m = _DOCTYPE.search(data, 0, 65536)
    if not m:
        return data
    root = re.search(rb"<[A-Za-z_]", data[:m.start()])
    if root:  # a DOCTYPE after the root element is not a declaration
        return data
    i, depth, quote = m.end(), 0, 0
    while i < len(data):
        c = data[i]
        if quote:
            if c == quote:
                quote = 0
        elif c in (0x22, 0x27):  # " '
            quote = c
        elif c == 0x5B:  # [
            depth += 1
        elif c == 0x5D:  # ]
            depth = max(0, depth - 1)
        elif c == 0x3E and depth == 0:  # >
            return data[:m.start()] + data[i + 1:]
        i += 1
    return data[:m.start()]  # never closed: nothing after it is a feed


def looks_like_feed(head: bytes) -> bool:
    """True when the first bytes of an XML document are an RSS, Atom or RDF feed."""
    head = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and bool(_FEED_HEAD.search(head))


@dataclass(slots=True)
class FeedItem:
    """One item of a feed: where it points and what it says inline."""

    link: str | None
    guid: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD
    text: str  # the inline content as plain text ("" when there is none)
    outlet: str | None  # the feed's title

    @property
    def key(self) -> str | None:
        return self.link or self.guid


@dataclass(slots=True)
class Feed:
    title: str | None
    link: str | None
    items: list[FeedItem]
    problem: str | None = None  # set when the document is not a feed at all


_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section",
          "article", "figcaption", "pre", "table", "hr"}
_SKIP = {"script", "style", "noscript", "template", "svg", "figure", "iframe", "object"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def fragment_text(html: str) -> str:
    """An HTML fragment (a feed item's content) -> plain text, one paragraph per block."""
    if "<" not in html:
        return unescape(html).strip()
    p = _Text()
    try:
        p.feed(html)
        p.close()
    except (AssertionError, ValueError):  # malformed markup: fall back to dropping tags
        return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]*>", " ", html))).strip()
    paras = (" ".join(x.split()) for x in "".join(p.parts).split("\n\n"))
    return "\n\n".join(x for x in paras if x)


def _date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(t), dt.timezone.utc).date().isoformat()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _inline(entry: Any) -> str:
    best = ""
    for c in entry.get("content") or []:
        v = c.get("value") or ""
        if len(v) > len(best):
            best = v
    if not best:
        best = entry.get("summary") or entry.get("description") or ""
    return fragment_text(best)


def _s(v: Any) -> str | None:
    v = (v or "").strip() if isinstance(v, str) else None
    return v or None


def parse_feed(data: bytes, base_url: str | None = None) -> Feed:
    """Parse RSS/Atom bytes. Never fetches: feedparser gets the bytes, not a URL."""
    import feedparser

    if len(data) > MAX_FEED_BYTES:
        return Feed(None, None, [], problem="too_large")
    headers = {"content-location": base_url} if base_url else None
    try:
        d = feedparser.parse(strip_doctype(data), response_headers=headers, resolve_relative_uris=bool(base_url),
                             sanitize_html=True)
    except Exception as exc:  # noqa: BLE001 - feedparser itself can fail on hostile bytes (found by fuzzing)
        return Feed(None, None, [], problem=f"not_a_feed: {type(exc).__name__}")
    version = d.get("version") or ""
    if not d.entries and not version:
        exc = d.get("bozo_exception")
        return Feed(None, None, [], problem=f"not_a_feed: {type(exc).__name__ if exc else 'no feed found'}")
    outlet = _s(d.feed.get("title"))
    items = [FeedItem(link=_s(e.get("link")), guid=_s(e.get("id")), title=_s(e.get("title")), published=_date(e),
                      text=_inline(e), outlet=outlet)
             for e in d.entries]
    return Feed(title=outlet, link=_s(d.feed.get("link")), items=items)


def item_article(item: FeedItem, where: str, published: str | None = None) -> Article:
    """An item's inline content -> Article (rejected "no_text" when the item carries no text)."""
    meta = {"url": item.link, "source_id": item.guid or item.link, "title": item.title, "outlet": item.outlet}
    if not item.text.strip():
        return rejected_article("no_text", f"{item.guid}|{item.link}|{item.title}".encode("utf-8", "surrogatepass"),
                                where=where, **meta)
    return article_from_text(item.text, published=item.published, default_published=published, _where=where,
                             **meta)


def iter_feed(data: bytes, name: str, published: str | None = None, *, label: str | None = None
              ) -> Iterator[Article]:
    """One Article per feed item, from its inline content; a document that is no feed: one rejection. `name` is
    the basis of the records' ids, `label` (default: `name`) the path shown in a rejection's detail. At most
    MAX_ITEMS_PER_FILE items: the rest is one rejection."""
    feed = parse_feed(data)
    if feed.problem:
        yield rejected_article(feed.problem, data[:65536], where=name)
        return
    for i, item in enumerate(feed.items, 1):
        if i > MAX_ITEMS_PER_FILE:
            yield rejected_article("too_many_items", f"{item.guid}|{item.link}".encode("utf-8", "surrogatepass"),
                                   where=f"{name}: item {i}",
                                   detail=f"{label or name}: only the first {MAX_ITEMS_PER_FILE:,} items of a feed "
                                          f"are read; the other {len(feed.items) - MAX_ITEMS_PER_FILE:,} are not")
            return
        yield item_article(item, f"{name}: item {i}", published)
