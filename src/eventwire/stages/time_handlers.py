"""The handlers of the times grammar: each turns one regex match of a rule (``eventwire.stages.time_rules``)
into ``(value, precision, earliest, latest)`` against the publication date in its context (``_Ctx``).
The lexicon, date arithmetic and the shared value builders are in ``eventwire.stages.time_grammar``; the
behaviour is documented in ``eventwire.stages.times``."""

from __future__ import annotations

import re
from datetime import date, timedelta

from eventwire.stages.time_grammar import (
    _ONE,
    Result,
    _add_months,
    _Ctx,
    _day,
    _lexicon,
    _month,
    _month_end,
    _mon,
    _narrow,
    _num,
    _pick,
    _q,
    _range,
    _shift,
    _unit,
    _week,
    _year,
    _year_for_day,
    _year_for_month,
)
from eventwire.stages.time_named import year_int


def _h_md(m: re.Match[str], c: _Ctx) -> Result | None:  # December 3[, 2024] / 3 December [2024]
    mon, day = _mon(m["mon"]), int(m["day"])
    if m["year"]:
        try:
            return _day(date(year_int(m["year"]), mon, day))
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
        return _month(year_int(year), mon, _q(m))
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
    return _year(year_int(m["year"]), _q(m))


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
        y = year_int(g["year"])
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


_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF", "recently": "PAST_REF",
         "past": "PAST_REF", "future": "FUTURE_REF"}


def _h_ref(m: re.Match[str], c: _Ctx) -> Result:  # now, currently, recently, the past, the (near) future
    ref = re.sub(r"\s+", " ", m["ref"].lower())
    return _REFS.get(ref) or ("PRESENT_REF" if ref == "these days" else "FUTURE_REF"), "ref", None, None


def _h_decade(m: re.Match[str], c: _Ctx) -> Result:
    y0 = int(m["dec"])
    e, l = date(y0, 1, 1), date(y0 + 9, 12, 31)
    q = _q(m)
    if q:  # early 0-3, mid 3-6, late 7-9: narrows the bounds; the value stays the decade, as "mid-October"'s
        a, b = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}[q]
        e, l = date(y0 + a, 1, 1), date(y0 + b, 12, 31)
    return _range(e, l, f"{y0}/{y0 + 9}")


def _h_day_range(m: re.Match[str], c: _Ctx) -> Result | None:  # between 3 and 5 May, May 3-5
    mon, d1, d2 = _mon(m["mon"]), int(m["d1"]), int(m["d2"])
    try:
        if m["year"]:
            e, l = date(year_int(m["year"]), mon, d1), date(year_int(m["year"]), mon, d2)
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
    """The period itself (TimeML's value: "earlier this month" is 1989-10), narrowed to its part before or
    after P, as a qualifier narrows ("mid-October")."""
    v, prec, e, l = _period(m["unit"].lower(), c.p)
    return (v, prec, e, c.p) if m["el"].lower() == "earlier" else (v, prec, c.p, l)


def _h_weekend(m: re.Match[str], c: _Ctx) -> Result:  # over the weekend: the last one, or the next
    p = c.p
    if c.tense == "future":
        return _period("weekend", p if p.weekday() < 6 else p + _ONE)
    return _period("weekend", p if p.weekday() >= 5 else p - timedelta(days=7))


_RECENT = {"days": ("D", 7), "weeks": ("W", 6), "months": ("M", 6), "years": ("Y", 5)}


def _h_recent(m: re.Match[str], c: _Ctx) -> Result:  # recent days, the coming weeks: heuristic ranges
    """The value is TimeML's for an uncounted stretch ("recent weeks" PXW, "the next few days" PXD); the bounds
    are a guess of its length back or on from P."""
    iso, n = _RECENT[m["unit"].lower()]
    if m["dir"].lower().startswith(("coming", "next")):
        return _range(c.p, _shift(c.p, iso, n), f"PX{iso}")
    return _range(_shift(c.p, iso, -n), c.p, f"PX{iso}")


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
    if m["punit"]:  # later that year: the reference time's year (times.anchor, time_context)
        return "+P0" + {"week": "W", "month": "M", "year": "Y"}[m["punit"].lower()], "offset", None, None
    if m["ba"]:
        return ("-P1D" if m["ba"].lower() == "before" else "+P1D"), "offset", None, None
    return _ANAPHORA[re.sub(r"\s+", " ", m["which"].lower())], "offset", None, None


def _h_rel_day(m: re.Match[str], c: _Ctx) -> Result:  # yesterday, today, overnight, last night
    w, p = re.sub(r"\s+", " ", m["rd"].lower()), c.p
    if w == "overnight":
        return p.isoformat(), "day", p - _ONE, p
    delta = {"yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
             "the day after tomorrow": 2}.get(w, 0)
    part = m.groupdict().get("part") or (w.split()[-1] if w.split()[-1] in _lexicon().parts
                                         else "night" if w == "tonight" else None)
    return _day(p + timedelta(days=delta), part)


