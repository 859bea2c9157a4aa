"""Trigger words of the events stage: which sense of a lexicon word a token carries, and its mode.

A trigger is a verb or noun of the event lexicon (data/lexicons/events.yaml), with one or more senses; the sense
whose object fits ("expel the ambassador" vs "expel migrants") is chosen, and a weapon or a thing given named in
the sentence can make its mode more specific. Part of the events stage (`events.NAME`).
"""

from __future__ import annotations

import functools
import re

from spacy.tokens import Span, Token

from eventwire.lexicons import EventLexicon, Trigger
from eventwire.stages.arguments import Index, actors_of, human_noun, objects_of, subject_of
from eventwire.stages.event_time import TIME_WORDS
from eventwire.wordlists import words


# heads that only frame the event word before them: "a mediation mission", "peace efforts", "a rescue operation"
GENERIC_HEADS = {"mission", "effort", "efforts", "bid", "drive", "campaign", "initiative", "process", "operation",
                  "operations", "plan", "attempt", "move"}


TERRITORY = {"village", "town", "city", "district", "area", "territory", "region", "province", "base", "airport",
              "hill", "position", "positions", "outpost", "checkpoint", "crossing", "port", "bridge", "neighbourhood",
              "neighborhood", "suburb", "capital", "stronghold", "enclave", "island", "valley", "camp", "border"}


def verb_senses(tok: Token, lex: EventLexicon) -> tuple[str, tuple[Trigger, ...]] | None:
    lemma = tok.lemma_.lower()
    if lemma == "set" and any(t.lower_ in ("fire", "ablaze", "alight") for t in tok.subtree if t.i > tok.i):
        key = "set fire"  # "set fire to tyres", "set the office on fire", "set ablaze"
        if key in lex.verbs:
            return key, lex.verbs[key]
    doc = tok.doc
    if tok.i > 1 and doc[tok.i - 1].text == "-" and doc[tok.i - 1].whitespace_ == "" \
            and doc[tok.i - 2].whitespace_ == "":
        key = f"{doc[tok.i - 2].lower_} {lemma}"  # "lathi-charged", "baton-charged": the compound, not "charged"
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
    if tok.lower_ in lex.verbs:
        return tok.lower_, lex.verbs[tok.lower_]  # a form the lexicon lists where the tagger errs ("raped" -> "rap")
    return None


# "the firing of the minister": a dismissal, not gunfire (what "of" introduces is a person or an office)
_DISMISSED = frozenset({"minister", "chief", "official", "director", "head", "coach", "commander", "governor",
                        "employee", "worker", "staff", "officer", "manager", "secretary", "general", "judge"})


def noun_senses(tok: Token, lex: EventLexicon) -> tuple[str, tuple[Trigger, ...], int] | None:
    if tok.lower_ == "firing" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            p.ent_type_ == "PERSON" or p.lemma_.lower() in _DISMISSED for p in c.children) for c in tok.children):
        return None
    if tok.i > 1 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 1].whitespace_ == "":
        prev = tok.doc[tok.i - 2]  # "lathi-charge", "baton-charge": the hyphenated compound read as two words
        if prev.whitespace_ == "":
            # ... or as one ("cease-fire" for ceasefire, "air-strike" for airstrike): the parser splits the word
            # in three, and only its last part was looked up ("fire")
            for key in (f"{prev.lower_} {tok.lemma_.lower()}", f"{prev.lower_}{tok.lemma_.lower()}",
                        f"{prev.lower_}{tok.lower_}"):
                if key in lex.nouns:
                    return key, lex.nouns[key], prev.i
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


def _controlled_place(obj: Token, idx: Index) -> bool:
    """"took control of Al Innab camp", "gained control over Usaylan": what is controlled is a place unless it is
    an actor ("control of the police"); a name the gazetteer lacks ("the district centre") is still the place
    taken."""
    if obj.lemma_.lower() != "control":
        return False
    held = [p for c in (*obj.children, *obj.head.children) if c.dep_ == "prep" and c.lower_ in ("of", "over")
            for p in c.children if p.dep_ == "pobj"]  # "gained control over X": the parser may hang it on the verb
    return any(idx.actor_at(p) is None and p.pos_ in ("PROPN", "NOUN") for p in held)


