"""The grammar of the times stage (``eventwire.stages.times``): its version, lexicon and arithmetic.

The grammar is three modules: this one holds the stage's version, the lexicon (``data/lexicons/times.yaml``,
loaded once and validated), date arithmetic (month shifts, ISO weeks, picking the year of a month-day,
early/mid/late thirds) and the value builders every handler shares; ``time_handlers`` turns one regex match
into ``(value, precision, earliest, latest)``; ``time_rules`` holds the rule table compiled from the lexicon
(``_grammar()``) with its first-word index (``_candidates``). The behaviour is documented in
``eventwire.stages.times``, which runs the rules over text.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from eventwire.errors import DataError

#: The stage this grammar belongs to (re-exported as ``eventwire.stages.times.NAME``); a change of
#: behaviour here is a new version of it.
STAGE = "eventwire.times.v7"  # v7: a rate ("$1.76 a year", "700 seats a week") is no time; the verb "last" ("will last two weeks") is a length; "current" said of a thing PRESENT_REF; "the current fiscal year"; a simple present governing a weekday or month-day is a timetable ("they meet Monday"); v6: a broadcast's quoted title is no time; "slated" (lemma "slat") looks ahead; "a weeks-long" uncounted (PXW); a length of quarters (P2Q, PXQ, every quarter P1Q); "day-long" P1D, "decades-long" PXY; "a summit set for Washington in April", "Nov. 10 as the deadline" still to come; v5: "year-earlier", "the 1988 period" after a quarter; anaphors and a lone clock on the last-named day; weekday cues (deferring verbs, past-perfect plans)
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
    parts: dict[str, str]  # part of the day -> TimeML code (MO AF EV NI)
    seasons: dict[str, str]  # season -> TimeML code (SP SU FA WI)
    sets: dict[str, str]  # "daily" -> P1D
    holidays: dict[str, str]  # "christmas" -> "12-25", "thanksgiving" -> "11/4/3", "good friday" -> "easter-2"


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
            parts={str(k).lower(): str(v) for k, v in d["parts_of_day"].items()},
            seasons={str(k).lower(): str(v) for k, v in d["seasons"].items()},
            sets={str(k).lower(): str(v) for k, v in d["sets"].items()},
            holidays={str(k).lower().replace("’", "'"): str(v) for k, v in (d.get("holidays") or {}).items()},
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
    if not set(lex.parts.values()) <= {"MO", "AF", "EV", "NI"}:
        problems.append("parts of the day map to MO, AF, EV or NI")
    if set(lex.seasons.values()) != {"SP", "SU", "FA", "WI"}:
        problems.append("seasons map to SP, SU, FA and WI")
    if not all(re.fullmatch(r"PT?\d+[HDWMY]", v) for v in lex.sets.values()):
        problems.append("sets map to a period such as P1D or PT1H")
    for name, rule in lex.holidays.items():
        fixed = re.fullmatch(r"(\d\d)-(\d\d)", rule)
        if fixed:
            try:
                date(2000, int(fixed[1]), int(fixed[2]))
            except ValueError:
                fixed = None
        if not (fixed or re.fullmatch(r"(?:0?[1-9]|1[0-2])/(?:-1|[1-5])/[0-6]|easter[+-]\d{1,2}", rule)):
            problems.append(f"holiday {name!r}: a rule is MM-DD, MM/N/WD or easter+D, not {rule!r}")
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


# ---------------------------------------------------------------- what every handler shares
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


def _day(d: date, part: str | None = None) -> Result:
    """A day; `part` (morning, night...) adds TimeML's time of day to the value: 2024-12-03TNI."""
    code = _lexicon().parts.get(part.lower()) if part else None
    return d.isoformat() + (f"T{code}" if code else ""), "day", d, d


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
