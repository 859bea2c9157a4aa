"""Named times of the times grammar (``eventwire.stages.times``): holidays (``holidays`` in
``data/lexicons/times.yaml``), years said in words ("nineteen ninety-six", "the year two thousand"), centuries and
decades in words ("the 20th century", "the nineties", "the '80s"), a recurring weekday or month ("every Thursday"
XXXX-WXX-4, "each July" XXXX-07) and clock times ("5 p.m. EST Nov. 9" 1989-11-09T17:00, "noon Thursday",
"around 7:15 p.m."), which `with_clocks` joins to the day found after them once the rules have run."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from eventwire.records import Time
from eventwire.stages.time_grammar import Result, _Ctx, _day, _lexicon, _mon, _num, _pick, _range, _year

# ---------------------------------------------------------------- years and centuries in words
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
#: "nineteen ninety-six", "nineteen oh five", "eighteen hundred", "the year two thousand (and one)": a year in
#: words. A bare "two thousand" is a count ("more than two thousand years"), so it needs "the year" before it.
SPOKEN_YEAR = (rf"(?<![\w-])(?:(?:eighteen|nineteen)[\s-]+(?:(?:{_TENS})(?:[\s-]+(?:{_ONES}))?|{_TEENS}|hundred|oh[\s-]+(?:{_ONES}))"
               rf"|(?<=year\s)two\s+thousand(?:\s+(?:and\s+)?(?:(?:{_TENS})(?:[\s-]+(?:{_ONES}))?|{_TEENS}|{_ONES}))?)"
               r"(?![\w-])")


def year_int(s: str) -> int:
    """'1996' -> 1996, 'nineteen ninety-six' -> 1996, 'nineteen oh five' -> 1905, 'two thousand and one' -> 2001."""
    s = s.strip().lower()
    if s.isdigit():
        return int(s)
    words = re.split(r"[\s-]+", s)
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (_num(" ".join(rest)) or 0 if rest else 0)
    head = {"eighteen": 1800, "nineteen": 1900}[words[0]]
    rest = [w for w in words[1:] if w not in ("hundred", "oh")]
    return head + (_num(" ".join(rest)) or 0 if rest else 0)


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                  "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                  "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
                  "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21}
CENTURY = (r"(?:the\s+)?(?P<cent>(?:1\d|2[01]|[1-9])(?:st|nd|rd|th)|"
           + "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True)).replace(" ", r"\s+") + r")[\s-]+century\b")


def _h_century(m: re.Match[str], c: _Ctx) -> Result | None:  # the 20th century: 1900-1999 (TimeML's 19)
    w = re.sub(r"\s+", " ", m["cent"].lower())
    n = int(w[:-2]) if w[0].isdigit() else _ORDINAL_WORDS[w]
    y0 = (n - 1) * 100
    return _range(date(max(1, y0), 1, 1), date(y0 + 99, 12, 31), f"{y0:04d}/{y0 + 99:04d}") if y0 >= 1000 else None


_DECADE_WORDS = {"twenties": 20, "thirties": 30, "forties": 40, "fifties": 50, "sixties": 60, "seventies": 70,
                 "eighties": 80, "nineties": 90}
#: "the nineties", "the late seventies", "the '80s" (the 1900s: "in his forties" is an age, so a word needs "the")
DECADE = (r"(?:the\s+(?:(?P<q>early|mid|late)[-\s]+)?(?:nineteen[\s-]+)?(?P<decw>" + "|".join(_DECADE_WORDS)
          + r")|(?:the\s+(?:(?P<q2>early|mid|late)[-\s]+)?)?['’](?P<dec2>\d)0s)\b")


def _h_decade_word(m: re.Match[str], c: _Ctx) -> Result:
    y0 = 1900 + (_DECADE_WORDS[m["decw"].lower()] if m["decw"] else 10 * int(m["dec2"]))
    q = (m["q"] or m["q2"] or "").lower()
    a, b = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}.get(q, (0, 9))
    return _range(date(y0 + a, 1, 1), date(y0 + b, 12, 31), f"{y0}/{y0 + 9}")


# ---------------------------------------------------------------- holidays
def _easter(y: int) -> date:
    """Western Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(y, month, day + 1)


def holiday_date(rule: str, y: int) -> date:
    """The day a holiday rule of the lexicon ("12-25", "11/4/3", "easter-2") names in year `y`."""
    if rule.startswith("easter"):
        return _easter(y) + timedelta(days=int(rule[6:] or 0))
    if "/" in rule:
        mon, nth, wd = (int(x) for x in rule.split("/"))
        first = date(y, mon, 1)
        if nth < 0:
            nxt = date(y + (mon == 12), mon % 12 + 1, 1)
            last = nxt - timedelta(days=1)
            return last - timedelta(days=(last.weekday() - wd) % 7)
        return first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (nth - 1))
    mon, day = (int(x) for x in rule.split("-"))
    return date(y, mon, day)


def _h_holiday(m: re.Match[str], c: _Ctx) -> Result | None:  # Christmas, last Thanksgiving, Easter 1998
    rule = _lexicon().holidays[re.sub(r"\s+", " ", m["hol"].lower()).replace("’", "'")]
    if m.groupdict().get("year"):
        return _day(holiday_date(rule, year_int(m["year"])))
    p, direction = c.p, (m.groupdict().get("dir") or "").lower()
    days = [holiday_date(rule, y) for y in (p.year - 1, p.year, p.year + 1)]
    if direction == "last":
        return _day([d for d in days if d < p][-1])
    if direction == "next":
        return _day(next(d for d in days if d > p))
    if direction == "this":
        return _day(days[1])
    return _day(_pick([(d, d) for d in days], p, c.tense)[0])


