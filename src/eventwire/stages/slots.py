"""Slot filling of the events stage: who acts (sources) and on whom (targets), from the dependency parse.

The subject (or the "by" agent of a passive) is the source, the object or the object of a listed preposition the
target; a nominal trigger takes its possessor, compound, "by" phrase or the subject of its light verb. When no
slot names a target, fallbacks look in complements, in the places acted upon and in the recipients
(`recipients.py`). Partners who fight "alongside" the source join it. Part of the events stage (`events.NAME`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from eventwire.lexicons import EventLexicon, Trigger
from eventwire.records import COOPERATIVE, Actor
from eventwire.stages import attribution as attr
from eventwire.stages.arguments import (
    Index, actors_of, ad_hoc_actor, comrades, group_head, human_noun, is_light, is_modifier_only, objects_of,
    subject_of,
)
from eventwire.stages.codes import ARMED_SECTORS
from eventwire.stages.pronouns import resolve_pronoun
from eventwire.stages.recipients import (
    ACTS_ON_PLACES, NO_RECIPIENT_FALLBACK, first_recipient, mobilised_against, protested, with_conjuncts,
)
from eventwire.stages.triggers import (
    TERRITORY, condemned_act, ends_event, headline_passive, intransitive_event, verbless,
)


# past participles that, with "be" and this preposition, describe what the subject does
_ACTIVE_IDIOMS = {"oppose": "to", "engage": "in", "involve": "in", "commit": "to", "dedicate": "to"}


_TEMPORAL_PREPS = {"after", "before", "during", "following", "amid", "since", "despite", "until", "ahead"}


_HOSTILE_ACTS = {"ASSAULT", "THREATEN", "COERCE"}


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


_CAUSE_PREPS = {"in", "during", "to", "from", "by", "under"}


# the attack nouns the lexicon does not list as triggers but a cause names: "killed in police firing"
_FIRE_NOUNS = {"firing", "fire", "crossfire", "gunfire", "shelling", "bombardment", "raid", "crackdown", "beating"}


# the modes of an armed side's weapons: the generic armed body before such a noun wields them ("40 died in police
# firing", "army shelling", "a police lathi charge"); not a victim ("child abuse") nor a raid's target
_ARMED_MEANS = {"firearms", "heavy-weapons", "aerial", "crowd-control"}


def _armed_means(a: Actor, sense: Trigger) -> bool:
    return sense.type == "ASSAULT" and sense.mode in _ARMED_MEANS and a.sector in ARMED_SECTORS


def agent_of_cause(tok: Token, idx: Index, lex: EventLexicon) -> list[Actor]:
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


def mere_gathering(tok: Token, word: str, sources: list[Actor]) -> bool:
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


@dataclass
class Slots:
    """What slot filling found for one trigger: who acts, on whom, who claimed it, and the type and sense (a
    hostile act "alongside" partners becomes cooperation or aid)."""

    sources: list[Actor]
    targets: list[Actor]
    claimed_by: list[Actor]  # "X claimed responsibility for the bombing": X, also among the sources
    etype: str
    sense: Trigger
    slot_target: bool  # the targets were named by an argument slot, not by the recipient fallback
    founding: bool  # "formed an alliance": the partners are whoever the text says


def fill_slots(tok: Token, sense: Trigger, first: int, sent: Span, idx: Index, lex: EventLexicon,
               purpose_obj: Token | None) -> Slots | None:
    """The arguments of the event of `tok` (its word starting at token `first`); None where the word is not an
    event after all ("the source said, speaking on condition of anonymity")."""
    etype = sense.type
    sources: list[Actor] = []
    targets: list[Actor] = []
    claimed_by: list[Actor] = []
    if sense.nominal:
        gov = tok.head
        if tok.dep_ in ("dobj", "pobj") and gov.dep_ == "prep" and gov.lower_ not in _TEMPORAL_PREPS:
            gov = gov.head  # "took part in a protest"; not "extend the curfew after recent unrest"
        claimer = None
        if gov.lemma_.lower() == "responsibility" and gov.head.lemma_.lower() in ("claim", "take", "accept", "admit"):
            claimer = gov.head  # "IS claimed responsibility for a bombing"
        elif gov.lemma_.lower() == "be" and condemned_act(tok, sense):
            claimer = gov  # "the group said it was behind the mortar attack"
        if claimer is not None:
            subj, _ = subject_of(claimer)
            for s in subj:
                claimed_by.extend(actors_of(s, idx) or resolve_pronoun(s, idx, sent))
            sources.extend(claimed_by)
        if tok.dep_ in ("dobj", "pobj") and (is_light(gov) or (etype == "PROTEST" and ends_event(tok))):
            subj, passive = subject_of(gov)
            if not passive:
                for s in subj:
                    sources.extend(actors_of(s, idx) or resolve_pronoun(s, idx, sent) or ad_hoc_actor(s, idx, etype))
        for c in tok.children:
            if c.dep_ == "poss" or (c.dep_ == "compound" and c.i < first):
                # "Hamas's attack", "Houthi attacks"; not the weapon in "a drone attack"
                sources.extend(a for a in actors_of(c, idx) if a.proper or a.kind == "state" or c.dep_ == "poss"
                               or _armed_means(a, sense))
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
        passive = passive or headline_passive(tok)  # "Three held for rioting in Nuh"
        if passive and any(c.dep_ == "prep" and c.lower_ == _ACTIVE_IDIOMS.get(tok.lemma_.lower())
                           for c in tok.children):
            passive = False  # "Israel is opposed to X", "forces were engaged in ethnic cleansing": the subject acts
        if tok.lemma_.lower() in ("speak", "talk") and any(x.lemma_.lower() in attr.SOURCE_NOUNS for x in subj):
            return None  # "the source said, speaking on condition of anonymity": attribution, not a meeting
        if not subj and tok.dep_ == "acl" and (verbless(sent) or intransitive_event(tok, lex)):
            subj = [tok.head]  # "students at school protested ...", parsed as a noun phrase
            if tok.head.pos_ == "NUM":  # "... at school no. 64 protested": the number is no one
                subj = _left_subject(tok, idx)
        elif not subj and tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"):
            # a gerund in a noun's place: its modifier acts ("killed in police firing", "army shelling")
            subj = [c for c in tok.children if c.dep_ in ("compound", "nmod") and c.i < tok.i and actors_of(c, idx)]
            subj = subj or [p for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"
                            for p in c.children if p.dep_ == "pobj"]  # "killed in firing by the police"
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
                got = actors_of(o, idx) or resolve_pronoun(o, idx, sent) or _people_hit(o, idx, etype)
                if etype in ("MOBILIZE", "RETREAT"):  # what is moved is not a target: "withdrew its forces"
                    got = [a for a in got if a.proper and a.country not in {s.country for s in sources}]
                targets.extend(got)
        for c in tok.children:
            if c.dep_ in ("prep", "dative") and c.lower_ in sense.target_preps:  # "provided X to Macedonia"
                for p in c.children:
                    if p.dep_ == "pobj":
                        got = actors_of(p, idx) or _people_hit(p, idx, etype)
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
            where = [q for o in acted_on if o.lemma_.lower() in TERRITORY and idx.place_at(o) is None
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
        sources = agent_of_cause(tok, idx, lex)  # "99 persons were killed in police firing"
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
    return Slots(sources, targets, claimed_by, etype, sense, slot_target, founding)


def _people_hit(tok: Token, idx: Index, etype: str) -> list[Actor]:
    """People whom violence hits, named by a common noun the knowledge base does not know ("fired at two non-local
    labourers", "assaulted a detainee"): civilians of the story's country (`arguments.ad_hoc_actor`), so that the
    act is coded as one on people, not left with no one it is done to. Only nouns of our list of people
    (`arguments.human_noun`): "rocket launchers" and "power transformers" are things."""
    if etype != "ASSAULT" or tok.pos_ != "NOUN":
        return []
    return ad_hoc_actor(tok, idx, etype) if human_noun(group_head(tok)) else []  # "a group of worshippers"