_WORDS = words("triggers")  # data/lexicons/words/triggers.yaml
_CROSSING_PEOPLE = _WORDS.set("crossing_people")
_CROSSING_VERBS = _WORDS.set("crossing_verbs")
_HELD_PEOPLE = _WORDS.set("held_people")
_NONCOMBAT_VERBS = _WORDS.set("noncombat_verbs")
_REFLEXIVE = _WORDS.set("reflexive_objects")
_PERSON_PRONOUNS = _WORDS.set("person_pronouns")
_NONCOMBAT_OBJECTS = _WORDS.set("noncombat_objects")
_NONCOMBAT_DOERS = _WORDS.set("noncombat_doers")
_NONCOMBAT_KINDS = _WORDS.set("noncombat_kinds")


def noncombat_doer(tok: Token) -> bool:
    """The verb's doer is a force of nature, a disease or a market, no actor: "the storm killed three people",
    "inflation hit a record high", "shares in the firm exploded" (triggers.yaml noncombat_doers). PLOVER ASSAULT and
    ACLED's political violence are acts of an actor; what a flood, a cyclone or a price does is none, as the doer
    of a passive too ("killed by floods")."""
    subj, passive = subject_of(tok)
    if passive:  # "three villagers were killed by floods", "attacked by a rare strain of the virus"; not a noun of
        # its own "of" phrase ("hit by a storm of rockets") nor a market, a price or a share ("shot dead by the
        # market": a place)
        subj = [p for c in tok.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"
                and p.lemma_.lower() not in _MARKET_WORDS and (p.lemma_.lower() in _NONCOMBAT_KINDS or not any(
                    g.dep_ == "prep" and g.lower_ == "of" for g in p.children))]
    return any(_natural(t) for t in subj)


_MARKET_WORDS = _WORDS.set("passive_market_words")


def _natural(t: Token) -> bool:
    """A force of nature, a disease or a market named by the noun, with its compound ("a heat wave"), or by a kind
    of it ("a rare strain of the virus"; not "merchants of the market": triggers.yaml noncombat_kinds)."""
    names = {t.lemma_.lower(), t.lower_} | {f"{c.lower_} {t.lower_}" for c in t.children if c.dep_ == "compound"}
    if names & _NONCOMBAT_DOERS:
        return True
    return t.lemma_.lower() in _NONCOMBAT_KINDS and any(
        p.lemma_.lower() in _NONCOMBAT_DOERS or p.lower_ in _NONCOMBAT_DOERS
        for c in t.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj")


def pronoun_arrest(tok: Token, sense: Trigger) -> bool:
    """Is this an arrest whose doer or detained is a personal pronoun no actor stands for ("They fired teargas and
    arrested 300 people", "he was picked up from his home", "police nabbed him")? The pronoun's referent may be told
    elsewhere or nowhere; the arrest is still someone's. Only arrests (IndiaPoliceEvents: the sentences that lost
    their arrest so): a pronoun that beats, attacks or shoots is as often a team, a critic or a film crew ("They beat
    Chelsea 3-1", "We shot the film in Morocco")."""
    if sense.type != "COERCE" or sense.mode != "arrest" or tok.pos_ not in ("VERB", "AUX"):
        return False
    subj, _ = subject_of(tok)
    return any(t.pos_ == "PRON" and t.lower_ in _PERSON_PRONOUNS
               for t in [*subj, *(c for c in tok.children if c.dep_ == "dobj")])


def done_to_oneself(tok: Token) -> bool:
    """Are a verb's direct objects all reflexive pronouns ("the family barricaded themselves inside", "they locked
    themselves in")? Such a restriction keeps no one else in or out (triggers.yaml `reflexive_objects`)."""
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    return _all_reflexive(objs)


def _all_reflexive(objs: list[Token]) -> bool:
    return bool(objs) and all(o.lower_ in _REFLEXIVE for o in objs)


def noncombat_act(tok: Token) -> bool:
    """A verb of violence done by no actor (`noncombat_doer`) or to a disease, a disaster or a measure ("to fight the
    epidemic", "the Senate killed the bill": triggers.yaml noncombat_verbs and noncombat_objects), or played, told
    or drilled (`pretend_frame`)."""
    if tok.lemma_.lower() in _NONCOMBAT_VERBS and any(
            o.lemma_.lower() in _NONCOMBAT_OBJECTS or o.lower_ in _NONCOMBAT_OBJECTS for o in objects_of(tok)):
        return True
    return noncombat_doer(tok) or pretend_frame(tok)


_PRETEND_FRAMES = _WORDS.set("pretend_frames")


def pretend_frame(tok: Token) -> bool:
    """A verb of violence framed as play, fiction or a drill ("in the video game, players storm a fortress", "ships
    fired missiles at a target barge during the annual exercise": triggers.yaml pretend_frames): nobody is hit. The
    frame is an "in"/"during" phrase of the verb or of the verb it is joined to; not a frame with an "of" phrase ("in
    a series of raids", "an exercise of force")."""
    cur = tok
    for _ in range(3):
        for c in cur.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "during"):
                if any(p.dep_ == "pobj" and _pretend(p) for p in c.children):
                    return True
        if cur.dep_ != "conj":
            break
        cur = cur.head
    return False


