"""Live feeds: poll RSS/Atom feeds, fetch the new articles, annotate them and store them.

    eventwire watch https://news.example/world/rss.xml feeds/local.atom --db events.db --every 10m
    eventwire watch feed.xml --once --no-fetch          # one poll, the items' inline content, no network

    from eventwire.watch import poll
    with Store("events.db") as store:
        summary = poll(store, ["https://news.example/rss"], fetcher=Fetcher())

What is skipped, so that a poll costs little when nothing is new:
- by URL: every item is remembered in the `feed_items` table (key: sha256 of its link without #fragment, or of
  its guid) once it has been dealt with (stored, a duplicate, or refused for good). A seen item is not fetched.
- by content: a fetched page whose article id (the hash of its canonical text) is already stored or refused is
  not annotated again (the same story syndicated under another URL).
The article rows and the items' rows are written in one transaction, so a poll that is killed loses nothing and
stores nothing twice: the next poll fetches the items that were not recorded. A failure that may pass (timeout,
connection error, HTTP 429/5xx) leaves the item unrecorded, to be tried at the next poll; a permanent one
(blocked address, 404, not HTML, too large) records a rejection, falling back on the item's inline text when it
has some.

Network use is opt-in: only this command fetches, through `eventwire.ingest.fetch.Fetcher` (address guard,
timeouts, size caps, retries, a polite user agent, at most one request a second per host).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import select
from sqlalchemy.engine import Connection

from eventwire.errors import ConfigError, InputError
from eventwire.records import Article
from eventwire.store import schema as S

STAGE = "eventwire.watch.v1"
MIN_INTERVAL_S = 10.0

feed_items = S.feed_items  # migration 6


def parse_interval(value: str) -> float:
    """'10m' -> 600.0; units s, m, h, d (none: seconds). At least MIN_INTERVAL_S."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value or "", re.I)
    if not m:
        raise ConfigError(f"--every {value!r}: give a number with a unit, e.g. 30s, 10m, 1h")
    seconds = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2).lower()]
    if seconds < MIN_INTERVAL_S:
        raise ConfigError(f"--every {value!r}: polling more often than every {MIN_INTERVAL_S:.0f} s is impolite")
    return seconds


def canonical_url(url: str) -> str:
    """The URL without its fragment, with a lowercased scheme and host (paths and queries are kept)."""
    p = urlsplit(url.strip())
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, ""))


def item_key(link: str | None, guid: str | None) -> str | None:
    basis = canonical_url(link) if link and link.lower().startswith(("http://", "https://")) else (guid or link)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest() if basis else None


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _read_feed(source: str, fetcher: Any) -> tuple[bytes, str | None]:
    from eventwire.ingest.limits import MAX_FEED_BYTES, MAX_FETCHED_FEED_BYTES as MAX_FETCHED_FEED

    if is_url(source):
        if fetcher is None:
            raise ConfigError("fetching is off: a feed URL needs the network")
        got = fetcher.fetch(source, kind="feed", max_bytes=MAX_FETCHED_FEED)
        return got.body, got.url
    path = Path(source)
    if not path.exists():
        _check_scheme(source)
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FEED_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {source}: {exc.strerror or exc}", path=source) from exc
    return data, None


def _seen(conn: Connection, keys: list[str]) -> set[str]:
    out: set[str] = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i:i + 500]
        out.update(k for (k,) in conn.execute(select(feed_items.c.key).where(feed_items.c.key.in_(chunk))))
    return out


def _page_article(item: Any, fetcher: Any, where: str, published: str | None) -> tuple[Article | None, str | None]:
    """(article, None), or (None, reason) when the failure may pass and the item is to be tried again."""
    from eventwire.ingest.article import article_from_html, rejected_article
    from eventwire.ingest.feeds import item_article
    from eventwire.ingest.fetch import FetchError

    try:
        got = fetcher.fetch(item.link, kind="html")
    except FetchError as exc:
        if exc.transient:
            return None, exc.reason
        if item.text.strip():  # the page is refused for good, the feed says something: keep that
            return item_article(item, where, published), None
        return rejected_article(f"{exc.reason}: {exc}", f"{item.guid}|{item.link}".encode(), where=where,
                                url=item.link, source_id=item.guid or item.link, title=item.title,
                                outlet=item.outlet), None
    art = article_from_html(got.text_or_bytes(), url=got.url, title=item.title, published=item.published,
                            outlet=item.outlet, source_id=item.guid or item.link, _where=where,
                            default_published=published)
    if art.rejected and item.text.strip() and art.rejected.split(":")[0] in ("no_text", "extraction_failed"):
        return item_article(item, where, published), None  # a page we cannot read: the feed's own text
    return art, None


