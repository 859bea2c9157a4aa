"""Passes over the times found in one text that read them beside each other, after the grammar
(``eventwire.stages.times``) has found and normalised each alone: two times joined into one range ("from
December 1 to December 3") and "a year ago" said of a figure when the text speaks of a quarter (that quarter a
year back), and a pass that drops the times that are a broadcast's title. The behaviour
is documented in ``eventwire.stages.times``."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from eventwire.records import Time
from eventwire.stages.time_grammar import _month_end, _shift, _week
from eventwire.stages.time_named import is_clock, is_the_year


def in_context(times: list[Time], text: str) -> list[Time]:
    """The times of one text (in text order) after the passes that read them together."""
    return _from_reference_time(_year_back_from_quarter(_merge_ranges(_not_names(times, text), text), text), text)


# Names are not times (TIDES temporal annotation manual, 2001, 2.2.3 "Non-markable proper names"): a broadcast's
# title in quotes after its network's possessive: ABC News' "This Week", ABC-TV's "This Week With David Brinkley",
# CBS's ''60 Minutes'' (TimeBank marks none of these three). A quote that only starts with a time ("Now we see ...")
# is speech, not a title: the words up to the closing quote must all be capitalised.
_QUOTED_TITLE_BEFORE = re.compile(r"(?:['’]s|s['’])\s*(?:``|''|[\"“])\s*\Z")
_TITLE_WORDS = re.compile(r"(?:[A-Z0-9][\w.'’-]*)(?:\s+[A-Z0-9][\w.'’-]*)*")
_TITLE_REST = re.compile(r"(?:\s+[A-Z][\w.'’-]*)*[,.]?\s*(?:''|[\"”])")


def _not_names(times: list[Time], text: str) -> list[Time]:
    return [t for t in times if not (_TITLE_WORDS.fullmatch(t.text)
                                     and _QUOTED_TITLE_BEFORE.search(text, max(0, t.start - 8), t.start)
                                     and _TITLE_REST.match(text, t.end))]


# An anaphoric time counts from the reference time, the date the text last named, not from the publication: "On
# Feb. 22 the boy was taken; the next morning ..." is Feb. 23 ("the day before", "earlier that day", "the following
# month", "the following year" alike); "a year earlier" said of a figure ("up from $7 million a year earlier") is
# the year before the reference time (a quarter's year back, after a quarter: above). Such a comparison does not
# move the focus itself. TimeML 1.2.1 guidelines: such expressions take the value their anchor
# gives them (a DATE with a full value), the anchor being the temporal focus of the discourse, not the creation time.
# The result has the unit's granularity ("the following year" after "March 1995" is 1996); where the text named no
# date fine enough before it ("the next day" after "in 1995", or none at all) the time stays an offset, which the
# events stage counts from its own event (stages/event_time.py). A clock time said alone ("at 10 p.m.") is on the
# reference day too when that day is before P's (a day still to come is as often a deadline named beside what
# happened), else on P's; it never dates an event either way (`times.dates_events`).
_ANAPHORIC = re.compile(r"(?i)the\s+(?:next|following|previous|preceding|same)\s+(?:day|morning|afternoon|evening|night)"
                        r"|(?:later|earlier)\s+that\s+(?:day|morning|afternoon|evening|night|week|month|year)"
                        r"|the\s+(?:day|night)\s+(?:before|after)|the\s+(?:following|previous|preceding)\s+(?:week|month|year)"
                        r"|an?\s+year\s+earlier")
_THAN = re.compile(r"\s+than\b")  # "it reopened a year earlier than planned": a length, no date
_SHIFT = re.compile(r"([+-])P(\d+)([DWMY])")
# the precisions of a reference time that lie within one unit of each granularity
_FITS = {"D": ("day",), "W": ("day", "week"), "M": ("day", "month"), "Y": ("day", "week", "month", "quarter", "year")}


def _from_reference_time(times: list[Time], text: str) -> list[Time]:
    out: list[Time] = []
    ref: Time | None = None
    for t in times:
        m = _SHIFT.fullmatch(t.value or "")
        if t.precision == "offset" and m and _ANAPHORIC.fullmatch(t.text) and not _THAN.match(text, t.end):
            if ref is not None and ref.precision in _FITS[m[3]]:
                t = _shifted(t, ref, m[3], int(m[2]) * (-1 if m[1] == "-" else 1))
        elif ref is not None and ref.precision == "day" and t.value and is_clock(t) \
                and (ref.earliest or "") < t.value[:10]:
            day = (ref.earliest or "")[:10]  # "at 10 p.m." after "on Oct. 23": that day's 22:00
            t = replace(t, value=day + t.value[10:], earliest=day, latest=day)
        if t.precision in ("day", "week", "month", "quarter", "year") and t.earliest and t.value \
                and not is_clock(t) and not is_the_year(t) and not _YEAR_BACK.fullmatch(t.text):
            ref = t  # a comparison ("from $7 million a year earlier") does not move the story's focus
        out.append(t)
    return out


def _shifted(t: Time, ref: Time, unit: str, n: int) -> Time:
    base = date.fromisoformat(ref.earliest or "")
    d = _shift(base, unit, n)
    if unit == "D":
        value, e, l = d.isoformat(), d, d
    elif unit == "W":
        value, e, l = _week(d)
    elif unit == "M":
        value, e, l = f"{d.year:04d}-{d.month:02d}", d.replace(day=1), _month_end(d.year, d.month)
    else:
        value, e, l = f"{d.year:04d}", date(d.year, 1, 1), date(d.year, 12, 31)
    prec = {"D": "day", "W": "week", "M": "month", "Y": "year"}[unit]
    return replace(t, value=value, precision=prec, earliest=e.isoformat(), latest=l.isoformat())


# "a year ago" / "a year earlier" said of a figure, when the text last spoke of a quarter, is that quarter a year
# back ("third-quarter net rose to $9 million from $7 million a year ago": 1988-Q3), as TimeML reads them; so is
# "year-earlier" / "year-ago" said of a figure ("a third-quarter loss, compared with a year-earlier loss": 1988-Q3),
# and a year said of "the period" or "the quarter" is that quarter of the year ("the 1988 quarter", "compared with
# a profit in the 1989 period"). A length of months said after the quarter ends its focus: "for the nine months,
# net fell from year-earlier net income of $9 million" is the year before P.
_YEAR_BACK = re.compile(r"(?i)(?:an?\s+year\s+|year[\s-]+)(?:ago|earlier)")
_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_MONTHS_LENGTH = re.compile(r"P\d+M")
_OF_PERIOD = re.compile(r"(?i)\s+(?:period|quarter)\b")
_THE_BEFORE = re.compile(r"(?i)\bthe\s+\Z")
_FOCUS_CHARS = 1500  # how far back the quarter a results story speaks of is still its focus


def _quarter(t: Time, y: int, q: int) -> Time:
    e, l = date(y, 3 * q - 2, 1), _month_end(y, 3 * q)
    return replace(t, value=f"{y:04d}-Q{q}", precision="quarter", earliest=e.isoformat(), latest=l.isoformat())


def _year_back_from_quarter(times: list[Time], text: str) -> list[Time]:
    focus: Time | None = None
    out = []
    for t in times:
        m = _QUARTER_VALUE.fullmatch(t.value or "")
        fm = _QUARTER_VALUE.fullmatch(focus.value or "") if focus is not None else None
        near = fm is not None and t.start - focus.end <= _FOCUS_CHARS  # type: ignore[union-attr]
        if m and t.precision == "quarter" and not re.search(r"(?i)year[\s-]+(?:ago|earlier)", t.text):
            focus = t  # not "the year-ago quarter": that is the comparison, not the story's quarter
        elif near and _YEAR_BACK.fullmatch(t.text):
            t = _quarter(t, int(fm[1]) - 1, int(fm[2]))  # type: ignore[index]
        elif near and t.precision == "year" and t.value and t.value.isdigit() \
                and _OF_PERIOD.match(text, t.end) and _THE_BEFORE.search(text, max(0, t.start - 8), t.start):
            t = _quarter(t, int(t.value), int(fm[2]))  # type: ignore[index]
        elif t.precision == "duration" and _MONTHS_LENGTH.fullmatch(t.value or ""):
            focus = None  # "for the nine months": the figures that follow are the year's so far
        out.append(t)
    return out


_BETWEEN = re.compile(r"\s*(?:[-–—]|to|until|till|through|and)\s*$", re.I)
_FROM = re.compile(r"(?:from|between)\s+$", re.I)


def _merge_ranges(times: list[Time], text: str) -> list[Time]:
    """'from December 1 to December 3', 'between 2012 and 2014' found as two times -> one range."""
    out: list[Time] = []
    for t in times:
        prev = out[-1] if out else None
        if (prev and prev.earliest and t.earliest and prev.precision in ("day", "month", "year", "week")
                and t.precision in ("day", "month", "year", "week")
                and _BETWEEN.fullmatch(text[prev.end:t.start])
                and (_FROM.search(text, max(0, prev.start - 10), prev.start)
                     or "-" in text[prev.end:t.start] or "–" in text[prev.end:t.start])
                and prev.earliest <= t.latest):  # type: ignore[operator]
            fm = _FROM.search(text, max(0, prev.start - 10), prev.start)
            start = fm.start() if fm else prev.start
            out[-1] = replace(prev, text=text[start:t.end], start=start, end=t.end, precision="range",
                              value=f"{prev.value}/{t.value}", latest=t.latest)
            continue
        out.append(t)
    return out
