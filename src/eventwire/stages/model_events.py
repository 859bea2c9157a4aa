"""Where the trained event model decides (see stages/event_model.py for the stage that asks it).

- `event_from_model`: a sentence the model says reports an event, where no trigger word made one, gets an event.
  Its type is the model's PLOVER type, its mode the mode of the model's ACLED sub-event type where the two agree
  (data/lexicons/acled_types.yaml), and its word the clause that carries it (the main verb, or the verb a
  reporting verb introduces). Everything else (who acts on whom, where, when, how many, who says so) comes from
  the same slot filling as a lexicon event (`events._build`, passed in), so the event is traced to the same spans.
- `recode_acled`: ACLED's sub-event types turn on details the trigger word does not carry (a grenade, a bomb
  defused, a base set up); the model's ACLED head codes them where its reading fits the event's PLOVER type.
Thresholds are named here, with what they trade.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import replace
from typing import Any, Callable

from spacy.tokens import Span, Token

from eventwire.eventmodel.labels import acled_sub_events
from eventwire.lexicons import EventLexicon, Trigger, event_lexicon
from eventwire.records import STATEMENT_TYPES, AnnotatedArticle, Event
from eventwire.stages import attribution as attr
from eventwire.stages import codes, codes_protests
from eventwire.stages.event_model import NAME as MODEL_STAGE
from eventwire.stages.event_time import heading_root
from eventwire.stages.triggers import done_to_oneself, mode_for, names_any, noncombat_act, noun_senses

# a sentence with no lexicon event gets one when P(event) reaches this (ACLED world train: higher loses recall
# on plain sentences, lower lets in background sentences)
NEW_EVENT_P = 0.5
# ...but for the types ACLED does not code (statements, diplomacy) a much higher bar: the lexicon lists their
# words well, and where it is silent the sentence is mostly a neutral statement ("expressed concern")
NEW_STATEMENT_P = 0.9
# an event built from the model ranks below a lexicon event of the same sentence: its weight is this share of P
MODEL_WEIGHT = 0.65
# the model's ACLED sub-event replaces the rules' when the model gives it at least this probability
RECODE_P = 0.5
# ...but where the rules only defaulted to an armed clash (no armed side hit: "militants fired at two labourers in
# J&K", the victims unparsed), the model's reading of who was hit (an attack, mob violence) needs only this much
DEFAULT_CLASH_P = 0.3
# two readings compete: when the model gives its PLOVER type at least this, it decides between the lexicon's
# events of the sentence ("protesters demanded services": a protest, not only a request)
ARBITRATE_P = 0.5
AGREEMENT_BONUS = 0.1  # confidence added to the lexicon event that the model's reading confirms, taken from others
_VIOLENT = frozenset({"ASSAULT", "COERCE"})
# the model retypes only a statement the lexicon read where it reads a happening: the lexicon's own recoding rules
# (a promise is AGREE, a withdrawal of observers a SANCTION, ...) decide between the verbal types
_MATERIAL = frozenset({"PROTEST", "ASSAULT", "COERCE"})
_TARGET_PREPS = ("on", "against", "at", "in", "into", "with")
# a crowd's act that the lexicon read only by what the crowd says, warns or threatens ("held a press conference with
# banners, criticizing the decision to withdraw ...", "held a protest and warned the government"): where the model
# reads a protest, the sentence's most confident event is that protest, whatever else the words mention (ACLED
# world train: 35 peaceful protests whose main event was such a statement, 22 of them read as a protest by the model)
_VOICED = STATEMENT_TYPES | {"THREATEN"}


@functools.lru_cache(maxsize=1)
def _acled_coded() -> frozenset[str]:
    """The PLOVER types ACLED codes (data/lexicons/acled_types.yaml)."""
    return frozenset(s.plover for s in acled_sub_events().values())


_ROOTS: dict[int, dict[str, str]] = {}  # id(lexicon) -> its roots: computed once per lexicon, not per event


def _cameo_roots(lex: EventLexicon) -> dict[str, str]:
    """The commonest CAMEO root of each PLOVER type in the lexicon (a model event's CAMEO code)."""
    if id(lex) in _ROOTS:
        return _ROOTS[id(lex)]
    roots: dict[str, Counter] = {}
    for senses in (*lex.verbs.values(), *lex.nouns.values()):
        for s in senses:
            if s.cameo:
                roots.setdefault(s.type, Counter())[s.cameo[:2]] += 1
    _ROOTS[id(lex)] = {t: c.most_common(1)[0][0] for t, c in roots.items()}
    return _ROOTS[id(lex)]


def _clause_word(sent: Span, lex: EventLexicon | None = None) -> Token | None:
    """The word that carries the sentence's happening: the root, or what a reporting root or a root of belief
    introduces ("Police said gunmen torched huts" -> torched, "police suspect that two were killed" -> killed);
    None where such a root is the sentence's only verb and has no object ("a police officer said."): who says or
    thinks so does nothing. (A clause the parser hung elsewhere, "youths resorted to throwing stones ..., officials said", keeps
    the root.)"""
    lex = lex or event_lexicon()
    root = sent.root
    heading = _after_heading(sent)
    if heading is not None:
        return heading
    if root.lemma_.lower() in attr.REPORTING or root.lemma_.lower() in attr.BELIEF:
        for c in root.children:
            if c.dep_ in ("ccomp", "xcomp", "advcl") and c.pos_ in ("VERB", "AUX", "NOUN"):
                return c
        noun = _event_subject(root, lex)
        if noun is not None:
            # the event named as what is reported: "the abduction of three engineers was confirmed by police",
            # "stone-pelting was reported in Baramulla" (the noun, no clause of its own)
            return noun
        if not any(t.pos_ == "VERB" and t.i != root.i for t in sent) and not any(
                c.dep_ in ("dobj", "prep") for c in root.children):
            return None  # not "announced the creation of a coalition": what is announced is the event
    if root.pos_ == "VERB" and root.lemma_.lower() not in lex.verbs:
        noun = _event_subject(root, lex)
        if noun is not None and noun.dep_ == "nsubj":
            # "the looting of shops went on all night": the verb says only that it happened or what came of it
            # (not a passive's: "a mine was cleared" is done to the mine)
            return noun
    if root.lemma_.lower() == "be" and root.pos_ == "AUX":
        # a state said of someone, with the happening in a clause of its own: "police were at a loss as the mobs
        # went on a rampage", "the army was helpless while gunmen attacked the village" -> the clause's verb
        for c in root.children:
            if c.dep_ in ("advcl", "ccomp") and c.pos_ == "VERB":
                return c
    if root.pos_ not in ("VERB", "NOUN", "AUX", "ADJ"):
        verbs = [t for t in sent if t.pos_ == "VERB"]
        if verbs:
            return verbs[0]
    return root


def _event_subject(verb: Token, lex: EventLexicon) -> Token | None:
    """The verb's subject where it is a noun the lexicon lists as an event ("the looting", "stone-pelting")."""
    return next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj") and c.pos_ == "NOUN"
                 and noun_senses(c, lex) is not None), None)


