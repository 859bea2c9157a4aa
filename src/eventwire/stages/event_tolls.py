"""How many died: the death toll of a sentence, for the events stage (`events`).

A sentence's counts of the dead (`quantities`) are added up (`death_toll`): a count inside another one is left out
("eight civilians, three of them children"), a tally ("1 fatality") sums up the named dead rather than adding to
them, and a count told as a side's claim or by other sources beside a report of the same dead gives way to the lower
figure. The dead of an accident and the dead a crowd acts over are no toll. An attack takes its sentence's toll when
it is made; a toll told in a sentence with no attack of its own is credited to the attack before it
(`event_merge.credit_toll`); and once the events are coded, any event ACLED counts as violence (a battle, violence
against civilians, an explosion, a riot, excessive force against protesters) that still has no toll takes its
sentence's (`violent_tolls`): "students staged a protest, and police shot dead two of them".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from eventwire.records import Event, Quantity
from eventwire.stages.codes import paragraph_at
from eventwire.stages.quantities import word_number
from eventwire.wordlists import words

_WORDS = words("quantities")  # data/lexicons/words/quantities.yaml
_ACCIDENT = _WORDS.set("accident_nouns")
_CAUSE = _WORDS.set("cause_words")
_TALLY_NOUNS = _WORDS.set("tally_nouns")
_CLAIM_VERBS = _WORDS.set("claim_verbs")
_OTHER_SOURCE = _WORDS.set("other_source_words")
_DEATH_NOUNS = _WORDS.set("death_nouns")
_PART_OF = _WORDS.set("part_of_words")  # "among them three children", "including two children"
_CLAIMED_ACTS = _WORDS.set("claimed_acts")  # "claimed responsibility": a claim of the act, not of its figure

# ACLED's event types of political violence, and the protests met with lethal force: their events carry a death toll
# (other protests and strategic developments are coded with none)
VIOLENT_TYPES = frozenset({"Battles", "Violence against civilians", "Explosions/Remote violence", "Riots"})
LETHAL_SUBTYPES = frozenset({"Excessive force against protesters"})


def violent(ev: Event) -> bool:
    """Is the event, as ACLED codes it, violence that can count its dead?"""
    return bool(ev.acled) and (ev.acled.get("event_type") in VIOLENT_TYPES
                               or ev.acled.get("sub_event_type") in LETHAL_SUBTYPES)


def sentence_toll(sent: Span, quantities: list[Quantity], doc: Doc) -> int | None:
    """The deaths a sentence counts (`death_toll` of its counts of the dead), None where it counts none."""
    killed = _killed(sent, quantities, doc)
    return death_toll(killed, doc) if killed else None


def toll_told(sent: Span, quantities: list[Quantity], doc: Doc) -> tuple[int | None, bool]:
    """`sentence_toll`, and whether all of its counts are told as a side's claim or by other sources
    (`alternative_count`), from one reading of the sentence's counts."""
    killed = _killed(sent, quantities, doc)
    if not killed:
        return None, False
    return death_toll(killed, doc), all(alternative_count(doc, q) for q in killed)


def death_toll(killed: list[Quantity], doc: Doc | None = None) -> int:
    """The deaths that counts of the dead add up to, each from its lower figure: the named dead summed ("two
    soldiers and three civilians"), and a tally of them ("1 fatality", "two deaths") read as their sum, not added
    to it: the larger of the two. Where `doc` shows a count told as a claim or by other sources beside a count of the
    same dead that is not ("four persons were killed ..., the police claim two persons were killed"), the lower
    figure is theirs (ACLED codes the most conservative); counts of other dead are added ("troops killed 12
    militants, and the rebels claimed they killed 5 soldiers": 17)."""
    if doc is not None:
        alt = [q for q in killed if alternative_count(doc, q)]
        plain = [q for q in killed if q not in alt]
        same = {_group(q) for q in alt} & {_group(q) for q in plain}
        if same:
            rest = [q for q in killed if _group(q) not in same]
            return sum(min(_figure([q for q in alt if _group(q) == g]), _figure([q for q in plain if _group(q) == g]))
                       for g in same) + (death_toll(rest) if rest else 0)
    tally = [q for q in killed if q.what in _TALLY_NOUNS and not (doc is not None and _of_a_group(doc, q))]
    return max(_figure(tally), _figure([q for q in killed if q not in tally]))


