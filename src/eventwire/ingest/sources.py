"""Sources (files, folders, JSONL, gzip, stdin, WARC, RSS/Atom) -> a stream of Articles, one per input article,
in order.

WARC files (.warc, .warc.gz) are read by `eventwire.ingest.warc`, feeds (.rss, .atom, and .xml files that are
feeds) by `eventwire.ingest.feeds` (the items' inline content; no network).

A bad article or line yields a rejected Article and the batch goes on; only a source that cannot be read at
all (missing path, unreadable file) raises `InputError`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import InputError
from eventwire.ingest.article import (
    MAX_TEXT_BYTES, article_from_html, article_from_input, article_from_text, rejected_article,
)
from eventwire.ingest.dates import normalize_date
from eventwire.records import Article

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
WARC_EXT = {".warc"}
FEED_EXT = {".rss", ".atom"}
XML_EXT = {".xml"}  # a feed when its first bytes say so; other XML is read as before (sniffed)
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT | WARC_EXT | FEED_EXT
MAX_GZIP_BYTES = 256 * 1024 * 1024  # decompressed size cap for .gz sources
MAX_LINE_BYTES = 2 * MAX_TEXT_BYTES  # a JSONL line above this is refused as too_large
MAX_FEED_BYTES = 32 * 1024 * 1024  # an RSS/Atom file above this is refused as too_large (feeds.MAX_FEED_BYTES)


def _kind(path: Path) -> tuple[str | None, bool]:
    """(kind, gzipped) from the file name; kind is text, html, jsonl, json, warc, feed, xml or None (sniff)."""
    suffixes = [s.lower() for s in path.suffixes]
    gz = bool(suffixes) and suffixes[-1] == ".gz"
    ext = (suffixes[-2] if gz and len(suffixes) > 1 else (suffixes[-1] if suffixes and not gz else ""))
    for kind, exts in (("text", TEXT_EXT), ("html", HTML_EXT), ("jsonl", JSONL_EXT), ("json", JSON_EXT),
                       ("warc", WARC_EXT), ("feed", FEED_EXT), ("xml", XML_EXT)):
        if ext in exts:
            return kind, gz
    return None, gz


def _walk(root: Path) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            p = Path(dirpath) / name
            kind = _kind(p)[0]
            if not name.startswith(".") and kind is not None and (kind != "xml" or _is_feed_file(p)):
                found.append(p)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def _is_feed_file(path: Path) -> bool:
    from eventwire.ingest.feeds import looks_like_feed

    try:
        with _open(path, _kind(path)[1]) as fh:
            return looks_like_feed(fh.read(4096))
    except (OSError, EOFError, zlib.error, InputError):
        return False


def _read_capped(fh: BinaryIO, cap: int) -> tuple[bytes, bool]:
    data = fh.read(cap + 1)
    return data[:cap], len(data) > cap


def _open(path: Path, gz: bool) -> BinaryIO:
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
    return gzip.GzipFile(fileobj=fh, mode="rb") if gz else fh  # type: ignore[return-value]


def _record_article(obj: object, where: str, raw: bytes, published: str | None) -> Article:
    if not isinstance(obj, dict):
        return rejected_article(f"invalid_json: {where}: not a JSON object", raw, where=where)
    meta = {
        "source_id": obj.get("id"), "url": obj.get("url"), "title": obj.get("title"),
        "outlet": obj.get("outlet"), "_where": where,
    }
    meta = {k: (v if v is None or isinstance(v, str) else str(v)) for k, v in meta.items()}
    meta["published"] = normalize_date(obj.get("published"))
    meta["default_published"] = published
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        return article_from_input(text, **meta)
    if isinstance(html, str) and html.strip():
        return article_from_html(html, **meta)  # type: ignore[arg-type]
    if isinstance(text, str) or isinstance(html, str):
        return rejected_article("empty", raw, where=where, **meta)
    return rejected_article("no_text", raw, where=where, **meta)


def iter_jsonl(fh: BinaryIO, name: str, published: str | None = None) -> Iterator[Article]:
    """One Article per non-blank line; bad lines become rejected Articles."""
    lineno = 0
    while True:
        line = fh.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        lineno += 1
        where = f"{name}: line {lineno}"
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                more = fh.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield rejected_article("too_large", line[:65536], where=where)
            continue
        if not line.strip():
            continue
        try:
            s = line.decode("utf-8")
        except UnicodeDecodeError:
            yield rejected_article("encoding", line, where=where)
            continue
        try:
            obj = json.loads(s)
        except json.JSONDecodeError as exc:
            yield rejected_article(f"invalid_json: line {lineno}: {exc.msg} (column {exc.colno})", line,
                                   where=where)
            continue
        yield _record_article(obj, f"line {lineno}", line, published)


def _read_file(path: Path, published: str | None) -> Iterator[Article]:
    kind, gz = _kind(path)
    where = str(path)
    meta = {"default_published": published, "source_id": path.name, "_where": where}
    if kind == "warc":
        from eventwire.ingest.warc import read_warc

        try:
            yield from read_warc(path, published)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}", path=str(path)) from exc
        return
    try:
        if kind == "jsonl":
            with _open(path, gz) as fh:
                yield from iter_jsonl(fh, where, published)
            return
        with _open(path, gz) as fh:
            caps = {"json": MAX_GZIP_BYTES, "feed": MAX_FEED_BYTES, "xml": MAX_FEED_BYTES}
            cap = caps.get(kind or "", MAX_TEXT_BYTES)
            data, over = _read_capped(fh, cap)
    except (OSError, EOFError, zlib.error) as exc:
        if isinstance(exc, InputError):
            raise
        yield rejected_article("corrupt_gzip" if gz else "unreadable", path.name.encode(), where=where,
                               source_id=path.name)
        return
    if over:
        yield rejected_article("too_large", data[:65536], where=where, source_id=path.name)
        return
    if kind == "xml":
        from eventwire.ingest.feeds import looks_like_feed

        kind = "feed" if looks_like_feed(data) else None
    if kind == "feed":
        from eventwire.ingest.feeds import iter_feed

        yield from iter_feed(data, where, published)
    elif kind == "json":
        yield from _read_json(data, where, published)
    elif kind == "html":
        yield article_from_html(data, **meta)  # type: ignore[arg-type]
    elif kind == "text":
        yield article_from_text(data, **meta)  # type: ignore[arg-type]
    else:
        yield from _read_sniffed(data, where, meta, published)


def _read_json(data: bytes, where: str, published: str | None) -> Iterator[Article]:
    try:
        obj = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        yield rejected_article("encoding", data, where=where)
        return
    except json.JSONDecodeError:
        yield from iter_jsonl(io.BytesIO(data), where, published)
        return
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, 1):
        yield _record_article(item, f"{where}: item {i}", json.dumps(item).encode(), published)


def _read_sniffed(data: bytes, where: str, meta: dict, published: str | None) -> Iterator[Article]:
    """stdin and files of unknown kind: JSONL when every line is a JSON object, an RSS/Atom feed, else HTML or
    text."""
    head = data.lstrip()[:1]
    if head == b"<":
        from eventwire.ingest.feeds import iter_feed, looks_like_feed

        if looks_like_feed(data):
            yield from iter_feed(data, where, published)
            return
    if head in (b"{", b"["):
        first = data.lstrip().split(b"\n", 1)[0]
        try:
            json.loads(first)
            is_json = True
        except (ValueError, UnicodeDecodeError):
            is_json = False
        if is_json or head == b"[":
            yield from _read_json(data, where, published)
            return
    yield article_from_input(data, **meta)


def read_sources(paths: Sequence[str], *, stdin: BinaryIO | None = None,
                 published: str | None = None) -> Iterator[Article]:
    """Articles from files, folders (recursive, sorted) and "-" (stdin), in input order.

    `published` (YYYY-MM-DD) is a default: a JSONL "published" field, then the date the document itself
    gives (HTML metadata, a byline or dateline), win over it.
    Raises InputError for a path that does not exist or cannot be read at all.
    """
    published = normalize_date(published) if published else None
    for p in paths:
        if p == "-":
            fh = stdin if stdin is not None else sys.stdin.buffer
            data, over = _read_capped(fh, MAX_GZIP_BYTES)
            if over:
                yield rejected_article("too_large", data[:65536], where="<stdin>")
                continue
            meta = {"default_published": published, "_where": "<stdin>"}
            yield from _read_sniffed(data, "<stdin>", meta, published)
            continue
        path = Path(p)
        if not path.exists():
            raise InputError(f"no such file or folder: {p} (check the path)", path=p)
        if path.is_dir():
            for f in _walk(path):
                yield from _read_file(f, published)
        else:
            yield from _read_file(path, published)
