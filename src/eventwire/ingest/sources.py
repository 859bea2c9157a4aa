"""Sources (files, folders, JSONL, gzip, stdin, WARC, RSS/Atom) -> a stream of Articles, one per input article,
in order.

WARC files (.warc, .warc.gz) are read by `eventwire.ingest.warc`, feeds (.rss, .atom, and .xml files that are
feeds) by `eventwire.ingest.feeds` (the items' inline content; no network).

A bad article, line, file or folder entry yields a rejected Article and the batch goes on: a FIFO or device, a
broken symbolic link or one leaving the folder given (`eventwire.ingest.walk`), a file that cannot be opened, JSON
nested too deep or with too many items (`eventwire.ingest.jsondoc`), NUL bytes (`eventwire.ingest.decode`). Only a
path that does not exist, or an address with a URL scheme, raises `InputError`. The bounds are in
`eventwire.ingest.limits`.

Ids of rejections: a rejected file or record is identified by the file's content (sha256 of its size and first
MiB), its position in the file and its reason, never by the spelling of its path; an entry that has no content to
read (a FIFO, a broken link) by its location with every folder resolved. The same refusal met again (a rerun, the
same file under another path) is therefore the same rejection; the path is in its detail.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import InputError, RejectedInput
from eventwire.ingest.article import article_from_html, article_from_input, article_from_text, rejected_article
from eventwire.ingest.dates import normalize_date
from eventwire.ingest.jsondoc import JsonValue, iter_array, loads_bounded
from eventwire.ingest.limits import (
    MAX_FEED_BYTES, MAX_GZIP_BYTES, MAX_ITEMS_PER_FILE, MAX_LINE_BYTES, MAX_TEXT_BYTES,
)
from eventwire.ingest.walk import Entry, NotRegular, location, named, open_regular, url_scheme
from eventwire.records import Article, clean_name

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
WARC_EXT = {".warc"}
FEED_EXT = {".rss", ".atom"}
XML_EXT = {".xml"}  # a feed when its first bytes say so; other XML is read as before (sniffed)
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT | WARC_EXT | FEED_EXT
KEY_PREFIX_BYTES = 1 << 20  # a file's content key hashes its size and this many first bytes
_NON_SPACE = re.compile(rb"[^ \t\r\n\f\v]")


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


def _wanted(path: Path) -> bool:
    """A regular file found in a folder is read when its name says a kind eventwire reads (an .xml file: when it
    is a feed)."""
    kind = _kind(path)[0]
    return kind is not None and (kind != "xml" or _is_feed_file(path))


def _is_feed_file(path: Path) -> bool:
    from eventwire.ingest.feeds import looks_like_feed

    try:
        with _open(path, _kind(path)[1]) as fh:
            return looks_like_feed(fh.read(4096))
    except (OSError, EOFError, zlib.error):
        return False


def _read_capped(fh: BinaryIO, cap: int) -> tuple[bytes, bool]:
    data = fh.read(cap + 1)
    return data[:cap], len(data) > cap


def _open(path: Path, gz: bool) -> BinaryIO:
    """The file's bytes (decompressed when `gz`); raises NotRegular for a FIFO, device or socket, OSError when it
    cannot be opened. Never blocks (`walk.open_regular`)."""
    fh = open_regular(path)
    return gzip.GzipFile(fileobj=fh, mode="rb") if gz else fh  # type: ignore[return-value]


def content_key(fh: BinaryIO, size: int | None = None) -> str:
    """What identifies a file's rejections: sha256 of its size and first `KEY_PREFIX_BYTES` bytes (as stored, not
    decompressed). Leaves `fh` at its start."""
    head = fh.read(KEY_PREFIX_BYTES)
    if size is None:
        size = len(head) + len(fh.read())
    fh.seek(0)
    return hashlib.sha256(b"%d\x00" % size + head).hexdigest()


def _refusal(entry: Entry) -> Article:
    """A folder entry (or named path) that is not read: a rejection identified by its resolved location."""
    code, _, detail = (entry.problem or "unreadable").partition(": ")
    return rejected_article(code, b"", where=f"entry {entry.key or location(entry.path)}", detail=detail or None,
                            source_id=entry.path.name)


def _record_article(obj: object, label: str, where: str, raw: bytes, published: str | None) -> Article:
    """One JSON record -> Article. `label` names it in a rejection's reason ("line 3"); `where` is its id basis."""
    if not isinstance(obj, dict):
        return rejected_article(f"invalid_json: {label}: not a JSON object", raw, where=where)
    meta = {
        "source_id": obj.get("id"), "url": obj.get("url"), "title": obj.get("title"),
        "outlet": obj.get("outlet"), "_where": where,
    }
    meta = {k: (v if v is None or isinstance(v, str) else str(v)) for k, v in meta.items()}
    meta["published"] = normalize_date(obj.get("published"))
    meta["default_published"] = published
    text, html = obj.get("text"), obj.get("html")
    if isinstance(text, str) and text.strip():
        return _bad_date(article_from_input(text, **meta), obj.get("published"), meta["published"])
    if isinstance(html, str) and html.strip():
        return _bad_date(article_from_html(html, **meta), obj.get("published"), meta["published"])  # type: ignore[arg-type]
    if isinstance(text, str) or isinstance(html, str):
        return rejected_article("empty", raw, where=where, **meta)
    return rejected_article("no_text", raw, where=where, **meta)