def _group(q: Quantity) -> str:
    """Whose dead a count counts, for telling two reports of them apart: "people" and "person" are one."""
    return "person" if q.what in ("people", "person", "persons") else q.what


def _figure(counts: list[Quantity]) -> int:
    return sum((q.min or q.max or 0) for q in counts)


def alternative_count(doc: Doc, q: Quantity) -> bool:
    """Is the count told as a side's claim ("the rebels claimed killing 30 soldiers", "the police claim two were
    killed") or by other sources ("other sources reported two dead")? Looked for on the words above the count, up to
    its sentence's root; a claim of the act ("claimed responsibility for the attack, in which 11 died") is none."""
    for cur in _above(doc, q):
        if cur.lemma_.lower() in _CLAIM_VERBS:
            return not any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIMED_ACTS for c in cur.children)
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() == "source"
               and any(g.lower_ in _OTHER_SOURCE for g in c.children) for c in cur.children):
            return True
    return False


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


# the toll an ACLED note says it coded ("Unknown fatalities coded as 3.", "18 fatalities split over four events, coded
# as 5", "coded as 2 fatalities"): ACLED's codebook puts 3 for an unknown number of dead and splits a toll across the
# events it spans; the note states the figure of its own event
_CODED_TOLL = re.compile(
    r"\b(?:fatalit(?:y|ies)|casualt(?:y|ies)|deaths)\b[^.;()\[\]]{0,60}?\bcoded\s+as\s+(\d{1,4})\b(?!\s*(?:%|percent))"
    r"|\bcoded\s+as\s+(\d{1,4})\s+(?:fatalit|casualt|deaths)", re.I)


# a toll a note says it split across several events, with no share stated ("Fatalities are split across five
# events.", "88 fatalities split between 13 events"): the event takes its share, rounded up (ACLED's codebook spreads
# such a toll evenly, the remainder to the first events; world train: 12 of the 13 notes that say so)
_SPLIT_TOLL = re.compile(r"\bsplit\s+(?:between|across|among|over)\s+(?:the\s+)?(\w+)\s+(?:events|locations)\b", re.I)