def _after_heading(sent: Span) -> Token | None:
    """The verb of the clause after a heading (`event_time.heading_root`: "Defusal: On 31 May, soldiers found and
    defused a mine", "Looting: ... gunmen looted cattle", "UPDATE: police arrested two men"), which the parser hangs
    on the heading's noun as its root. The happening, and the date beside it, are the clause's."""
    root = heading_root(sent)
    if root is None:
        return None
    after = [t for t in root.doc[root.i + 2:sent.end] if t.pos_ == "VERB"]
    return next((t for t in after if t.head.i == root.i), after[0] if after else None)


def _state_of_someone(tok: Token, lex: EventLexicon) -> bool:
    """The clause word is a copula that says what someone or something was ("police was nowhere in sight", "cid
    officers are suspicious", "adequate police force was present"): a state, with no act for its subject to do
    (IndiaPoliceEvents train: 11 such sentences made police assaults). "There was heavy stone-pelting" (no
    subject) and a predicate that names an event ("100 vehicles were part of a motorcade", "workers were on strike")
    still report one."""
    if tok.lemma_.lower() != "be" or any(c.dep_ == "expl" for c in tok.children) or not any(
            c.dep_ in ("nsubj", "csubj") for c in tok.children):
        return False
    # the predicate: a noun's ("part of a motorcade") or a place's, "on" or "at" ("were on strike", "were at the
    # rally"); not a time's ("nowhere in sight during the riot": the riot is no act of theirs)
    predicate = [t for c in tok.children if c.dep_ == "attr" or (c.dep_ == "prep" and c.lower_ in ("on", "at"))
                 for t in c.subtree]
    if any(t.lemma_.lower() in lex.nouns or t.lower_ in lex.nouns for t in predicate):
        return False
    # ... nor where the subject is a crowd of demonstrators ("protesters were on the streets of Yangon")
    subject = [t for c in tok.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree]
    return not any(t.lower_.startswith(w) for t in subject for w in codes_protests.PROTESTER_WORDS)


