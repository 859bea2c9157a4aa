"""How many died: the death toll of a sentence, for the events stage (`events`).

A sentence's counts of the dead (`quantities`) are added up, a count inside another one left out and a tally read as
their sum (`quantities.death_toll`). An attack takes its sentence's toll when it is made; a toll told in a sentence
with no attack of its own is credited to the attack before it (`event_merge.credit_toll`); and once the events are
coded, any event ACLED counts as violence (a battle, violence against civilians, an explosion, a riot, excessive force
against protesters) that still has no toll takes its sentence's (`violent_tolls`): "students staged a protest, and
police shot dead two of them" is coded as excessive force against protesters, and its dead count.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from eventwire.records import Event, Quantity
from eventwire.stages.quantities import alternative_count, death_toll
from eventwire.wordlists import words

_ACCIDENT = words("quantities").set("accident_nouns")
_CAUSE = words("quantities").set("cause_words")

# ACLED's event types of political violence, and the protests met with lethal force: their events carry a death toll
# (other protests and strategic developments are coded with none)
VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})
LETHAL_SUBTYPES = frozenset({"Excessive force against protesters"})


def violent(ev: Event) -> bool:
    """Is the event, as ACLED codes it, violence that can count its dead?"""
    return bool(ev.acled) and (ev.acled.get("event_type") in VIOLENT_TYPES
                               or ev.acled.get("sub_event_type") in LETHAL_SUBTYPES)


def sentence_toll(sent: Span, quantities: list[Quantity], doc: Doc) -> int | None:
    """The deaths a sentence counts: its death tolls added up, a count inside another one left out."""
    killed = _killed(sent, quantities, doc)
    return death_toll(killed, doc) if killed else None


def told_as_alternative(sent: Span, quantities: list[Quantity], doc: Doc) -> bool:
    """Are all of the sentence's counts of the dead told as a side's claim or by other sources
    (`quantities.alternative_count`)?"""
    return all(alternative_count(doc, q) for q in _killed(sent, quantities, doc))


def violent_tolls(events: list[Event], quantities: list[Quantity], doc: Doc) -> None:
    """An event coded as political violence that has no toll yet takes its sentence's: a protest the lexicon read
    and the coding made excessive force, a coercion the coding made an explosion ("one forester died when a mine
    went off")."""
    for ev in events:
        if ev.fatalities is not None or not violent(ev) or ev.attribution.status in ("negated", "hypothetical"):
            continue
        if ev.type == "PROTEST" and ev.acled.get("sub_event_type") not in LETHAL_SUBTYPES:
            continue  # a riot the lexicon read as a protest: the dead of its sentence are most often its cause
            # ("demanding action over the deaths of two people")
        sent = doc.char_span(ev.evidence.start, ev.evidence.end, alignment_mode="expand")
        if sent is not None:
            ev.fatalities = sentence_toll(sent, quantities, doc)


def cumulative(sent: Span) -> bool:
    """A sentence that sums up more than one happening: "The war, which began in 2011, has killed more than
    500,000 people", "Two hundred have died since January", "so far this year". Its toll is no attack's."""
    return any(t.lower_ == "since" or (t.lower_ == "far" and t.i > 0 and t.nbor(-1).lower_ == "so")
               or (t.dep_ == "aux" and t.lower_ in ("has", "have", "'s", "'ve") and t.head.tag_ == "VBN")
               for t in sent)


def _killed(sent: Span, quantities: list[Quantity], doc: Doc) -> list[Quantity]:
    if any(t.lemma_.lower() in _ACCIDENT for t in sent):
        return []  # "an accident that left one person dead": no attack's dead
    return [q for q in quantities if sent.start_char <= q.start < sent.end_char and q.killed and not _subset(q, doc)
            and not _cause(q, doc)]


def _cause(q: Quantity, doc: Doc) -> bool:
    """Is the count of the dead what a crowd acts over ("demanding action over the deaths of three people", "to
    denounce the killing of two students")? A word of `cause_words` above it, up to its sentence's root."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    cur = span.root
    for _ in range(6):
        if cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.lemma_.lower() in _CAUSE:
            return True
    return False


def _subset(q: Quantity, doc: Doc) -> bool:
    """"eight civilians, among them three children": a count inside another one is not added to it."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    before = {t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start]}
    if before & {"among", "including", "includes", "included"}:
        return True  # "among them three children", "including two children"
    cur = span.root
    for _ in range(3):
        if cur.dep_ == "pobj" and (cur.head.lower_ in ("among", "including") or (
                cur.head.lower_ == "of" and _part_word(cur.head.head))):
            return True  # "among them three children", "three of the eight": not "the deaths of five soldiers"
        if cur.dep_ in ("appos",) or cur.head.i == cur.i:
            return cur.dep_ == "appos"
        cur = cur.head
    return False


def _part_word(tok) -> bool:
    """Does the word before "of" pick a part of a group: "three of the eight", "some of them", "one of the
    victims"? (Not a noun: "the deaths of five soldiers", "the killing of one guard".)"""
    return tok.like_num or tok.pos_ in ("NUM", "PRON", "DET") or tok.lower_ in ("dozens", "hundreds", "thousands")