def _pretend(t: Token) -> bool:
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children):
        return False
    names = {t.lemma_.lower(), t.lower_} | {f"{c.lower_} {t.lower_}" for c in t.children if c.dep_ == "compound"}
    return bool(names & _PRETEND_FRAMES)


_REMOTE_MODES = frozenset({"explosives", "heavy-weapons", "aerial", "drone"})
_UNNAMED_NOUNS = _WORDS.set("unnamed_violence_nouns")
_UNNAMED_VERBS = _WORDS.set("unnamed_violence_verbs")


def violence_told_unnamed(tok: Token, word: str, sense: Trigger, etype: str) -> bool:
    """Fire or fighting told with no one named, as the place it hit or as a happening: "the town was shelled for a
    second day", "the bombing of the bridge cut the supply route", "heavy fighting continued around the airport",
    "there was heavy firing in Sopore". ACLED's codebook records violence whose perpetrator is unknown (an
    unidentified armed group, the side that holds the weapons) as Shelling/artillery/missile attack, Air/drone strike
    or Armed clash: the fire is the event, whoever fired it. Only the passive of a verb of remote fire with no "by"
    agent, and the nouns of fire and fighting (triggers.yaml unnamed_violence_nouns: not "strike", "battle" or
    "attack", which name a labour strike, a legal battle, a verbal attack as well) as the subject of a verb of what
    the fire did or that it went on, or after "there was"; anything else keeps the usual need for an actor."""
    if etype != "ASSAULT":
        return False
    if tok.pos_ == "VERB":
        return sense.mode in _REMOTE_MODES and tok.tag_ == "VBN" and any(
            c.dep_ == "nsubjpass" for c in tok.children) and not any(c.dep_ == "agent" for c in tok.children)
    if not sense.nominal or (word not in _UNNAMED_NOUNS and tok.lemma_.lower() not in _UNNAMED_NOUNS):
        return False
    head = tok.head
    if tok.dep_ == "attr" and head.lemma_.lower() == "be" and any(c.dep_ == "expl" for c in head.children):
        return True  # "there was heavy firing"
    return tok.dep_ in ("nsubj", "nsubjpass") and head.pos_ == "VERB" and head.lemma_.lower() in _UNNAMED_VERBS


_CONDEMNING_VERBS = _WORDS.set("condemning_verbs")
# their written forms, for a cue word read back ("condemned", "denounces", "decried", "slammed")
CONDEMNING_FORMS = frozenset(f for v in _CONDEMNING_VERBS for f in (
    v, v + "s", v + "es", v + "d", v + "ed", v + "ing", v[:-1] + "ing", v[:-1] + "ied", v[:-1] + "ies",
    v + v[-1] + "ed", v + v[-1] + "ing"))
_CLAIMING_PREPS = _WORDS.set("claiming_preps")


def condemned_act(tok: Token, sense: Trigger) -> bool:
    """An act told by its noun as what someone condemns or mourns: "the party condemned the arrest of its
    secretary-general", "the bishop deplored the abduction of a priest" (triggers.yaml condemning_verbs). A condemnation presupposes the act it condemns: the act is reported,
    and ACLED's codebook codes an act whose perpetrator goes unnamed to an unidentified actor; or an act someone
    says they were behind ("said it was behind the mortar attack": CAMEO 015, a claim of responsibility, whose
    claimant slots.fill_slots makes the source). Only a statement with its own subject: a protest held "to denounce
    the release of officials" is the protest's cause, which ACLED codes as no event of its own. Only violence and
    coercion (what ACLED codes to an unidentified actor): a sanction or an agreement condemned is a view of it."""
    if not sense.nominal or sense.type not in ("ASSAULT", "COERCE"):
        return False  # not "the Houthis condemned the sanctions", "condemned the agreement": a view of a told act
    head = tok.head
    if tok.dep_ == "dobj":  # a statement with its own subject; not a protest's purpose ("marched to denounce the
        # release of officials", "a strike denouncing the attack"): the cause of a protest is no news of its own
        return head.pos_ == "VERB" and head.lemma_.lower() in _CONDEMNING_VERBS and any(
            c.dep_ == "nsubj" for c in head.children)
    if not (tok.dep_ == "pobj" and head.lower_ in _CLAIMING_PREPS and head.head.lemma_.lower() == "be"):
        return False
    # a claim is the group's own word: "the group said it was behind the attack", not what others believe of it
    # ("police said Al-Shabaab was behind the bombing", "whether Boko Haram was behind it")
    be = head.head
    return be.dep_ == "ccomp" and be.head.lemma_.lower() in _CLAIM_SPEECH and any(
        c.dep_ == "nsubj" and c.pos_ == "PRON" for c in be.children) and not any(
        c.dep_ == "mark" for c in be.children)


