"""Events: clauses -> typed events with source, target, place, time, quantities and attribution.

A trigger is a verb or noun of the event lexicon (data/lexicons/events.yaml). Its arguments come from
the dependency parse: the subject (or the "by" agent of a passive) is the source, the object or the
object of a listed preposition the target; subjects are inherited along purpose clauses, conjoined
verbs and relative clauses. Conjoined actors are expanded ("Badr Organisation and Al-Nujaba
Movement"). A purpose clause of a deployment ("crossed into Syria to support Assad's forces") makes
the deployment military aid to that target. Reports of the same fact within the article are merged
into one event that keeps every claimant, quantity and the most precise date and place.

Recipients that no argument slot names come from `recipients.py`, an event's time from `event_time.py`; the
rules after the arguments recode what PLOVER and CAMEO define differently from the word alone (a promise is
AGREE, "X must act" is a REQUEST, a state's protest is an accusation, people blocking a road protest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Iterable

from spacy.tokens import Span, Token

from eventwire import budget
from eventwire.gazetteer import haversine_km
from eventwire.lexicons import EventLexicon, Trigger
from eventwire.records import COOPERATIVE, Actor, AnnotatedArticle, Event, Evidence, Place, Time
from eventwire.stages import attribution as attr
from eventwire.stages import codes
from eventwire.stages.arguments import (
    NAME, PLACE_AS_STATE, Index, actors_of, ad_hoc_actor, comrades, conjuncts, is_light, is_modifier_only, objects_of,
    resolve_pronoun, subject_of,
)
from eventwire.stages.event_time import TIME_WORDS, iso, tense_default, time_for
from eventwire.stages.recipients import (
    ACTS_ON_PLACES, NO_RECIPIENT_FALLBACK, first_recipient, mobilised_against, protested, with_conjuncts,
)
from eventwire.stages.event_merge import dedupe, merge_events
from eventwire.stages.stage import Stage, published_date


_LOC_PREPS = {"in", "into", "near", "at", "from", "across", "outside", "inside", "around", "on", "to",
              "towards", "toward", "throughout", "within", "over"}
_AFTER = {"after", "following", "since"}
_PURPOSE_FOLD = {"SUPPORT", "AID", "COOPERATE"}
_TERRITORY = {"village", "town", "city", "district", "area", "territory", "region", "province", "base", "airport",
              "hill", "position", "positions", "outpost", "checkpoint", "crossing", "port", "bridge", "neighbourhood",
              "neighborhood", "suburb", "capital", "stronghold", "enclave", "island", "valley", "camp", "border"}
_CUMULATIVE = {"war", "conflict", "crisis", "violence", "insurgency", "rebellion", "uprising", "epidemic"}
_REFUSALS = {"refuse", "refused", "refuses", "decline", "declined", "declines", "reject", "rejected", "rule out"}
_THREAT_TYPES = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations"}
_THREAT_CUES = {"could", "would", "will", "'ll", "may", "might", "shall", "threaten", "threatened", "warn", "warned",
                "vow", "vowed", "wo", "sworn", "swore", "swear"}
# PLOVER: an announced or conditional act is coded as the intent, not the act
_INTENT_CUES = {"will", "would", "'ll", "wo", "shall", "ready", "willing", "prepared", "plan", "plans", "planned",
                "intend", "intends", "pledge", "pledged", "promise", "promised", "offer", "offered", "agree", "agreed",
                "commit", "committed", "want", "wants", "hope", "hopes", "expect", "expects", "able", "could", "may",
                "might"}
# cues of an announced act (not a mere possibility: "could", "may", "might"), and plans
_ANNOUNCED = (_THREAT_CUES - {"could", "may", "might"}) | {"plan", "plans", "planned", "intend", "intends"}
_OBLIGATION_CUES = {"must", "should", "ought", "need", "needs", "have to", "has to"}
_COOPERATIVE_ACTS = COOPERATIVE - {"AGREE"}  # cooperative acts that can be promised (an agreement is the promise)
_HOSTILE_ACTS = {"ASSAULT", "THREATEN", "COERCE"}


# ------------------------------------------------------------------------------------------ triggers

# heads that only frame the event word before them: "a mediation mission", "peace efforts", "a rescue operation"
_GENERIC_HEADS = {"mission", "effort", "efforts", "bid", "drive", "campaign", "initiative", "process", "operation",
                  "operations", "plan", "attempt", "move"}
# past participles that, with "be" and this preposition, describe what the subject does
_ACTIVE_IDIOMS = {"oppose": "to", "engage": "in", "involve": "in", "commit": "to", "dedicate": "to"}
_TEMPORAL_PREPS = {"after", "before", "during", "following", "amid", "since", "despite", "until", "ahead"}


def _verb_senses(tok: Token, lex: EventLexicon) -> tuple[str, tuple[Trigger, ...]] | None:
    lemma = tok.lemma_.lower()
    if lemma == "set" and any(t.lower_ in ("fire", "ablaze", "alight") for t in tok.subtree if t.i > tok.i):
        key = "set fire"  # "set fire to tyres", "set the office on fire", "set ablaze"
        if key in lex.verbs:
            return key, lex.verbs[key]
    has_object = any(c.dep_ == "dobj" for c in tok.children)  # "fired tear gas at them": the object decides
    for c in tok.children:
        if (c.dep_ in ("prt", "dobj") or (c.dep_ == "prep" and c.lower_ in ("on", "for", "at", "upon") and (
                c.lower_ not in ("at", "upon") or not has_object) and not any(
                p.ent_type_ in ("DATE", "TIME") or p.lower_ in TIME_WORDS for p in c.children))) \
                and c.i > tok.i:  # not "called ... on Friday"
            key = f"{lemma} {c.lower_}"
            if key in lex.verbs:
                return key, lex.verbs[key]
    if lemma in lex.verbs:
        return lemma, lex.verbs[lemma]
    return None


def _noun_senses(tok: Token, lex: EventLexicon) -> tuple[str, tuple[Trigger, ...], int] | None:
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        key = f"{prev.lower_} {tok.lemma_.lower()}"
        if key in lex.nouns:
            return key, lex.nouns[key], prev.i
        key = f"{prev.lower_} {tok.lower_}"
        if key in lex.nouns:
            return key, lex.nouns[key], prev.i
    lemma = tok.lemma_.lower()
    if lemma in lex.nouns:
        return lemma, lex.nouns[lemma], tok.i
    if tok.lower_ in lex.nouns:
        return tok.lower_, lex.nouns[tok.lower_], tok.i
    return None


def _choose(senses: tuple[Trigger, ...], tok: Token, idx: Index) -> Trigger | None:
    # a passive's subject is its object: "two journalists were arrested", "the minister was indicted"
    objs = objects_of(tok) + [c for c in tok.children if c.dep_ == "nsubjpass"]
    obj_is_place = any((idx.place_at(o) is not None and idx.actor_at(o) is None) or o.lemma_.lower() in _TERRITORY
                       for o in objs)
    obj_is_actor = any(actors_of(o, idx) for o in objs) or any(
        o.ent_type_ in ("PERSON", "NORP") or o.lemma_.lower() in ("people", "civilian", "soldier", "man",
                                                                   "woman", "child", "journalist", "protester")
        for o in objs)
    obj_words = {o.lower_ for o in objs} | {o.lemma_.lower() for o in objs} | {
        c.lower_ for o in objs for c in o.children if c.dep_ in ("compound", "amod")} | {  # "mediation efforts"
        p.lower_ for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children if p.dep_ == "pobj"}  # "a state of emergency"
    # a sense tied to its object's words ("expel the ambassador") beats a general one ("expel migrants")
    senses = tuple(sorted(senses, key=lambda s: 0 if s.object_words else 1))
    for s in senses:
        if s.object_words and not (obj_words & set(s.object_words)):
            continue
        if s.object_kind == "place" and not obj_is_place:
            continue
        if s.object_kind == "actor" and not obj_is_actor:
            continue
        if s.object_kind == "thing" and (obj_is_actor or obj_is_place or not objs):
            continue
        return s
    return None


def _mode(sense: Trigger, sent: Span, lex: EventLexicon, etype: str) -> str | None:
    """The sense's mode, unless a weapon named in the sentence says more ("a suicide bomber blew himself up",
    "jets pounded the town"); for aid, what is given decides."""
    text = " " + sent.text.lower() + " "
    if sense.mode in ("explosives", "aerial") and any(c in text for c in lex.modes.get("ASSAULT", {}).get("suicide-attack", ())):
        return "suicide-attack"  # "a suicide bomber blew himself up": the most specific weapon
    if sense.mode and etype != "AID":
        return sense.mode  # a verb that names its weapon ("shelled") or its act ("abducted") keeps it
    for mode, cues in lex.modes.get(etype, {}).items():
        for cue in cues:
            if f" {cue} " in text or f" {cue}," in text or f" {cue}." in text:
                return mode
    return sense.mode


# ------------------------------------------------------------------------------------------ main

def _clause_tokens(trigger: Token) -> set[int]:
    """Tokens of the trigger's own clause (its subtree without embedded clauses of other events)."""
    out: set[int] = set()
    stack = [trigger]
    while stack:
        t = stack.pop()
        out.add(t.i)
        for c in t.children:
            if c.dep_ in ("relcl", "ccomp") and c is not trigger:
                continue
            stack.append(c)
    return out


