"""Single inputs -> Article: plain text, HTML, or either (sniffed).

Every refusal becomes an Article with `rejected` set and text "" (see `rejected_article`); only programming
errors escape. Ids: sha256 of the canonical clean text (`clean.canonical`); for rejected input, sha256 of
b"rejected:" + the raw bytes (plus where they came from), so ids stay unique and deterministic.
"""

from __future__ import annotations

import hashlib
import re

from eventwire.errors import RejectedInput
from eventwire.ingest.clean import canonical, clean_text
from eventwire.ingest.dateline import dateline_date
from eventwire.ingest.dates import normalize_date
from eventwire.ingest.decode import MAX_REPLACEMENT_SHARE, _share_bad, decode_bytes, scrub
from eventwire.ingest.html import extract_html
from eventwire.ingest.language import non_english_reason
from eventwire.ingest.limits import MAX_HTML_BYTES, MAX_TEXT_BYTES
from eventwire.records import Article

MIN_LETTERS = 1  # an article needs at least one letter; short texts are kept (a sentence is an article)
_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                         re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|article|span|a|br|h[1-6]|section|meta|title|table|ul|li)\b[^>]*>", re.I)


def content_id(text: str) -> str:
    return hashlib.sha256(canonical(text).encode("utf-8")).hexdigest()


def rejected_id(raw: bytes | str, where: str = "") -> str:
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    h = hashlib.sha256(b"rejected:")
    h.update(where.encode("utf-8", "surrogatepass") + b"\x00")
    h.update(data)
    return h.hexdigest()


def rejected_article(reason: str, raw: bytes | str = b"", *, where: str = "", language: str | None = None,
                     detail: str | None = None, **meta: object) -> Article:
    """A refused input. Its id hashes `raw`, `where` and `reason`; `detail` (a path, a count: what a reader needs to
    find the input) is appended to the stored reason after a colon but is not part of the id, so the same input
    refused under two spellings of its path is one rejection."""
    text = reason if not detail else f"{reason}: {detail}"
    a = Article(id=rejected_id(raw, where + "\x00" + reason), text="", rejected=no_nul(scrub(text)),
                language=language)
    _apply_meta(a, meta)
    return a


def no_nul(value: str) -> str:
    """`value` with every NUL character removed (short metadata; a text with a NUL is refused instead)."""
    return value.replace("\x00", "") if "\x00" in value else value


def _apply_meta(a: Article, meta: dict[str, object]) -> None:
    """Copy the caller's metadata (explicit values win over what the document says)."""
    for key in ("source_id", "url", "title", "outlet"):
        v = meta.get(key)
        if v is not None and v != "":
            setattr(a, key, no_nul(scrub(str(v))) or None)


def looks_like_html(data: str | bytes) -> bool:
    head = (data[:4096].encode("utf-8", "replace") if isinstance(data, str) else data[:4096])
    if _HTML_START.match(head):
        return True
    return len(_HTML_TAGS.findall(head)) >= 3 and head.lstrip()[:1] == b"<"


def _finish(raw: str | bytes, cleaned_text: str, meta: dict[str, object], *, title: str | None,
            byline: str | None, outlet: str | None, published: str | None, url: str | None) -> Article:
    where = str(meta.get("_where") or "")
    if not cleaned_text.strip() or not any(ch.isalpha() for ch in cleaned_text):
        return rejected_article("no_text", raw, where=where, **meta)
    lang, reason = non_english_reason(cleaned_text)
    if reason and meta.get("_check_language", True):
        return rejected_article(reason, raw, where=where, language=lang, **meta)
    if "\x00" in cleaned_text:  # the decoders refuse NULs; this keeps any other route from storing one
        return rejected_article("binary", raw, where=where, **meta)
    title, byline, outlet, url = (no_nul(v) if v else v for v in (title, byline, outlet, url))
    a = Article(id=content_id(cleaned_text), text=cleaned_text, title=title, byline=byline, outlet=outlet,
                url=url, published=published, language=lang or "en")
    _apply_meta(a, meta)
    # An explicit date wins; an invalid explicit date falls back to what the document says.
    explicit = normalize_date(meta.get("published"))
    if explicit:
        a.published = explicit
    elif not a.published:
        a.published = normalize_date(meta.get("_default_published"))
    a.published = a.published or dateline_date(cleaned_text, url=a.url)  # last: a dateline at the text's start
    return a