_CLAIM_SPEECH = _WORDS.set("claim_speech_verbs")


def condemned_by_a_crowd(tok: Token) -> bool:
    """Is the act `condemned_act` reads condemned by a pronoun or a crowd ("They denounced the killing", "the
    protesters condemned the arrest"): at a demonstration, what the marchers protest over
    (codes_protests.condemned_at_a_protest)?"""
    head = tok.head
    return tok.dep_ == "dobj" and any(c.dep_ == "nsubj" and (c.pos_ == "PRON" or c.lemma_.lower() in _CROWD_WORDS)
                                      for c in head.children)


_CROWD_WORDS = _WORDS.set("condemning_crowds")


_HEADLINE_PASSIVES = _WORDS.set("headline_passive_verbs")
_NOT_HEADLINE_PASSIVE = {"dobj", "aux", "auxpass", "nsubjpass", "ccomp", "xcomp", "prt", "dative", "attr", "acomp",
                         "agent"}


def headline_passive(tok: Token) -> bool:
    """A headline's passive with its auxiliary dropped: "Three held for rioting in Nuh", "Man nabbed with pistol in
    Meerut", "Suspect arrested after raid". The parser reads the one the act is done to as its doer. A verb that
    takes an object (triggers.yaml headline_passive_verbs), in the past participle's form, at the root of a line
    with no full stop, with a subject and no object or auxiliary: its subject is what the act is done to."""
    if tok.dep_ != "ROOT" or tok.tag_ not in ("VBN", "VBD") or tok.lemma_.lower() not in _HEADLINE_PASSIVES:
        return False
    sent, doc = tok.sent, tok.doc
    if sent.text.rstrip()[-1:] in ('.', '!', '?', '"', "'", "\u201d", ":", ";", ")", "]"):
        return False  # a sentence of prose, which keeps its auxiliaries
    if sent.end < len(doc) and "\n" not in doc[sent.end - 1].whitespace_ + doc[sent.end].text_with_ws[:1]:
        return False  # a line of its own: a headline ends where its line ends
    subj = [c for c in tok.children if c.dep_ == "nsubj"]
    # the subject opens the line and the verb follows it ("Man nabbed ..."); one verb, with no object or verb joined
    return bool(subj) and subj[0].left_edge.i == sent.start and subj[0].right_edge.i == tok.i - 1 and not any(
        c.dep_ in _NOT_HEADLINE_PASSIVE or c.dep_ == "conj" for c in tok.children)