# ---------------------------------------------------------------- sets
def _h_set_named(m: re.Match[str], c: _Ctx) -> Result:  # every Thursday XXXX-WXX-4, each July XXXX-07
    if m["swd"]:
        return f"XXXX-WXX-{_lexicon().weekdays[m['swd'].lower()] + 1}", "set", None, None
    return f"XXXX-{_mon(m['smon']):02d}", "set", None, None


def _h_year_end(m: re.Match[str], c: _Ctx) -> Result:  # the end of the year, year-end, the full year
    return _year(c.p.year, "late" if m["end"] or m["end2"] else None)


#: "the year", "the fiscal year": the publication's year; "the year ended Sept. 30" / "the fiscal year ending June
#: 30" is a length, P1Y (TimeML's DURATION for a reporting period). Not "the year-ago quarter", "the year before"
#: nor "the year 1990" / "the year two thousand" (a year rule reads those).
THE_YEAR = (r"the\s+(?:(?:fiscal|calendar)\s+)?year\b(?!['’-])"
            r"(?!\s+(?:\d|(?:ago|earlier|before|after|later|two\s+thousand|nineteen|eighteen)\b))(?=(?P<ended>\s+end(?:ed|ing)\b)?)")


def _h_the_year(m: re.Match[str], c: _Ctx) -> Result:
    if m["ended"]:
        return "P1Y", "duration", None, None
    return _year(c.p.year)


def is_the_year(t: Time) -> bool:
    """ "the year", "the fiscal year" said alone: P's year when nothing else is, too loose to date an event."""
    return t.precision == "year" and re.fullmatch(r"(?i)the\s+(?:(?:fiscal|calendar)\s+)?year", t.text) is not None


# ---------------------------------------------------------------- clock times
_WORD_CLOCK = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}
#: "5 p.m.", "10:35 a.m.", "7:15 pm", "noon", "midnight", "midday", "ten o'clock" [+ "EST", "GMT", "local time"];
#: not "High Noon" (a film) nor "high noon"
CLOCK = re.compile(
    r"(?<![\w:.$])(?:(?P<h>1[0-2]|0?[1-9])(?::(?P<mi>[0-5]\d))?\s*(?P<ap>[ap])\.?\s?m\b\.?"
    r"|(?P<oh>1[0-2]|0?[1-9]|" + _TEENS.split("|thirteen")[0] + "|" + _ONES + r")\s+o['’]clock\b"
    r"|(?<!high\s)(?<!High\s)(?P<w>noon|midday|midnight)\b)"
    r"(?:\s+(?P<tz>(?-i:[A-Z]{2,4}T|GMT|UTC)|local\s+time)\b)?", re.I)
# what may stand between a clock time and the day it is on: "5 p.m. EST, Nov. 6", "noon Thursday", "10 p.m. on Friday"
_CLOCK_TO_DAY = re.compile(r"\s*,?\s*(?:on\s+)?")


def clock_value(m: re.Match[str]) -> str:
    """'T17:00' for "5 p.m.", 'T24:00' for "midnight" (TimeML's end of the day), 'T12:00' for "noon"."""
    if m["w"]:
        return "T" + _WORD_CLOCK[m["w"].lower()]
    if m["oh"]:
        h = int(m["oh"]) if m["oh"].isdigit() else _num(m["oh"]) or 0
        return f"T{h:02d}:00"
    h = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0)
    return f"T{h:02d}:{m['mi'] or '00'}"


_PLAIN_DAY = re.compile(r"\d{4}-\d\d-\d\d")


def is_clock(t: Time) -> bool:
    """A clock time said without its day ("at 10 p.m."): P's day is a guess, so it never dates an event."""
    m = CLOCK.match(t.text)
    return bool(m) and m.end() >= len(t.text.rstrip(" .,"))


def with_clocks(times: list[Time], text: str, published: date | None, stage: str) -> list[Time]:
    """Join a clock time to the day found just after it ("5 p.m. EST Nov. 9" -> 1989-11-09T17:00, span and value)
    and add the clock times said alone ("around 7:15 p.m." -> P's day at 19:15; no publication date: unresolved)."""
    out: list[Time] = []
    taken: list[tuple[int, int]] = []
    clocks = [m for m in CLOCK.finditer(text)]
    used: set[int] = set()
    for t in times:
        if t.precision == "day" and t.value and _PLAIN_DAY.fullmatch(t.value):
            for i, m in enumerate(clocks):
                gap = _CLOCK_TO_DAY.fullmatch(text, m.end(), t.start)
                if gap and i not in used and not any(a < t.start and m.start() < b for a, b in taken):
                    used.add(i)
                    t = replace(t, text=text[m.start():t.end], start=m.start(), value=t.value + clock_value(m))
                    break
        out.append(t)
        taken.append((t.start, t.end))
    for i, m in enumerate(clocks):
        if i in used or any(m.start() < b and a < m.end() for a, b in taken):
            continue
        end = m.end()
        if published is None:
            out.append(Time(text=text[m.start():end], start=m.start(), end=end, value=None, precision="day",
                            stage=stage, anchor="unknown"))
        else:
            out.append(Time(text=text[m.start():end], start=m.start(), end=end,
                            value=published.isoformat() + clock_value(m), precision="day",
                            earliest=published.isoformat(), latest=published.isoformat(), stage=stage))
    out.sort(key=lambda t: t.start)
    return out