def _relcl_tokens(tokens: Iterable[Token]) -> set[int]:
    out: set[int] = set()
    for t in tokens:
        for c in t.subtree:
            if c.dep_ in ("relcl", "acl") and c is not t:
                out.update(x.i for x in c.subtree)
    return out


def _location(trigger: Token, clause: set[int], sent: Span, idx: Index, args: list[Actor]) -> Place | None:
    doc = trigger.doc
    # 1. places introduced by a locative preposition of the trigger itself
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in _LOC_PREPS:
            for p in c.children:
                if p.dep_ == "pobj":
                    for t in conjuncts(p):
                        pl = idx.place_at(t)
                        if pl is not None:
                            return pl
    # 2. the most specific place in the clause, then in the sentence
    # a town outside the country of the one province or region the sentence names is a misreading ("City Hall"
    # read as Schwäbisch Hall, "Colon" street as Colón, Honduras, beside "Cordoba (Cordoba)")
    units = {p.country for p in idx.places if p.feature in ("admin1", "region") and p.country
             and sent.start_char <= p.start < sent.end_char}
    units = units if len(units) == 1 else set()

    def best(places: list[Place]) -> Place | None:
        if not places:
            return None
        rank = {"country": 3, "admin1": 2, "region": 2}
        return sorted(places, key=lambda p: (bool(units) and p.country not in units, rank.get(p.feature, 0),
                                             p.start))[0]

    arg_spans = {(a.start, a.end) for a in args if a.stage != PLACE_AS_STATE}
    # the clause lies in the sentence: only the sentence's places can place the event
    places = [p for p in idx.places if sent.start_char <= p.start < sent.end_char
              and not any(s <= p.start < e for s, e in arg_spans)]
    places = [p for p in places if not any(  # "Iran-aligned militias": a backer, not a place of the event
        is_modifier_only(t) for t in (doc.char_span(p.start, p.end, alignment_mode="expand") or ()))]
    in_clause = [p for p in places if any(
        t.i in clause for t in (doc.char_span(p.start, p.end, alignment_mode="expand") or ()))]
    got = best(in_clause)
    if got is not None:
        return got
    in_sent = [p for p in places if sent.start_char <= p.start < sent.end_char]
    return best(in_sent)


def _intransitive_event(tok: Token, lex: EventLexicon) -> bool:
    """"Thousands of students protested in Bogota": a protest verb is never a passive participle, so one
    hanging off a noun is a misparsed main verb."""
    return any(s.type == "PROTEST" for s in lex.verbs.get(tok.lemma_.lower(), ()))


def _verbless(sent: Span) -> bool:
    """The parser made the whole sentence a noun phrase: its main verb hangs off a noun as a participle."""
    return sent.root.pos_ in ("NOUN", "PROPN")


def _before_number(num: Token, idx: Index) -> list[Token]:
    """"students at school no. 64 protested": a numbered name ends the subject phrase and the parser took the
    number for the subject; the first actor of the phrase (back to a comma) is who acts."""
    j = num.i
    while j > num.sent.start and num.doc[j - 1].text not in (",", ";", ":", "(", ")"):
        j -= 1
    who = [t for t in num.doc[j:num.i] if t.pos_ in ("NOUN", "PROPN") and idx.actor_at(t) is not None]
    return who[:1]