def _bad_date(a: Article, given: object, read: str | None) -> Article:
    """A record's `published` that is given but no date ("yesterday", 20241202, "2024-02-30") is not dropped in
    silence: the article keeps it as `published_raw` and its loader counts and reports it; the article stays."""
    if a.rejected or read is not None or given is None or not str(given).strip():
        return a
    a.published_raw = clean_name(str(given))[:100]
    return a


def _count_lines(fh: BinaryIO, cap: int) -> tuple[int, bool]:
    """Newlines left in `fh` (reading at most `cap` bytes) and whether the cap stopped the count."""
    n = read = 0
    while read <= cap:
        chunk = fh.read(min(1 << 20, cap + 1 - read))
        if not chunk:
            return n, False
        read += len(chunk)
        n += chunk.count(b"\n")
    return n, True


def iter_jsonl(fh: BinaryIO, name: str, published: str | None = None, *, key: str | None = None,
               max_bytes: int | None = None) -> Iterator[Article]:
    """One Article per non-blank line; bad lines become rejected Articles. `name` is the path shown in details,
    `key` the basis of ids (default: `name`). At most MAX_ITEMS_PER_FILE records, and `max_bytes` (given for
    decompressed and in-memory sources: MAX_GZIP_BYTES), are read: the rest is one rejection."""
    key = key or name
    cap = max_bytes if max_bytes is not None else float("inf")
    lineno = records = total = 0
    while True:
        line = fh.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        lineno += 1
        total += len(line)
        where = f"{key}: line {lineno}"
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # skip the rest of the over-long line
                more = fh.readline(MAX_LINE_BYTES)
                total += len(more)
                if not more or more.endswith(b"\n") or total > cap:
                    break
            yield rejected_article("too_large", line[:65536], where=where)
            records += 1
        elif line.strip():
            if records >= MAX_ITEMS_PER_FILE:
                left, capped = _count_lines(fh, MAX_GZIP_BYTES)
                yield rejected_article("too_many_items", line[:65536], where=where,
                                       detail=f"{name}: only the first {MAX_ITEMS_PER_FILE:,} records of a file are "
                                              f"read; lines from {lineno:,} on ({'at least ' if capped else ''}"
                                              f"{left + 1:,} lines) are not")
                return
            records += 1
            yield _jsonl_record(line, lineno, name, where, published)
        if total > cap:
            yield rejected_article("too_large", line[:65536], where=f"{key}: after line {lineno}",
                                   detail=f"{name}: over {max_bytes:,} bytes decompressed; lines after "
                                          f"{lineno:,} are not read")
            return


def _jsonl_record(line: bytes, lineno: int, name: str, where: str, published: str | None) -> Article:
    try:
        s = line.decode("utf-8")
    except UnicodeDecodeError:
        return rejected_article("encoding", line, where=where, source_id=f"{name}:{lineno}")
    try:
        obj = loads_bounded(s)
    except RejectedInput as exc:
        return rejected_article(exc.reason, line[:65536], where=where, detail=f"{name}: line {lineno}: {exc.message}",
                                source_id=f"{name}:{lineno}")
    except ValueError as exc:
        msg = f"{exc.msg} (column {exc.colno})" if hasattr(exc, "colno") else str(exc)
        return rejected_article(f"invalid_json: line {lineno}: {msg}", line, where=where,
                                source_id=f"{name}:{lineno}")
    return _record_article(obj, f"line {lineno}", where, line, published)


