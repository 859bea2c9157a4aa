"""Temporal expressions -> normalised `Time` records (stage ``eventwire.times.v1``).

Our own grammar (precompiled regexes over the raw text, words from ``data/lexicons/times.yaml``)
finds and normalises; spaCy DATE/TIME entities are only extra candidates for what the grammar
did not find. dateparser is not used: it cannot read qualifiers and ``search_dates`` reads "We"
as Wednesday (DESIGN.md). Relative expressions anchor on the publication date P.

Values (TimeML-like) and precisions:
  day      2024-12-03         "December 3", "Dec. 3", "3 December 2024", "the 3rd of December",
                              "2024-12-03", "05/01/2022", "Tuesday, December 3", "yesterday",
                              "on Sunday", "Tuesday night", "late December 3" (late = time of day),
                              "three days ago"
  week     2024-W48           "last week", "this week", "next week", "a week ago"; "early next week"
                              narrows earliest/latest; 2024-W48-WE for "last weekend", "the weekend"
  month    2024-10            "in October", "October 2024", "last month", "last October";
                              "mid-October" narrows to days 11-20 (early 1-10, late / the end of 21-end)
  year     2011               "in 2011", "last year"; "early 2011" narrows to Jan-Apr (mid May-Aug,
                              late Sep-Dec)
  range    2011/2013          "2011-2013", "from 2011 to 2013", "from January to March 2024",
                              "between 3 and 5 May", "December 1-3, 2024", "from December 1 to
                              December 3", "since March" (2024-03/2024-12-03), "the past month",
                              "the last 24 hours", "earlier this month", "later this week",
                              "the 1990s" (1990/1999), "a few days ago" (2..9 days before P),
                              "recent days/weeks/months" and "the coming days" (7 days, 6 weeks,
                              6 months, 5 years: heuristics)
  duration P1M, P3W, PT24H    "a month", "three weeks", "24 hours", "three-year", "48-hour";
                              PXD for "several days"; earliest/latest None
  offset   +P2D, -P1W, +P0D   "two days later", "days later" (+PXD), "a week earlier", "the next
                              day", "the day before", "the same day", "the following week":
                              relative to another event, not to P, so earliest/latest are None;
                              `anchor(t, base)` resolves one against that event's Time. "offset" is
                              a precision added to the contract's list (fields may be added).

Choices:
  * A month-day or month without a year takes the year that puts it closest to P, but never more
    than 61 days after P (news reports the past): with P=2024-12-03, "January 5" is 2025-01-05,
    "March 5" is 2024-03-05.
  * A bare weekday is the most recent one on or before P ("on Tuesday" with P a Tuesday is P);
    "last Sunday" is strictly before P, "next Sunday" strictly after.
  * `tense="future"` (or "past") makes those ambiguous forms pick the next (previous) occurrence.
    `find_times` reads the tense of the governing verb from the parse (aux "will"/"shall" ->
    future, past-tense verb -> past), so "talks will resume on Sunday" is the next Sunday.
  * "05/01/2022" is read day first (wire copy is international); a part > 12 forces the other
    reading; `dayfirst=False` reads month first. Dotted dates need a four-digit year ("1.2.34"
    is a version number).
  * "overnight" is P with earliest P-1; "last night" is P-1; "tonight" is P.
  * "last week" is the calendar week before P's ("this past week" too); "the past week" / "over
    the last week" is the rolling range P-7..P.
  * Spans leave out a leading preposition ("in 2011" -> "2011") and a possessive ("last week's"
    -> "last week"), but keep "since", "from", "between" and the qualifiers early/mid/late.
  * Numbers are never times by themselves ("300 fighters", "Three sources", "a 25-year-old",
    "once a year"); a bare month or year is read only after a preposition ("in May", "since 2011";
    not "Theresa May") or when spaCy tags a year as DATE ("the 2011 uprising").
  * Without a publication date, only absolute expressions are normalised.

Speed: tokens are matched against a word set first and only the rules that can start with a
word are tried there: about 0.5 ms for the 370-word seed article on one core, beside parsing.

This module holds the stage (`run`), the public API (`normalise`, `find_times`, `anchor`) and the
loop that matches the rules over text; the lexicon, date arithmetic, handlers and rule table are
in ``eventwire.stages.time_grammar``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from eventwire.records import AnnotatedArticle, Time
from eventwire.stages.time_grammar import (  # the grammar: lexicon, date arithmetic, handlers, rules
    _LEAD,
    _PREPS,
    FUTURE_WINDOW_DAYS,
    STAGE,
    _candidates,
    _Ctx,
    _grammar,
    _month_end,
    _Rule,
    _shift,
    _Unanchored,
)

__all__ = ["FUTURE_WINDOW_DAYS", "READS", "STAGE", "WRITES", "anchor", "find_times", "normalise", "run"]

READS = ("article.text", "article.published", "doc")
WRITES = ("times",)


# ---------------------------------------------------------------- public API
def _apply(rule: _Rule, m: re.Match[str], ctx: _Ctx, pre: str | None, start: int, end: int,
           pre_start: int = 0) -> Time | None:
    """Run a rule's handler; `pre` is the preposition before the match ("since" makes a range to P)."""
    try:
        res = rule.handler(m, ctx)
    except (_Unanchored, ValueError, KeyError, IndexError, OverflowError):
        return None
    if res is None:
        return None
    value, prec, e, l = res
    if pre == "since" and e is not None and ctx.published and e <= ctx.published and prec != "range":
        value, prec, l = f"{value}/{ctx.published.isoformat()}", "range", ctx.published
        start = pre_start
    return Time(text="", start=start, end=end, value=value, precision=prec,
                earliest=e.isoformat() if e else None, latest=l.isoformat() if l else None, stage=STAGE)


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