def _left_subject(verb: Token, idx: Index) -> list[Token]:
    """A finite verb without a subject in the parse: the noun phrase just before it, when nothing but
    the phrase's own words stand between them ("in Rosario, residents and workers protested")."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN") or (verb.tag_ == "VBN" and any(
            c.dep_ in ("aux", "auxpass") for c in verb.children)):
        return []  # a finite verb, or a past form the tagger took for a participle
    i = verb.i - 1
    sent_start = verb.sent.start
    while i >= sent_start and verb.doc[i].dep_ in ("advmod", "aux", "neg"):
        i -= 1
    if i < sent_start:
        return []
    tok = verb.doc[i]
    if tok.pos_ == "NUM" or tok.lower_ in ("no", "no."):
        return _before_number(tok, idx)
    if tok.pos_ not in ("NOUN", "PROPN"):
        return []
    first = tok  # "residents and workers": the first conjunct carries the others
    while first.dep_ == "conj" and first.head.pos_ == first.pos_ and first.head.i < first.i:
        if idx.place_at(first.head) is not None:
            break
        first = first.head
    return [first]


def _names_country(a: Actor, idx: Index) -> bool:
    """Does the mention itself say whose people these are ("Guatemalan workers")?"""
    if idx.kb is None:
        return True
    return any(idx.kb.state_by_demonym(w) or idx.kb.state_by_name(w) for w in a.text.replace("'s", "").split()
               if w[:1].isupper())


def _relocated(a: Actor, iso3: str, idx: Index) -> Actor:
    """A generic actor placed in another country: id, country and name follow."""
    st = idx.kb.get(iso3) if idx.kb is not None else None
    name = a.name.rsplit(" (", 1)[0] + f" ({st.name})" if st is not None and a.name.endswith(")") else a.name
    return replace(a, country=iso3, id=a.id.replace(f"{a.country}:", f"{iso3}:", 1), name=name)


def _lead_start(doc) -> int:
    """Token index of the lead sentence: the first sentence that is not a short headline."""
    cached = doc.user_data.get("_ew_lead")
    if cached is None:
        cached = next((s.start for s in doc.sents if sum(t.is_alpha for t in s) >= 12 and s.text.strip()[-1:] in ".!?\"'"),
                      0)
        doc.user_data["_ew_lead"] = cached
    return cached


def _subset(q, doc) -> bool:
    """"eight civilians, among them three children": a count inside another one is not added to it."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return False
    before = {t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start]}
    if before & {"among", "including", "includes", "included"}:
        return True  # "among them three children", "including two children"
    cur = span.root
    for _ in range(3):
        if cur.dep_ == "pobj" and cur.head.lower_ in ("among", "including", "of"):
            return True
        if cur.dep_ in ("appos",) or cur.head is cur:
            return cur.dep_ == "appos"
        cur = cur.head
    return False


def _speaker(trigger: Token, idx: Index) -> list[Actor]:
    """Actors who say the sentence that holds the event ("a British minister said ...")."""
    cur = trigger
    for _ in range(6):
        if cur.head is cur:
            return []
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in attr.REPORTING:
            return [a for c in cur.children if c.dep_ in ("nsubj", "nsubjpass") for a in actors_of(c, idx)]
    return []


# words that ask someone to act: an act in their complement clause is what is asked for ("demanded that Israel
# ease restrictions", "its demand that ...", "a reminder to Iraq that it must cooperate")
_DEMANDS = {"demand", "insist", "urge", "reminder", "ultimatum", "appeal"}


def _demander(trigger: Token, idx: Index) -> list[Actor]:
    """Who demands the act of `trigger`, when its clause completes a demand ("X demanded that Y ...", "X reiterated
    its demand that Y ...", "X issued a declaration demanding that Y ..."); [] otherwise."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    if verb.dep_ not in ("ccomp", "acl") or verb.head is verb or not any(
            c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        return []
    head = verb.head
    noun = head if head.pos_ in ("NOUN", "PROPN") else next(  # the parser hangs "that ..." on the verb of
        (c for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in _DEMANDS), None)  # "its demand"
    if head.lemma_.lower() not in _DEMANDS and noun is None:
        return []
    if noun is not None:
        owners = [c for c in noun.children if c.dep_ == "poss" and c.pos_ != "PRON"]  # "the ILO's demand"
        if owners:
            return actors_of(owners[0], idx)
        head = noun.head if noun.dep_ in ("dobj", "pobj") else head
    while head.dep_ == "acl" and head.head.dep_ in ("dobj", "pobj"):  # "issued a declaration demanding"
        head = head.head.head
    subj, passive = subject_of(head)
    return [] if passive else [a for x in subj for a in actors_of(x, idx)]


_LABOUR_STRIKE = {"general", "hunger", "national", "nationwide", "indefinite", "labour", "labor", "wildcat", "token",
                  "warning", "rolling", "day", "days", "hour", "hours", "week", "weeks", "open-ended", "workers",
                  "worker", "teachers", "doctors", "nurses", "transport", "union", "unions", "miners", "staff"}


def _labour_strike(noun: Token) -> bool:
    """"strike" as a stoppage of work: "a four-day strike", "the teachers' strike", "went on strike", "called off
    the strike"; not "an air strike" or "launched a strike"."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound", "nmod", "nummod", "poss", "npadvmod"):
            words = {w.lower() for w in c.text.replace("-", " ").split()} | {c.lemma_.lower()}
            if words & _LABOUR_STRIKE:
                return True
    gov = noun.head
    if noun.dep_ == "pobj" and gov.lower_ == "on" and gov.head.lemma_.lower() in ("go", "be", "remain", "stay"):
        return True  # "went on strike", "are on strike"
    return noun.dep_ == "dobj" and _ends(noun) and gov.lemma_.lower() != "launch"


_OFFICIAL_SECTORS = {"GOV", "IGO", "JUD"}
_ENDING = {"call off", "end", "suspend", "halt", "stop", "cancel", "abandon", "lift", "postpone"}


_OBSTRUCT = {"block", "blockade", "barricade", "obstruct", "cut", "close", "shut", "shut down", "encircle", "cordon",
             "besiege", "roadblock", "road block"}  # physical obstruction, not policy ("suspended aid deliveries")
_POWER_SECTORS = {"GOV", "MIL", "COP", "JUD", "IGO", "REB", "SPY", "BUS", "MED", "LEG", "CRM", "UAF"}


def _people(a: Actor) -> bool:
    """Neither a state, its forces or institutions, an armed group, a company nor an outlet: people, their
    unions, communities and associations (unknown organisations included)."""
    return a.kind not in ("state", "armed_group") and a.sector not in _POWER_SECTORS


def _official(a: Actor) -> bool:
    """A state, its government or courts, or an intergovernmental body: not a crowd."""
    return a.kind == "state" or (a.sector in _OFFICIAL_SECTORS and a.kind != "armed_group")


def _ends(noun: Token) -> bool:
    """The event noun is what its verb ends: "called off a four-day strike", "suspended the protests"."""
    gov = noun.head
    if noun.dep_ != "dobj" or gov is noun:
        return False
    lemma = gov.lemma_.lower()
    return lemma in _ENDING or any(f"{lemma} {c.lower_}" in _ENDING for c in gov.children if c.dep_ == "prt")


def _obliged(trigger: Token) -> bool:
    """True when a "must"/"should" governs the trigger's clause below the reporting verb, even behind another
    governor ("said the US must be ready to mediate": an obligation, not an offer)."""
    cur = trigger
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in ("must", "should", "ought") for c in cur.children):
            return True
        if cur.dep_ not in ("xcomp", "acomp") or cur.head is cur:
            return False
        cur = cur.head
    return False


def _future(trigger: Token) -> bool:
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "'ll", "wo", "shall") for c in verb.children)


_CAUSE_PREPS = {"in", "during", "to", "from", "by", "under"}
# the attack nouns the lexicon does not list as triggers but a cause names: "killed in police firing"
_FIRE_NOUNS = {"firing", "fire", "crossfire", "gunfire", "shelling", "bombardment", "raid", "crackdown", "beating"}