def _read_file(path: Path, published: str | None) -> Iterator[Article]:
    kind, gz = _kind(path)
    try:
        raw = open_regular(path)
    except NotRegular as exc:  # swapped in after the walk's stat
        yield _refusal(Entry(path, f"not_regular_file: {path} is a {exc.what}"))
        return
    except OSError as exc:
        yield _refusal(Entry(path, f"unreadable: {path}: {exc.strerror or exc}"))
        return
    with raw:
        try:
            where = "file " + content_key(raw, os.fstat(raw.fileno()).st_size)
        except OSError as exc:
            yield _refusal(Entry(path, f"unreadable: {path}: {exc.strerror or exc}"))
            return
        yield from _read_open_file(raw, path, kind, gz, where, published)


def _read_open_file(raw: BinaryIO, path: Path, kind: str | None, gz: bool, where: str,
                    published: str | None) -> Iterator[Article]:
    name = str(path)
    meta = {"default_published": published, "source_id": path.name, "_where": where}
    if kind == "warc":
        from eventwire.ingest.warc import iter_warc

        try:
            yield from iter_warc(io.BufferedReader(raw, 1 << 20), name, published, key=where)  # type: ignore[arg-type]
        except OSError as exc:
            yield rejected_article("unreadable", path.name.encode(), where=where,
                                   detail=f"{name}: {exc.strerror or exc}", source_id=path.name)
        return
    fh: BinaryIO = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw  # type: ignore[assignment]
    try:
        if kind == "jsonl":
            yield from iter_jsonl(fh, name, published, key=where, max_bytes=MAX_GZIP_BYTES if gz else None)
            return
        if kind == "json":
            yield from _read_json(fh, name, where, published)
            return
        caps = {"feed": MAX_FEED_BYTES, "xml": MAX_FEED_BYTES}
        data, over = _read_capped(fh, caps.get(kind or "", MAX_TEXT_BYTES))
    except (OSError, EOFError, zlib.error):
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

        yield from iter_feed(data, where, published, label=name)
    elif kind == "html":
        yield article_from_html(data, **meta)  # type: ignore[arg-type]
    elif kind == "text":
        yield article_from_text(data, **meta)  # type: ignore[arg-type]
    else:
        yield from _read_sniffed(data, name, where, meta, published)


def _first_non_space(fh: BinaryIO) -> bytes:
    """The first byte of `fh` that is not whitespace (or a UTF-8 BOM), b"" when there is none within
    MAX_LINE_BYTES; leaves `fh` at its start."""
    seen = 0
    first = True
    while seen <= MAX_LINE_BYTES:
        chunk = fh.read(65536)
        if not chunk:
            break
        if first:
            chunk, first = chunk.removeprefix(b"\xef\xbb\xbf"), False
        seen += len(chunk)
        m = _NON_SPACE.search(chunk)
        if m:
            fh.seek(0)
            return chunk[m.start():m.start() + 1]
    fh.seek(0)
    return b""


def _first_line_is_json(fh: BinaryIO) -> bool:
    """Whether the first non-blank line of `fh` is a JSON value on its own (the file is then JSONL); a line too
    deep to parse counts as JSON (its line is refused as too_deep). Leaves `fh` at its start."""
    line, read = b"", 0
    while read <= MAX_LINE_BYTES:
        line = fh.readline(MAX_LINE_BYTES + 1)
        read += len(line)
        if not line or line.strip():
            break
    fh.seek(0)
    line = line.removeprefix(b"\xef\xbb\xbf").strip()
    if not line or len(line) > MAX_LINE_BYTES:
        return bool(line)
    try:
        loads_bounded(line)
    except RejectedInput:
        return True
    except ValueError:
        return False
    return True


def _json_value_article(v: JsonValue, name: str, where: str, published: str | None) -> Article:
    item_where = f"{where}: item {v.index}"
    raw = v.raw.encode("utf-8", "surrogatepass")
    if v.problem:
        code, _, detail = v.problem.partition(": ")
        return rejected_article(code, raw, where=item_where, detail=f"{name}: item {v.index}: {detail}",
                                source_id=f"{name}:{v.index}")
    return _record_article(v.value, f"{name}: item {v.index}", item_where, raw, published)


