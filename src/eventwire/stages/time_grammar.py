"""The grammar of the times stage (``eventwire.stages.times``): everything that turns a matched
expression into a value.

Holds, in order: the lexicon (``data/lexicons/times.yaml``, loaded once and validated), date
arithmetic (month shifts, ISO weeks, picking the year of a month-day, early/mid/late thirds),
the handlers that turn one regex match into ``(value, precision, earliest, latest)``, and the
rule table compiled from the lexicon (``_grammar()``) with its first-word index (``_candidates``).
The behaviour it implements is documented in ``eventwire.stages.times``, which runs it over text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

import yaml

from eventwire.errors import DataError

#: The stage this grammar belongs to (re-exported as ``eventwire.stages.times.STAGE``); a change of
#: behaviour here is a new version of it.
STAGE = "eventwire.times.v2"
FUTURE_WINDOW_DAYS = 61
# a date read in the past tense may still fall this many days after P (a one-year jump back is the worse error)
PAST_SLACK_DAYS = 7
_ONE = timedelta(days=1)


# ---------------------------------------------------------------- lexicon
@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]  # every name and abbreviation, lower case
    full_months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, int]
    vague: tuple[str, ...]
    units: dict[str, tuple[str, int]]
    qualifiers: dict[str, str]
    parts: tuple[str, ...]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    path = resources.files("eventwire") / "data" / "lexicons" / "times.yaml"
    try:
        d = yaml.safe_load(path.read_text(encoding="utf-8"))
        lex = _Lexicon(
            months={n.lower(): int(k) for k, ns in d["months"].items() for n in ns},
            full_months={ns[0].lower(): int(k) for k, ns in d["months"].items()},
            weekdays={str(v).lower(): int(k) for k, v in d["weekdays"].items()},
            numbers={str(k).lower(): int(v) for k, v in d["numbers"].items()},
            vague=tuple(str(v).lower() for v in d["vague_numbers"]),
            units={str(k).lower(): (str(v[0]), int(v[1])) for k, v in d["units"].items()},
            qualifiers={str(k).lower(): str(v) for k, v in d["qualifiers"].items()},
            parts=tuple(str(v).lower() for v in d["parts_of_day"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, IndexError,
            AttributeError) as e:
        raise DataError(f"invalid times lexicon ({e!r}); fix the file or reinstall eventwire",
                        path=str(path), stage=STAGE) from e
    problems = []
    if set(lex.full_months.values()) != set(range(1, 13)):
        problems.append("months must cover 1..12")
    if set(lex.weekdays.values()) != set(range(7)):
        problems.append("weekdays must cover 0..6")
    if not set(lex.qualifiers.values()) <= {"early", "mid", "late"}:
        problems.append("qualifiers map to early, mid or late")
    if not {u for u, _ in lex.units.values()} <= {"TS", "TM", "TH", "D", "W", "M", "Y"}:
        problems.append("unit designators are TS TM TH D W M Y")
    if problems:
        raise DataError("invalid times lexicon: " + "; ".join(problems), path=str(path), stage=STAGE)
    return lex


def _alt(words: Any) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(set(words), key=len, reverse=True))


# ---------------------------------------------------------------- date arithmetic
def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _shift(d: date, unit: str, n: int) -> date:
    if unit == "M":
        return _add_months(d, n)
    if unit == "Y":
        return _add_months(d, 12 * n)
    return d + timedelta(days=n * (7 if unit == "W" else 1))


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _week(d: date) -> tuple[str, date, date]:
    y, w, wd = d.isocalendar()
    mon = d - timedelta(days=wd - 1)
    return f"{y}-W{w:02d}", mon, mon + timedelta(days=6)


def _pick(cands: list[tuple[date, date]], p: date, tense: str | None) -> tuple[date, date]:
    """Choose among [(start, end)] of the same calendar name in neighbouring years."""
    if tense == "past":  # a few days after P is still "past": publication dates lag (time zones, wire copy)
        ok = [c for c in cands if c[0] <= p + timedelta(days=PAST_SLACK_DAYS)]
        return ok[-1] if ok else cands[0]
    if tense == "future":
        ok = [c for c in cands if c[1] >= p]
        return ok[0] if ok else cands[-1]
    if tense == "soon":  # "until Nov. 9", "payable Dec. 1": the coming one when it is near, else the nearest
        ok = [c for c in cands if c[1] >= p and (c[0] - p).days <= FUTURE_WINDOW_DAYS]
        if ok:
            return ok[0]
    ok = [c for c in cands if (c[0] - p).days <= FUTURE_WINDOW_DAYS] or cands
    return min(ok, key=lambda c: 0 if c[0] <= p <= c[1] else min(abs((c[0] - p).days), abs((c[1] - p).days)))


def _year_for_day(month: int, day: int, p: date, tense: str | None, weekday: int | None = None) -> date | None:
    """The year of a month-day without one; a weekday given with it ("Monday, Oct. 26") picks the years where
    that day is that weekday, when one of the neighbouring years fits."""
    cands = []
    for y in (p.year - 1, p.year, p.year + 1):
        try:
            cands.append((date(y, month, day),) * 2)
        except ValueError:
            continue
    fits = [c for c in cands if weekday is not None and c[0].weekday() == weekday]
    if fits:
        cands = fits
    return _pick(cands, p, tense)[0] if cands else None


def _year_for_month(month: int, p: date, tense: str | None) -> int:
    cands = [(date(y, month, 1), _month_end(y, month)) for y in (p.year - 1, p.year, p.year + 1)]
    return _pick(cands, p, tense)[0].year


def _narrow(e: date, l: date, prec: str, q: str | None) -> tuple[date, date]:
    """early / mid / late thirds of a month (1-10, 11-20, 21-end), year (Jan-Apr, May-Aug, Sep-Dec), week."""
    if q not in ("early", "mid", "late"):
        return e, l
    i = ("early", "mid", "late").index(q)
    if prec == "month":
        return e.replace(day=1 + 10 * i), (l if i == 2 else e.replace(day=10 + 10 * i))
    if prec == "year":
        return date(e.year, 1 + 4 * i, 1), _month_end(e.year, 4 + 4 * i)
    if prec == "week":
        return e + timedelta(days=2 * i), e + timedelta(days=2 * i + 2)
    return e, l


# ---------------------------------------------------------------- handlers
class _Unanchored(Exception):
    """The expression needs a publication date and none was given."""


@dataclass
class _Ctx:
    published: date | None
    tense: str | None
    dayfirst: bool

    @property
    def p(self) -> date:
        if self.published is None:
            raise _Unanchored
        return self.published


Result = tuple[str, str, date | None, date | None]  # value, precision, earliest, latest


def _day(d: date) -> Result:
    return d.isoformat(), "day", d, d


def _month(y: int, m: int, q: str | None = None) -> Result:
    e, l = _narrow(date(y, m, 1), _month_end(y, m), "month", q)
    return f"{y:04d}-{m:02d}", "month", e, l


def _year(y: int, q: str | None = None) -> Result:
    e, l = _narrow(date(y, 1, 1), date(y, 12, 31), "year", q)
    return f"{y:04d}", "year", e, l


def _range(e: date, l: date, value: str | None = None) -> Result:
    return value or f"{e.isoformat()}/{l.isoformat()}", "range", e, l


def _num(s: str | None) -> int | None:
    """'3' -> 3, 'twenty-four' -> 24, 'a' -> 1, vague ('several') or absent -> None."""
    if not s:
        return None
    s = re.sub(r"\s*(?:1/2|½)$", "", s.lower())
    if s.isdigit():
        return int(s)
    lex = _lexicon()
    total = 0
    for part in re.split(r"[\s-]+", s):
        if part not in lex.numbers:
            return None
        total += lex.numbers[part]
    return total


def _unit(s: str) -> tuple[str, int]:
    return _lexicon().units[s.lower().rstrip("s") if s.lower() not in _lexicon().units else s.lower()]


def _mon(s: str) -> int:
    return _lexicon().months[s.lower().rstrip(".")]


def _q(m: re.Match[str]) -> str | None:
    q = m.groupdict().get("q")
    return _lexicon().qualifiers.get(re.sub(r"\s+", " ", q.lower())) if q else None


def _h_md(m: re.Match[str], c: _Ctx) -> Result | None:  # December 3[, 2024] / 3 December [2024]
    mon, day = _mon(m["mon"]), int(m["day"])
    if m["year"]:
        try:
            return _day(date(int(m["year"]), mon, day))
        except ValueError:
            return None
    wd = m.groupdict().get("wd")
    d = _year_for_day(mon, day, c.p, c.tense, _lexicon().weekdays[wd.lower()] if wd else None)
    return _day(d) if d else None


def _h_iso(m: re.Match[str], c: _Ctx) -> Result | None:
    try:
        return _day(date(int(m["y"]), int(m["m"]), int(m["d"])))
    except ValueError:
        return None


def _h_numeric(m: re.Match[str], c: _Ctx) -> Result | None:  # 05/01/2022: day first by default
    a, b, y, seps = int(m["a"]), int(m["b"]), int(m["y"]), m["s1"] + m["s2"]
    if seps[0] != seps[1] or (seps[0] == "." and len(m["y"]) == 2):  # "1.2.34" is a version
        return None
    y = y + 2000 if y < 100 else y
    day, mon = (a, b) if c.dayfirst else (b, a)
    if a > 12 >= b:
        day, mon = a, b
    elif b > 12 >= a:
        day, mon = b, a
    try:
        return _day(date(y, mon, day))
    except ValueError:
        return None


def _h_month(m: re.Match[str], c: _Ctx) -> Result:  # [mid-]October [2024], last October
    mon, year = _mon(m["mon"]), m.groupdict().get("year")
    if year:
        return _month(int(year), mon, _q(m))
    direction = (m.groupdict().get("dir") or "").lower()
    if direction == "this":  # "this September": the publication's year
        return _month(c.p.year, mon, _q(m))
    tense = {"last": "past", "next": "future"}.get(direction, c.tense)
    y = _year_for_month(mon, c.p, tense)
    if direction == "last" and date(y, mon, 1) > c.p.replace(day=1) - _ONE:
        y -= 1
    if direction == "next" and date(y, mon, 1) <= c.p:
        y += 1
    return _month(y, mon, _q(m))


def _h_year(m: re.Match[str], c: _Ctx) -> Result:
    return _year(int(m["year"]), _q(m))


_REL_YEAR = {"last": -1, "this": 0, "next": 1}


def _h_month_rel_year(m: re.Match[str], c: _Ctx) -> Result:  # January this year, June last year
    return _month(c.p.year + _REL_YEAR[m["ry"].lower()], _mon(m["mon"]), _q(m))


_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter(y: int, q: int) -> Result:
    return f"{y:04d}-Q{q}", "quarter", date(y, 3 * q - 2, 1), _month_end(y, 3 * q)


def _h_quarter(m: re.Match[str], c: _Ctx) -> Result:
    """the third quarter [of 1989], third-quarter, fourth-quarter 1989, the 1988 second quarter, next year's
    first quarter, the year-ago third quarter. Without a year: the one nearest P (as a month is read)."""
    q = _ORDINAL[m["ord"].lower()]
    g = m.groupdict()
    if g.get("year"):
        y = int(g["year"])
    elif g.get("ry"):
        y = c.p.year + _REL_YEAR[g["ry"].lower()]
    else:
        cands = [(date(y, 3 * q - 2, 1), _month_end(y, 3 * q)) for y in (c.p.year - 1, c.p.year, c.p.year + 1)]
        y = _pick(cands, c.p, c.tense)[0].year
    if g.get("ago"):
        y -= 1
    return _quarter(y, q)


def _h_quarter_rel(m: re.Match[str], c: _Ctx) -> Result:
    """the quarter (the last whole quarter before P: what a results story reports), the current quarter,
    the year-ago / year-earlier quarter (that quarter a year before)."""
    p, g = c.p, m.groupdict()
    y, q = p.year, (p.month - 1) // 3 + 1
    if not g.get("cur"):
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    if g.get("ago") or g.get("ago2"):  # "the year-ago period": the results story's quarter, a year back
        y -= 1
    return _quarter(y, q)


_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "recently": "PAST_REF", "past": "PAST_REF",
         "future": "FUTURE_REF"}


def _h_ref(m: re.Match[str], c: _Ctx) -> Result:  # now, currently, recently, the past, the (near) future
    return _REFS[m["ref"].lower()], "ref", None, None


def _h_decade(m: re.Match[str], c: _Ctx) -> Result:
    y0 = int(m["dec"])
    e, l = date(y0, 1, 1), date(y0 + 9, 12, 31)
    q = _q(m)
    if q:  # early 0-3, mid 3-6, late 7-9
        a, b = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}[q]
        e, l = date(y0 + a, 1, 1), date(y0 + b, 12, 31)
    return _range(e, l, f"{e.year}/{l.year}")


def _h_day_range(m: re.Match[str], c: _Ctx) -> Result | None:  # between 3 and 5 May, May 3-5
    mon, d1, d2 = _mon(m["mon"]), int(m["d1"]), int(m["d2"])
    try:
        if m["year"]:
            e, l = date(int(m["year"]), mon, d1), date(int(m["year"]), mon, d2)
        else:
            l = _year_for_day(mon, d2, c.p, c.tense)
            if l is None:
                return None
            e = l.replace(day=d1)
    except ValueError:
        return None
    return _range(e, l) if e <= l else None


def _h_month_range(m: re.Match[str], c: _Ctx) -> Result:  # from January to March 2024
    m1, m2 = _mon(m["mon1"]), _mon(m["mon2"])
    y2 = int(m["year2"]) if m["year2"] else None
    y1 = int(m["year1"]) if m["year1"] else None
    if y2 is None:
        y2 = y1 + (m2 < m1) if y1 else _year_for_month(m2, c.p, c.tense)
    if y1 is None:
        y1 = y2 - (m1 > m2)
    e, l = date(y1, m1, 1), _month_end(y2, m2)
    return _range(e, l, f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}")


def _h_year_range(m: re.Match[str], c: _Ctx) -> Result | None:  # 2011-2013, 2011-13, from 2011 to 2013
    y1, y2s = int(m["year1"]), m["year2"]
    y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
    if y2 <= y1:
        return None
    return _range(date(y1, 1, 1), date(y2, 12, 31), f"{y1}/{y2}")


def _period(unit: str, d: date) -> Result:
    if unit == "week":
        v, e, l = _week(d)
        return v, "week", e, l
    if unit == "weekend":
        v, e, l = _week(d)
        return v + "-WE", "week", e + timedelta(days=5), l
    if unit == "month":
        return _month(d.year, d.month)
    return _year(d.year)


def _h_rel_period(m: re.Match[str], c: _Ctx) -> Result:  # last week, the past month, next year
    unit, p = m["unit"].lower(), c.p
    direction = re.sub(r"\s+", " ", m["dir"].lower()).replace("this past", "last")
    core = direction.split()[-1]
    iso = {"week": "W", "weekend": "W", "fortnight": "W", "month": "M", "year": "Y"}[unit]
    n = 2 if unit == "fortnight" else 1
    if direction in ("the previous", "the preceding", "the following", "the next"):
        return ("-" if core in ("previous", "preceding") else "+") + f"P{n}{iso}", "offset", None, None
    if core in ("past", "last") and (direction != "last" or unit == "fortnight"):
        return _range(_shift(p, iso, -n), p)  # rolling: "the past month", "over the last week"
    step = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(core, 0)
    base = _shift(p, iso, step)
    v, prec, e, l = _period(unit, base)
    if _q(m):
        e, l = _narrow(e, l, prec, _q(m))
    return v, prec, e, l


def _h_earlier_this(m: re.Match[str], c: _Ctx) -> Result:  # earlier this month, later this year
    v, _prec, e, l = _period(m["unit"].lower(), c.p)
    return _range(e, c.p) if m["el"].lower() == "earlier" else _range(c.p, l)


def _h_weekend(m: re.Match[str], c: _Ctx) -> Result:  # over the weekend: the last one, or the next
    p = c.p
    if c.tense == "future":
        return _period("weekend", p if p.weekday() < 6 else p + _ONE)
    return _period("weekend", p if p.weekday() >= 5 else p - timedelta(days=7))


_RECENT = {"days": ("D", 7), "weeks": ("W", 6), "months": ("M", 6), "years": ("Y", 5)}


def _h_recent(m: re.Match[str], c: _Ctx) -> Result:  # recent days, the coming weeks: heuristic ranges
    iso, n = _RECENT[m["unit"].lower()]
    if m["dir"].lower().startswith(("coming", "next")):
        return _range(c.p, _shift(c.p, iso, n))
    return _range(_shift(c.p, iso, -n), c.p)


def _h_past_n(m: re.Match[str], c: _Ctx) -> Result | None:  # the past three days, the last 24 hours
    n, (iso, mult) = _num(m["n"]), _unit(m["unit"])
    if n is None:
        return None
    if iso.startswith("T"):  # the past 24 / 48 hours: whole days back
        return _range(c.p - timedelta(days=max(1, -(-n // 24)) if iso == "TH" else 1), c.p)
    return _range(_shift(c.p, iso, -n * mult), c.p)


def _h_ago(m: re.Match[str], c: _Ctx) -> Result:  # three days ago, a week ago, a few months ago
    n, (iso, mult) = _num(m["n"]), _unit(m["unit"])
    p = c.p
    if iso.startswith("T"):
        return (_day(p) if n is None or iso != "TH" or n < 24 else _day(p - timedelta(days=n // 24)))
    if n is None:  # vague: 2..9 units ago
        return _range(_shift(p, iso, -9 * mult), _shift(p, iso, -2 * mult))
    if _half(m) and iso == "Y":  # "2 1/2 years ago": the month 30 months back
        d = _add_months(p, -(n * mult * 12 + 6 * mult))
        return _month(d.year, d.month)
    d = _shift(p, iso, -n * mult)
    return {"D": _day, "W": lambda x: _period("week", x), "M": lambda x: _month(x.year, x.month),
            "Y": lambda x: _year(x.year)}[iso](d)


def _half(m: re.Match[str]) -> bool:
    """ "5 1/2 hours", "a year and a half": the count has a half."""
    g = m.groupdict()
    return bool(g.get("frac") or g.get("frac2") or g.get("andhalf"))


# a unit's half in the next smaller unit: "5 1/2 hours" is PT5H30M, "2 1/2 years" P2Y6M (TimeML's values)
_HALF = {"TH": ("TH", 60, "TM"), "TM": ("TM", 60, "TS"), "D": ("D", 24, "TH"), "W": ("D", 7, "TH"),
         "M": ("M", 30, "D"), "Y": ("Y", 12, "M")}


def _offset_value(sign: str, n: int | None, iso: str, mult: int, half: bool = False) -> str:
    count = "X" if n is None else str(n * mult)
    if half and n is not None:
        big, per, small = _HALF[iso]
        whole = n * mult * (7 if iso == "W" else 1)  # weeks count as days
        extra = per * mult * (7 if iso == "W" else 1) // 2  # half the unit, in the smaller unit
        whole, extra = whole + extra // per, extra % per
        if big.startswith("T"):
            return f"{sign}PT{whole}{big[1]}{extra}{small[1]}" if extra else f"{sign}PT{whole}{big[1]}"
        if not extra:
            return f"{sign}P{whole}{big}"
        return f"{sign}P{whole}{big}T{extra}{small[1]}" if small.startswith("T") else f"{sign}P{whole}{big}{extra}{small}"
    return f"{sign}PT{count}{iso[1]}" if iso.startswith("T") else f"{sign}P{count}{iso}"


def _h_offset(m: re.Match[str], c: _Ctx) -> Result:  # two days later, weeks earlier, a day after
    sign = "-" if m["dir"].lower() in ("earlier", "before", "previously", "prior") else "+"
    n = 1 if m["n"] and m["n"].lower() in ("a", "an") else _num(m["n"])
    iso, mult = _unit(m["unit"])
    return _offset_value(sign, n, iso, mult, _half(m)), "offset", None, None


_ANAPHORA = {"the next": "+P1D", "the following": "+P1D", "the previous": "-P1D", "the preceding": "-P1D",
             "the same": "+P0D", "later that": "+P0D", "earlier that": "+P0D", "that": "+P0D"}


def _h_anaphor(m: re.Match[str], c: _Ctx) -> Result:  # the next day, the day before, later that day
    if m["ba"]:
        return ("-P1D" if m["ba"].lower() == "before" else "+P1D"), "offset", None, None
    return _ANAPHORA[re.sub(r"\s+", " ", m["which"].lower())], "offset", None, None


def _h_rel_day(m: re.Match[str], c: _Ctx) -> Result:  # yesterday, today, overnight, last night
    w, p = re.sub(r"\s+", " ", m["rd"].lower()), c.p
    if w == "overnight":
        return p.isoformat(), "day", p - _ONE, p
    delta = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}.get(w, 0)
    return _day(p + timedelta(days=delta))


def _h_weekday(m: re.Match[str], c: _Ctx) -> Result:  # on Sunday, last Sunday, next Sunday
    wd, p = _lexicon().weekdays[m["wd"].lower()], c.p
    direction = re.sub(r"\s+", " ", (m["dir"] or "").lower())
    back = (p.weekday() - wd) % 7
    if direction in ("last", "this past"):
        return _day(p - timedelta(days=back or 7))
    if direction in ("next", "this coming", "coming") or (not direction and c.tense == "future"):
        return _day(p + timedelta(days=(wd - p.weekday()) % 7 or 7))
    return _day(p - timedelta(days=back))


def _h_duration(m: re.Match[str], c: _Ctx) -> Result:  # a month, three weeks, 24 hours, three-year
    n = 1 if m["n"] and m["n"].lower() in ("a", "an") else _num(m["n"])
    return _offset_value("", n, *_unit(m["unit"]), half=_half(m)), "duration", None, None


def _h_week_iso(m: re.Match[str], c: _Ctx) -> Result | None:
    try:
        mon = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        return None
    return _period("week", mon)


# ---------------------------------------------------------------- grammar
@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern[str]
    handler: Callable[[re.Match[str], _Ctx], Result | None]
    ambiguous: bool  # the reading depends on tense (no year / no direction)
    needs_prep: bool  # only after a preposition ("in May", "since 2011"): bare "May", "2011" are too noisy


# words after which a bare month or year is read ("in May", "since 2011"; never "Theresa May")
_PREPS = frozenset(("in", "on", "since", "during", "until", "till", "by", "from", "through", "throughout",
                    "before", "after", "of", "around", "and"))
_LEAD = re.compile(r"(?i)^(?:(?P<pre>" + "|".join(sorted(_PREPS - {"and"}))
                   + r"|as\s+of|over|within|for|at)\s+)?(?P<core>.*)$", re.S)


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    extra: tuple[_Rule, ...]  # normalise() only
    index: dict[str, tuple[int, ...]]  # first-token key -> rule numbers, in priority order
    keyfn: Callable[[str], tuple[str, ...]]
    triggers: frozenset[str]  # lower-case words that can start a rule (digits aside)


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    lex = _lexicon()
    abbrevs = _alt(n.capitalize() for n in lex.months if n not in lex.full_months)
    mon_full = _alt(n.capitalize() for n in lex.full_months)
    numw = _alt(lex.numbers) + r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-](?:one|two|three|four|five|six|seven|eight|nine)"
    units = _alt(lex.units) + "|" + _alt(u + "s" for u in lex.units)
    day, th = r"3[01]|[12]\d|0?[1-9]", r"(?:st|nd|rd|th)?"
    g = {
        "MON": rf"(?P<mon>(?-i:{mon_full})\b|(?-i:{abbrevs})(?:\.|\b))",
        "MON1": rf"(?P<mon1>(?-i:{mon_full}))\b", "MON2": rf"(?P<mon2>(?-i:{mon_full}))\b",
        "FMON": rf"(?P<mon>(?-i:{mon_full}))\b",
        "DAY": rf"(?P<day>{day}){th}(?![\d%])(?![:.,]\d)",
        "D1": rf"(?P<d1>{day}){th}", "D2": rf"(?P<d2>{day}){th}(?!\d)",
        "YEAR": r"(?<![\d$£€.,])(?P<year>1[89]\d\d|20\d\d)(?![\d%])(?!,\d)",
        "YEAR1": r"(?<![\d$£€.,])(?P<year1>1[89]\d\d|20\d\d)(?!\d)", "YEAR2": r"(?P<year2>1[89]\d\d|20\d\d)(?![\d%])",
        "WD": rf"(?P<wd>(?-i:{_alt(n.capitalize() for n in lex.weekdays)}))\b",
        "Q": rf"(?P<q>{_alt(lex.qualifiers)})(?:\s*-\s*|\s+)",
        "QDAY": r"(?:(?P<q>early|late)\s+(?:on\s+)?)?",
        "N": rf"(?<![/\d])\b(?P<n>\d{{1,3}}(?:\s+(?P<frac>1/2))?|\d{{1,3}}(?P<frac2>½)|{_alt(lex.vague)}|{numw})",
        "ORD": r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)",
        "FISCAL": r"(?:(?:fiscal|calendar)[\s-]+)?",
        "AGO": r"(?:(?P<ago>year[\s-]+(?:ago|earlier))\s+)?",
        "UNIT": rf"(?P<unit>{units})\b",
        "PART": rf"(?:\s+(?:{_alt(lex.parts)}))?",
        "TO": r"(?:and|to|until|till|through)", "DASH": r"\s*[-–—]\s*",
    }
    # (name, first-token keys, pattern, handler, ambiguous, needs_prep); earlier rules win at a position.
    # Keys: a lower-case word, or MONTH WEEKDAY DIGIT NUMWORD UNIT QUAL VAGUE (see keys() below).
    specs: list[tuple[str, str, str, Callable[..., Result | None], bool, bool]] = [
        ("day_range", "between from", r"(?:between|from)\s+{D1}\s+{TO}\s+{D2}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "DIGIT", r"{D1}{DASH}{D2}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "between from MONTH", r"(?:(?:between|from)\s+)?{MON}\s+{D1}{DASH}{D2}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("day_range", "between from", r"(?:between|from)\s+{MON}\s+{D1}\s+{TO}\s+{D2}(?:,?\s+{YEAR})?", _h_day_range, True, False),
        ("month_range", "between from", r"(?:between|from)\s+{MON1}(?:,?\s+{YEAR1})?\s+{TO}\s+{MON2}(?:,?\s+{YEAR2})?", _h_month_range, True, False),
        ("month_range", "MONTH", r"{MON1}(?:\s+{YEAR1})?{DASH}{MON2}(?:,?\s+{YEAR2})?", _h_month_range, True, False),
        ("year_range", "between from", r"(?:between|from)\s+{YEAR1}\s+{TO}\s+{YEAR2}", _h_year_range, False, False),
        ("year_range", "DIGIT", r"{YEAR1}{DASH}(?P<year2>1[89]\d\d|20\d\d|\d\d)(?![-\d])", _h_year_range, False, False),
        ("iso_date", "DIGIT", r"(?<![\d-])(?P<y>1[89]\d\d|20\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>[0-3]\d)(?![\d-])", _h_iso, False, False),
        ("numeric_date", "DIGIT", r"(?<![\d/.])(?P<a>\d{{1,2}})(?P<s1>[/.])(?P<b>\d{{1,2}})(?P<s2>[/.])(?P<y>\d{{4}}|\d\d)(?![\d/])(?![.]\d)", _h_numeric, False, False),
        ("month_day", "early late WEEKDAY the MONTH", r"{QDAY}(?:{WD},?\s+)?(?:the\s+)?{MON}\s+{DAY}(?:,?\s+{YEAR})?", _h_md, True, False),
        ("day_month", "early late WEEKDAY the DIGIT", r"{QDAY}(?:{WD},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MON}(?:,?\s+{YEAR})?", _h_md, True, False),
        ("month", "QUAL MONTH", r"(?:{Q})?{FMON},?\s+(?:of\s+)?(?P<ry>last|this|next)\s+year\b", _h_month_rel_year, False, False),
        ("month", "QUAL", r"{Q}{FMON}(?:,?\s+(?:of\s+)?{YEAR})?", _h_month, True, False),
        ("month", "MONTH", r"{MON},?\s+(?:of\s+)?{YEAR}", _h_month, False, False),
        ("month", "last this next", r"(?P<dir>last|this|next)\s+{FMON}(?!\s*\d)", _h_month, False, False),
        ("month", "MONTH", r"{FMON}(?!,?\s+(?:of\s+)?\d)", _h_month, True, True),
        ("decade", "the early mid late DIGIT", r"(?:the\s+)?(?:(?P<q>early|mid|late)[-\s]+)?(?P<dec>1[89]\d0|20\d0)'?s\b", _h_decade, False, False),
        ("year", "QUAL", r"{Q}{YEAR}", _h_year, False, False),
        ("year", "fiscal", r"fiscal\s+(?:year\s+)?{YEAR}", _h_year, False, False),
        ("quarter", "the fiscal calendar year first second third fourth DIGIT",
         r"(?:the\s+)?{AGO}{FISCAL}{ORD}[\s-]+quarter\b(?!-)(?:(?:\s+of\s+(?:fiscal\s+)?|,?\s+){YEAR})?(?!\s+of\b)",
         _h_quarter, False, False),  # not read by tense: "expects to release third-quarter results" is the last one
        ("quarter", "the DIGIT", r"(?:the\s+)?{YEAR}\s+{FISCAL}{ORD}[\s-]+quarter\b(?!-)", _h_quarter, False, False),
        ("quarter", "last this next", r"(?P<ry>last|this|next)\s+year['’]s\s+{FISCAL}{ORD}[\s-]+quarter\b(?!-)", _h_quarter, False, False),
        ("quarter", "the", r"the\s+(?:(?:(?P<cur>current)\s+|(?:comparable\s+)?(?P<ago>year[\s-]+(?:ago|earlier))\s+)?quarter\b(?![-\s]+(?:of|final|mile|century|back)\b)(?!-)|(?:comparable\s+)?(?P<ago2>year[\s-]+(?:ago|earlier))\s+period\b)", _h_quarter_rel, False, False),
        ("past_n", "the past last previous", r"(?:the\s+)?(?:past|last|previous)\s+{N}\s+{UNIT}", _h_past_n, False, False),
        ("rel_period", "QUAL this the last past previous current next coming", r"(?:{Q})?(?P<dir>this\s+past|the\s+(?:past|last|previous|preceding|current|coming|following|next)|last|past|previous|this|current|next|coming)\s+(?P<unit>weekend|week|fortnight|month|year)\b", _h_rel_period, False, False),
        ("weekend", "the", r"the\s+weekend\b", _h_weekend, True, False),
        ("recent", "the recent coming past last next", r"(?:the\s+)?(?P<dir>recent|coming|(?:past|last|next)\s+few)\s+(?P<unit>days|weeks|months|years)\b", _h_recent, False, False),
        ("earlier_this", "earlier later", r"(?P<el>earlier|later)\s+(?:this|in\s+the)\s+(?P<unit>week|month|year)\b", _h_earlier_this, False, False),
        ("ago", "NUMWORD DIGIT VAGUE UNIT", r"(?:{N}\s+)?(?(n)|(?=\w+s\s)){UNIT}\s+ago\b", _h_ago, False, False),
        ("offset", "NUMWORD DIGIT VAGUE UNIT", r"(?:{N}\s+)?(?(n)|(?=\w+s\s)){UNIT}\s+(?P<dir>later|earlier|after|before|afterwards|previously|prior)\b", _h_offset, False, False),
        ("anaphor", "the later earlier", r"(?:(?P<which>the\s+(?:next|following|previous|preceding|same)|later\s+that|earlier\s+that)\s+(?:day|morning|afternoon|evening|night)|the\s+(?:day|night)\s+(?P<ba>before|after))\b(?!\s+(?:yesterday|tomorrow))", _h_anaphor, False, False),
        ("rel_day", "early late the today tonight yesterday tomorrow overnight last this earlier later", r"(?:(?P<q>early|late)\s+)?(?P<rd>the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight|yesterday|tomorrow|overnight|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today){PART}\b", _h_rel_day, False, False),
        ("weekday", "early late last next this coming WEEKDAY", r"{QDAY}(?:(?P<dir>last|next|this\s+past|this\s+coming|coming|this)\s+)?{WD}{PART}\b", _h_weekday, True, False),
        ("year", "DIGIT", r"{YEAR}", _h_year, False, True),
        ("duration", "NUMWORD DIGIT VAGUE", r"(?<!once\s)(?<!twice\s)(?<!times\s){N}(?:\s+|\s*-\s*){UNIT}(?!-old)(?!\s*-\s*old)(?P<andhalf>\s+and\s+a\s+half\b)?(?:-long)?", _h_duration, False, False),
        # TimeML's reference values: no date, so they never date an event (stages/event_time.py)
        ("ref", "now right", r"(?:right\s+)?(?P<ref>now)\b(?![-'’])", _h_ref, False, False),
        ("ref", "currently recently", r"(?P<ref>currently|recently)\b", _h_ref, False, False),
        ("ref", "the", r"the\s+(?:near\s+|distant\s+|foreseeable\s+)?(?P<ref>future)\b(?!\s+of\b)", _h_ref, False, False),
        ("ref", "the", r"the\s+(?P<ref>past)\b(?!\s+(?:\d|few|several|couple|two|three|four|five|six|seven|eight|nine|ten)\b)", _h_ref, False, False),
    ]
    extra_specs = [
        ("year", "", r"{YEAR}", _h_year, False, False),
        ("month", "", r"{FMON}", _h_month, True, False),
        ("week", "", r"(?P<y>\d{{4}})-?W(?P<w>\d\d)", _h_week_iso, False, False),
    ]

    def compile_(sp: list[Any]) -> tuple[_Rule, ...]:
        return tuple(_Rule(n, re.compile(s.format(**g), re.I), h, a, np) for n, _k, s, h, a, np in sp)

    rules, extra = compile_(specs), compile_(extra_specs)
    index: dict[str, list[int]] = {}
    for i, spec in enumerate(specs):
        for k in spec[1].split():
            index.setdefault(k, []).append(i)
    qual_first = {q.split()[0] for q in lex.qualifiers}
    vague_first = {v.split()[0] for v in lex.vague}
    unit_words = set(lex.units) | {u + "s" for u in lex.units}

    def keys(tok: str) -> tuple[str, ...]:
        low = tok.lower()
        ks = [low]
        if tok[0].isdigit():
            ks.append("DIGIT")
        elif tok[0].isupper():
            if low in lex.months:
                ks.append("MONTH")
            if low in lex.weekdays:
                ks.append("WEEKDAY")
        for k, words in (("NUMWORD", lex.numbers), ("UNIT", unit_words), ("QUAL", qual_first),
                         ("VAGUE", vague_first)):
            if low in words:
                ks.append(k)
        return tuple(ks)

    triggers = frozenset({k for k in index if k.islower()} | set(lex.months) | set(lex.weekdays)
                         | set(lex.numbers) | unit_words | qual_first | vague_first)
    return _Grammar(rules, extra, {k: tuple(v) for k, v in index.items()}, keys, triggers)


@lru_cache(maxsize=65536)
def _candidates(tok: str) -> tuple[int, ...]:
    gr = _grammar()
    return tuple(sorted({i for k in gr.keyfn(tok) for i in gr.index.get(k, ())}))