def _agent_of_cause(tok: Token, idx: Index, lex: EventLexicon) -> list[Actor]:
    """Who kills when a death or an injury is put down to an attack named by its agent: "99 persons have been
    killed in police firing", "77 deaths due to police firing", "succumbed to army shelling", "died in an Israeli
    air strike". The attack noun's compound, adjective or possessive names the source."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in _CAUSE_PREPS]
    for c in tok.children:  # "due to police firing", "because of army shelling"
        if c.dep_ in ("prep", "amod", "advmod") and c.lower_ in ("due", "because", "owing"):
            preps.extend(x for x in c.children if x.dep_ in ("prep", "pcomp") and x.lower_ in ("to", "of"))
    for prep in preps:
        for p in prep.children:
            if p.dep_ != "pobj":
                continue
            nxt = p.doc[p.i + 1] if p.i + 1 < len(p.doc) else None
            if nxt is not None and nxt.lower_ in _FIRE_NOUNS and actors_of(p, idx):
                return actors_of(p, idx)  # the parser's "in [police] [firing]": the agent as the object
            lemma = p.lemma_.lower()
            if lemma not in _FIRE_NOUNS and not any(s.type == "ASSAULT" for s in lex.nouns.get(lemma, ())):
                continue
            agents: list[Actor] = []
            for m in p.children:
                if m.dep_ in ("compound", "amod", "poss"):
                    st = idx.state_of_demonym(m)
                    agents.extend(actors_of(m, idx) or ([st] if st is not None else []))
            if agents:
                return agents
    return []


# a gathering is a demonstration only when something says so: its purpose, its cause, its crowd or a protest word
_GATHER = {"gather", "assemble", "converge", "congregate"}
_PROTEST_WORDS = ("protest", "demonstrat", "rally", "march", "vigil", "sit-in", "picket", "slogan", "chant",
                  "placard", "banner", "petition", "demand", "denounc", "condemn", "repudiat", "complain", "solidarity",
                  "tribute", "commemorat", "mourn", "in support", "in favour", "in favor", "boycott", "activist",
                  "supporter", "opposition", "critici", "oppos", "reject", "urge", "urging", "call for", "called for",
                  "calling for", "decr", "express", "voice", "honour", "honor", "anniversary", "memory of")


def _mere_gathering(tok: Token, word: str, sources: list[Actor]) -> bool:
    """"the market where traders had gathered", "as worshippers assembled for prayers": people coming together
    is no demonstration unless its clause gives a purpose ("gathered to demand jobs"), a protest word
    ("gathered outside parliament chanting slogans") or its crowd is political ("opposition supporters
    gathered"). Only the gathering verbs of the lexicon are judged; "protested", "marched" are protests."""
    if word not in _GATHER:
        return False
    if any(c.dep_ in ("xcomp", "advcl") and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
           for c in tok.children):
        return False  # "gathered to demand decent jobs", "gathered to pay tribute"
    if any(c.dep_ == "prep" and c.lower_ in ("outside", "against") for c in tok.children):
        return False  # "gathered outside the courthouse", "gathered against the reform"
    text = tok.sent.text.lower()
    if any(w in text for w in _PROTEST_WORDS):
        return False
    # a political crowd, or a named body's members ("members of the Students' Alliance gathered")
    return not any(a.sector in ("OPP", "PTY", "LAB", "EDU") or (a.proper and a.kind == "organisation")
                   for a in sources)


def _recent(date: Time | None, published: dt.date | None, days: int = 31) -> bool:
    """The text dates the event itself ("on Monday", "this week") and that date lies within `days` before
    publication."""
    if date is None or not date.text or not date.latest or published is None:
        return False
    try:
        return 0 <= (published - dt.date.fromisoformat(date.latest)).days <= days
    except ValueError:
        return False


def _event_id(article_id: str, start: int, etype: str) -> str:
    return hashlib.sha1(f"{article_id}:{start}:{etype}".encode()).hexdigest()[:16]


def events_in_sentence(sent: Span, ann: AnnotatedArticle, idx: Index, lex: EventLexicon,
                       published: dt.date | None) -> list[Event]:
    claimants = attr.find_claimants(sent, idx.actors, ann.article.outlet)
    folded: set[int] = set()
    found: list[tuple[Token, Trigger, str, int]] = []
    for tok in sent:
        if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.lemma_ != "be") or (
                tok.pos_ == "ADJ" and tok.dep_ in ("ccomp", "xcomp", "ROOT", "conj", "advcl")):
            if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in ("acl",) and tok.head.pos_ in ("NOUN", "PROPN")
                                      and not any(c.dep_ == "dobj" for c in tok.children)
                                      and not _verbless(sent) and not _intransitive_event(tok, lex)):
                continue  # "Iran-backed", "militias, supported by Russian air power": relations, not events
            if tok.lemma_.lower() in attr.REPORTING and (
                    tok.lemma_.lower() != "deny" or not any(c.dep_ == "dobj" for c in tok.children)):
                continue  # "denied the report" reports; "denied land allocation" refuses
            if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in attr.SOURCE_NOUNS:
                continue  # "a source speaking on condition of anonymity": who says so, not an event
            hit = _verb_senses(tok, lex)
            if hit is None:
                continue
            sense = _choose(hit[1], tok, idx)
            if sense is not None:
                found.append((tok, sense, hit[0], tok.i))
        elif (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.dep_ == "dobj" and is_light(tok.head))) \
                and (tok.dep_ != "compound" or tok.head.lemma_.lower() in _GENERIC_HEADS):  # "the LGBT Pride March"
            hit = _noun_senses(tok, lex)
            if hit is None:
                continue
            if tok.dep_ == "compound":  # "a mediation mission between X and Y": the head carries the event
                hit = (hit[0], hit[1], min(hit[2], tok.i))
                tok = tok.head
            sense = _choose(hit[1], tok, idx) if hit[1][0].object_kind in (None, "any") else hit[1][0]
            if sense is None:
                sense = hit[1][0]
            if hit[0] == "strike" and _labour_strike(tok) and "general strike" in lex.nouns:
                sense = lex.nouns["general strike"][0]  # "a four-day strike" by teachers is not an air strike
            found.append((tok, sense, hit[0], hit[2]))
    # fold purpose clauses of deployments: "crossed into Syria to support Assad's forces"
    by_tok = {t.i: (t, s, w, f) for t, s, w, f in found}
    purpose_target: dict[int, Token] = {}
    for tok, sense, word, first in found:
        if tok.dep_ not in ("xcomp", "advcl") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            continue
        gov = tok.head
        while gov.i not in by_tok and gov.dep_ in ("conj", "xcomp", "advcl") and gov.head is not gov:
            gov = gov.head  # "blocked a road and set fire to tyres to demand ..."
        if gov.i not in by_tok:
            continue
        head_type = by_tok[gov.i][1].type
        if sense.type in _PURPOSE_FOLD and head_type == "MOBILIZE":
            folded.add(tok.i)
            objs = objects_of(tok) or [o for c in tok.children if c.dep_ == "xcomp" for o in objects_of(c)]
            if objs:  # "send troops to support X", "send material to help defend X"
                purpose_target[gov.i] = objs[0]
        elif sense.type in ("REQUEST", "SUPPORT", "ACCUSE") and head_type in ("PROTEST", "COERCE", "ASSAULT"):
            folded.add(tok.i)  # "protested to demand higher wages": the demand is what the protest is about
            if head_type == "PROTEST":  # whom the demand addresses is whom the protest addresses
                src = {t.i for t in subject_of(gov)[0]}
                for t in tok.subtree:
                    if t.i not in src and idx.actor_at(t) is not None and not is_modifier_only(t):
                        purpose_target.setdefault(gov.i, t)
                        break
    built: list[tuple[Token, Event]] = []
    for tok, sense, word, first in found:
        if tok.i in folded:
            continue
        ev = _build(tok, sense, word, first, sent, ann, idx, lex, published, claimants,
                    purpose_target.get(tok.i))
        if ev is not None:
            built.append((tok, ev))
    _causes_of_protest(built)
    _promises_to_cooperate(built)
    return [ev for _, ev in built]


