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

from spacy.tokens import Doc, Span, Token

from eventwire import budget
from eventwire.lexicons import EventLexicon, Trigger
from eventwire.places_lexicon import is_municipal
from eventwire.records import Actor, AnnotatedArticle, Event, Evidence, Place, Time
from eventwire.stages import attribution as attr
from eventwire.stages import codes, codes_protests, codes_violence
from eventwire.stages.arguments import (
    NAME, PLACE_AS_STATE, Index, conjuncts, is_light, is_modifier_only, objects_of, subject_of,
)
from eventwire.stages.confidence import event_confidence
from eventwire.stages.doc_arrays import holds_word
from eventwire.stages.event_merge import credit_toll, dedupe, fought_off_is_the_fight, merge_events, same_fact
from eventwire.stages.event_time import heading_root, iso, tense_default, time_for
from eventwire.stages.event_tolls import coded_toll, cumulative, sentence_toll, toll_told, violent_tolls
from eventwire.stages.place_carry import carry_places
from eventwire.stages.place_choice import coded_to, head_of_unit, in_name, place_by_actors, place_window_start, refine
from eventwire.stages.place_hierarchy import seat_point
from eventwire.stages.place_namesakes import town_of_unit
from eventwire.stages.recode import Draft, causes_of_protest, promises_to_cooperate, recode
from eventwire.stages.slots import fill_slots, mere_gathering
from eventwire.stages.stage import Stage, published_date
from eventwire.stages.triggers import (
    GENERIC_HEADS, TALLY_NOUNS, choose_sense, headline_passive, intransitive_event, labour_strike, mode_for,
    condemned_act, condemned_by_a_crowd, noun_senses, pronoun_arrest, tally_sense, verb_senses, verbless,
    violence_told_unnamed,
)


_LOC_PREPS = {"in", "into", "near", "at", "from", "across", "outside", "inside", "around", "on", "to",
              "towards", "toward", "throughout", "within", "over"}
_AFTER = {"after", "following", "since"}
_PURPOSE_FOLD = {"SUPPORT", "AID", "COOPERATE"}
_CUMULATIVE = {"war", "conflict", "crisis", "violence", "insurgency", "rebellion", "uprising", "epidemic"}


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


def _relcl_tokens(tokens: Iterable[Token], heading: Token | None = None) -> set[int]:
    """The tokens of the relative clauses under `tokens`; not the clause a heading's colon opens (`heading`, its
    root: `event_time.heading_root`), which the parser hangs on the heading as if it described it."""
    out: set[int] = set()
    for t in tokens:
        for c in t.subtree:
            if c.dep_ in ("relcl", "acl") and c is not t and not (heading is not None and c.head.i == heading.i
                                                                    and c.i > heading.i):
                out.update(x.i for x in c.subtree)
    return out


def _location(trigger: Token, clause: set[int], sent: Span, idx: Index, args: list[Actor]) -> Place | None:
    """The event's place: a place of the trigger's locative preposition, else the most specific of its clause, then
    of its sentence; `place_choice.refine` then prefers what the note says it was coded to, the name a unit holds
    over the unit, a town over its country named in passing."""
    doc = trigger.doc
    arg_spans = {(a.start, a.end) for a in args if a.stage != PLACE_AS_STATE}

    def of_event(start: int) -> list[Place]:
        places = [p for p in idx.places if start <= p.start < sent.end_char
                  and not any(s <= p.start < e for s, e in arg_spans)]
        return [p for p in places if not any(  # "Iran-aligned militias": a backer, not a place of the event
            is_modifier_only(t) for t in (doc.char_span(p.start, p.end, alignment_mode="expand") or ()))]

    # where the parser cut one sentence at a parenthesis (`place_window_start`), the place the note says it coded
    # the event to, before the cut
    start = place_window_start(sent)
    coded = coded_to(of_event(start), doc_text(doc)) if start < sent.start_char else None
    if coded is not None:
        return coded
    # the clause lies in the sentence: only the sentence's places can place the event
    places = of_event(sent.start_char)
    got = refine(_first_location(trigger, clause, sent, idx, places), places, doc_text(doc))
    # only in a country named in passing: a town named inside a body's or a site's name (`place_choice.in_name`;
    # an event placed nowhere waits for `carry_places`)
    named_in = [p for p in idx.in_names if sent.start_char <= p.start < sent.end_char]
    if named_in and got is not None:  # the name must lie in one of the event's own actors
        return in_name(got, named_in, doc_text(doc), within=[(a.start, a.end) for a in args]) or got
    return got