def coded_toll(events: list[Event], text: str) -> None:
    """Every event of violence (`violent`) in the paragraph of an ACLED note that states the toll it coded
    (`_CODED_TOLL`) takes that figure, in place of the dead its sentences count (world train: 48 of the 50 notes
    that state one are coded with it); where the note says only that it split its toll across several events
    (`_SPLIT_TOLL`), the event takes its share of the dead it counts."""
    split: set[int] = set()  # paragraphs whose toll was shared out already (one share per paragraph)
    for pattern in (_SPLIT_TOLL, _CODED_TOLL):
        for m in pattern.finditer(text):
            start, end = paragraph_at(text, m.start(), m.end())
            if pattern is _SPLIT_TOLL:
                parts = word_number([m.group(1)])
                if not parts or parts < 2 or start in split or _CODED_TOLL.search(text, start, end):
                    continue
                split.add(start)
            for ev in events:
                if not (start <= ev.evidence.start < end and violent(ev)) or ev.attribution.status in (
                        "negated", "hypothetical"):
                    continue
                if pattern is _CODED_TOLL:
                    ev.fatalities = int(m.group(1) or m.group(2))
                elif ev.fatalities:
                    ev.fatalities = -(-ev.fatalities // parts)


def cumulative(sent: Span) -> bool:
    """A sentence that sums up more than one happening: "The war, which began in 2011, has killed more than
    500,000 people", "Two hundred have died since January", "so far this year". Its toll is no attack's."""
    return any(t.lower_ == "since" or (t.lower_ == "far" and t.i > 0 and t.nbor(-1).lower_ == "so")
               or (t.dep_ == "aux" and t.lower_ in ("has", "have", "'s", "'ve") and t.head.tag_ == "VBN")
               for t in sent)


def _killed(sent: Span, quantities: list[Quantity], doc: Doc) -> list[Quantity]:
    return [q for q in quantities if sent.start_char <= q.start < sent.end_char and q.killed and not _subset(q, doc)
            and not _cause(q, doc) and not _in_accident(q, doc)]


def _span(doc: Doc, q: Quantity) -> Span | None:
    return doc.char_span(q.start, q.end, alignment_mode="expand")


def _above(doc: Doc, q: Quantity, reach: int = 6) -> Iterator[Token]:
    """The words above the count's head, nearest first, up to its sentence's root (at most `reach`)."""
    span = _span(doc, q)
    if span is None:
        return
    cur = span.root
    for _ in range(reach):
        if cur.head.i == cur.i:
            return
        cur = cur.head
        yield cur


def _cause(q: Quantity, doc: Doc) -> bool:
    """Is the count of the dead what a crowd acts over: a death noun above it that a cause word governs ("demanding
    action over the deaths of three people", "to denounce the killing of two students")? Not a relative clause's
    count ("an attack against a checkpoint in which 4 soldiers were killed")."""
    chain = list(_above(doc, q))
    for k, t in enumerate(chain):
        if t.dep_ == "relcl":
            return False
        if t.lemma_.lower() in _DEATH_NOUNS and any(u.lemma_.lower() in _CAUSE for u in chain[k + 1:k + 3]):
            return True
    return False


def _in_accident(q: Quantity, doc: Doc) -> bool:
    """Did the dead die in an accident ("the crash, which left a rider dead", "killed in a road
    accident")? An accident noun above the count, or the object of a preposition on a word above it; ACLED codes no
    accidents. Not one named elsewhere in the sentence ("gunmen killed 5 people near the scene of an accident")."""
    for t in _above(doc, q):
        if t.lemma_.lower() in _ACCIDENT:
            return True
        if any(c.dep_ == "prep" and c.lower_ in ("in", "during") and any(
                g.lemma_.lower() in _ACCIDENT for g in c.children) for c in t.children):
            return True
    return False


def _of_a_group(doc: Doc, q: Quantity) -> bool:
    """Does a tally name whose dead it counts ("12 deaths among the rebels")? Then it is a count of them."""
    span = _span(doc, q)
    return span is not None and (any(c.dep_ == "prep" and c.lower_ in ("among", "of") for c in span.root.children)
                                 or (span.end < len(doc) and doc[span.end].lower_ in ("among", "of")))


def _subset(q: Quantity, doc: Doc) -> bool:
    """"eight civilians, among them three children": a count inside another one is not added to it."""
    span = _span(doc, q)
    if span is None:
        return False
    before = {t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start]}
    if before & _PART_OF:
        return True  # "among them three children", "including two children"
    cur = span.root
    for _ in range(3):
        if cur.dep_ == "pobj" and (cur.head.lower_ in _PART_OF or (
                cur.head.lower_ == "of" and _part_word(cur.head.head))):
            return True  # "among them three children", "three of the eight": not "the deaths of five soldiers"
        if cur.dep_ in ("appos",) or cur.head.i == cur.i:
            return cur.dep_ == "appos"
        cur = cur.head
    return False


def _part_word(tok: Token) -> bool:
    """Does the word before "of" pick a part of a group: "three of the eight", "some of them", "one of the
    victims"? (Not a noun: "the deaths of five soldiers", "the killing of one guard".)"""
    return tok.like_num or tok.pos_ in ("NUM", "PRON", "DET") or tok.lower_ in ("dozens", "hundreds", "thousands")
