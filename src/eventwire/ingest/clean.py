"""Line-level cleaning of scraped article text: title, byline, dateline, captions, UI words.

`clean_text` is the plain-text cleaner (`eventwire.ingest.clean.v2`). With `conservative=True` (used after
trafilatura, which has already removed most page furniture) it only drops lines that one of the named
`MAIN_TEXT_RULES` shows to be boilerplate, so that real body paragraphs are never lost:

- `title`: the line is the page's headline (kept in `Article.title`, not in the body);
- `ui_line`: the whole line is a UI word from the lexicon ("Share", "Advertisement", "Read more");
- `ui_prefix`: the line opens with a UI phrase ("Read more:", "Sign up for", "We use cookies") and is shaped
  like a link, a label or a prompt: it does not read as a sentence of the story, or it has a label colon, or
  it speaks to the reader about the site (newsletter, cookies, subscription);
- `credit`: a photo credit or caption credit ("Credit: Jane Doe/AFP", "Image copyright Getty Images"), where
  the line is not a sentence of the story or opens with the credit;
- `author_bio`: among the last lines, "<Name> is a writer for ... follow her on Twitter / send tips to ...".

v2 (from v1): a line that reads as a sentence of the story ("Read more about the ceasefire, which ...",
"Copyright lawyers said ...", "Sunak (pictured) said ...", a quotation) is kept even when it starts like a UI
phrase or holds a credit word; author boxes at the end are dropped. A wire dateline ("KYIV, Ukraine, March 9
(Reuters) -", "WASHINGTON (AP)") is never dropped by any rule.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field

from eventwire.ingest.dates import find_date
from eventwire.ingest.lexicon import Lexicon, load_lexicon, norm_key

STAGE = "eventwire.ingest.clean.v2"
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
# Where a story is filed: "KYIV, Ukraine, March 9 (Reuters) -", "BEIRUT, Dec 3 (Reuters) -", "WASHINGTON (AP) --",
# "GAZA CITY --", or "WASHINGTON (AP)" alone on its line. Never boilerplate: the publication date is read from it.
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\u2019 -]{1,40}(?:/[A-Z][A-Z.'\u2019 -]{1,30})*(?:,[^()\n\u2013\u2014]{1,60}?)?\s*"
    r"(?:\([^()\n]{1,40}\)\s*(?:[-\u2013\u2014]|$)|[-\u2013\u2014])")
_QUOTE_OPEN = tuple("\"'\u201c\u2018\u00ab\u201e")
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
# A UI phrase used as a label: "Read more: ...", "RELATED | ...", "Copyright: ...".
_LABEL_AFTER = re.compile(r"^\s*[:|\u00bb\u203a>\u2013\u2014-]")
# Words by which a line speaks to the reader about the site rather than telling the story.
_READER = re.compile(
    r"\b(?:cookies?|newsletters?|inbox|subscriptions?|premium|bookmark|"
    r"all rights reserved|reprinted (?:by|with) permission|this (?:site|website|article|story|page)|"
    r"our (?:site|website|app|apps|newsletter|podcast|channel|page|journalism|commenting|community|forum)|"
    r"the (?:app|app store)|google play|"
    r"(?:facebook|instagram|twitter|whatsapp|telegram|youtube|tiktok)(?: page| channel)?$)"
    r"|\u00a9", re.I)
# An author box: "<Name> is a writer for Fox News Digital. ... follow him on Twitter / send tips to ...".
_AUTHOR_BIO = re.compile(
    r"^(?:[A-Z][\w.'\u2019-]*\s){1,4}is (?:a|an|the)\b[^.]{0,80}?\b(?:writer|reporter|editor|correspondent|"
    r"columnist|journalist|contributor|producer|author|anchor|host)\b")
_CONTACT = re.compile(
    r"\b(?:follow (?:him|her|them|me|\w+) (?:on|at)|e-?mail (?:him|her|them|me)\b|send (?:tips|news tips)|"
    r"reach (?:him|her|them) at)", re.I)
# A copyright notice, wherever it stands in a line of at most 300 characters.
_COPYRIGHT = re.compile(r"(?:\u00a9|\(c\)|\bcopyright)\s*(?:\u00a9\s*)?(?:19|20)\d\d\b", re.I)
AUTHOR_BIO_TAIL = 2  # an author box is looked for among the last non-empty lines
MAIN_TEXT_RULES = ("title", "ui_line", "ui_prefix", "credit", "author_bio")
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
    dropped: list[tuple[str, str]] = field(default_factory=list)  # (rule, line) for every line dropped


def normalize(text: str) -> str:
    """NFC, unified newlines, no zero-width characters, runs of spaces collapsed, lines stripped."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def canonical(text: str) -> str:
    """The form an article id hashes: NFC with all whitespace runs collapsed to one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def is_dateline(line: str) -> bool:
    """The line opens with a dateline ("KYIV, Ukraine, March 9 (Reuters) -", "WASHINGTON (AP)")."""
    return bool(_WIRE_DATELINE.match(line) or _DATELINE.match(line))


def reads_as_prose(line: str) -> bool:
    """The line reads as a sentence of the story: it ends a sentence or opens a quotation. Links, labels, buttons
    and credits do neither ("Read more about Gaza", "Credit: Jane Doe/AFP", "Join our commenting forum")."""
    s = line.strip()
    return s.startswith(_QUOTE_OPEN) or bool(_SENTENCE_END.search(s))


def ui_rule(line: str, lex: Lexicon) -> str | None:
    """"ui_line" when the whole line is a UI word, "ui_prefix" when it opens with a UI phrase and is shaped like
    a link, label or prompt (see the module docstring); else None."""
    if len(line) > lex.max_ui_line_chars:
        return None
    key = norm_key(line)
    if not key:
        return "ui_line" if not any(ch.isalnum() for ch in line) else None  # only symbols ("***", "|")
    if key in lex.ui_lines:
        return "ui_line"
    for p in lex.ui_prefixes:
        if key == p:
            return "ui_line"
        if key.startswith(p + " ") and _prompt_shaped(line, p):
            return "ui_prefix"
    return None


def _prompt_shaped(line: str, prefix: str) -> bool:
    if is_dateline(line):
        return False
    if not reads_as_prose(line) or _READER.search(line):
        return True
    # "Read more: ...", "RELATED | ...": the phrase used as a label. Find where its words end in the raw line.
    m = _prefix_re(prefix).match(line)
    return bool(m and _LABEL_AFTER.match(line[m.end():]))


@functools.lru_cache(maxsize=256)
def _prefix_re(prefix: str) -> re.Pattern[str]:
    return re.compile(r"^\W*" + r"\W+".join(re.escape(w) for w in prefix.split()) + r"\b", re.I)


def is_ui_line(line: str, lex: Lexicon) -> bool:
    return ui_rule(line, lex) is not None


def is_credit_line(line: str, lex: Lexicon) -> bool:
    """A photo credit, a copyright notice, or a caption ending in a credit. A line that reads as a sentence of the
    story is a credit only when it opens with a credit label ("Photo: ...", "\u00a9 AFP ...") or holds a copyright
    notice: "Getty Images photographer John Moore said ..." and "Sunak (pictured) said ..." are story text."""
    if len(line) > 300:
        return False
    matches = [m for p in lex.credit for m in p.finditer(line)]
    if not matches and not _COPYRIGHT.search(line):
        return False
    if is_dateline(line):
        return False
    if not reads_as_prose(line) or _COPYRIGHT.search(line):
        return True
    # A sentence is a credit only when it opens with a credit label ("Photo: ...", "\u00a9 AFP ...").
    lead = len(line) - len(line.lstrip())
    return any(not line[lead:m.start()].strip(" -\u2013\u2014|/(") and re.search(r"[:\u00a9]", m.group())
               for m in matches)


def is_author_bio(line: str) -> bool:
    """An author box: "<Name> is a reporter for ..." with a way to reach or follow the author."""
    return len(line) <= 600 and bool(_AUTHOR_BIO.match(line) and _CONTACT.search(line))


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


def clean_text(raw: str, *, title: str | None = None, conservative: bool = False,
               rules: Collection[str] = MAIN_TEXT_RULES) -> Cleaned:
    """Clean scraped text. `title` (when known) is removed wherever it is repeated as a line.

    `rules`: the `MAIN_TEXT_RULES` applied (all by default; the extraction scorer leaves one out at a time to
    measure it). Every dropped line is listed in `Cleaned.dropped` with the rule that dropped it."""
    unknown = set(rules) - set(MAIN_TEXT_RULES)
    if unknown:
        raise ValueError(f"unknown main-text rules {sorted(unknown)}; known: {', '.join(MAIN_TEXT_RULES)}")
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
    tail = set(nonempty[-AUTHOR_BIO_TAIL:])
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
            if "title" in rules:
                out.dropped.append(("title", line))
                continue
        rule = _main_text_rule(line, lex, in_tail=i in tail)
        if rule and rule in rules:
            out.dropped.append((rule, line))
            continue
        if not conservative:
            if i == byline_at:
                out.dropped.append(("byline", line))
                continue
            if i in header:
                d = _date_only(line)
                if d:
                    out.published = out.published or d
                    out.dropped.append(("date", line))
                    continue
                if (byline_at is not None and i < byline_at and title_seen and len(line) < 120
                        and not line.endswith(_TERMINAL)):
                    out.dropped.append(("caption", line))
                    continue  # a caption between the headline and the byline
            if key and key in seen:
                out.dropped.append(("repeat", line))
                continue
        seen.add(key)
        kept.append(line)
    out.text = _join_paragraphs(kept)
    if not out.outlet and not conservative:
        out.outlet = _body_outlet(out.text, lex)
    return out


def _main_text_rule(line: str, lex: Lexicon, *, in_tail: bool) -> str | None:
    """The rule (other than "title") that shows `line` to be boilerplate, else None."""
    rule = ui_rule(line, lex)
    if rule:
        return rule
    if is_credit_line(line, lex):
        return "credit"
    if in_tail and is_author_bio(line):
        return "author_bio"
    return None