def people_crossing(tok: Token) -> bool:
    """A crossing or entering done by migrants, refugees or other people of no force ("43 migrants that entered
    Turkey illegally", "arrested 32 migrants ... while attempting to enter the country", "the migrants crossed the
    border"): a movement of people, not a deployment (ACLED world train: 5 notes of migrants detained whose main
    event was their entering). The doer is the verb's subject, or the noun a relative or participle clause hangs on,
    or for an infinitive ("attempting to enter") the governing verb's subject."""
    if tok.lemma_.lower() not in _CROSSING_VERBS:
        return False
    doers = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not doers and tok.dep_ in ("relcl", "acl"):
        doers = [tok.head]
    if not doers and tok.dep_ in ("xcomp", "pcomp", "advcl") and tok.head is not tok:
        doers = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")] or (
            [tok.head.head] if tok.head.dep_ in ("relcl", "acl") else [])
    # "migrants who were trying to enter": a relative pronoun stands for the noun its clause hangs on
    doers = [d.head.head if d.lower_ in ("who", "that", "which") and d.head.dep_ == "relcl" else d for d in doers]
    # "a group of refugees", "a boat of migrants": the people the doer is made of
    doers += [p for d in doers for c in d.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
    return any(d.lemma_.lower() in _CROSSING_PEOPLE for d in doers)


def choose_sense(senses: tuple[Trigger, ...], tok: Token, idx: Index) -> Trigger | None:
    # a passive's subject is its object: "two journalists were arrested", "the minister was indicted"
    headline = headline_passive(tok)  # "Man nabbed with pistol": the subject is acted on
    objs = objects_of(tok) + [c for c in tok.children if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and headline)]
    if tok.dep_ == "conj" and any(c.dep_ == "auxpass" for c in tok.children):
        shared, passive = subject_of(tok)  # "left the office and were arrested": the shared subject is arrested
        objs += shared if passive else []
    obj_is_place = any((idx.place_at(o) is not None and idx.actor_at(o) is None) or o.lemma_.lower() in TERRITORY
                       for o in objs) or any(_controlled_place(o, idx) for o in objs)
    obj_is_actor = any(actors_of(o, idx) for o in objs) or any(
        o.ent_type_ in ("PERSON", "NORP") or o.lemma_.lower() in ("people", "civilian", "soldier", "man",
                                                                   "woman", "child", "journalist", "protester")
        for o in objs) or any(human_noun(o) or o.lemma_.lower() in _HELD_PEOPLE or o.lower_ in _HELD_PEOPLE
                              for o in objs  # listed nouns only: "seized computers", "booked orders" are things
                              ) or any(o.pos_ == "PRON" and o.lower_ in _PERSON_PRONOUNS  # "arrested him", "he was
                                       for o in objs)  # nabbed": a personal pronoun names a person
    obj_words = {o.lower_ for o in objs} | {o.lemma_.lower() for o in objs} | {
        c.lower_ for o in objs for c in o.children if c.dep_ in ("compound", "amod")} | {  # "mediation efforts"
        p.lower_ for o in objs for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children if p.dep_ == "pobj"}  # "a state of emergency"
    # a sense tied to its object's words ("expel the ambassador") beats a general one ("expel migrants")
    senses = tuple(sorted(senses, key=lambda s: 0 if s.object_words else 1))
    # read only where an assault sense is there to refuse (a verb's doer costs a walk of its subject)
    noncombat = any(s.type == "ASSAULT" for s in senses) and (
        (tok.lemma_.lower() in _NONCOMBAT_VERBS and bool(obj_words & _NONCOMBAT_OBJECTS))
        or (tok.pos_ in ("VERB", "AUX") and (noncombat_doer(tok) or pretend_frame(tok))))
    for s in senses:
        if s.type == "MOBILIZE" and people_crossing(tok):
            continue
        if s.type == "ASSAULT" and noncombat:
            continue  # "to fight the epidemic", "the storm killed three" (triggers.yaml noncombat_*)
        if s.object_words and not (obj_words & set(s.object_words)):
            continue
        if s.mode == "restrict" and _all_reflexive(objs):
            continue  # "barricaded themselves inside": no one else is kept in or out (`done_to_oneself`)
        if s.object_kind == "place" and not obj_is_place:
            continue
        if s.object_kind == "actor" and not obj_is_actor:
            continue
        if s.object_kind == "thing" and (obj_is_actor or obj_is_place or not objs):
            continue
        if s.object_kind == "none" and objs:  # used alone: "police fired in the air" (not "fired the minister")
            continue
        return s
    return None