def doc_text(doc) -> str:
    """`doc.text`, read once per Doc: spaCy rebuilds it from every token on each access (a quarter of the whole
    pipeline's time when every event asked for it)."""
    text = doc.user_data.get("_ew_text")
    if text is None:
        text = doc.user_data["_ew_text"] = doc.text
    return text


def _first_location(trigger: Token, clause: set[int], sent: Span, idx: Index, places: list[Place]) -> Place | None:
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
    in_sent = [p for p in idx.places if sent.start_char <= p.start < sent.end_char]
    # (a municipality of places.yaml `municipal_divisions` is no province: "Rabat (Rabat)" read as Malta's council)
    units = {p.country for p in in_sent if p.feature in ("admin1", "region") and p.country
             and not is_municipal(p)}
    units = units if len(units) == 1 else set()

    def best(places: list[Place]) -> Place | None:
        if not places:
            return None
        rank = {"country": 3, "admin1": 2, "region": 2}
        return sorted(places, key=lambda p: (bool(units) and p.country not in units, rank.get(p.feature, 0),
                                             p.start))[0]

    in_clause = [p for p in places if any(
        t.i in clause for t in (doc.char_span(p.start, p.end, alignment_mode="expand") or ()))]
    got = best(in_clause) or best(places)
    if got is not None and got.feature in ("admin1", "region"):
        # "Russian forces shelled Kochubeivka, Kherson": the town is the attack's object (an argument, so no place
        # of `places`), the province after it only says where the town lies; ACLED codes the town
        head = head_of_unit(got, in_sent, doc_text(doc))
        if head is not None and head not in places:
            return head
    # so a town said to lie in it ("shelled Tal Salma town in the countryside of Raqqa")
    town = town_of_unit(got, in_sent, doc_text(doc)) if got is not None else None
    return town if town is not None and town not in places else got


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
    tallied: set[int] = set()  # nouns of a monitor's tally of fire: events with no side named (triggers.tally_sense)
    found: list[tuple[Token, Trigger, str, int]] = []
    for tok in sent:
        if tok.pos_ in ("VERB",) or (tok.pos_ == "AUX" and tok.lemma_ != "be") or (
                tok.pos_ == "ADJ" and tok.dep_ in ("ccomp", "xcomp", "ROOT", "conj", "advcl")):
            if tok.dep_ == "amod" or (tok.tag_ == "VBN" and tok.dep_ in ("acl",) and tok.head.pos_ in ("NOUN", "PROPN")
                                      and not any(c.dep_ == "dobj" for c in tok.children)
                                      and not verbless(sent) and not intransitive_event(tok, lex)):
                continue  # "Iran-backed", "militias, supported by Russian air power": relations, not events
            if tok.lemma_.lower() in attr.REPORTING and (
                    tok.lemma_.lower() != "deny" or not any(c.dep_ == "dobj" for c in tok.children)):
                continue  # "denied the report" reports; "denied land allocation" refuses
            if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in attr.SOURCE_NOUNS:
                continue  # "a source speaking on condition of anonymity": who says so, not an event
            hit = verb_senses(tok, lex)
            if hit is None:
                continue
            sense = choose_sense(hit[1], tok, idx)
            if sense is not None:
                found.append((tok, sense, hit[0], tok.i))
        elif (tok.pos_ == "NOUN" or (tok.pos_ == "PROPN" and tok.dep_ == "dobj" and is_light(tok.head))) \
                and (tok.dep_ != "compound" or tok.head.lemma_.lower() in GENERIC_HEADS):  # "the LGBT Pride March"
            tally = tally_sense(tok, lex)
            if tally is not None:  # a monitor's count of fire: "observed a total of 14 explosions near X"
                found.append((tok, tally, tok.lemma_.lower(), tok.i))
                tallied.add(tok.i)
                continue
            hit = noun_senses(tok, lex)
            if hit is None:
                continue
            if tok.dep_ == "compound":  # "a mediation mission between X and Y": the head carries the event
                hit = (hit[0], hit[1], min(hit[2], tok.i))
                tok = tok.head
            sense = choose_sense(hit[1], tok, idx) if hit[1][0].object_kind in (None, "any") else hit[1][0]
            if sense is None:
                sense = hit[1][0]
            if hit[0] == "strike" and labour_strike(tok) and "general strike" in lex.nouns:
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
                    purpose_target.get(tok.i), agentless=tok.i in tallied)
        if ev is not None:
            built.append((tok, ev))
    built = fought_off_is_the_fight(built, {t.i: s for t, s, _, _ in found})
    causes_of_protest(built)
    promises_to_cooperate(built)
    return [ev for _, ev in built]