def _tense(doc: Any, start: int, end: int) -> str | None:
    """'future' if the verb governing the span has a will/shall auxiliary, 'past' if it is past tense."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    if not tok.dep_:  # not parsed (doc.has_annotation would visit every token)
        return None
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") or tok.head is tok:
            break
        tok = tok.head
    for t in (tok, *tok.children):
        if t.lower_ in ("will", "shall", "'ll", "wo") and t.tag_ == "MD":
            return "future"
    if tok.tag_ == "VBD" or any(t.dep_.startswith("aux") and t.tag_ == "VBD" for t in tok.children):
        return "past"
    return None


_WORD = re.compile(r"\w+")
_PREV = re.compile(r"\b(\w+)\s+\Z")


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
        pre = pm[1].lower() if pm and pm[1].lower() in _PREPS else None
        for i in _candidates(tok):
            rule = rules[i]
            if rule.needs_prep and pre is None:
                continue
            m = rule.regex.match(text, s)
            if m is None:
                continue
            tense = _tense(doc, s, m.end()) if rule.ambiguous and is_doc else None
            t = _apply(rule, m, _Ctx(published, tense, dayfirst), pre, s, m.end(), pm.start(1) if pm else s)
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
    return _merge_ranges(found, text)


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


_OFFSET = re.compile(r"([+-])P(T?)(\d+|X)([SMHDWY])")


def anchor(t: Time, base: Time) -> Time:
    """Resolve an offset Time ("+P2D", "two days later") against the Time of the event it follows.

    A known count shifts both bounds of `base` ("two days later" after a day is a day); a vague
    one ("days later", "+PXD") gives the range 2..9 units away. Hours shift by whole days.
    Returns `t` unchanged when it is not an offset or `base` has no dates.
    """
    m = _OFFSET.fullmatch(t.value)
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


def run(article: AnnotatedArticle) -> AnnotatedArticle:
    """The stage: reads the parsed doc (or the text) and the publication date, writes `times`."""
    published = None
    if article.article.published:
        try:
            published = date.fromisoformat(article.article.published[:10])
        except ValueError:
            published = None
    text = article.article.text
    article.times = find_times(article.doc if article.doc is not None else text, published, text=text)
    article.stages.append(STAGE)
    return article