MIN_WORDS = 4  # a model event needs a clause: not a tag ("[size=no report]"), a dateline or a caption fragment


def _prose(sent: Span) -> bool:
    text = sent.text.strip()
    if text.startswith("[") and text.endswith("]"):
        return False  # an annotation in brackets, not a sentence of the report
    words = sum(1 for t in sent if t.is_alpha)
    # ...but a headline or wire sentence of three words with a verb of its own is one ("Shelling hit Donetsk.",
    # "Gunmen kill two.")
    return words >= MIN_WORDS or (words == MIN_WORDS - 1 and sent.root.pos_ == "VERB" and text.endswith((".", "!")))


def sense_for(pred: Any, lex: EventLexicon, nominal: bool, sent: Span | None = None) -> Trigger:
    """The model's reading as a trigger sense. Where the model reads a means of remote violence that the sentence does
    not name, a drone or aircraft the sentence names decides (`mode_for`: "dropped grenades from a drone" is a drone
    strike whatever the verb reads as), as a named weapon does in `recode_acled`."""
    sub = acled_sub_events().get(pred.acled_any)
    mode = sub.mode if sub is not None and sub.plover == pred.plover else None
    cameo = _cameo_roots(lex).get(pred.plover, "")
    sense = Trigger(type=pred.plover, mode=mode, cameo=cameo, target_preps=_TARGET_PREPS, object_kind=None,
                    symmetric=pred.acled_any == "Armed clash", weight=MODEL_WEIGHT * pred.p_event, nominal=nominal)
    cues = lex.modes.get(pred.plover, {}).get(mode or "", ())
    if cues and mode in codes.REMOTE_MODES and sent is not None:
        if not names_any(sent.text, tuple(cues)):
            named = mode_for(replace(sense, mode=None), sent, lex, pred.plover)  # the model's weapon is not named
            if named in _CARRIERS:
                sense = replace(sense, mode=named)
    return sense


# the carriers of an air or drone strike (ACLED's codebook: air or drone strikes): named in the sentence, they
# decide over a means of remote violence the model reads but the sentence does not name
_CARRIERS = frozenset({"drone", "aerial"})


# a sentence after one that reported an event of the same type mostly goes on about it ("Demonstrators carried
# flags", "The protesters said they wanted..."): the model makes no second event of that type from it
SKIP_ELABORATION = True
# ...and after an event of any type, a sentence the lexicon is silent on needs this much to be a new event
# ("The women chanted anti-HTS slogans" after a demonstration is not an assault)
NEW_AFTER_EVENT_P = 0.8
# an assault needs the model's two heads to agree: its ACLED head reads a sub-event of the same PLOVER type. Where the
# ACLED head reads another type ("police officer wants no trouble", "police have intensified the search": PLOVER head
# ASSAULT at 0.13-0.4, ACLED head "Other", "Change to group/activity", "Protest with intervention"), the sentence
# tells no violence the model can name (IndiaPoliceEvents train: 13 such assaults with a police doer, 12 of them no
# police force): no event. (Taking the ACLED head's reading instead made odd events, "escaped" an agreement,
# "claimed responsibility for blasts" a protest; a coercion is left alone: on ACLED world train 9 notes keep
# their right event type by it.) A clause word the lexicon lists under the type keeps it ("were arrested"), and so
# does a sentence that counts the dead ("the death toll from Tuesday's attack rose to 41": incident scenarios).
_HEADS_MUST_AGREE = frozenset({"ASSAULT"})
# ...only where the PLOVER head is unsure of it: on IndiaPoliceEvents train 90% of the disagreements read ASSAULT at
# P <= 0.35, while ACLED world train notes (every one an event) lost their only event at 0.43-0.86 (a road blocked
# with burning tyres, a fighter dead in a clash): 18 notes with no event against 10, 14 with this bound
HEADS_AGREE_BELOW_P = 0.4


def _heads_agree(pred: Any) -> bool:
    sub = acled_sub_events().get(pred.acled_any)
    return sub is not None and sub.plover == pred.plover