_OCCURRED = frozenset({"occur", "take", "be", "happen"})  # "an explosion occurred / took place / there was a blast"


def _made_passive(tok: Token, sense: Trigger) -> bool:
    """An event noun that is the passive subject of a light verb, as a passive verb with no agent: "more than 200
    arrests have been made", "the arrests were made on the highway" (IndiaPoliceEvents train: 5 such sentences of
    arrests, none read)."""
    return sense.nominal and tok.dep_ == "nsubjpass" and is_light(tok.head) and tok.head.tag_ == "VBN"


def _means_used(tok: Token, sense: Trigger) -> bool:
    """A weapon the sense lists as the passive subject of its verb, with no agent named: "tear-gas shells were
    lobbed to break up the crowd", "a dozen tear-gas shells were lobbed near the gate", "six rounds were fired into
    the air" (IndiaPoliceEvents train: 6 such sentences, all of force used, none read). The means tell the act;
    nobody named does it."""
    # the sense was chosen by its object words, which the passive subject matched (triggers.choose_sense)
    return (not sense.nominal and sense.type == "ASSAULT" and bool(sense.object_words) and tok.tag_ == "VBN"
            and any(c.dep_ == "nsubjpass" for c in tok.children))


def _build(tok: Token, sense: Trigger, word: str, first: int, sent: Span, ann: AnnotatedArticle, idx: Index,
           lex: EventLexicon, published: dt.date | None, claimants, purpose_obj: Token | None, *,
           agentless: bool = False) -> Event | None:
    """One event from its word and sense. `agentless`: keep it even when no actor is found (the trained
    event stage has read the whole sentence as an event: "On 3 May, an IED exploded near a market")."""
    doc = tok.doc
    slots = fill_slots(tok, sense, first, sent, idx, lex, purpose_obj)
    if slots is None:
        return None
    sources, targets, etype, sense = slots.sources, slots.targets, slots.etype, slots.sense
    # ACLED's codebook: a remote explosive is "detonated" by remote or victim activation, mostly with no one named:
    # "a homemade bomb exploded at the office", "there was a bomb explosion in ward 4", "an IED explosion took place"
    agentless = agentless or (etype == "ASSAULT" and sense.mode == "explosives" and (
        tok.pos_ == "VERB" or tok.head.lemma_.lower() in _OCCURRED)) or _made_passive(tok, sense) or _means_used(
        tok, sense) or violence_told_unnamed(tok, word, sense, etype) or condemned_act(tok, sense)
    pron_arrest = not sources and pronoun_arrest(tok, sense)
    if not sources and not targets and not agentless and not pron_arrest:
        return None
    if etype == "PROTEST" and mere_gathering(tok, word, sources):
        return None  # "a drone strike hit the market where traders had gathered": no demonstration
    inanimate_subject = etype == "ASSAULT" and targets and any(  # "an explosion killed two youths"
        c.dep_ == "nsubj" and c.pos_ == "NOUN" and c.lemma_.lower() not in _CUMULATIVE
        and not (c.lemma_.lower() in lex.nouns and any(x.dep_ == "prep" and x.lower_ == "between" for x in c.children))
        for c in tok.children  # "clashes between X and Y killed 55": the clash event holds the deaths
    ) and not any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children)  # not a running toll
    if not sources and not inanimate_subject and not agentless and not pron_arrest and (
            sense.nominal or not (any(c.dep_ == "nsubjpass" or (c.dep_ == "auxpass" and targets and tok.dep_ == "conj")
                                      for c in tok.children) or headline_passive(tok))):
        # nobody acts: only an agentless passive ("two soldiers were killed", "left the office and were arrested")
        return None
    status, cue = attr.status_of(tok, lex.status)
    if slots.claimed_by:
        status, cue = "claimed", "claimed responsibility"
    elif status == "reported" and not sources and condemned_act(tok, sense) and condemned_by_a_crowd(tok):
        cue = tok.head.text  # "They condemned the arrest": at a demonstration, its cause
        # (codes_protests.condemned_at_a_protest)
    elif status == "reported" and attr.says_own_act(tok, {a.id for a in sources}, idx.actors):
        status, cue = "claimed", "says it did"
    clause = _clause_tokens(tok)
    # times inside relative clauses date the noun they describe ("the rebellion that began in 2011")
    excluded = {i for i in _relcl_tokens([sent.root], heading_root(sent))
                if not any(t.i == tok.i for t in doc[i:i + 1])}
    excluded -= {t.i for t in tok.subtree} - _relcl_tokens([tok])
    src_ids = frozenset(a.id for a in sources)
    # a retelling ("rebels captured Aleppo", after "the rebels' capture of Aleppo") is dated as what it retells
    idx.retold = next((d for t, ids, d in reversed(idx.told) if t == etype and ids & src_ids), None)
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
    if slots.founding and status == "background" and _recent(date, published):
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
    fatalities = sentence_toll(sent, idx.quantities, doc) if etype == "ASSAULT" else None
    draft = Draft(tok, word, sense, sent, idx, etype, mode_for(sense, sent, lex, etype), status, (cue or "").lower(),
                  sources, targets, location, purpose_obj)
    recode(draft)  # the named recoding rules (recode.RULES), in order
    etype, mode, status, sources, targets = draft.etype, draft.mode, draft.status, draft.sources, draft.targets
    sense = draft.sense  # a rule may recode the word's CAMEO code (recode_cameo.agreeing_with_a_view_is_accord)
    civ = any(q.what in ("civilian", "people", "resident", "villager", "child", "woman") and q.killed for q in quants)
    attribution = attr.attribution_for(tok, claimants, status, cue, {a.id for a in sources})
    conf = event_confidence(sense.weight, has_source=bool(sources), slot_target=bool(targets and slots.slot_target),
                            has_place=bool(location), lead=ann.doc is not None and sent.start == _lead_start(ann.doc))
    trig_span = doc[first:tok.i + 1]
    if date is not None and status not in ("negated", "hypothetical"):
        idx.told.append((etype, src_ids, date))
    return Event(
        id=_event_id(ann.article.id, trig_span.start_char, etype), type=etype, mode=mode,
        trigger=trig_span.text, trigger_start=trig_span.start_char, trigger_end=trig_span.end_char,
        evidence=Evidence(sentence=sent.text, start=sent.start_char, end=sent.end_char),
        cameo=codes.cameo(etype, mode, sense.cameo, sense.type),
        acled=codes.acled(etype, mode, sources, targets, civilians_hit=civ, fatalities=fatalities,
                          symmetric=sense.symmetric),
        sources=dedupe(sources), targets=dedupe(targets), location=location, date=date,
        quantities=[q for q in quants if q.start >= sent.start_char], fatalities=fatalities,
        attribution=attribution, confidence=conf, stage=NAME,
    )