def _h_weekday(m: re.Match[str], c: _Ctx) -> Result:  # on Sunday, last Sunday, next Sunday
    wd, p = _lexicon().weekdays[m["wd"].lower()], c.p
    direction = re.sub(r"\s+", " ", (m["dir"] or "").lower())
    back, part = (p.weekday() - wd) % 7, m.groupdict().get("part")
    if direction in ("last", "this past"):
        return _day(p - timedelta(days=back or 7), part)
    if direction in ("next", "this coming", "coming") or (not direction and c.tense == "future"):
        return _day(p + timedelta(days=(wd - p.weekday()) % 7 or 7), part)
    return _day(p - timedelta(days=back), part)


def _h_duration(m: re.Match[str], c: _Ctx) -> Result:  # a month, three weeks, 24 hours, three-year
    n = 1 if m["n"] and m["n"].lower() in ("a", "an") else _num(m["n"])
    if n == 1 and m["n"].lower() in ("a", "an") and m["unit"].lower() not in _lexicon().units:
        n = None  # "a weeks-long strike", "a months-long siege": the article is the noun's, the length uncounted (PXW)
    return _offset_value("", n, *_unit(m["unit"]), half=_half(m)), "duration", None, None


def _h_week_iso(m: re.Match[str], c: _Ctx) -> Result | None:
    try:
        mon = date.fromisocalendar(int(m["y"]), int(m["w"]), 1)
    except ValueError:
        return None
    return _period("week", mon)


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # first month; each lasts three (winter into next year)


def _season(y: int, code: str) -> Result:
    m0 = _SEASON_MONTHS[code]
    return f"{y:04d}-{code}", "season", date(y, m0, 1), _month_end(*_ym(y, m0 + 2))


def _ym(y: int, m: int) -> tuple[int, int]:
    """(year, month) of month number `m` of year `y`, where m may pass 12."""
    return y + (m - 1) // 12, (m - 1) % 12 + 1


def _h_season(m: re.Match[str], c: _Ctx) -> Result | None:  # last fall, this summer, the winter of 1994, in spring
    """A season (TimeML 1998-SU). With a year, that one; "this" P's year; "last" / "this past" the latest one
    over before P; "next" the first one after P; else the one nearest P read by tense, as a month is."""
    g = m.groupdict()
    if not (g.get("dir") or g.get("the") or g.get("year")):
        return None  # a bare "spring" is read only after a preposition (`_h_season_bare`)
    return _h_season_bare(m, c)


def _h_season_bare(m: re.Match[str], c: _Ctx) -> Result:  # in spring, during summer
    code = _lexicon().seasons[m["season"].lower()]
    if m.groupdict().get("year"):
        return _season(year_int(m["year"]), code)
    direction = re.sub(r"\s+", " ", (m.groupdict().get("dir") or "").lower())
    p = c.p
    cands = [_season(y, code) for y in (p.year - 2, p.year - 1, p.year, p.year + 1)]
    if direction == "this":
        return _season(p.year, code)
    if direction in ("last", "this past"):
        return [r for r in cands if r[3] < p][-1]
    if direction == "next":
        return next(r for r in cands if r[2] > p)
    e, l = _pick([(r[2], r[3]) for r in cands], p, c.tense)
    return next(r for r in cands if r[2] == e)


def _h_set(m: re.Match[str], c: _Ctx) -> Result:  # daily, weekly, every day, each month
    """A recurring time (TimeML SET): its period, no dates."""
    if m.groupdict().get("setw"):
        return _lexicon().sets[m["setw"].lower()], "set", None, None
    iso, mult = _unit(m["unit"])
    return (f"PT{mult}{iso[1]}" if iso.startswith("T") else f"P{mult}{iso}"), "set", None, None


def _h_year_back(m: re.Match[str], c: _Ctx) -> Result:  # year-earlier, year-ago (as an adjective)
    return _year(c.p.year - 1)


def _h_vague_duration(m: re.Match[str], c: _Ctx) -> Result:  # for years, within weeks
    return _offset_value("", None, *_unit(m["unit"])), "duration", None, None


def _h_quarters(m: re.Match[str], c: _Ctx) -> Result:  # the past two quarters, several quarters, every quarter
    """A length of quarters in TimeML's own unit, Q (TimeBank: "the past two quarters" P2Q, "several quarters"
    PXQ, "every quarter" P1Q, a SET); no dates, like every duration."""
    if m.groupdict().get("every"):
        return "P1Q", "set", None, None
    n = _num(m["n"]) if m.groupdict().get("n") else None  # "several quarters": uncounted
    return f"P{'X' if n is None else n}Q", "duration", None, None


def _h_unit_long(m: re.Match[str], c: _Ctx) -> Result:  # a day-long strike, a decades-long conflict
    """An adjective of length without a count: one unit when singular ("day-long" P1D, TimeBank NYT20000403.0463),
    an uncounted stretch when plural ("decades-long" PXY, APW20000115.0031; "weeks-long" PXW)."""
    plural = m["unit"].lower() not in _lexicon().units
    return _offset_value("", None if plural else 1, *_unit(m["unit"])), "duration", None, None