def _counts_deaths(sent: Span, idx: Any) -> bool:
    """The sentence counts the dead ("the death toll from Tuesday's attack rose to 41"): violence, whatever its verb."""
    return any(q.killed and sent.start_char <= q.start < sent.end_char for q in idx.quantities)


def _names_its_type(tok: Token, etype: str, lex: EventLexicon) -> bool:
    """The word is one the lexicon lists under the type ("arrested": COERCE)."""
    senses = lex.nouns.get(tok.lemma_.lower(), ()) if tok.pos_ in ("NOUN", "PROPN") else lex.verbs.get(
        tok.lemma_.lower(), ())
    return any(s.type == etype for s in senses)


def event_from_model(sent: Span, pred: Any, ann: AnnotatedArticle, idx: Any, lex: EventLexicon,
                     published: dt.date, earlier: list[Event] = (), *, build: Callable[..., Event | None]
                     ) -> Event | None:
    """`build`: the events stage's slot filling (`events._build`), passed in so that this module does not import
    the stage that calls it."""
    if pred is None or pred.p_event < NEW_EVENT_P or not _prose(sent):
        return None
    if pred.plover not in _acled_coded() and pred.p_event < NEW_STATEMENT_P:
        return None
    if SKIP_ELABORATION and any(e.type == pred.plover for e in earlier):
        return None
    if earlier and pred.p_event < NEW_AFTER_EVENT_P:
        return None
    tok = _clause_word(sent, lex)
    if tok is None or _state_of_someone(tok, lex):
        return None
    if pred.plover in _VIOLENT and tok.pos_ in ("VERB", "AUX") and noncombat_act(tok):
        return None  # "the storm killed three people", "the Senate killed the bill": no actor's violence
    if pred.plover == "COERCE" and tok.pos_ == "VERB" and done_to_oneself(tok):
        return None  # "the family barricaded themselves inside": no one else is kept in or out (a protest may be
        # done to oneself: "activists glued themselves to the road")
    if pred.plover in _HEADS_MUST_AGREE and pred.plover_p < HEADS_AGREE_BELOW_P and not _heads_agree(pred) \
            and not _names_its_type(tok, pred.plover, lex) and not _counts_deaths(sent, idx):
        return None
    claimants = attr.find_claimants(sent, idx.actors, ann.article.outlet)
    sense = sense_for(pred, lex, nominal=tok.pos_ in ("NOUN", "PROPN"), sent=sent)
    listed = noun_senses(tok, lex) if tok.pos_ == "NOUN" else None
    if listed is not None and not any(s.type == pred.plover for s in listed[1]):
        # the clause word is an event noun the lexicon lists under other types ("the looting of shops went on":
        # the model read COERCE, the lexicon lists looting as an assault): the word's own sense decides its type
        sense = replace(listed[1][0], weight=sense.weight, nominal=True)
    ev = build(tok, sense, tok.text, tok.i, sent, ann, idx, lex, published, claimants, None, agentless=True)
    if ev is None:
        return None
    ev.stage = MODEL_STAGE
    sub = acled_sub_events()[pred.acled_any] if pred.acled_any else None
    if sub is not None and sub.plover == ev.type and not (sub.mode in codes.REMOTE_MODES and ev.mode != sub.mode):
        ev.acled = _acled(pred.acled_any)  # (a weapon the sentence names keeps the code of its mode)
    return ev


def _acled(sub: str) -> dict[str, str]:
    return {"event_type": acled_sub_events()[sub].event_type, "sub_event_type": sub}


