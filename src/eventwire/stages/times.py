"""Temporal expressions -> normalised `Time` records (stage ``eventwire.times.v7``).

Our own grammar (precompiled regexes over the raw text, words from ``data/lexicons/times.yaml``)
finds and normalises; spaCy DATE/TIME entities are only extra candidates for what the grammar
did not find. dateparser is not used: it cannot read qualifiers and ``search_dates`` reads "We"
as Wednesday (checked when the dependencies were chosen). Relative expressions anchor on the publication date P.

Values (TimeML-like) and precisions:
  day      2024-12-03         "December 3", "Dec. 3", "3 December 2024", "the 3rd of December",
                              "2024-12-03", "05/01/2022", "Tuesday, December 3", "yesterday",
                              "on Sunday", "late December 3" (late = time of day), "three days ago";
                              a part of the day adds TimeML's code: "Tuesday night" 2024-12-03TNI,
                              "this morning" ...TMO, "yesterday afternoon" ...TAF, "tonight" ...TNI
  week     2024-W48           "last week", "this week", "next week", "a week ago"; "early next week"
                              narrows earliest/latest; 2024-W48-WE for "last weekend", "the weekend";
                              "earlier this week" / "later this month" / "later this year" are the
                              period (TimeML's value) with bounds cut at P
  month    2024-10            "in October", "October 2024", "last month", "last October";
                              "mid-October" narrows to days 11-20 (early 1-10, late / the end of 21-end)
  quarter  1989-Q3            "the third quarter", "third-quarter", "fourth-quarter 1989", "the 1988
                              second quarter", "next year's first quarter"; "the quarter" is the last
                              whole quarter before P, "the current quarter" P's, "the year-ago
                              quarter" / "the year-earlier period" the last whole one a year back,
                              "the latest quarter/period" the last whole one; "a year ago" / "a year
                              earlier" within 1500 characters after a quarter is that quarter a year
                              back ("third-quarter net rose from $7 million a year ago": 1988-Q3)
  year     2011               "in 2011", "last year", "fiscal 1989", "next fiscal year", "earnings for 1990."; "early
                              2011" narrows to Jan-Apr (mid May-Aug, late Sep-Dec)
  range    2011/2013          "2011-2013", "from 2011 to 2013", "from January to March 2024",
                              "between 3 and 5 May", "December 1-3, 2024", "from December 1 to
                              December 3", "since March" (2024-03/2024-12-03), "the past month",
                              "the last 24 hours", "earlier this month", "later this week",
                              "the 1990s" (1990/1999; "the late 1970s" keeps 1970/1979 and narrows
                              the bounds to 1977-1979), "a few days ago" (2..9 days before P),
                              "recent days/weeks/months" and "the coming days" (7 days, 6 weeks,
                              6 months, 5 years: heuristics)
  duration P1M, P3W, PT24H    "a month", "three weeks", "24 hours", "three-year", "48-hour";
                              PXD for "several days", PXY for a bare plural after for/in/within/over/
                              after ("for years"); never an age ("52 years old"); a half in the next unit: "5 1/2 hours" PT5H30M,
                              "2 1/2 years" P2Y6M, "a year and a half" P1Y6M; quarters in TimeML's unit Q: "the past
                              two quarters" P2Q, "several quarters (of losses)" PXQ, "every quarter" P1Q (a set);
                              a length as an adjective: "day-long" P1D, "decades-long" PXY; earliest/latest None
  ref      PRESENT_REF        TimeML's reference values: "now", "currently", "these days", "current" said
                              of a thing ("its current share") (PRESENT_REF),
                              "recently", "the past" (PAST_REF), "the (near) future", "the near/short
                              term" (FUTURE_REF); no dates, and they never date an event (`dates_events`)
  named                       (``time_named``) "5 p.m. EST Nov. 9" 1989-11-09T17:00 (a clock time joins
                              the day after it; alone, "at 10 p.m.", it is P's day and never dates an
                              event), holidays ("Thanksgiving" 1999-11-25, nearest P), "nineteen
                              ninety-six", "the 20th century" 1900/1999, "the nineties", "every
                              Thursday" XXXX-WXX-4, "the year" (P's; "the year ended Sept. 30" P1Y)
  season   1998-FA            "last fall", "this summer", "the winter of 1994", "in spring" (a bare
                              season only after a preposition; not "the fall of Kabul"): TimeML's
                              value; bounds are the northern meteorological seasons, so a season
                              never dates an event (`dates_events`)
  set      P1D, P1W, PT1H     "daily", "weekly", "annually", "every day", "each month": a recurring
                              time (TimeML SET), no dates, never an event's date
  offset   +P2D, -P1W, +P0D   "two days later", "days later" (+PXD), "a week earlier", "the next
                              day", "the day before", "the same day", "the following week":
                              relative to another event, not to P, so earliest/latest are None;
                              `anchor(t, base)` resolves one against that event's Time. "offset" is
                              a precision added to the contract's list (fields may be added). An
                              anaphor ("the next morning", "the day before", "later that year", "the
                              following month", "a year earlier") after a date fine enough is that
                              date shifted, in the unit's granularity (``time_context``: TimeML's
                              reference time); a clock time alone takes an earlier day named before it

Choices:
  * A month-day or month without a year takes the year that puts it closest to P, but never more
    than 61 days after P (news reports the past): with P=2024-12-03, "January 5" is 2025-01-05,
    "March 5" is 2024-03-05. A weekday given with it ("Monday, Oct. 26") picks the year where the
    day is that weekday; "this September" is P's year; "January this year", "June last year".
  * A bare weekday is the most recent one on or before P ("on Tuesday" with P a Tuesday is P);
    "last Sunday" is strictly before P, "next Sunday" strictly after.
  * `tense="future"` (or "past") makes those ambiguous forms pick the next (previous) occurrence;
    "past" still takes a date up to 7 days after P (publication dates lag) rather than a year back.
    `find_times` reads it from the words and the parse (`_tense`): a cue before the date
    ("payable", "effective", "scheduled for", "due", "set for", "as early as" -> future; "until",
    "by", "through", "extended to", "the Jan. 14 deadline", "Nov. 10 as the deadline" -> "soon": a month-day or month is the
    coming one when it is within 61 days, whatever the verb; a weekday is read as without a cue, unless the
    verb moves or grants a time still to come: "postponed until Tuesday", "given until 9 a.m. Tuesday"),
    then the governing verb: will/shall/would -> future, the infinitive of a verb that looks ahead
    ("expected to join in April", "set to resume Monday", "is to resume trading Tuesday") and
    "is expected/scheduled" -> future, a participle set/scheduled/slated with a "for" of its own ("a summit set for
    Washington in April") -> future ("soon" when told in the past), a past tense or a participle ("the plan, abandoned in
    January") -> past; "had held it until January" is the past one.
  * "05/01/2022" is read day first (wire copy is international); a part > 12 forces the other
    reading; `dayfirst=False` reads month first. Dotted dates need a four-digit year ("1.2.34"
    is a version number).
  * "overnight" is P with earliest P-1; "last night" is P-1; "tonight" is P.
  * "last week" is the calendar week before P's ("this past week" too); "the past week" / "over
    the last week" is the rolling range P-7..P.
  * Spans leave out a leading preposition ("in 2011" -> "2011") and a possessive ("last week's"
    -> "last week"), but keep "since", "from", "between" and the qualifiers early/mid/late.
  * A rate is no time: "a"/"an" + unit after an amount ("$1.76 a year", "700 seats a week", "24 hours a
    day"). The verb "last" is no "last N weeks": "the talks will last two weeks" is the length P2W.
  * A weekday or month-day said of a simple present is the coming one (news's present of a timetable: "they
    meet Monday"), unless the verb reports, is a state, or looks like its past ("hurt", "cut").
  * Numbers are never times by themselves ("300 fighters", "Three sources", "a 25-year-old",
    "once a year"); a bare month or year is read only after a preposition ("in May", "since 2011";
    not "Theresa May") or when spaCy tags a year as DATE ("the 2011 uprising").
  * Without a publication date, absolute expressions are normalised and relative ones are kept
    unresolved: value, earliest and latest None, `anchor` "unknown" (UNKNOWN), the precision they
    would have. Nothing is ever counted from the day the program runs.

Speed: tokens are matched against a word set first and only the rules that can start with a
word are tried there: about 0.5 ms for the 370-word seed article on one core, beside parsing.

This module holds the public API (`normalise`, `find_times`, `anchor`, `dates_events`) and the loop
that matches the rules over text (the stage's `run`, at the bottom); the lexicon and date arithmetic are in
``eventwire.stages.time_grammar``, the handlers in ``time_handlers`` and ``time_named``, the rule table in
``time_rules``, the passes that read the times found beside each other (ranges, a story's quarter) in
``time_context``, the reading of tense around a date without its year or week (`_tense`) in ``time_tense``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from eventwire.records import Time
from eventwire.stages.time_grammar import (  # the grammar: lexicon, date arithmetic (handlers, rules below)
    FUTURE_WINDOW_DAYS,
    STAGE as NAME,
    _Ctx,
    _month_end,
    _shift,
    _Unanchored,
)
from eventwire.stages.time_context import in_context
from eventwire.stages.time_named import is_clock, is_the_year, with_clocks
from eventwire.stages.time_rules import _LEAD, _PREPS, _candidates, _grammar, _Rule, loose_fits
from eventwire.stages.time_tense import _tense

__all__ = ["FUTURE_WINDOW_DAYS", "NAME", "READS", "STAGE", "UNKNOWN", "WRITES", "anchor", "dates_events", "find_times",
           "normalise"]

READS = ("article.text", "article.published", "doc")
WRITES = ("times",)
#: `Time.anchor` of a relative phrase left unresolved because the publication date is not known
UNKNOWN = "unknown"


def dates_events(t: Time) -> bool:
    """Can this time date an event? Not an unresolved phrase (no publication date), not a TimeML reference
    (now, recently, the future), not a recurring time ("daily") or a season (its months depend on the
    hemisphere) and not "the quarter" or "the latest period" said without its number (a district as often as a
    period in the news), nor a clock time said without its day ("at 10 p.m.": P's day is a guess) or a century."""
    if t.value is None or t.precision in ("ref", "set", "season") or is_clock(t) or is_the_year(t) \
            or "century" in t.text.lower():
        return False
    return not (t.precision == "quarter" and not re.search(r"\d|first|second|third|fourth", t.text.lower()))


# ---------------------------------------------------------------- public API
# any date stands in for the unknown publication date, to learn what kind of time an unanchored phrase is
_STAND_IN = date(2001, 7, 4)


def _apply(rule: _Rule, m: re.Match[str], ctx: _Ctx, pre: str | None, start: int, end: int,
           pre_start: int = 0, keep_unanchored: bool = False) -> Time | None:
    """Run a rule's handler; `pre` is the preposition before the match ("since" makes a range to P).
    `keep_unanchored`: a phrase that needs the publication date, when there is none, comes back with value,
    earliest and latest None and anchor "unknown" (its precision is the one it would have)."""
    try:
        res = rule.handler(m, ctx)
    except _Unanchored:
        if not keep_unanchored:
            return None
        try:
            got = rule.handler(m, _Ctx(_STAND_IN, ctx.tense, ctx.dayfirst))
        except (_Unanchored, ValueError, KeyError, IndexError, OverflowError):
            return None
        if got is None:
            return None
        return Time(text="", start=start, end=end, value=None, precision=got[1], stage=NAME, anchor=UNKNOWN)
    except (ValueError, KeyError, IndexError, OverflowError):
        return None
    if res is None:
        return None
    value, prec, e, l = res
    if pre == "since" and e is not None and ctx.published and e <= ctx.published and prec != "range":
        value, prec, l = f"{value}/{ctx.published.isoformat()}", "range", ctx.published
        start = pre_start
    return Time(text="", start=start, end=end, value=value, precision=prec,
                earliest=e.isoformat() if e else None, latest=l.isoformat() if l else None, stage=NAME)


_TRIM = re.compile(r"^\s*(.*?)(?:['’]s)?[\s.,;:!?]*$", re.S)


def _normalise(expr: str, ctx: _Ctx, use_extra: bool = True) -> Time | None:
    whole = _TRIM.match(expr).group(1)  # type: ignore[union-attr]
    lead = _LEAD.match(whole)
    tries = [(None, whole)]
    if lead and lead["pre"]:  # "from 2011 to 2013" keeps its "from"; "in 2011" is read as "2011"
        tries.append((re.sub(r"\s+", " ", lead["pre"].lower()), lead["core"]))
    gr = _grammar()
    for pre, core in tries:
        for rule in (*gr.rules, *gr.extra) if use_extra else gr.rules:
            if rule.needs_prep and pre is None:
                continue
            m = rule.regex.fullmatch(core)
            if m:
                t = _apply(rule, m, ctx, pre, 0, len(core))
                if t is not None:
                    return t
    return None


def normalise(expr: str, published: date | None, tense: str | None = None, *,
              dayfirst: bool = True) -> Time | None:
    """Normalise one temporal expression (as found in text) against the publication date.

    Returns a `Time` with start=0, end=0 and text=expr, or None when `expr` is not a time
    (or needs a publication date and `published` is None). `tense` ("past", "future") picks
    the occurrence of ambiguous forms ("Sunday", "May 5" without year); None reads news as past.
    A leading preposition is allowed ("in 2011"); "since X" gives the range X..P.
    """
    t = _normalise(expr, _Ctx(published, tense, dayfirst))
    if t is not None:
        t.start = t.end = 0
        t.text = expr
    return t


_WORD = re.compile(r"\w+")
_PREV = re.compile(r"\b(\w+)\s+\Z")
# the words after which a bare plural unit is a length: "for years", "within weeks", "the first time in decades"
_DURATION_PREPS = frozenset(("for", "in", "within", "over", "after", "took", "take", "takes", "lasted"))


# "$1.76 a year", "700 seats a week", "358,000 a month", "24 hours a day": "a" + unit after an amount is a rate, the
# unit of a quantity, not a length or a time of anything (TimeBank leaves 8 of the 10 such rates unmarked); an
# amount ends on a digit ("in 2023, a year in which": no rate)
_AMOUNT_BEFORE = re.compile(r"(?:\d(?:[\d,.]*\d)?|(?<![\w-])(?:million|billion|trillion|thousand|hundred|dozen)"
                            r"|(?:\d(?:[\d,.]*\d)?|(?<![\w-])(?:one|two|three|four|five|six|seven|eight|nine|ten|"
                            r"twelve|twenty|thirty|forty|fifty|hundred|thousand|million)(?:[\s-]\w+)?)\s+[a-z]+s)\s+\Z",
                            re.I)
# "the talks will last two weeks", "expected to last a year", "could last a month": the verb, then a length
_VERB_LAST_BEFORE = frozenset(("will", "would", "could", "can", "may", "might", "should", "must", "shall", "to",
                               "not", "did", "does", "do", "cannot", "ll"))


def _not_a_time(name: str, m: re.Match[str], word: str | None, text: str) -> bool:
    """Does a rule's match read as a time where the words around say it is none (see above)?"""
    if name == "duration":
        return (m["n"] or "").lower() in ("a", "an") and bool(_AMOUNT_BEFORE.search(text, max(0, m.start() - 40),
                                                                                     m.start()))
    if name == "past_n" and m.group().lower().startswith("last"):
        return (m["n"] or "").lower() in ("a", "an") or word in _VERB_LAST_BEFORE
    return False


def find_times(doc: Any, published: date | None, *, dayfirst: bool = True,
               text: str | None = None) -> list[Time]:
    """Every temporal expression in `doc` (a spaCy Doc, or a plain str), normalised against `published`.

    Spans are character offsets into the text. Our grammar finds first (leftmost, then the first
    rule in priority order, tried only at words that can start it); spaCy DATE/TIME entities it did
    not cover are normalised as extra candidates. Offsets ("two days later") come back with
    precision "offset": resolve them with `anchor()`. `text`, when given, must be the text
    the doc was made from (it saves spaCy rebuilding it).
    """
    is_doc = not isinstance(doc, str)
    if not is_doc:
        text = doc
    elif text is None or not len(doc) or len(text) != doc[-1].idx + len(doc[-1].text_with_ws):
        text = doc.text  # rebuilt from every token by spaCy: pass `text` when you have it
    rules = _grammar().rules
    trig = _grammar().triggers
    found: list[Time] = []
    pos = 0
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two: keep offsets exact
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for w in [w for w in _WORD.finditer(low) if (g := w.group()) in trig or g[0].isdigit()]:
        s = w.start()
        if s < pos:
            continue
        tok = text[s:w.end()]
        pm = _PREV.search(text, max(0, s - 16), s)
        word = pm[1].lower() if pm else None
        pre = word if word in _PREPS else None
        for i in _candidates(tok):
            rule = rules[i]
            loose = False
            if rule.name == "vague_duration":
                if word not in _DURATION_PREPS:
                    continue
            elif rule.needs_prep and pre is None:
                if rule.name not in ("year", "month"):
                    continue
                loose = True
            m = rule.regex.match(text, s)
            if m is None or (loose and not loose_fits(rule.name, m, word, text, found)) \
                    or _not_a_time(rule.name, m, word, text):
                continue
            tense = _tense(doc, s, m.end()) if rule.ambiguous and is_doc else None
            t = _apply(rule, m, _Ctx(published, tense, dayfirst), pre, s, m.end(), pm.start(1) if pm else s,
                       keep_unanchored=True)
            if t is not None:
                t.text = text[t.start:t.end]
                found.append(t)
                pos = m.end()
                break
    if is_doc:
        taken = [(t.start, t.end) for t in found]
        for ent in doc.ents:
            if ent.label_ not in ("DATE", "TIME"):
                continue
            s, e = ent.start_char, ent.end_char
            if any(s < b and a < e for a, b in taken):
                continue
            t = _normalise(ent.text, _Ctx(published, None, dayfirst), use_extra=True)
            if t is None or (t.precision == "month" and not re.search(r"\d|\s", ent.text.strip())):
                continue  # a lone "May" tagged DATE is too often a name
            trimmed = _TRIM.match(ent.text).group(1)  # type: ignore[union-attr]
            lead = ent.text.index(trimmed) if trimmed else 0
            t.start, t.end = s + lead, s + lead + len(trimmed)
            t.text = text[t.start:t.end]
            found.append(t)
        found.sort(key=lambda t: t.start)
    return in_context(with_clocks(found, text, published, NAME), text)


_OFFSET = re.compile(r"([+-])P(T?)(\d+|X)([SMHDWY])")


def anchor(t: Time, base: Time) -> Time:
    """Resolve an offset Time ("+P2D", "two days later") against the Time of the event it follows.

    A known count shifts both bounds of `base` ("two days later" after a day is a day); a vague
    one ("days later", "+PXD") gives the range 2..9 units away. Hours shift by whole days.
    Returns `t` unchanged when it is not an offset or `base` has no dates.
    """
    m = _OFFSET.fullmatch(t.value or "")
    if t.precision != "offset" or not m or not base.earliest or not base.latest:
        return t
    sign = -1 if m[1] == "-" else 1
    e0, l0 = date.fromisoformat(base.earliest), date.fromisoformat(base.latest)
    unit, count = m[4], m[3]
    if m[2]:  # time of day: hours/minutes shift by up to ceil(hours/24) days
        days = 1 if count == "X" or unit != "H" else max(1, -(-int(count) // 24))
        e, l = (e0, l0 + timedelta(days=days)) if sign > 0 else (e0 - timedelta(days=days), l0)
        value, prec = f"{e.isoformat()}/{l.isoformat()}", "range"
    elif count == "X":
        ref, near, far = (l0, 2, 9) if sign > 0 else (e0, -2, -9)
        e, l = sorted((_shift(ref, unit, near), _shift(ref, unit, far)))
        value, prec = f"{e.isoformat()}/{l.isoformat()}", "range"
    else:
        e, l = _shift(e0, unit, sign * int(count)), _shift(l0, unit, sign * int(count))
        if base.precision == "month" and unit in "MY":
            l = _month_end(l.year, l.month)
        value, prec = f"{e.isoformat()}/{l.isoformat()}", "range"
        if base.precision == "day" or e == l:
            value, prec = e.isoformat(), "day"
        elif base.precision == "month" and unit in "MY":
            value, prec = f"{e.year:04d}-{e.month:02d}", "month"
        elif base.precision == "year" and unit == "Y":
            value, prec = f"{e.year:04d}", "year"
    return replace(t, value=value, precision=prec, earliest=e.isoformat(), latest=l.isoformat())


def run(ann, res=None):
    """The times of an article, resolved against its publication date (none: relative ones stay unresolved)."""
    from eventwire.stages.stage import published_date

    ann.times = find_times(ann.doc, published_date(ann))
    ann.stages.append(NAME)
    return ann


from eventwire.stages.stage import Stage  # noqa: E402 - the stage's declaration closes the module

STAGE = Stage("times", NAME, reads=READS, writes=WRITES, run=run)
