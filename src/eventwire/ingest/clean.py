"""Line-level cleaning of scraped article text: title, byline, dateline, captions, UI words.

`clean_text` is the plain-text cleaner (`eventwire.ingest.clean.v1`). With `conservative=True` (used after
trafilatura, which has already removed most page furniture) it only drops lines equal to the title, lone UI
words, and obvious photo credits, so that real body paragraphs are never lost.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from eventwire.ingest.dates import find_date
from eventwire.ingest.lexicon import Lexicon, load_lexicon, norm_key

STAGE = "eventwire.ingest.clean.v1"
HEADER_LINES = 10  # bylines and datelines are looked for among the first non-empty lines
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\f\v]+")
_BY = re.compile(r"^(?:written\s+|words\s+)?by[:\s]\s*(?P<who>.+)$", re.I)
_PIPE = re.compile(r"^(?P<who>[^|]{2,60}?)\s*\|\s*(?P<org>[^|]{2,40})$")
_DATE_WORDS = re.compile(
    r"\b(published|updated|posted|last|modified|on|at|am|pm|a\.m\.|p\.m\.|gmt|utc|bst|cet|est|edt|et|pt|"
    r"mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\d{1,2}:\d\d",
    re.I)
_TERMINAL = tuple('.!?:;"\u201d\u2019)')
_WIRE_DATELINE = re.compile(r"^[A-Z][A-Za-z .,'-]{1,60}\((?:Reuters|AP|AFP|dpa|Xinhua)\)\s*[-\u2013\u2014]")
_BODY_OUTLET = re.compile(
    r"\b(?:told|speaking (?:with|to)|said to|according to|reported by|in an interview with|"
    r"interviewed by|seen by|obtained by)\s+(?:the\s+)?$")


@dataclass(slots=True)
class Cleaned:
    text: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    outlet: str | None = None


def normalize(text: str) -> str:
    """NFC, unified newlines, no zero-width characters, runs of spaces collapsed, lines stripped."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def canonical(text: str) -> str:
    """The form an article id hashes: NFC with all whitespace runs collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_ui_line(line: str, lex: Lexicon) -> bool:
    if len(line) > lex.max_ui_line_chars:
        return False
    key = norm_key(line)
    if not key:
        return not any(ch.isalnum() for ch in line)  # lines of only symbols ("***", "|")
    if key in lex.ui_lines:
        return True
    return any(key == p or key.startswith(p + " ") for p in lex.ui_prefixes)


def is_credit_line(line: str, lex: Lexicon) -> bool:
    if len(line) > 300 or _WIRE_DATELINE.match(line):
        return False
    return any(p.search(line) for p in lex.credit)


def _title_like(line: str) -> bool:
    words = line.split()
    return (3 <= len(line) <= 200 and 1 <= len(words) <= 30 and not line.endswith(".")
            and any(ch.isalpha() for ch in line))


def parse_byline(line: str, lex: Lexicon) -> tuple[str, str | None, str | None] | None:
    """(byline, date, outlet) when the line is a byline, else None."""
    if len(line) > 160:
        return None
    date, m = find_date(line)
    rest = line if m is None else (line[:m.start()] + " " + line[m.end():])
    rest = _DATE_WORDS.sub(" ", rest) if m is not None else rest
    rest = " ".join(rest.split()).strip(" ,;-\u2013\u2014|")
    outlet = None
    bm = _BY.match(rest)
    if bm:
        who = bm.group("who").strip(" ,;-\u2013\u2014|")
        if not who or who.endswith(".") or len(who.split()) > 10 or re.search(r"\d", who):
            return None
        parts = re.split(r"\s*[|,]\s*", who)
        if len(parts) > 1 and lex.outlet_for(parts[-1]):
            outlet = lex.outlet_for(parts[-1])
            who = ", ".join(parts[:-1])
        om = lex.outlet_re.search(who)
        if outlet is None and om:
            outlet = lex.outlet_for(om.group(1))
        return who, date, outlet
    pm = _PIPE.match(rest)
    if pm:
        who, org = pm.group("who").strip(), pm.group("org").strip()
        name_like = 1 <= len(who.split()) <= 5 and all(w[:1].isupper() for w in who.split())
        if lex.outlet_for(org) or (name_like and not who.endswith(".")):
            return who, date, lex.outlet_for(org) or org
    return None


def _date_only(line: str) -> str | None:
    if len(line) > 80:
        return None
    date, m = find_date(line)
    if not date or m is None:
        return None
    rest = _DATE_WORDS.sub(" ", line[:m.start()] + " " + line[m.end():])
    return date if not re.search(r"[A-Za-z0-9]", rest) else None


def _body_outlet(text: str, lex: Lexicon) -> str | None:
    m = re.search(r"\((Reuters|AP|AFP|Xinhua|dpa)\)\s*[-\u2013\u2014]", text)
    if m and lex.outlet_for(m.group(1)):
        return lex.outlet_for(m.group(1))
    for m in lex.outlet_re.finditer(text):
        if len(m.group(1)) >= 4 and _BODY_OUTLET.search(text[max(0, m.start() - 40):m.start()]):
            return lex.outlet_for(m.group(1))
    return None


def _join_paragraphs(lines: list[str | None]) -> str:
    """Lines (None = blank line) -> paragraphs joined by blank lines; hard-wrapped lines are re-joined."""
    paras: list[str] = []
    prev_blank = True
    for line in lines:
        if line is None:
            prev_blank = True
            continue
        if (paras and not prev_blank and not paras[-1].endswith(_TERMINAL)
                and line[:1].islower()):
            paras[-1] = paras[-1] + " " + line
        else:
            paras.append(line)
        prev_blank = False
    return "\n\n".join(paras)


def clean_text(raw: str, *, title: str | None = None, conservative: bool = False) -> Cleaned:
    """Clean scraped text. `title` (when known) is removed wherever it is repeated as a line."""
    lex = load_lexicon()
    lines = normalize(raw).split("\n")
    nonempty = [i for i, ln in enumerate(lines) if ln]
    out = Cleaned(text="")
    explicit_title = bool(title)
    if title:
        out.title = " ".join(title.split())
    elif not conservative and len(nonempty) > 1:
        first = lines[nonempty[0]]
        nxt = lines[nonempty[1]]
        if (_title_like(first) and not is_ui_line(first, lex) and not is_credit_line(first, lex)
                and parse_byline(first, lex) is None and not nxt[:1].islower()):
            out.title = first
    title_key = norm_key(out.title) if out.title else None
    header = set(nonempty[:HEADER_LINES])
    # Where is the byline? Lines between the title and the byline are the header zone.
    byline_at = None
    if not conservative:
        for i in nonempty[:HEADER_LINES]:
            got = parse_byline(lines[i], lex)
            if got:
                byline_at = i
                out.byline, out.published, out.outlet = got
                break
    kept: list[str | None] = []
    seen: set[str] = set()
    title_seen = explicit_title
    for i, line in enumerate(lines):
        if not line:
            kept.append(None)
            continue
        key = norm_key(line)
        if title_key and key == title_key:
            title_seen = True
            continue
        if is_ui_line(line, lex) or is_credit_line(line, lex):
            continue
        if not conservative:
            if i == byline_at:
                continue
            if i in header:
                d = _date_only(line)
                if d:
                    out.published = out.published or d
                    continue
                if (byline_at is not None and i < byline_at and title_seen and len(line) < 120
                        and not line.endswith(_TERMINAL)):
                    continue  # a caption between the headline and the byline
            if key and key in seen and len(key) > 0:
                continue
        seen.add(key)
        kept.append(line)
    out.text = _join_paragraphs(kept)
    if not out.outlet and not conservative:
        out.outlet = _body_outlet(out.text, lex)
    return out