def arbitrate(events: list[Event], predictions: dict[int, Any]) -> None:
    """Where the model reads a sentence with confidence, its reading ranks the lexicon's events of that sentence:
    an event of the model's type gains AGREEMENT_BONUS, the others lose it. If none has the model's type, the
    lexicon read only statements and the model a happening (a protest, an assault, an arrest), the sentence's
    most confident event takes the model's type ("family members protested in front of the UN office demanding
    the release of prisoners": the lexicon reads an accusation and a request; the model a protest)."""
    by_sentence: dict[int, list[Event]] = {}
    for ev in events:
        if ev.attribution.status not in ("negated", "hypothetical") and ev.stage != MODEL_STAGE:
            by_sentence.setdefault(ev.evidence.start, []).append(ev)
    subs = acled_sub_events()
    # a statement after a protest is told is that protest's content (demands.demands_follow_the_protest), no new one
    told = min((e.evidence.start for e in events if e.type == "PROTEST" and e.attribution.status not in (
        "negated", "hypothetical")), default=None)
    for start, evs in by_sentence.items():
        pred = predictions.get(start)
        if pred is not None and pred.p_event >= 0.5 and pred.plover_p < ARBITRATE_P and (
                told is None or told >= start) and _crowd_voice_is_protest(evs, pred):
            best = max(evs, key=lambda e: e.confidence)
            best.type, best.mode, best.acled, best.stage = "PROTEST", "demo", _acled(_PEACEFUL), MODEL_STAGE
            continue
        if pred is not None and pred.p_event >= 0.5 and (told is None or told >= start) and \
                _protest_about_violence(evs, pred):
            protest_over_its_cause(evs)
            continue
        if pred is None or pred.p_event < 0.5 or pred.plover_p < ARBITRATE_P:
            continue
        agree = [e for e in evs if e.type == pred.plover]
        if agree:
            for e in evs:
                bonus = AGREEMENT_BONUS if e.type == pred.plover else -AGREEMENT_BONUS
                e.confidence = max(0.05, min(0.99, e.confidence + bonus))
            continue
        if pred.plover not in _MATERIAL:
            continue
        best = max(evs, key=lambda e: e.confidence)
        if any(e.type not in STATEMENT_TYPES for e in evs) and not (pred.plover == "PROTEST" and best.type in _VOICED):
            continue
        best.type = pred.plover
        sub = subs.get(pred.acled_any)
        best.mode = sub.mode if sub is not None and sub.plover == pred.plover else None
        best.acled = _acled(pred.acled_any) if sub is not None and sub.plover == pred.plover else codes.acled(
            best.type, best.mode, best.sources, best.targets, fatalities=best.fatalities)
        best.stage = MODEL_STAGE


_PEACEFUL = "Peaceful protest"
# the sectors of people who demonstrate (civilians, students and teachers, workers and their unions, traders,
# refugees): a speaker of no known sector may be a body the knowledge base does not know ("the ILO"); parties and the
# opposition speak mostly by statements ("The ruling party dismissed allegations of vote rigging")
_CROWD_SECTORS = frozenset({"CVL", "EDU", "LAB", "BUS", "REF"})


def _crowd_voice_is_protest(evs: list[Event], pred: Any) -> bool:
    """People's statement that the model reads as a demonstration below ARBITRATE_P: its PLOVER head hesitates
    between a protest and what the crowd says, but its most likely ACLED sub-event is a peaceful protest ("local
    residents took the streets ... to denounce the increase in prices", "dozens of union members ... to demand",
    "citizens held a press conference with banners demanding the resignation": ACLED world train, 13 peaceful
    protests whose main event was such a statement). Only where the lexicon read nothing but statements, and the
    speakers are people of a known sector (_CROWD_SECTORS), named by a common noun ("residents", "union members"):
    no state, force, court, official body, party or armed group."""
    if pred.acled_any != _PEACEFUL or pred.plover not in _VOICED | {"PROTEST"}:
        return False
    if not all(e.type in _VOICED for e in evs):
        return False
    best = max(evs, key=lambda e: e.confidence)
    return bool(best.sources) and all(a.kind not in ("state", "armed_group") and a.sector in _CROWD_SECTORS
                                      and not a.proper for a in best.sources)


def _protest_about_violence(evs: list[Event], pred: Any) -> bool:
    """The model reads a peaceful protest where the lexicon read only violence that the protest is about or came
    after (`codes_protests.told_as_cause`: "a rally against the invasion of Ukraine was held",
    "relatives of a man who was killed by police marched", "lawyers staged a protest against the killing of a
    witness"; ACLED world train: 14 peaceful protests whose main event was such a cause, the protest word unread
    or read as a statement), perhaps with statements: no protest of the lexicon's."""
    if pred.plover != "PROTEST" or pred.plover_p < ARBITRATE_P or pred.acled_any != _PEACEFUL:
        return False
    violent = [e for e in evs if e.type in _VIOLENT]
    if any(codes_protests.named_protesters(a) for e in violent for a in e.sources):
        return False  # "demonstrators attacked a merchant", merged with the attack they denounced: their violence
    return bool(violent) and all(e.type in _VOICED for e in evs if e not in violent) and all(
        codes_protests.told_as_cause(e) for e in violent)