_PROMISE_VERBS = {"vow", "swear", "pledge", "promise"}


def _promises_to_cooperate(built: list[tuple[Token, Event]]) -> None:
    """"X vowed to fight alongside Y", "swore to stand with Y": a vow whose complement is cooperation is a promise
    (PLOVER AGREE), not a threat; its target is the partner, so the edge is an alliance."""
    by_tok = {t.i: ev for t, ev in built}
    for tok, ev in built:
        if ev.type != "THREATEN" or tok.lemma_.lower() not in _PROMISE_VERBS:
            continue
        comp = [by_tok[c.i] for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.i in by_tok]
        if comp and all(c.type in COOPERATIVE for c in comp):
            ev.type, ev.mode, ev.cameo = "AGREE", None, codes.cameo("AGREE", None, "030")
            ev.acled = codes.acled("AGREE", None, ev.sources, ev.targets)


def _causes_of_protest(built: list[tuple[Token, Event]]) -> None:
    """Violence named inside a protest's own words is what the protest is about, not a new event: "relatives of
    a man who was killed protested", "a protest demanding justice for the killing of a man". Such an event (its
    word a noun, or reached from the protest through a noun) is background; "protesters marched and set fire to
    tyres" (a verb joined to the protest's verb) is not."""
    for ptok, pev in built:
        if pev.type != "PROTEST":
            continue
        scope = ptok.head if ptok.dep_ in ("dobj", "pobj") and is_light(ptok.head) else ptok  # "staged a protest"
        inside = {t.i for t in scope.subtree} - {ptok.i, scope.i}
        for tok, ev in built:
            if ev is pev or tok.i not in inside or ev.type not in ("ASSAULT", "COERCE"):
                continue
            cur, through_noun = tok, tok.pos_ in ("NOUN", "PROPN")
            for _ in range(20):  # tok lies in scope's subtree: its head chain reaches scope
                if cur.i in (ptok.i, scope.i) or cur.head.i == cur.i:
                    break
                cur = cur.head
                if cur.i not in (ptok.i, scope.i) and cur.pos_ in ("NOUN", "PROPN", "PRON"):
                    through_noun = True
            if through_noun and ev.attribution.status == "reported":
                ev.attribution.status, ev.attribution.cue = "background", pev.trigger
                ev.confidence = max(0.05, ev.confidence - 0.3)


