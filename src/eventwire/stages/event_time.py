"""Event times: which time expression of the sentence dates an event, and the default from its tense.

A time inside the trigger's own clause beats one elsewhere in the sentence, the nearer the better; a time
inside another noun's phrase ("justice for a 2015 femicide victim") comes last. "Prior to X" dates the event
before X; "two days later" counts from the last event the text dated. With no time at all, the tense decides:
past events fall in the week before publication. Without a publication date an event is dated only by an
absolute date of its sentence: a relative one ("on Monday", left unresolved by the times stage) or the tense
give no date, never one counted from the day the program runs.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from eventwire.lexicons import CALENDAR_NAMES
from eventwire.records import Time
from eventwire.stages.arguments import NAME, Index

_BEFORE = {"before", "prior", "ahead", "preceding"}
TIME_WORDS = CALENDAR_NAMES | {"weekend", "morning", "afternoon", "evening", "night", "day", "today", "tonight"}


def iso(d: dt.date) -> str:
    return d.isoformat()


def tense_default(trigger: Token, published: dt.date | None, status: str) -> Time | None:
    """A date for an event the sentence does not date, from its tense (None without a publication date)."""
    if published is None:
        return None
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    p = published
    if status == "background" or "had" in aux:
        latest = p - dt.timedelta(days=1)
        return Time(text="", start=-1, end=-1, value=f"../{iso(latest)}", precision="range",
                    earliest=None, latest=iso(latest), stage=NAME)
    if aux & {"have", "has", "is", "are", "am", "'s", "'re", "will"} or verb.tag_ in ("VBP", "VBZ", "VBG"):
        return Time(text="", start=-1, end=-1, value=iso(p), precision="day", earliest=iso(p), latest=iso(p),
                    stage=NAME)
    early = p - dt.timedelta(days=7)
    return Time(text="", start=-1, end=-1, value=f"{iso(early)}/{iso(p)}", precision="range",
                earliest=iso(early), latest=iso(p), stage=NAME)


def _before(t: Time, published: dt.date | None) -> Time:
    """"prior to last week's ceasefire": an open range that ends the day before `t` begins."""
    ref = t.earliest or t.value
    try:
        day = dt.date.fromisoformat(ref[:10]) - dt.timedelta(days=1)
    except ValueError:
        return t
    return Time(text=t.text, start=t.start, end=t.end, value=f"../{iso(day)}", precision="range",
                earliest=None, latest=iso(day), stage=NAME)


def describes_noun(span: Span, trigger: Token) -> bool:
    """Is the time expression part of a noun phrase other than the trigger's own: its head chain meets a noun
    (not a time word) before it reaches the trigger or the sentence root?"""
    cur = span.root
    for _ in range(12):
        if cur.head.i == cur.i or cur.i == trigger.i:
            break
        cur = cur.head
        if cur.i == trigger.i:
            return False
        if cur.pos_ in ("NOUN", "PROPN") and cur.ent_type_ not in ("DATE", "TIME") and \
                cur.lower_ not in TIME_WORDS and not (span.start <= cur.i < span.end):
            return True
    return False


def time_for(trigger: Token, clause: set[int], sent: Span, idx: Index, published: dt.date | None,
             excluded: set[int]) -> Time | None:
    """The time of the sentence that dates the event at `trigger`, or None. A phrase the times stage could not
    resolve (no publication date) may be the one that dates the event: then the event has no date (None)."""
    from eventwire.stages.times import dates_events

    doc = trigger.doc
    cands = []
    for t in idx.times:
        if not (sent.start_char <= t.start < sent.end_char) or t.precision in ("duration", "ref"):
            continue
        if t.value is not None and not dates_events(t):
            continue  # now, recently, "the quarter": never an event's date
        span = doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None:
            continue
        toks = {x.i for x in span}
        if toks & excluded:
            continue
        inside = bool(toks & clause)
        rank = 0 if inside else 1
        if describes_noun(span, trigger):
            rank = 2  # "justice for the killing of a man on 18 May 2022", "a 2006 victim": that noun's time
        cands.append((rank, abs(span.start - trigger.i), t, span))
    if not cands:
        return None
    cands.sort(key=lambda c: (c[0], c[1]))
    _, _, t, span = cands[0]
    if t.value is None:
        return None  # "on Monday" in a text with no publication date: no date rather than a guessed one
    # what governs the time expression: "prior to", "before", "following"
    lead = {x.lower_ for x in doc[max(sent.start, span.start - 3):span.start]}
    if lead & _BEFORE:
        return _before(t, published)
    if t.precision == "offset" or t.value.startswith("+") or t.value.startswith("-P"):
        # "Two days later": counted from the last event the text dated, else from publication
        from eventwire.stages.times import anchor

        if idx.last_date is None and published is None:
            return None
        base = idx.last_date or Time(text="", start=-1, end=-1, value=published.isoformat(), precision="day",
                                     earliest=published.isoformat(), latest=published.isoformat())
        got = anchor(t, base)
        return got if got.precision != "offset" else None
    return t