def protest_over_its_cause(evs: list[Event]) -> None:
    """The sentence's protest is its main event and the violence it is about is background below it. The protest
    is the crowd's statement where the lexicon read one ("lawyers staged a protest" read as a disapproval), else the
    cause's event retyped, whose actors are then whom the protest is against and no one is named protesting."""
    voiced = [e for e in evs if e.type in _VOICED]
    causes = [e for e in evs if e.type in _VIOLENT]
    top = max(e.confidence for e in evs)
    best = max(voiced, key=lambda e: e.confidence) if voiced else max(causes, key=lambda e: e.confidence)
    if best in causes:
        best.targets, best.sources = best.sources + best.targets, []
        best.fatalities = None
    best.type, best.mode, best.acled, best.stage = "PROTEST", "demo", _acled(_PEACEFUL), MODEL_STAGE
    best.confidence = top
    for e in causes:
        if e is not best:
            e.attribution.status = "background"
            e.confidence = max(0.05, min(e.confidence, top - AGREEMENT_BONUS))


def _compatible(sub: str, etype: str) -> bool:
    """Whether ACLED would code an event of PLOVER type `etype` with this sub-event type."""
    s = acled_sub_events()[sub]
    # ACLED codes force used on a demonstration as the demonstration's event ("opened fire on protesters")
    on_protest = sub in ("Excessive force against protesters", "Protest with intervention")
    return s.plover == etype or {s.plover, etype} <= _VIOLENT or (
        etype == "PROTEST" and s.event_type in ("Protests", "Riots")) or (etype in _VIOLENT and on_protest)


# ACLED's codebook defines these three by who fights whom: an armed clash is between two organised armed groups,
# an attack is an armed group's violence against unarmed civilians, mob violence is a crowd's. The rules read the
# actors; the model reads only the words ("clashed", "opened fire"), so it does not move an event between them
# where the rules named both sides (codes.sides_known).
BY_ACTORS = frozenset({"Armed clash", "Attack", "Mob violence"})


_REMOTE_TYPE = "Explosions/Remote violence"
_TAKING = frozenset({"Government regains territory", "Non-state actor overtakes territory"})


def recode_acled(events: list[Event], predictions: dict[int, Any]) -> None:
    """The model's ACLED sub-event type for an event the rules coded, where the model reads it with at least
    RECODE_P and its sub-event type belongs to the event's PLOVER type (ACLED codes a PLOVER assault as one of
    the violent types, a protest as a protest or riot, ...), except between the types that the actors decide
    (BY_ACTORS) when the actors decide (an armed side or unarmed people named as the target)."""
    for ev in events:
        if ev.acled is None or ev.stage == MODEL_STAGE:
            continue
        pred = predictions.get(ev.evidence.start)
        if pred is not None and ev.acled.get("sub_event_type") == "Armed clash" and not codes.armed_target(
                ev.targets) and pred.acled_any in BY_ACTORS - {"Armed clash"} and pred.acled_any_p >= DEFAULT_CLASH_P:
            ev.acled = _acled(pred.acled_any)
            continue
        if pred is None or pred.acled is None or pred.acled_p < RECODE_P:
            continue
        if not _compatible(pred.acled, ev.type):
            continue
        if ev.mode in codes.REMOTE_MODES and acled_sub_events()[pred.acled].event_type != _REMOTE_TYPE:
            continue  # the weapon the sentence names decides ("attacked a column with mines"), not the verb's reading
        if ev.mode == "occupy" and ev.acled.get("sub_event_type") in _TAKING and pred.acled not in _TAKING:
            continue  # a place taken in a battle is the taking (codes.taken_in_battle)
        if {pred.acled, ev.acled.get("sub_event_type")} <= BY_ACTORS and (
                codes.sides_known(ev.sources, ev.targets) or (
                    ev.acled.get("sub_event_type") == "Mob violence" and codes.crowd(ev.sources)) or (
                    ev.acled.get("sub_event_type") == "Armed clash" and codes.armed_target(ev.targets))):
            # who acts decides too: a crowd's beating is mob violence whoever the victim ("locals beat a man"); an
            # armed side hit is a battle though the doer goes unnamed ("a drug trafficker was shot and killed by
            # unknown armed individuals", "members of a cartel were shot": ACLED world train,
            # every note of a drug trafficker or gang member shot or killed, 16, is an Armed clash)
            continue
        ev.acled = _acled(pred.acled)