def _build(tok: Token, sense: Trigger, word: str, first: int, sent: Span, ann: AnnotatedArticle, idx: Index,
           lex: EventLexicon, published: dt.date | None, claimants, purpose_obj: Token | None, *,
           agentless: bool = False) -> Event | None:
    """One event from its word and sense. `agentless`: keep it even when no actor is found (the trained
    event stage has read the whole sentence as an event: "On 3 May, an IED exploded near a market")."""
    doc = tok.doc
    etype = sense.type
    sources: list[Actor] = []
    targets: list[Actor] = []
    claimed_by: list[Actor] = []
    if sense.nominal:
        gov = tok.head
        if tok.dep_ in ("dobj", "pobj") and gov.dep_ == "prep" and gov.lower_ not in _TEMPORAL_PREPS:
            gov = gov.head  # "took part in a protest"; not "extend the curfew after recent unrest"
        if gov.lemma_.lower() == "responsibility" and gov.head.lemma_.lower() in ("claim", "take", "accept", "admit"):
            subj, _ = subject_of(gov.head)  # "IS claimed responsibility for a bombing"
            for s in subj:
                claimed_by.extend(actors_of(s, idx) or resolve_pronoun(s, idx, sent))
            sources.extend(claimed_by)
        if tok.dep_ in ("dobj", "pobj") and (is_light(gov) or (etype == "PROTEST" and _ends(tok))):
            subj, passive = subject_of(gov)
            if not passive:
                for s in subj:
                    sources.extend(actors_of(s, idx) or resolve_pronoun(s, idx, sent) or ad_hoc_actor(s, idx, etype))
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.i < first):
                # "Hamas's attack", "Houthi attacks"; not the weapon in "a drone attack"
                sources.extend(a for a in actors_of(c, idx) if a.proper or a.kind == "state" or c.dep_ == "poss")
            elif c.dep_ == "prep" and c.lower_ == "by":
                sources.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
            elif c.dep_ == "prep" and c.lower_ == "between" and sense.symmetric:
                # "fighting between the army and the RSF": both sides act
                sources.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
            elif c.dep_ == "prep" and (c.lower_ in sense.target_preps or c.lower_ in ("on", "against", "of")):
                targets.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
            elif c.dep_ == "amod":
                a = idx.actor_at(c) or idx.state_of_demonym(c)  # "Palestinian riots", "Russian strikes"
                if a is not None:
                    sources.append(a)
        if not sources and sense.symmetric and gov is not tok:
            # "Clashes were recorded between demonstrators and police": the parser hangs "between" on the verb
            sources.extend(a for c in gov.children if c.dep_ == "prep" and c.lower_ == "between"
                           for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
        if not targets and gov is not tok:  # "claimed a drone attack on a US base": the prep hangs on the verb
            for c in gov.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "against") and c.i > tok.i:
                    targets.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
    else:
        subj, passive = subject_of(tok)
        if passive and any(c.dep_ == "prep" and c.lower_ == _ACTIVE_IDIOMS.get(tok.lemma_.lower())
                           for c in tok.children):
            passive = False  # "Israel is opposed to X", "forces were engaged in ethnic cleansing": the subject acts
        if tok.lemma_.lower() in ("speak", "talk") and any(x.lemma_.lower() in attr.SOURCE_NOUNS for x in subj):
            return None  # "the source said, speaking on condition of anonymity": attribution, not a meeting
        if not subj and tok.dep_ == "acl" and (_verbless(sent) or _intransitive_event(tok, lex)):
            subj = [tok.head]  # "students at school protested ...", parsed as a noun phrase
            if tok.head.pos_ == "NUM":  # "... at school no. 64 protested": the number is no one
                subj = _left_subject(tok, idx)
        elif not subj and tok.dep_ not in ("xcomp", "acl", "amod"):
            subj = _left_subject(tok, idx)  # the parse lost the subject: "..., residents and workers protested"
        subj = [x for s in subj for x in (_before_number(s, idx) if s.pos_ == "NUM" and idx.actor_at(s) is None
                                          else [s])]  # "... at Secondary no. 73 protested": 73 is no one
        for s in subj:
            got = actors_of(s, idx) or resolve_pronoun(s, idx, sent) or ad_hoc_actor(s, idx, etype)
            (targets if passive else sources).extend(got)
        if passive:
            for c in tok.children:
                if c.dep_ == "agent":
                    sources.extend(a for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx))
        # "contribute 4,000 troops to a force", "sent fighters to the government": with a recipient after "to",
        # the object is what is given ("arm the rebels", "help the army": without one, the object is helped)
        given = etype == "AID" and any(c.dep_ in ("prep", "dative") and c.lower_ == "to" and any(
            p.dep_ == "pobj" and actors_of(p, idx) for p in c.children)
            for c in [*tok.children, *(x for o in objects_of(tok) for x in o.children)])  # "intelligence to X"
        if (etype != "MOBILIZE" or purpose_obj is None) and not given:
            for o in objects_of(tok):
                if etype in ("MOBILIZE", "RETREAT") and not actors_of(o, idx):
                    continue
                got = actors_of(o, idx) or resolve_pronoun(o, idx, sent)
                if etype in ("MOBILIZE", "RETREAT"):  # what is moved is not a target: "withdrew its forces"
                    got = [a for a in got if a.proper and a.country not in {s.country for s in sources}]
                targets.extend(got)
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in sense.target_preps:  # "provided X to Macedonia"
                for p in c.children:
                    if p.dep_ == "pobj":
                        got = actors_of(p, idx)
                        if etype in ("MOBILIZE", "RETREAT", "AID") and got and all(a.kind == "state" for a in got) \
                                and idx.place_at(p) is not None and etype != "AID":
                            continue  # "crossed into Syria": a destination, not a target
                        targets.extend(got)
        if purpose_obj is not None:
            targets.extend(actors_of(purpose_obj, idx))
        if not targets:  # "fired missiles at an American destroyer": the object carries the target
            for o in objects_of(tok):
                for p in o.children:
                    if p.dep_ == "prep" and p.lower_ in sense.target_preps and p.lower_ not in ("in", "of"):
                        targets.extend(a for q in p.children if q.dep_ == "pobj" for a in actors_of(q, idx))
        if not targets and etype in ("AID", "SUPPORT", "COOPERATE"):
            # "helping government forces subdue the rebellion": the one helped is the subject of the complement
            for c in tok.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    for s in c.children:
                        if s.dep_ == "nsubj":
                            targets.extend(actors_of(s, idx))
        if not targets and etype in ("THREATEN", "ACCUSE", "REQUEST", "REJECT", "SUPPORT"):
            # "warned it will not allow Iran to ...": the first other actor in the complement
            src_ids = {a.id for a in sources}
            for c in tok.children:
                if c.dep_ in ("ccomp", "xcomp"):
                    for t in c.subtree:
                        a = idx.actor_at(t)
                        if a is not None and a.id not in src_ids and not is_modifier_only(t):
                            targets.extend(with_conjuncts(t, a, idx, src_ids))  # "with Congo and Costa Rica"
                            break
                        st = idx.state_of_demonym(t) if a is None and t.dep_ == "amod" else None
                        if st is not None and st.id not in src_ids:
                            targets.append(st)  # "threatened to shell Iraqi towns"
                            break
                if targets:
                    break
        if not targets:
            # "offered to negotiate with the president of Armenia", "agreed to provide aid for Romania"
            for c in tok.children:
                if c.dep_ == "xcomp":
                    for o in objects_of(c):
                        targets.extend(actors_of(o, idx))
                    for p in c.children:
                        if p.dep_ == "prep" and p.lower_ in ("with", "to", "for", "against", "on", "at"):
                            targets.extend(a for q in p.children if q.dep_ == "pobj" for a in actors_of(q, idx))
        if not targets and etype not in ("MOBILIZE", "RETREAT", "PROTEST", "CONSULT"):
            # "blockade Paris", "aid for Lebanon": a place acted upon stands for its state
            acted_on = objects_of(tok) + [q for p in tok.children if p.dep_ == "prep" and p.lower_ in sense.target_preps
                                          for q in p.children if q.dep_ == "pobj"]
            # "retook a village in western Cambodia", "shelled the capital Kabul": a settlement acted upon, named
            # by where it lies, stands for that place's state too
            where = [q for o in acted_on if o.lemma_.lower() in _TERRITORY and idx.place_at(o) is None
                     for q in [*(x for p in o.children if p.dep_ == "prep" and p.lower_ in ("in", "near", "of")
                                 for x in p.children if x.dep_ == "pobj"),
                               *(c for c in o.children if c.dep_ in ("appos", "compound"))]]
            targets.extend(a for q in where for a in actors_of(q, idx) if a.kind == "state")  # "in Cambodia"
            for o in ([] if targets else acted_on + where):
                pl = idx.place_at(o)
                if pl is not None and pl.country and idx.actor_at(o) is None:
                    st = idx.state(pl.country, o)
                    if st is not None:
                        targets.append(st)
    if not sources and etype == "ASSAULT":
        sources = _agent_of_cause(tok, idx, lex)  # "99 persons were killed in police firing"
    partners, opponents = comrades(tok, idx) if sources and etype in _HOSTILE_ACTS else ([], [])
    if partners:
        # "fought side by side with the PDF against the junta": the PDF fights with them, the junta is fought
        mates = {a.id for a in partners}
        targets = [a for a in targets if a.id not in mates] + [a for a in opponents if a not in targets]
        if not targets:
            # "will fight alongside the PDF", "fought side by side with the KNU": military cooperation; a state's
            # forces fighting beside another country's side ("its troops were fighting alongside M23 rebels in
            # Congo") give it military aid
            targets = [a for a in partners if a.id not in {s.id for s in sources}]
            foreign = all((a.kind == "state" or a.sector in ("MIL", "GOV")) and a.country for a in sources) and all(
                a.country and a.country not in {s.country for s in sources} for a in targets)
            etype, mode_cameo = ("AID", ("military", "072")) if foreign else ("COOPERATE", ("military", "062"))
            sense = replace(sense, type=etype, mode=mode_cameo[0], cameo=mode_cameo[1], symmetric=False)
        else:
            sources = sources + [a for a in partners if a.id not in {s.id for s in sources}]
    src_ids = {a.id for a in sources}
    if etype == "PROTEST" and not targets:
        targets = protested(tok, idx, src_ids)
    if not targets and etype == "MOBILIZE":
        targets = mobilised_against(tok, idx)
    slot_target = bool(targets)  # named by an argument slot, not by the fallback below
    founding = etype == "COOPERATE" and "alliance" in sense.object_words  # "formed an alliance": with whom it says
    if not targets and sources and etype not in NO_RECIPIENT_FALLBACK and not sense.symmetric and not founding:
        targets = first_recipient(tok, idx, src_ids, places=etype in ACTS_ON_PLACES, cooperative=etype in COOPERATIVE)
    targets = [a for a in targets if a.id not in src_ids]
    if not sources and not targets and not agentless:
        return None
    if etype == "PROTEST" and _mere_gathering(tok, word, sources):
        return None  # "a drone strike hit the market where traders had gathered": no demonstration
    inanimate_subject = etype == "ASSAULT" and targets and any(  # "an explosion killed two youths"
        c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.lemma_.lower() not in _CUMULATIVE
        and not (c.lemma_.lower() in lex.nouns and any(x.dep_ == "prep" and x.lower_ == "between" for x in c.children))
        for c in tok.children  # "clashes between X and Y killed 55": the clash event holds the deaths
    ) and not any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children)  # not a running toll
    if not sources and not inanimate_subject and not agentless and (
            sense.nominal or not any(c.dep_ == "nsubjpass" for c in tok.children)):
        return None  # nobody acts: only an agentless passive ("two soldiers were killed") is kept
    status, cue = attr.status_of(tok, lex.status)
    if claimed_by:
        status, cue = "claimed", "claimed responsibility"
    elif status == "reported" and attr.says_own_act(tok, {a.id for a in sources}, idx.actors):
        status, cue = "claimed", "says it did"
    clause = _clause_tokens(tok)
    # times inside relative clauses date the noun they describe ("the rebellion that began in 2011")
    excluded = {i for i in _relcl_tokens([sent.root]) if not any(t.i == tok.i for t in doc[i:i + 1])}
    excluded -= {t.i for t in tok.subtree} - _relcl_tokens([tok])
    date = time_for(tok, clause, sent, idx, published, excluded)
    if date is not None and date.text and date.precision in ("day", "week", "month", "range"):
        idx.last_date = date
    date = date or tense_default(tok, published, status)  # None without a publication date
    if status == "reported" and date is not None and date.latest and published is not None:
        try:
            if (published - dt.date.fromisoformat(date.latest)).days > 365:
                status, cue = "background", date.text or None
        except ValueError:
            pass
    if founding and status == "background" and _recent(date, published):
        # "the groups had formed the alliance on Monday": a founding dated days ago is the news, whatever the tense
        status, cue = "reported", None
    # nominal events after "following"/"after": before the clause that governs them
    if sense.nominal:
        gov = tok.head
        if gov.dep_ == "prep" and gov.lower_ in _AFTER and published is not None and (
                date is None or not date.text):
            latest = published - dt.timedelta(days=1)
            date = Time(text="", start=-1, end=-1, value=f"../{iso(latest)}", precision="range",
                        earliest=None, latest=iso(latest), stage=NAME)
    location = _location(tok, clause, sent, idx, sources + targets)
    if location is not None and location.country and etype in ("ASSAULT", "COERCE"):
        # civilians hit where the event happened are that place's people, not the story's main country's
        targets = [_relocated(a, location.country, idx) if a.sector == "CVL" and not a.proper
                   and a.country != location.country and not _names_country(a, idx) else a for a in targets]
    quants = [q for q in idx.quantities if sent.start_char <= q.start < sent.end_char]
    fatalities = None
    if etype == "ASSAULT":
        killed = [q for q in quants if q.killed and not _subset(q, doc)]
        if killed:
            fatalities = sum((q.min or q.max or 0) for q in killed)
    mode = _mode(sense, sent, lex, etype)
    if sense.nominal and any(c.lower_ in ("joint", "combined") for c in tok.children) and etype in (
            "MOBILIZE", "ASSAULT"):
        etype, mode = "COOPERATE", "military"  # "a joint military exercise", "a joint operation"
    if etype == "CONSULT" and mode is None and location is not None and sources and location.country and \
            location.country not in {a.country for a in sources} and location.country in {a.country for a in targets}:
        mode = "visit"  # met the host in the host's country
    if purpose_obj is not None and etype == "MOBILIZE" and targets:
        etype, mode = "AID", "military"
    cue_l = (cue or "").lower()
    speaker = _speaker(tok, idx)
    demander = _demander(tok, idx) if sources and etype != "REQUEST" else []
    if status == "hypothetical" and (cue_l in _OBLIGATION_CUES or _obliged(tok)) and speaker and sources:
        # "X said Libya must hand over the suspects": X asks Libya to act
        targets, sources = sources, speaker
        etype, mode, status = "REQUEST", None, "reported"
    elif demander and not {a.id for a in demander} & {a.id for a in sources}:
        # "the ILO reiterated its demand that Israel ease restrictions": the ILO asks Israel to act
        targets, sources = sources, demander
        etype, mode, status = "REQUEST", None, "reported"
    elif status == "hypothetical" and etype in _COOPERATIVE_ACTS and cue_l in _INTENT_CUES:
        etype, status = "AGREE", "reported"  # "Finland will give Tanzania a grant": a promise
    elif status == "negated" and cue_l in _REFUSALS:
        etype, mode, status = "REJECT", None, "reported"  # "declined to resign": a refusal is an event
    elif status == "negated" and etype in COOPERATIVE and _future(tok):
        etype, status = "REJECT", "reported"  # "Syria will not accept more refugees": a refusal
    if etype == "PROTEST" and word in ("protest", "mobilise", "mobilize") and sources and all(
            _official(a) or (a.sector == "MIL" and word != "protest") for a in sources):
        # PLOVER's PROTEST is civilians acting together: a state "mobilised reservists"; a government that
        # "lodged a protest with X" accuses
        if word in ("mobilise", "mobilize"):
            etype, mode = "MOBILIZE", "troops"
            targets = [a for a in targets if a.country not in {s.country for s in sources}]  # its own reservists
            targets = targets or mobilised_against(tok, idx)
        else:
            etype, mode = "ACCUSE", "disapprove"
            targets = targets or [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("with", "to")
                                  for p in c.children if p.dep_ == "pobj" for a in actors_of(p, idx)]
    if etype == "PROTEST" and sense.nominal and _ends(tok):
        etype, mode = "CONCEDE", None  # "the union called off its strike": easing dissent (CAMEO 082)
    if etype == "COERCE" and mode == "withhold" and sources and all(a.sector in ("NGO", "IGO") for a in sources):
        etype, mode = "SANCTION", "discontinue"  # an aid agency suspending deliveries, not a state withholding them
    if etype == "COERCE" and status == "hypothetical" and cue_l in _ANNOUNCED:
        etype, mode, status = "THREATEN", "restrict", "reported"  # "farmers said they would blockade Paris"
    if etype == "COERCE" and mode in ("restrict", "withhold", None) and word in _OBSTRUCT and sources and all(
            _people(a) for a in sources):
        # demonstrators, workers, unions, communities blocking a road or an entrance protest; they do not coerce
        etype, mode = "PROTEST", "obstruct"
    if etype == "ASSAULT" and mode in ("destroy", None, "primitive") and sources and all(
            a.sector in ("CVL", "OPP") and a.kind != "armed_group" for a in sources) and targets and all(
            a.sector == "COP" for a in targets):
        etype, mode = "PROTEST", "riot"  # supporters torching cars and fighting police riot; they do not wage war
    if etype == "AID" and word in ("train", "arm") and sources and all(
            a.country in {s.country for s in sources} for a in targets):
        etype, mode = "MOBILIZE", "troops"  # "North Korea has trained 500 hackers": readying its own forces
        targets = mobilised_against(tok, idx)  # "... capable of launching cyber warfare against the US"
    if etype == "MOBILIZE" and "peacekeep" in sent.text.lower():
        etype, mode = "AID", "peacekeeping"
        if not targets and location is not None and location.country and location.country not in {
                a.country for a in sources}:
            where = doc.char_span(location.start, location.end, alignment_mode="expand")
            st = idx.state(location.country, where.root if where is not None else tok)  # "arrived in Bosnia"
            targets = [st] if st is not None else []
    if status == "hypothetical" and etype in _THREAT_TYPES and cue_l in _THREAT_CUES:
        # PLOVER: a conditional or announced use of force is a threat, not an assault ("could strike Iran")
        etype, mode = "THREATEN", _THREAT_TYPES[etype]
        status = "reported"
    civ = any(q.what in ("civilian", "people", "resident", "villager", "child", "woman") and q.killed for q in quants)
    attribution = attr.attribution_for(tok, claimants, status, cue, {a.id for a in sources})
    conf = sense.weight + (0.1 if sources else -0.15) + (0.05 if targets and slot_target else 0) + (
        0.05 if location else 0)
    if ann.doc is not None and sent.start == _lead_start(ann.doc):
        conf += 0.05  # wire copy states its main fact in the lead sentence
    trig_span = doc[first:tok.i + 1]
    return Event(
        id=_event_id(ann.article.id, trig_span.start_char, etype), type=etype, mode=mode,
        trigger=trig_span.text, trigger_start=trig_span.start_char, trigger_end=trig_span.end_char,
        evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char),
        cameo=codes.cameo(etype, mode, sense.cameo),
        acled=codes.acled(etype, mode, sources, targets, civilians_hit=civ, fatalities=fatalities,
                          symmetric=sense.symmetric),
        sources=dedupe(sources), targets=dedupe(targets), location=location, date=date,
        quantities=[q for q in quants if q.start >= sent.start_char], fatalities=fatalities,
        attribution=attribution, confidence=max(0.05, min(conf, 0.99)), stage=NAME,
    )