def poll(store: Any, sources: Sequence[str], *, fetcher: Any = None, fetch_pages: bool = True,
         pipeline: Any = None, published: str | None = None,
         report: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Poll each feed once: new items are fetched (or read inline), annotated and stored. Returns counts.

    `fetcher` (an `eventwire.ingest.fetch.Fetcher`) is needed for feed URLs and, with `fetch_pages`, for the
    items' pages; without `fetch_pages` the items' inline content is the article."""
    from eventwire.ingest.feeds import item_article, parse_feed
    from eventwire.pipeline import Pipeline
    from eventwire.store.load import LoadRun, now

    pipe = pipeline or Pipeline()
    c: Counter = Counter()
    feed_errors: dict[str, str] = {}
    with LoadRun(store, "watch", sources) as run:
        run_id = run.id
        for source in sources:
            try:
                data, final = _read_feed(source, fetcher)
            except Exception as exc:  # noqa: BLE001 - FetchError, InputError: one feed down, the others go on
                feed_errors[source] = str(exc)
                if report:
                    report(f"watch: {source}: {exc}")
                continue
            feed = parse_feed(data, base_url=final or (source if is_url(source) else None))
            if feed.problem:
                feed_errors[source] = feed.problem
                if report:
                    report(f"watch: {source}: {feed.problem}")
                continue
            c["feeds"] += 1
            c["items"] += len(feed.items)
            keyed = [(item_key(it.link, it.guid), it) for it in feed.items]
            keys = [k for k, _ in keyed if k]
            seen = store.read(lambda conn: _seen(conn, keys)) if keys else set()
            todo: list[tuple[str, Any, Article]] = []
            fresh: set[str] = set()
            for i, (key, item) in enumerate(keyed, 1):
                if key is None:
                    c["no_link"] += 1
                    continue
                if key in seen or key in fresh:
                    c["seen"] += 1
                    continue
                where = f"{source}: item {i}"
                can_fetch = fetch_pages and fetcher is not None and item.link and is_url(item.link)
                if can_fetch:
                    art, retry = _page_article(item, fetcher, where, published)
                    if art is None:
                        c["retry_later"] += 1
                        if report:
                            report(f"watch: {item.link}: {retry}; trying again at the next poll")
                        continue
                else:
                    art = item_article(item, where, published)
                fresh.add(key)
                todo.append((key, item, art))
            if not todo:
                continue
            known = store.known_ids([a.id for _, _, a in todo])
            ids_here: set[str] = set()
            to_annotate = []
            for _, _, a in todo:
                if not a.rejected and a.id not in known and a.id not in ids_here:
                    to_annotate.append(a)
                    ids_here.add(a.id)
            anns = list(pipe.run(to_annotate))
            rejected_anns = [_as_ann(a) for _, _, a in todo if a.rejected and a.id not in known]
            stamp = now()
            rows = []
            for key, item, a in todo:
                state = "rejected" if a.rejected else ("duplicate" if a.id in known else "stored")
                rows.append({"key": key, "url": item.link, "guid": item.guid, "feed": source, "article_id": a.id,
                             "status": state, "reason": a.rejected, "first_seen": stamp, "run_id": run_id})
                c[state] += 1

            got = run.load(anns + rejected_anns, also=lambda conn, rows=rows: _mark(conn, rows))
            c["events"] += got.events
    out = {k: c.get(k, 0) for k in ("feeds", "items", "seen", "stored", "duplicate", "rejected", "retry_later",
                                     "no_link", "events")}
    out["new_articles"] = run.total.new
    out["feed_errors"] = feed_errors
    out["run"] = run_id
    return out


def _as_ann(article: Article) -> Any:
    from eventwire.records import AnnotatedArticle

    return AnnotatedArticle(article=article)


def _mark(conn: Connection, rows: list[dict[str, Any]]) -> None:
    from eventwire.store.load import upsert

    if rows:
        conn.execute(upsert(conn, feed_items).on_conflict_do_nothing(index_elements=["key"]), rows)


def watch(store: Any, sources: Sequence[str], *, every: float = 600.0, once: bool = False,
          report: Callable[[str], None] | None = None, on_poll: Callable[[dict[str, Any]], None] | None = None,
          sleep: Callable[[float], None] = time.sleep, **kw: Any) -> list[dict[str, Any]]:
    """Poll every `every` seconds (from the start of one poll to the next) until interrupted; once with
    `once`. Returns the summaries (only kept for `once`, to keep a long watch flat in memory)."""
    from eventwire.pipeline import Pipeline

    kw.setdefault("pipeline", Pipeline())
    summaries = []
    while True:
        t0 = time.monotonic()
        got = poll(store, sources, report=report, **kw)
        if on_poll:
            on_poll(got)
        if once:
            summaries.append(got)
            return summaries
        sleep(max(0.0, every - (time.monotonic() - t0)))


def check_sources(sources: Iterable[str]) -> list[str]:
    """Feed URLs and existing files; raises InputError for a path that does not exist."""
    out = []
    for s in sources:
        if not is_url(s) and not Path(s).is_file():
            if not Path(s).exists():
                _check_scheme(s)
            raise InputError(f"no such feed file: {s} (give a feed URL or a local RSS/Atom file)", path=s)
        out.append(s)
    return out


def _check_scheme(source: str) -> None:
    """Raise InputError naming the scheme when `source` is a URL that is not http(s)."""
    from eventwire.ingest.walk import url_scheme

    scheme = url_scheme(source)
    if scheme:
        raise InputError(f"unsupported URL scheme {scheme}://: watch reads http:// and https:// feed URLs and local "
                         "RSS/Atom files", path=source)
