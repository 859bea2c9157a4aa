"""Publication dates: normalise to YYYY-MM-DD, and find a dateline in the header of plain text."""

from __future__ import annotations

import datetime as _dt
import re

MONTHS = {  # a month's name or abbreviation, lower case -> its number (dateline.py reads it too)
    m: i for i, names in enumerate((
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
        ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
        ("oct", "october"), ("nov", "november"), ("dec", "december")), start=1) for m in names
}
_MONTH_RE = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
             r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
# Month D, YYYY | D Month YYYY | YYYY-MM-DD | YYYY/MM/DD
DATE_RE = re.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH_RE})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE}),?\s+(?P<y2>(?:19|20)\d\d))"
    r"|(?P<iso>(?P<y3>(?:19|20)\d\d)[-/.](?P<m3>\d{1,2})[-/.](?P<d3>\d{1,2}))(?!\d)",
    re.I,
)


MIN_YEAR, MAX_YEAR = 1900, 2099  # the years a publication date may have (DATE_RE and normalize_date read no other)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_published(value: str) -> str:
    """A publication date the user gives (`--published`, the API's "published") -> YYYY-MM-DD, else ValueError
    with a message saying what is accepted. One rule for every entry point: a date outside MIN_YEAR-MAX_YEAR is
    refused here, because the article would otherwise drop it and be dated from today."""
    s = value.strip()
    if not _ISO_DAY.fullmatch(s):
        raise ValueError(f"{value!r} is not a date in the form YYYY-MM-DD")
    try:
        day = _dt.date.fromisoformat(s)
    except ValueError:
        raise ValueError(f"{value!r} is no day of the calendar (YYYY-MM-DD)") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise ValueError(f"{value!r} is not between {MIN_YEAR}-01-01 and {MAX_YEAR}-12-31 "
                         "(the publication dates eventwire reads)")
    return day.isoformat()


def _make(y: str | int, m: str | int, d: str | int) -> str | None:
    try:
        return _dt.date(int(y), int(m), int(d)).isoformat()
    except (TypeError, ValueError):
        return None


def date_from_match(m: re.Match[str]) -> str | None:
    if m.group("mdy"):
        return _make(m.group("y1"), MONTHS.get(m.group("m1").lower().rstrip("."), 0), m.group("d1"))
    if m.group("dmy"):
        return _make(m.group("y2"), MONTHS.get(m.group("m2").lower().rstrip("."), 0), m.group("d2"))
    return _make(m.group("y3"), m.group("m3"), m.group("d3"))


def normalize_date(value: object) -> str | None:
    """Any reasonable date (ISO string or datetime, 'December 3, 2024', '3 Dec 2024') -> YYYY-MM-DD, else None."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    m = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)(?:$|[T ])", s)
    if m:
        return _make(*m.groups())
    m = DATE_RE.search(s)
    return date_from_match(m) if m else None


def find_date(line: str) -> tuple[str | None, re.Match[str] | None]:
    """The first valid date in a line, and its match."""
    for m in DATE_RE.finditer(line):
        d = date_from_match(m)
        if d:
            return d, m
    return None, None
