"""WARC archives (the format of Common Crawl's news archive, CC-NEWS) -> Articles.

Policy (`eventwire.ingest.warc.v1`):
- Only `response` records of http(s) URLs with status 200 and an HTML content type (text/html,
  application/xhtml+xml, or none given and the body looks like HTML) are articles. Request, metadata, warcinfo,
  revisit and non-HTML responses (images, robots.txt, redirects) are skipped: they are not article inputs.
- Each article keeps its URL (WARC-Target-URI), the WARC-Record-ID as `source_id`, and a publication date from
  the page itself (trafilatura: meta tags, JSON-LD, dateline); the capture date (WARC-Date) is only a default.
- The charset comes from the HTTP Content-Type; without one, from the page's <meta charset> or detection.
  Content-Encoding (gzip, deflate, br) and chunked transfer encoding are undone, bounded in size.
- warcio raises nothing on a truncated or corrupted WARC: it returns short bodies and silently loses a record
  whose header was swallowed by the previous one. So every record is read to its end and checked: the bytes read
  must equal its Content-Length, its payload and block digests (when present) must match, and a record that is not
  followed by the blank lines the format requires means a length was wrong (a record may have been lost there).
  Each failure becomes a rejected Article ("warc_truncated", "warc_digest", "warc_corrupt") and reading goes on;
  an archive that stops making sense stops with one "warc_corrupt" rejection for the rest of the file.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from eventwire.ingest.article import article_from_html, looks_like_html, rejected_article
from eventwire.ingest.dates import normalize_date
from eventwire.ingest.limits import MAX_HTML_BYTES
from eventwire.records import Article

STAGE = "eventwire.ingest.warc.v1"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 65536


def _iterator_class():  # warcio is imported only when a WARC is read
    from warcio.archiveiterator import ArchiveIterator

    class _QuietIterator(ArchiveIterator):
        """warcio writes a warning to stderr (and counts it in err_count) when a record is not followed by the
        blank lines it should be; we count it and report it as a rejection instead of printing."""

        INC_RECORD = ""

    return _QuietIterator


def _drain(stream: BinaryIO) -> int:
    n = 0
    while True:
        b = stream.read(_CHUNK)
        if not b:
            return n
        n += len(b)


def _read_payload(record) -> tuple[bytes | None, str | None]:  # noqa: ANN001 - warcio record
    """The decoded HTTP payload, capped; (None, reason) when it is too large or cannot be decoded."""
    try:
        stream = record.content_stream()
        data = stream.read(MAX_HTML_BYTES + 1)
        while len(data) <= MAX_HTML_BYTES:
            more = stream.read(MAX_HTML_BYTES + 1 - len(data))
            if not more:
                break
            data += more
    except (zlib.error, OSError, EOFError, ValueError) as exc:  # broken gzip/brotli/chunked payload
        return None, f"warc_corrupt: payload cannot be decoded ({type(exc).__name__})"
    except Exception as exc:  # noqa: BLE001 - brotli and friends raise their own errors
        return None, f"warc_corrupt: payload cannot be decoded ({type(exc).__name__})"
    if len(data) > MAX_HTML_BYTES:
        return None, "too_large"
    return data, None


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            return v.strip().strip("\"'").lower()
    return None


def _decode_with(data: bytes, charset: str | None) -> str | bytes:
    """Text in the declared charset when it decodes cleanly; otherwise the bytes (meta charset, detection)."""
    if not charset:
        return data
    try:
        return data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return data


def _record_problem(record, it, errs_before: int) -> str | None:  # noqa: ANN001
    """After a record was read to its end: why it cannot be trusted, or None."""
    stream = record.raw_stream
    declared = record.rec_headers.get_header("Content-Length")
    if declared is None or not declared.strip().isdigit():
        return f"warc_corrupt: bad Content-Length {declared!r}"
    left = getattr(stream, "limit", 0) or 0
    if left > 0:
        return f"warc_truncated: {int(declared) - left} of {declared} bytes"
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return "warc_digest: " + "; ".join(checker.problems)[:200]
    it.read_to_end()  # consumes the blank lines after the record, counting a missing separator
    if it.err_count > errs_before:
        return "warc_corrupt: record not followed by a blank line (wrong Content-Length; the next record may be lost)"
    return None


def _find_record_start(fh: BinaryIO, start: int) -> int | None:
    """The offset of the next thing that looks like the start of a record (a gzip member, or a line that
    begins with "WARC/1."), at or after `start`; None at the end of the file."""
    markers = (b"\x1f\x8b\x08", b"\nWARC/1.")
    window = 1 << 20
    pos = start
    while True:
        fh.seek(pos)
        buf = fh.read(window + 16)
        if not buf:
            return None
        hits = [k for k in (buf.find(m) for m in markers) if k >= 0]
        if hits:
            k = min(hits)
            return pos + k + (1 if buf[k:k + 1] == b"\n" else 0)
        if len(buf) <= window:
            return None
        pos += window


def iter_warc(fh: BinaryIO, name: str, published: str | None = None, *, key: str | None = None
              ) -> Iterator[Article]:
    """One Article per HTML response record of a WARC (plain or gzipped per record), in file order.

    When the archive stops making sense (a header swallowed by a record whose length was wrong, garbage), one
    "warc_corrupt" rejection is recorded and, on a seekable file, reading resumes at the next record start.
    `key` (default: `name`) is the basis of rejections' ids: the content key `read_sources` gives, so that the
    same archive under another path gives the same rejections."""
    key = key or name
    try:
        seekable = fh.seekable()
    except (AttributeError, OSError):
        seekable = False
    n = 0
    reported = False  # one rejection per damaged stretch, however many restarts it takes
    while True:
        it = _iterator_class()(fh, check_digests=True)
        while True:
            errs_before = it.err_count
            try:
                record = next(it)
                if record.format != "warc":  # warcio also reads the old ARC format: here it means garbage
                    raise ValueError(f"not a WARC record ({record.format} header)")
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - ArchiveLoadFailed, gzip and header parse errors
                failed_at = it.offset if it.member_info is None else it.get_record_offset()
                if not reported:
                    where = f"{key}: after record {n} (offset {failed_at})"
                    yield rejected_article(f"warc_corrupt: {type(exc).__name__}: {str(exc).strip()[:160]}",
                                           f"{key}:{failed_at}".encode(), where=where,
                                           source_id=f"{Path(name).name}@{failed_at}")
                    reported = True
                break
            n += 1
            reported = False
            yield from _one_record(record, it, name, key, n, errs_before, published)
        if not seekable:
            return
        nxt = _find_record_start(fh, failed_at + 1)
        if nxt is None:
            return
        fh.seek(nxt)


def _one_record(record, it, name: str, key: str, n: int, errs_before: int,  # noqa: ANN001
                published: str | None) -> Iterator[Article]:
    headers = record.rec_headers
    uri = headers.get_header("WARC-Target-URI") or ""
    rid = headers.get_header("WARC-Record-ID") or f"{Path(name).name}#{n}"
    where = f"{key}: record {n}"
    meta = {"url": uri or None, "source_id": rid}
    http = record.http_headers
    is_article = (record.rec_type == "response" and uri.lower().startswith(("http://", "https://"))
                  and http is not None and (http.get_statuscode() or "") == "200")
    ctype = (http.get_header("Content-Type") or "") if http is not None else ""
    mime = ctype.split(";")[0].strip().lower()
    if is_article and mime and mime not in HTML_TYPES:
        is_article = False
    data, reason = (None, None)
    try:
        if is_article:
            data, reason = _read_payload(record)
        _drain(record.raw_stream)
        problem = _record_problem(record, it, errs_before)
    except Exception as exc:  # noqa: BLE001 - a broken stream inside the record
        problem = f"warc_corrupt: {type(exc).__name__}: {str(exc)[:160]}"
    if problem:
        # a bad record is reported even when it is not HTML: it may have swallowed the next (HTML) record
        yield rejected_article(problem, f"{rid}|{uri}".encode(), where=where, **meta)
        return
    if not is_article:
        return
    if reason:
        yield rejected_article(reason, (data or b"")[:65536] or rid.encode(), where=where, **meta)
        return
    assert data is not None
    if not mime and not looks_like_html(data):
        return  # no content type and not HTML: not an article
    default = normalize_date(headers.get_header("WARC-Date")) or published
    yield article_from_html(_decode_with(data, _charset(ctype)), _where=where, default_published=default,
                            **meta)


def read_warc(path: Path, published: str | None = None) -> Iterator[Article]:
    """Articles of a .warc or .warc.gz file (warcio detects per-record gzip itself)."""
    with path.open("rb") as raw:
        yield from iter_warc(io.BufferedReader(raw, 1 << 20), str(path), published)