def _at_seat(place: Place, gazetteer) -> Place:
    """An event known only to lie in a province is drawn at the province's namesake city, as ACLED codes such
    events to the provincial capital (geo-precision 3): "in Mendoza province" -> Mendoza. The place keeps its
    name, division and feature, so its precision stays visible; without a namesake town the point is unchanged."""
    if gazetteer is None or place.lat is None or place.lon is None:
        return place
    towns = [e for e in gazetteer.candidates(place.name) if e.feature == "city" and e.country == place.country
             and (e.admin1 == place.admin1 or haversine_km(e.lat, e.lon, place.lat, place.lon) < 400)]
    if not towns:
        return place
    seat = max(towns, key=lambda e: (e.admin1 == place.admin1, e.population))
    return replace(place, lat=seat.lat, lon=seat.lon)


def run(ann: AnnotatedArticle, res) -> AnnotatedArticle:
    doc = ann.doc
    if doc is None:
        return ann
    lex: EventLexicon = res.lexicon
    published = published_date(ann)  # None: relative dates stay unresolved, never counted from today
    from eventwire.stages.actors import focus_countries, generic_actor, retype_by_place
    from eventwire.stages.demands import demands_follow_the_protest, protesters_speak
    from eventwire.stages.model_events import arbitrate, event_from_model, recode_acled

    retype_by_place(doc, ann.actors, ann.places, res.kb)
    focus = focus_countries(doc, res.kb, ann.actors)
    places_c = [p.country for p in ann.places if p.country and p.feature != "country"]
    main = focus[0] if focus else (places_c[0] if places_c else None)
    if main:  # people named by a common noun belong to the story's country, found from its places too
        st = res.kb.get(main)
        for i, a in enumerate(ann.actors):
            span = doc.char_span(a.start, a.end, alignment_mode="expand") if a.sector == "OPP" else None
            if a.country is None and not a.proper and span is not None:
                # "the shadow administration" in a story about Myanmar: Myanmar's known counter-government
                b = generic_actor(span, main, a.sector, a.kind, span.root.lemma_.lower(), res.kb)
                if b.known:
                    b.text, b.start, b.end = a.text, a.start, a.end
                    ann.actors[i] = b
                    continue
            if a.country is None and not a.known and a.kind in ("person", "organisation") and a.sector != "IGO":
                # a person or body the knowledge base does not know and nothing else places belongs to the
                # story's country ("President Laurent Gbagbo ... curfew in Abidjan", "candidate Alassane Ouattara")
                a.country = main
            elif a.country is None and not a.proper and a.kind == "generic":
                a.country = main
                a.id = a.id.replace("XXX:", f"{main}:", 1)
                if st is not None:
                    a.name = a.name.replace("unknown country", st.name)
    idx = Index(ann, res.kb, main)
    words = res.trigger_words
    preds = ann.predictions  # the trained event stage's reading of each sentence (stages/event_model.py)
    events: list[Event] = []
    for sent in doc.sents:
        budget.check()
        found: list[Event] = []
        if any(t.lemma_.lower() in words or t.lower_ in words for t in sent):
            found = events_in_sentence(sent, ann, idx, lex, published)
        if not found and preds:  # the lexicon is silent: the model decides
            ev = event_from_model(sent, preds.get(sent.start_char), ann, idx, lex, published, events)
            found = [ev] if ev is not None else []
        events.extend(found)
    merged = merge_events(events)
    protesters_speak(merged)
    if preds:
        arbitrate(merged, preds)
        recode_acled(merged, preds)
    demands_follow_the_protest(merged)
    ann.events = codes.harmonise_acled(merged)
    for ev in ann.events:
        if ev.location is not None and ev.location.feature == "admin1":
            ev.location = _at_seat(ev.location, res.gazetteer)
    ann.actors.sort(key=lambda a: a.start)  # actors typed from context joined the mentions
    ann.stages.append(NAME)
    return ann


# events also retypes actors by the places around them and gives generic ones the story's country
STAGE = Stage("events", NAME, reads=("doc", "article.published", "actors", "places", "times", "quantities",
                                     "predictions"), writes=("events", "actors"), run=run)
