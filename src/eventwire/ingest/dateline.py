"""The publication date from a dateline or byline at the start of an article's text.

Used only when nothing else gives the date (the caller's metadata, `--published`, HTML meta tags and the header
lines `ingest.clean` reads come first). Only the first few lines are read, and a line must *begin* with one of
these shapes and hold nothing after the date but a time, a dash, a wire credit or "| place":

    KYIV, Ukraine, March 9, 2025 --            place(s), date, dash
    Mekong Post, March 9, 2025                 outlet, date (the line alone)
    Published: 09/03/2025                      label, numeric date (day first unless a part is over 12)
    Updated March 9, 2025 10:32 a.m. ET        label, date, time
    9 March 2025 | Dhaka                       date, "|", place
    BAMAKO, March 9 (Reuters) -                no year: a date only when the year is known otherwise (here:
                                               a year in the article's URL path); a year is never invented

A date inside a sentence ("On March 9, 2025, gunmen attacked ...") is not a dateline: the line goes on after it.
"""

from __future__ import annotations

import datetime as _dt
import re

from eventwire.ingest.dates import MONTHS

STAGE = "eventwire.ingest.dateline.v1"
HEADER_LINES = 3  # non-empty lines read from the start of the text
MAX_LINE = 240  # a longer first line is a paragraph, not a dateline

_MON = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
        r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WD = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_LABEL = (r"(?:(?:Published|Updated|Posted|Last\s+updated|Last\s+modified|First\s+published|Date|Dated)"
          r"(?:\s+on)?\s*:?\s*)?")
# places and outlets before the date: capitalised words, each group followed by a comma ("KYIV, Ukraine, ")
_WORD = r"[A-Z][\w.'’&-]*"
_LEAD = rf"(?:{_WORD}(?:\s+(?:of|de|el|al|la|the|and|{_WORD})){{0,5}}\s*,\s*){{0,3}}"
_DATE = (rf"(?:(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>(?:19|20)\d\d))?"
         rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MON}),?(?:\s+(?P<y2>(?:19|20)\d\d))?"
         r"|(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y3>(?:19|20)\d\d)"
         r"|(?P<y4>(?:19|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d))")
_TIME = (r"(?:\s*[,/|]?\s*(?:at\s+)?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?\s?m\.?)?(?:\s*\(?[A-Z]{1,4}(?:[+-]\d{1,2})?\)?)?"
         r"(?![\w/]))?")
_CREDIT = r"\((?:[A-Z][\w.]*\s*){1,3}\)"
_END = (rf"\s*(?:\Z|(?:{_CREDIT}\s*)?(?:--|[-–—])(?:\s|\Z)|{_CREDIT}\s*\Z|\|\s*[A-Z][\w .,'’()-]{{0,60}}\Z"
        r"|[.:]\s*\Z)")
_LINE = re.compile(rf"^\s*{_LABEL}(?P<lead>{_LEAD}){_LABEL}{_WD}{_DATE}{_TIME}{_END}")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?:/|-\d\d[/-]|$)")


def _make(y: int, m: int, d: int) -> str | None:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _from_match(m: re.Match[str], year: int | None) -> str | None:
    if m["m1"] or m["m2"]:
        mon = MONTHS[(m["m1"] or m["m2"]).lower().rstrip(".")]
        day = int(m["d1"] or m["d2"])
        y = m["y1"] or m["y2"]
        if y is None and year is None:
            return None  # "BAMAKO, March 9 (Reuters) -": no year, and none known
        return _make(int(y) if y else year, mon, day)  # type: ignore[arg-type]
    if m["y3"]:
        a, b = int(m["a"]), int(m["b"])
        day, mon = (b, a) if a <= 12 < b else (a, b)  # day first, as the time grammar reads it
        return _make(int(m["y3"]), mon, day)
    return _make(int(m["y4"]), int(m["m4"]), int(m["d4"]))


def url_year(url: str | None) -> int | None:
    """A year in a URL's path ("/2025/03/09/", "/news/2025-03-09-..."), else None."""
    if not url:
        return None
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", url, flags=re.I)
    m = _URL_YEAR.search(path)
    return int(m[1]) if m else None


def dateline_date(text: str, url: str | None = None) -> str | None:
    """The publication date (YYYY-MM-DD) that a dateline or byline at the start of `text` gives, or None.

    `url`, when given, may supply the year of a dateline written without one ("BAMAKO, March 9 (Reuters) -")."""
    if not text:
        return None
    year = url_year(url)
    seen = 0
    for line in text[:4000].split("\n"):
        if not line.strip():
            continue
        seen += 1
        if seen > HEADER_LINES:
            break
        head = line.strip()
        if len(head) > MAX_LINE:
            head = head[:MAX_LINE]  # a dateline opening the first paragraph: "KYIV, Ukraine, March 9, 2025 -- ..."
        m = _LINE.match(head)
        if m is None:
            continue
        got = _from_match(m, year)
        if got:
            return got
    return None