def _read_json(fh: BinaryIO, name: str, where: str, published: str | None) -> Iterator[Article]:
    """A JSON document (`fh` seekable): an array is read item by item (`jsondoc.iter_array`); a document whose
    first line is a JSON value is JSONL; anything else is one document of at most MAX_LINE_BYTES."""
    head = _first_non_space(fh)
    if head == b"[":
        for v in iter_array(fh):
            yield _json_value_article(v, name, where, published)
        return
    if _first_line_is_json(fh):
        yield from iter_jsonl(fh, name, published, key=where, max_bytes=MAX_GZIP_BYTES)
        return
    data, over = _read_capped(fh, MAX_LINE_BYTES)
    if over:
        yield rejected_article("too_large", data[:65536], where=where,
                               detail=f"{name}: a JSON document that is not an array is at most "
                                      f"{MAX_LINE_BYTES:,} bytes (make it an array, or JSONL)")
        return
    try:
        obj = loads_bounded(data.removeprefix(b"\xef\xbb\xbf"))
    except RejectedInput as exc:
        yield rejected_article(exc.reason, data[:65536], where=where, detail=f"{name}: {exc.message}", source_id=name)
        return
    except UnicodeDecodeError:
        yield rejected_article("encoding", data, where=where, source_id=name)
        return
    except ValueError:  # not one document: perhaps JSON lines after a first line that is not one
        yield from iter_jsonl(io.BytesIO(data), name, published, key=where)
        return
    yield _record_article(obj, f"{name}: item 1", f"{where}: item 1", data, published)


def _read_sniffed(data: bytes, name: str, where: str, meta: dict, published: str | None) -> Iterator[Article]:
    """stdin and files of unknown kind: JSON when it starts as an array or its first line is a JSON object, an
    RSS/Atom feed, else HTML or text."""
    m = _NON_SPACE.search(data.removeprefix(b"\xef\xbb\xbf"), 0, MAX_LINE_BYTES)
    head = m.group() if m else b""
    if head == b"<":
        from eventwire.ingest.feeds import iter_feed, looks_like_feed

        if looks_like_feed(data):
            yield from iter_feed(data, where, published, label=name)
            return
    if head == b"[" or (head == b"{" and _first_line_is_json(io.BytesIO(data))):
        yield from _read_json(io.BytesIO(data), name, where, published)
        return
    yield article_from_input(data, **meta)


def _no_such_path(p: str) -> InputError:
    scheme = url_scheme(p)
    if scheme:
        return InputError(f"{scheme}:// addresses are not read: ingest reads files, folders and - (stdin); "
                          f"http:// and https:// feeds are polled by `eventwire watch`", path=p)
    return InputError("no such file or folder (check the path)", path=p)


def check_paths(paths: Sequence[str]) -> None:
    """Raise the InputError `read_sources` would raise for the first path that does not exist (or is a URL), before
    anything is read or a store is opened: a mistyped path among several leaves nothing half done."""
    for p in paths:
        if p != "-" and not os.path.lexists(p):
            raise _no_such_path(p)


def read_sources(paths: Sequence[str], *, stdin: BinaryIO | None = None,
                 published: str | None = None) -> Iterator[Article]:
    """Articles from files, folders (recursive, sorted) and "-" (stdin), in input order.

    `published` (YYYY-MM-DD) is a default: a JSONL "published" field, then the date the document itself
    gives (HTML metadata, a byline or dateline), win over it.
    Raises InputError only for a path that does not exist (or is a URL); everything else that cannot be read is
    a rejected Article, and reading goes on.
    """
    published = normalize_date(published) if published else None
    check_paths(paths)
    for p in paths:
        if p == "-":
            fh = stdin if stdin is not None else sys.stdin.buffer
            data, over = _read_capped(fh, MAX_GZIP_BYTES)
            where = "stdin " + content_key(io.BytesIO(data), len(data) + over)
            if over:
                yield rejected_article("too_large", data[:65536], where=where, detail=f"<stdin>: over "
                                       f"{MAX_GZIP_BYTES:,} bytes")
                continue
            meta = {"default_published": published, "_where": where}
            yield from _read_sniffed(data, "<stdin>", where, meta, published)
            continue
        path = Path(p)
        if not os.path.lexists(path):
            raise _no_such_path(p)
        for entry in named(path, _wanted):
            if entry.problem:
                yield _refusal(entry)
            else:
                yield from _read_file(entry.path, published)
