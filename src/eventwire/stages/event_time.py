"""Event times: which time expression of the sentence dates an event, and the default from its tense.

A time inside the trigger's own clause beats one elsewhere in the sentence, the nearer the better; a time
inside another noun's phrase ("justice for a 2015 femicide victim") comes last. "Prior to X" dates the event
before X; "two days later" counts from a date before it in its sentence, else from the last event the text
dated. Three readings of where a date belongs:
- a time that dates a reporting verb outside the event's clause ("the toll from Thursday's car bomb has risen to
  11, a director said on Friday") is the report's day: it comes after every other time of the sentence;
- an event inside "a day after ..." or "two days before ..." is counted back from the sentence's own date ("they
  buried 21 on Tuesday, a day after a drone bombed the market": the bombing is the Monday), not forward;
- "today", "overnight", "this morning" in a sentence that names a calendar day ("On 19 January 2022, overnight,
  ...") are that day, not the publication's.
With no time in its sentence, a past-tense event (or a participle, which has no tense of its own: "2 air raids
(...) destroying a car") takes the date of the last event the text dated ("On 8 April,
boda-boda riders attacked a thief. Police shot dead one person."); else the tense decides: past events fall in
the week before publication. Without a publication date an event is dated only by an absolute date of its
sentence: a relative one ("on Monday", left unresolved by the times stage) or the tense give no date, never one
counted from the day the program runs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Span, Token

from eventwire.lexicons import CALENDAR_NAMES
from eventwire.records import Time
from eventwire.stages.arguments import NAME, Index
from eventwire.stages.attribution import REPORTING

_BEFORE = {"before", "prior", "ahead", "preceding"}
TIME_WORDS = CALENDAR_NAMES | {"weekend", "morning", "afternoon", "evening", "night", "day", "today", "tonight"}
# days named from the publication that, beside a calendar day of the same sentence, are that day
_DEICTIC_DAY = re.compile(r"(?i)(?:early\s+|late\s+)?(?:today|tonight|overnight|this\s+(?:morning|afternoon|evening))")
_HAS_DIGIT = re.compile(r"\d")
# statements that are happenings of their own (PLOVER's ACCUSE, THREATEN, REJECT) are dated by their own words or
# the publication, not by the incident the text narrated before them; protesters' demands ("they called for",
# "denounced") belong to their protest and keep its date
_STATEMENT_VERBS = frozenset(REPORTING | {"accuse", "blame", "condemn", "deny", "reject", "threaten", "vow", "warn"})
_ELABORATES = re.compile(r"\s*,?\s*\(\s*(?:between|from|as\s+reported\s*[,;]?)?\s*")


HEADING_WORDS = 3  # "Defusal:", "Non-violent activity:", "Land seizure:"


def heading_root(sent: Span) -> Token | None:
    """The root of a sentence that opens with a heading a colon closes ("Defusal: On 31 May 2023, soldiers found
    ...", "UPDATE: police arrested ..."), a noun of at most HEADING_WORDS words that the parser takes for the root,
    hanging the clause after the colon on it as if it described the noun; else None."""
    root = sent.root
    colon = root.i + 1
    if root.pos_ not in ("NOUN", "PROPN") or root.i - sent.start >= HEADING_WORDS or colon >= sent.end or \
            root.doc[colon].text != ":":
        return None
    return root


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
            rank = 2  # "justice for the killing of a guard on 3 May 2022", "a 2006 victim": that noun's time
        if not inside and _dates_report(span):
            rank = 3  # "..., a hospital director said on Friday": the day of the report
        cands.append((rank, abs(span.start - trigger.i), t, span))
    # "Around 9 May 2022 (between 7 - 12 May)": the bracketed range elaborates the date before it
    st, s0 = sent.text, sent.start_char
    cands = [c for c in cands if not any(o[2].end <= c[2].start and _ELABORATES.fullmatch(st[o[2].end - s0:c[2].start - s0])
                                         for o in cands if o is not c)] or cands
    if any(c[2].precision == "day" and _HAS_DIGIT.search(c[2].text) for c in cands):
        # "On 19 January 2022, overnight, ...": the deictic word is that day's part, not the publication's
        cands = [c for c in cands if not _DEICTIC_DAY.fullmatch(c[2].text)] or cands
    if not cands:
        return _carried(trigger, idx)
    cands.sort(key=lambda c: (c[0], c[1]))
    _, _, t, span = cands[0]
    if t.value is None:
        return None  # "on Monday" in a text with no publication date: no date rather than a guessed one
    counted_back = _counted_back(t, span, trigger, [c for c in cands if c[2] is not t], _last_or_published(idx, published))
    if counted_back is not None:
        return counted_back
    # what governs the time expression: "prior to", "before", "following"
    lead = {x.lower_ for x in doc[max(sent.start, span.start - 3):span.start]}
    if lead & _BEFORE:
        return _before(t, published)
    if t.precision == "offset" or t.value.startswith("+") or t.value.startswith("-P"):
        # "Two days later": counted from the last event the text dated, else from publication
        from eventwire.stages.times import anchor

        # "On 5 February 2022, ... a tower was bombed on the same day": a date before it in its sentence first
        before = sorted((c[2] for c in cands if c[2].end <= t.start and c[2].value and c[2].earliest
                         and c[2].precision in ("day", "week", "month")), key=lambda x: x.start)
        base = before[-1] if before else _last_or_published(idx, published)
        if base is None:
            return None
        got = anchor(t, base)
        return got if got.precision != "offset" else None
    return t


def _dates_report(span: Span) -> bool:
    """Does the time date a reporting verb ("said on Friday", "told reporters on Friday")?"""
    head = span.root.head
    if head.pos_ == "ADP":  # "on Friday": the preposition's head
        head = head.head
    return head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in REPORTING


def _last_or_published(idx: Index, published: dt.date | None) -> Time | None:
    """What an offset counts from when its sentence has no date: the last event the text dated, else P."""
    if idx.last_date is not None or published is None:
        return idx.last_date
    return Time(text="", start=-1, end=-1, value=published.isoformat(), precision="day",
                earliest=published.isoformat(), latest=published.isoformat())


def _counted_back(t: Time, span: Span, trigger: Token, others: list, fallback: Time | None) -> Time | None:
    """An event inside the complement of "a day after" / "two days before" ("buried 21 on Tuesday, a day after
    a drone bombed the market"): the offset runs from the event to the sentence's own date, so the event is that
    date shifted the other way (without one, `fallback`: the last dated event or P). None when the time is no
    such offset or the trigger is not in its complement."""
    if t.precision != "offset" or not t.value or t.value[0] not in "+-":
        return None
    last = span[-1]
    if last.lower_ not in ("after", "before") or trigger.i <= last.i:
        return None
    if not any(x.i == trigger.i for x in last.subtree) and trigger.head.i != last.i:
        # the parser hangs the clause on the preposition or on the verb it modifies: accept what follows it in
        # the sentence up to the next clause break
        between = trigger.doc[last.i + 1:trigger.i]
        if any(x.text in (";", ".") or x.lower_ in ("but", "while", "whereas") for x in between):
            return None
    bases = [c[2] for c in sorted(others, key=lambda c: c[1])
             if c[2].value and c[2].earliest and c[2].precision in ("day", "week", "month")]
    if not bases and fallback is None:
        return None
    from eventwire.stages.times import anchor

    flipped = replace(t, value=("-" if t.value[0] == "+" else "+") + t.value[1:])
    got = anchor(flipped, bases[0] if bases else fallback)  # type: ignore[arg-type]
    return got if got.precision != "offset" else None


def _narrative_day(trigger: Token, idx: Index) -> Time | None:
    """The last calendar day written out ("15 April 2022", "March 3") before the trigger's sentence."""
    start = trigger.sent.start_char
    from eventwire.stages.times import dates_events

    days = [t for t in idx.times if t.end <= start and t.value and t.precision == "day" and _HAS_DIGIT.search(t.text)
            and dates_events(t)]
    return days[-1] if days else None


def _carried(trigger: Token, idx: Index) -> Time | None:
    """A past-tense event in a sentence with no time takes the date of the last event the text dated (the
    narrative goes on: "On 8 April 2022, riders attacked a thief. Police shot dead one person."); None for
    any other tense, a pluperfect ("had been killed" is earlier), a statement ("accused", "condemned", "vowed":
    dated by its own words or the tense), or when nothing was dated before. Where no
    event was dated yet, the last calendar day written before the sentence is the narrative's date ("On 15
    April 2022, three bombs went off in Paen. One civilian died."). A retelling of an event told before (the same
    type and a source in common: "the rebels' capture of Aleppo ... rebels captured Aleppo") takes that event's
    date instead, or none when it was not dated to a day, week or month (the tense then dates it)."""
    last = idx.last_date or _narrative_day(trigger, idx)
    if idx.retold is not None:  # what it retells was dated: that date, or none of the narrative's
        last = idx.retold
    if last is None or not last.value or last.precision not in ("day", "week", "month"):
        return None
    tok = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if trigger.lemma_.lower() in _STATEMENT_VERBS or tok.lemma_.lower() in _STATEMENT_VERBS:
        return None  # "The government accused the rebels ...": a statement, not the narrated incident
    for _ in range(3):
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"had", "'d", "will", "would", "shall", "'ll", "has", "have", "is", "are", "am", "to", "can",
                  "could", "may", "might", "must", "should"}:
            return None
        if tok.tag_ == "VBD" or aux & {"was", "were"}:
            return replace(last)
        if tok.tag_ in ("VBG", "VBN") and (tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") or (
                tok.head.i == tok.i and tok.tag_ == "VBG")):
            # a participle with no tense of its own (no auxiliary: see above), on a noun or as the root of a fragment
            # the parser split off at a bracket: what the narrated act did ("2 air raids on Ham area (Al Maton, Al
            # Jawf) destroying a car")
            return replace(last)
        if tok.tag_ in ("VBG", "VBN") and tok.head.i != tok.i:
            tok = tok.head  # "killing both" under "drove", "shot and killed"
            continue
        if tok.pos_ == "ADP" and tok.head.i != tok.i:
            tok = tok.head  # an act a preposition leads to: "arrested ... during a raid"; not what a statement
            if tok.lemma_.lower() in _STATEMENT_VERBS:  # says of it ("accused the RSF of targeting civilians")
                return None
            continue
        return None
    return None