@functools.lru_cache(maxsize=256)
def _words_re(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def names_any(text: str, words: tuple[str, ...]) -> bool:
    """Does `text` hold one of `words` (phrases too) as whole words, in any case?"""
    return bool(words) and _words_re(tuple(words)).search(text) is not None


def mode_for(sense: Trigger, sent: Span, lex: EventLexicon, etype: str) -> str | None:
    """The sense's mode, unless a weapon named in the sentence says more ("a suicide bomber blew himself up",
    "jets pounded the town"); for aid, what is given decides."""
    text = " " + sent.text.lower() + " "
    if sense.mode in ("explosives", "aerial") and any(c in text for c in lex.modes.get("ASSAULT", {}).get("suicide-attack", ())):
        return "suicide-attack"  # "a suicide bomber blew himself up": the most specific weapon
    if sense.mode and etype != "AID":
        return sense.mode  # a verb that names its weapon ("shelled") or its act ("abducted") keeps it
    for mode, cues in lex.modes.get(etype, {}).items():
        for cue in cues:
            if any(f" {cue}{end}" in text and not _mixed(text, f" {cue}{end}") for end in (" ", ",", ".")):
                return mode
    return sense.mode


def _mixed(text: str, cue: str) -> bool:
    """Every place of the cue is one of mixed arms: "with light and heavy weapons" names small arms too, no shelling."""
    return all(text[:m.start()].endswith(("light and", "small and", "small arms and"))
               for m in re.finditer(f"(?={re.escape(cue)})", text))


# verbs whose object "strike" is a stoppage of work or a protest strike ("held a strike", "staged a strike",
# "observed a strike"; ACLED world train: all 7 notes of a strike held, staged or organised are peaceful protests)
_HELD_STRIKE = _WORDS.set("held_strike_verbs")
_LABOUR_STRIKE = {"general", "hunger", "national", "nationwide", "indefinite", "labour", "labor", "wildcat", "token",
                  "warning", "rolling", "day", "days", "hour", "hours", "week", "weeks", "open-ended", "workers",
                  "worker", "teachers", "doctors", "nurses", "transport", "union", "unions", "miners", "staff",
                  "climate", "school", "student", "students"}  # a climate or school strike: a protest


def labour_strike(noun: Token) -> bool:
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
    if noun.dep_ == "dobj" and gov.lemma_.lower() in _HELD_STRIKE:
        return True  # "taxi drivers held a strike", "staged a strike": a stoppage held, never a strike launched
    return noun.dep_ == "dobj" and ends_event(noun) and gov.lemma_.lower() != "launch"


_ENDING = {"call off", "end", "suspend", "halt", "stop", "cancel", "abandon", "lift", "postpone"}


def ends_event(noun: Token) -> bool:
    """The event noun is what its verb ends: "called off a four-day strike", "suspended the protests"."""
    gov = noun.head
    if noun.dep_ != "dobj" or gov is noun:
        return False
    lemma = gov.lemma_.lower()
    return lemma in _ENDING or any(f"{lemma} {c.lower_}" in _ENDING for c in gov.children if c.dep_ == "prt")


def intransitive_event(tok: Token, lex: EventLexicon) -> bool:
    """"Thousands of students protested in Bogota": a protest verb is never a passive participle, so one
    hanging off a noun is a misparsed main verb."""
    return any(s.type == "PROTEST" for s in lex.verbs.get(tok.lemma_.lower(), ()))


def verbless(sent: Span) -> bool:
    """The parser made the whole sentence a noun phrase: its main verb hangs off a noun as a participle."""
    return sent.root.pos_ in ("NOUN", "PROPN")


TALLY_NOUNS = _WORDS.set("tally_nouns")  # also words that make a sentence worth reading (events.run)
_TALLY_VERBS = _WORDS.set("tally_verbs")
_TALLY_HEAVY = _WORDS.set("tally_heavy")
_TALLY_EXCHANGE = _WORDS.seq("tally_exchange")
_TALLY_SENSES = _WORDS.map("tally_senses")


def tally_sense(tok: Token, lex: EventLexicon) -> Trigger | None:
    """A ceasefire monitor's count of fire ("the monitors observed a total of 14 explosions near
    X", "observed 20 shots/bursts of fire involving small arms"): an event of fire with no side named.
    The tally's head noun (not a noun it governs: "explosions/shots") under a verb of observing, through "a total
    of", takes the sense of shelling where it counts explosions or projectiles, else of an exchange of fire; "in both
    directions" or "small arms" make it an exchange whatever was counted (ACLED world train: of 27 such notes, 16
    Shelling/artillery/missile attack, 11 Armed clash, all told so)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in TALLY_NOUNS or tok.head.lemma_.lower() in TALLY_NOUNS:
        return None
    gov, steps = tok.head, 0
    while gov.pos_ != "VERB" and gov.dep_ in ("pobj", "prep", "dobj", "nmod", "compound") and steps < 3:
        gov, steps = gov.head, steps + 1  # "observed a total of 14 explosions": explosions <- of <- total <- observed
    if gov.pos_ != "VERB" or gov.lemma_.lower() not in _TALLY_VERBS or not (
            tok.dep_ == "dobj" and tok.head is gov or steps > 0):
        return None
    counted = {t.lower_ for t in tok.subtree} | {t.lemma_.lower() for t in tok.subtree}
    text = " ".join(t.lower_ for t in tok.subtree)
    heavy = bool(counted & _TALLY_HEAVY) and not any(w in text for w in _TALLY_EXCHANGE)
    senses = lex.nouns.get(str(_TALLY_SENSES["heavy" if heavy else "exchange"]))
    return senses[0] if senses else None
