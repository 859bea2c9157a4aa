"""Main text and metadata from HTML with trafilatura, bounded in size and time.

Policy (`eventwire.ingest.html.v2`):
- Input above `MAX_HTML_BYTES` (5 MB) is rejected as "too_large" rather than truncated: a truncated page is
  broken HTML whose extraction silently loses the end of the article, and real article pages are far below it
  (trafilatura grows superlinearly: 4 MB takes ~9 s, 16 MB ~85 s).
- Pages up to `SUBPROCESS_ABOVE` (1 MB) are extracted in-process (fast); larger ones in a worker subprocess
  (`python -m eventwire.ingest._worker`) that is killed after `TIMEOUT_S` seconds and limited to
  `MEMORY_LIMIT` bytes of address space: the article is then rejected as "timeout" / "extraction_failed".
- Deep nesting (lxml stops at depth 256) and malformed markup never raise: at worst the result is empty
  ("no_text").
- trafilatura's settings, each measured on the Fundus set (`python -m eventwire.evaluation.extraction`) and on
  trafilatura's own evaluation pages: tables kept (a table in an article is article text; leaving them out
  gains 0.008 precision on Fundus only from one page whose annotators left a table out), comments not extracted
  (including them puts comment sections aside but costs body text on trafilatura's pages), no `favor_recall`
  or `favor_precision` (each loses 0.107 F1 on The Telegraph), no `deduplicate` (its cache spans documents,
  so a page's text would depend on the pages read before it).

v2 (from v1): `strip_scripts` ends a script where an HTML parser does and never matches inside a kept JSON-LD
block or a comment; v1 could run from a "<script>" inside JSON-LD, or past a "</script" with no ">", over the
article (whole bodies lost on some pages).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from html import unescape

from eventwire.errors import RejectedInput
from eventwire.ingest.limits import MAX_HTML_BYTES

STAGE = "eventwire.ingest.html.v2"
SUBPROCESS_ABOVE = 1_000_000
TIMEOUT_S = 30.0
MEMORY_LIMIT = 2 * 1024**3


@dataclass(slots=True)
class Extracted:
    text: str
    title: str | None = None
    author: str | None = None
    sitename: str | None = None
    date: str | None = None
    url: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return {"text": self.text, "title": self.title, "author": self.author,
                "sitename": self.sitename, "date": self.date, "url": self.url}


_DROP_BLOCKS = re.compile(r"<(script|style|noscript|template|svg|head)\b.*?</\1\s*>", re.I | re.S)
_P_BLOCK = re.compile(r"<p\b[^>]*>(.*?)(?=</p\s*>|<p\b|</div|</article|</section|</body|$)", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")


def fallback_paragraphs(html: str | bytes, min_words: int = 8) -> str:
    """Sentence-like <p> paragraphs by regular expression: a last resort that needs no tree."""
    if isinstance(html, bytes):
        html = html.decode("utf-8", "replace")
    html = _DROP_BLOCKS.sub(" ", html)
    paras = []
    for m in _P_BLOCK.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", m.group(1))).split())
        if len(text.split()) >= min_words and re.search(r"[.!?\"\u201d]$", text):
            paras.append(text)
    return "\n".join(paras)


def extract_in_process(html: str | bytes, url: str | None = None) -> Extracted:
    """trafilatura without limits: use `extract_html` for untrusted input."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True)
    except (ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise RejectedInput("extraction_failed", f"trafilatura failed: {type(exc).__name__}") from exc
    except Exception as exc:  # noqa: BLE001 - lxml raises a wide family on hostile markup
        raise RejectedInput("extraction_failed", f"trafilatura failed: {type(exc).__name__}: {exc}") from exc
    if doc is None or not (doc.text or "").strip():
        # trafilatura found nothing: deep nesting (lxml stops at depth 256) or odd markup. Fall back to
        # the page's sentence-like <p> paragraphs, which is safe on navigation-only pages (none qualify).
        text = fallback_paragraphs(html)
        if doc is None:
            return Extracted(text=text)
        doc.text = text

    def s(v: object) -> str | None:
        return str(v) if v else None

    return Extracted(text=doc.text or "", title=s(doc.title), author=s(doc.author),
                     sitename=s(doc.sitename), date=s(doc.date), url=s(doc.url))


def _extract_subprocess(data: bytes, url: str | None) -> Extracted:
    env = dict(os.environ, EVENTWIRE_WORKER_MEMORY=str(MEMORY_LIMIT))
    cmd = [sys.executable, "-m", "eventwire.ingest._worker"] + ([url] if url else [])
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise RejectedInput("timeout", f"HTML extraction took over {TIMEOUT_S:.0f} s") from None
    if proc.returncode != 0:
        reason = proc.stdout.decode("utf-8", "replace").strip()[:200] or f"worker exit {proc.returncode}"
        raise RejectedInput("extraction_failed", reason)
    try:
        d = json.loads(proc.stdout)
        return Extracted(**d)
    except (ValueError, TypeError) as exc:
        raise RejectedInput("extraction_failed", f"bad worker output: {exc}") from None


# Where a <script> or <style> element, or a comment, opens; and where an HTML parser ends it: the first "</script"
# (or "</style") followed by white space, "/" or ">", even where no ">" follows ("</script\n<!-- ..." ends it too).
_OPEN = re.compile(r"<!--|<(script|style)\b", re.I)
_CLOSE = {"script": re.compile(r"</script(?=[\s/>])[^<>]*>?", re.I),
          "style": re.compile(r"</style(?=[\s/>])[^<>]*>?", re.I)}
_LD_JSON = re.compile(r"application/ld\+json", re.I)


def strip_scripts(html: str) -> str:
    """Empty <script> and <style> elements (JSON-LD metadata kept): they are never article text, and on
    modern pages they are most of the bytes trafilatura would otherwise parse. Elements are read in order from
    their own start, the kept JSON-LD ones and comments included, so a "<script>" written inside a script, a
    JSON-LD block or a comment opens nothing; an element never closed runs to the end, as in an HTML parser."""
    out: list[str] = []
    pos = 0
    gt = -1  # the first ">" at or after the current tag name (found once, reused: linear on any input)
    while (m := _OPEN.search(html, pos)) is not None:
        if m.group(1) is None:  # a comment: kept as it is
            close = html.find("-->", m.end())
            end = len(html) if close < 0 else close + 3
            out.append(html[pos:end])
            pos = end
            continue
        if gt < m.end():
            gt = html.find(">", m.end())
            if gt < 0:
                break  # no tag closes any more: the rest is left to the parser
        c = _CLOSE[m.group(1).lower()].search(html, gt + 1)
        end = len(html) if c is None else c.end()
        out.append(html[pos:end] if _LD_JSON.search(html, m.end(), gt) else html[pos:m.start()])
        pos = end
    out.append(html[pos:])
    return "".join(out)


def extract_html(html: str | bytes, url: str | None = None) -> Extracted:
    """Bounded extraction. Raises RejectedInput("too_large"|"timeout"|"extraction_failed")."""
    data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    if len(data) > MAX_HTML_BYTES:
        raise RejectedInput("too_large", f"HTML is {len(data):,} bytes, over the {MAX_HTML_BYTES:,} byte cap")
    if isinstance(html, str):
        html = strip_scripts(html)
        data = html.encode("utf-8", "surrogatepass")
    if len(data) > SUBPROCESS_ABOVE:
        return _extract_subprocess(data, url)
    return extract_in_process(html, url)