def _at_seat(place: Place, gazetteer) -> Place:
    """An event known only to lie in a province is drawn at the province's namesake city, as ACLED codes such
    events to the provincial capital (geo-precision 3): "in Mendoza province" -> Mendoza. The place keeps its
    name, division and feature, so its precision stays visible; without a namesake town the point is unchanged."""
    if gazetteer is None or place.lat is None or place.lon is None:
        return place
    got = seat_point(gazetteer, place.name, place.country, place.admin1, place.lat, place.lon)
    return place if got is None else replace(place, lat=got[0], lon=got[1])


def run(ann: AnnotatedArticle, res) -> AnnotatedArticle:
    doc = ann.doc
    if doc is None:
        return ann
    lex: EventLexicon = res.lexicon
    published = published_date(ann)  # None: relative dates stay unresolved, never counted from today
    from eventwire.stages.actor_places import retype_by_place
    from eventwire.stages.actors import focus_countries, generic_actor
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
    words = res.trigger_words | TALLY_NOUNS  # "observed a total of 20 shots": a monitor's tally of fire
    preds = ann.predictions  # the trained event stage's reading of each sentence (stages/event_model.py)
    events: list[Event] = []
    sentence_of: dict[int, int] = {}  # a sentence's start offset -> its number (events keep their sentence's start)
    holds = holds_word(doc, words)  # each distinct lemma and word tested once
    for k, sent in enumerate(doc.sents):
        budget.check()
        found: list[Event] = []
        if holds[sent.start:sent.end].any():
            found = events_in_sentence(sent, ann, idx, lex, published)
        if not found and preds:  # the lexicon is silent: the model decides
            ev = event_from_model(sent, preds.get(sent.start_char), ann, idx, lex, published, events, build=_build)
            found = [ev] if ev is not None else []
        sentence_of[sent.start_char] = k
        if not found and not cumulative(sent):
            toll, told_as_alternative = toll_told(sent, idx.quantities, doc)
            if toll:
                credit_toll(events, sentence_of, k, toll, told_as_alternative)
        events.extend(found)
    codes.taken_in_battle(events)  # before merging, while a taking of territory is its own event
    codes.one_reading_per_attack(events, same_fact)  # before merging, while each reading keeps its actors
    merged = merge_events(events)
    codes.merged_victims_decide(merged)
    protesters_speak(merged)
    if preds:
        arbitrate(merged, preds)
        recode_acled(merged, preds)
    demands_follow_the_protest(merged)
    ann.events = carry_places(codes_protests.harmonise_acled(merged, doc_text(doc)), ann.places, doc_text(doc))
    hosts = {a.id: e.operates_in for a in ann.actors if (e := res.kb.get(a.id)) is not None and e.operates_in}
    place_by_actors(ann.events, ann.places, ann.actors, res.gazetteer, hosts)
    codes.remote_fire_in_a_battle(ann.events)
    codes_violence.code_article(ann.events, ann.actors, doc_text(doc), ann.places)
    codes.note_heading(ann.events, doc_text(doc))  # the note's own descriptor of its code ("Displacement: ...")
    codes.note_size(ann.events, doc_text(doc))  # a note that gives a demonstration's size ("[size=no report]")
    violent_tolls(ann.events, ann.quantities, doc)
    coded_toll(ann.events, doc_text(doc))  # the toll an ACLED note says it coded ("fatalities coded as 3")
    codes.statement_codes(ann.events)  # an act considered or claimed by its actor: CAMEO 014, 015
    for ev in ann.events:
        if ev.location is not None and ev.location.feature == "admin1":
            ev.location = _at_seat(ev.location, res.gazetteer)
    ann.actors.sort(key=lambda a: a.start)  # actors typed from context joined the mentions
    ann.stages.append(NAME)
    return ann


# events also retypes actors by the places around them and gives generic ones the story's country
STAGE = Stage("events", NAME, reads=("doc", "article.published", "actors", "places", "times", "quantities",
                                     "predictions"), writes=("events", "actors"), run=run)