def _decode(data: str | bytes, *, html: bool, meta: dict[str, object]) -> str | Article:
    where = str(meta.get("_where") or "")
    if isinstance(data, bytes):
        if len(data) > MAX_TEXT_BYTES:
            return rejected_article("too_large", data[:65536], where=where, **meta)
        try:
            text = decode_bytes(data, html=html)
        except RejectedInput as exc:
            return rejected_article(exc.reason, data, where=where, **meta)
    else:
        text = scrub(data)
        if text != data and _share_bad(text) > MAX_REPLACEMENT_SHARE:
            return rejected_article("encoding", data, where=where, **meta)
        if len(text) > MAX_TEXT_BYTES:
            return rejected_article("too_large", text[:65536], where=where, **meta)
    if "\x00" in text:  # anywhere in the text (a NUL must never reach the store)
        return rejected_article("binary", data, where=where, **meta)
    if not text.strip():
        return rejected_article("empty", data, where=where, **meta)
    return text


def article_from_text(text: str | bytes, *, published: str | None = None, source_id: str | None = None,
                      url: str | None = None, title: str | None = None, outlet: str | None = None,
                      **extra: object) -> Article:
    """Plain (possibly scraped) text -> Article, with title, byline, dateline and boilerplate handled.

    Keywords: `check_language=False` keeps non-English text instead of rejecting it (language still set);
    `default_published` is used only when neither `published` nor the document gives a date.
    """
    meta: dict[str, object] = dict(published=published, source_id=source_id, url=url, title=title,
                                   outlet=outlet, _where=extra.get("_where"),
                                   _check_language=extra.get("check_language", True),
                                   _default_published=extra.get("default_published"))
    got = _decode(text, html=False, meta=meta)
    if isinstance(got, Article):
        return got
    c = clean_text(got, title=title)
    return _finish(text, c.text, meta, title=c.title, byline=c.byline, outlet=outlet or c.outlet,
                   published=c.published, url=url)


def article_from_html(html: str | bytes, *, published: str | None = None, source_id: str | None = None,
                      url: str | None = None, title: str | None = None, outlet: str | None = None,
                      **extra: object) -> Article:
    """HTML page -> Article: trafilatura main text and metadata, headline stripped, bounded in size/time."""
    meta: dict[str, object] = dict(published=published, source_id=source_id, url=url, title=title,
                                   outlet=outlet, _where=extra.get("_where"),
                                   _check_language=extra.get("check_language", True),
                                   _default_published=extra.get("default_published"))
    where = str(extra.get("_where") or "")
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_HTML_BYTES:
        raw = html[:65536]
        return rejected_article("too_large", raw, where=where, **meta)
    got = _decode(html, html=True, meta=meta)
    if isinstance(got, Article):
        return got
    try:
        ex = extract_html(got, url=url)
    except RejectedInput as exc:
        return rejected_article(exc.reason, html, where=where, **meta)
    page_title = title or ex.title
    c = clean_text(ex.text, title=page_title, conservative=True)
    byline = _clean_author(ex.author, ex.sitename)
    return _finish(html, c.text, meta, title=page_title, byline=byline, outlet=outlet or ex.sitename,
                   published=normalize_date(ex.date), url=url or ex.url)


def _clean_author(author: str | None, sitename: str | None) -> str | None:
    """trafilatura's author field, without parts that are the site, a URL or a publisher."""
    if not author:
        return None
    site = (sitename or "").lower()
    parts = []
    for part in author.split(";"):
        p = part.strip()
        low = p.lower()
        if not p or low == site or re.search(r"https?|www\b|\bcom\b", low) or low in {"staff", "condé nast"}:
            continue
        parts.append(p)
    return "; ".join(parts) or None


def article_from_input(data: str | bytes, **meta: object) -> Article:
    """HTML or plain text, sniffed from the first bytes."""
    if looks_like_html(data):
        return article_from_html(data, **meta)  # type: ignore[arg-type]
    return article_from_text(data, **meta)  # type: ignore[arg-type]
