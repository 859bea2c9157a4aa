"""Actors: mentions in the text -> canonical actors (country, sector, kind, affiliations).

In order of trust:
1. names of the knowledge base, matched over tokens (longest first): "Badr Organisation", "Assad";
2. demonym + agent noun: "Iraqi fighters", "the Israeli military" -> the state's institution or a
   generic group of that country;
3. possessor + agent noun: "Assad's forces" -> the forces of the state that Assad leads;
4. agent nouns alone, typed by context: "rebels" in a story about Syria; "the group" and "the militia"
   refer back to the last armed group or organisation named;
5. names the knowledge base does not know (spaCy PERSON/ORG), kept with a kind and sector from their
   own words ("X Movement" -> REB, "ministry" -> GOV) and a country from nearby cues.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from eventwire.kb import KBEntry, KnowledgeBase
from eventwire.records import Actor, AnnotatedArticle, clean_name
from eventwire.stages.doc_arrays import lowers, where_pos_or_tag
from eventwire.stages.place_hierarchy import read_as_place

# v7: settlers are civilians, a generic crowd (sectors.yaml), not the state their demonym names ("Israeli settlers");
# and QSD, the Arabic acronym, is the SDF (armed_groups_middle_east.yaml);
# v6: an acronym that bodies of several countries share (CGT, CUT) is the one of the country the text names;
# v5: locals (residents, the governor, police) typed by where the story happens
NAME = "eventwire.actors.kb.v7"

_ANAPHORS = {  # definite descriptions that refer back to an actor named earlier, and the kinds they fit
    "group": ("armed_group", "organisation"), "militia": ("armed_group",), "movement": ("armed_group", "organisation"),
    "organisation": ("armed_group", "organisation"), "organization": ("armed_group", "organisation"),
    "faction": ("armed_group",), "party": ("organisation",), "coalition": ("armed_group", "organisation"),
    "alliance": ("armed_group", "organisation"),
}
_ORG_HEADS = {  # last word of an unknown organisation's name -> (sector, kind)
    "movement": ("REB", "armed_group"), "front": ("REB", "armed_group"), "brigade": ("REB", "armed_group"),
    "brigades": ("REB", "armed_group"), "army": ("REB", "armed_group"), "battalion": ("REB", "armed_group"),
    "militia": ("REB", "armed_group"), "forces": ("MIL", "armed_group"), "ministry": ("GOV", "organisation"),
    "party": ("PTY", "organisation"), "council": ("GOV", "organisation"), "court": ("JUD", "organisation"),
    "parliament": ("LEG", "organisation"), "police": ("COP", "organisation"), "agency": ("GOV", "organisation"),
    "observatory": ("NGO", "organisation"), "foundation": ("NGO", "organisation"), "committee": ("NGO", "organisation"),
    "union": ("CVL", "organisation"), "company": ("BUS", "organisation"), "corporation": ("BUS", "organisation"),
    "bank": ("BUS", "organisation"), "university": ("EDU", "organisation"), "news": ("MED", "organisation"),
    "times": ("MED", "organisation"), "post": ("MED", "organisation"), "television": ("MED", "organisation"),
}
_TITLES = {  # words before or around a person's name -> sector
    "president": "GOV", "minister": "GOV", "premier": "GOV", "king": "GOV", "prince": "GOV", "emir": "GOV",
    "spokesman": "GOV", "spokeswoman": "GOV", "ambassador": "GOV", "envoy": "GOV", "governor": "GOV",
    "general": "MIL", "gen.": "MIL", "colonel": "MIL", "col.": "MIL", "commander": "MIL", "admiral": "MIL",
    "lieutenant": "MIL", "major": "MIL", "sheikh": "REL", "cleric": "REL", "imam": "REL", "judge": "JUD",
    "lawmaker": "LEG", "senator": "LEG", "opposition": "OPP", "rebel": "REB", "activist": "OPP",
    "journalist": "MED", "reporter": "MED",
}
FOCUS = NAME + ":focus"  # a bare agent noun ("demonstrators") typed by the story's main country alone
ETHNIC = NAME + ":ethnic"  # "ethnic Albanians": typed by their demonym until the text says where they live
_MODIFIER_DEPS = {"amod", "compound", "nmod", "npadvmod", "poss"}


def _is_name_start(tok: Token) -> bool:
    if not tok.text.isprintable():  # "Hez\u202ebollah" is title case once its hidden characters are gone
        word = clean_name(tok.text)
        return word.istitle() or word.isupper() or word.lower() in ("al", "the", "el", "ad")
    return tok.is_title or tok.is_upper or tok.lower_ in ("al", "the", "el", "ad")


def _make(span: Span, entry: KBEntry, kb: KnowledgeBase, *, known: bool = True) -> Actor:
    sector = entry.sector or ("GOV" if entry.kind == "state" else None)
    affiliations = kb.backers(entry.id)
    for rel, other in entry.affiliations:
        if rel in ("member_of", "leads") and other not in affiliations:
            affiliations.append(other)
    return Actor(text=span.text, start=span.start_char, end=span.end_char, id=entry.id, name=entry.name,
                 country=entry.country, sector=sector, kind=entry.kind, affiliations=affiliations,
                 known=known, stage=NAME)


def _generic(span: Span, iso3: str | None, sector: str | None, kind: str, noun: str, kb: KnowledgeBase) -> Actor:
    """A generic actor: the state's own institution where one exists, else a group of that country. A government
    named as the opposition's ("the shadow administration") is the state's known counter-government, if any."""
    if iso3 and sector == "OPP" and noun in _COUNTER_GOV_HEADS:
        cg = kb.counter_government(iso3)
        if cg is not None:
            a = _make(span, cg, kb)
            a.proper = False
            return a
    if iso3 and sector:
        inst = kb.institution(iso3, sector)
        if inst is not None and kind != "armed_group":
            a = _make(span, inst, kb)
            a.proper = False
            return a
    state = kb.get(iso3) if iso3 else None
    where = state.name if state else "unknown country"
    ident = f"{iso3 or 'XXX'}:{sector or 'UNK'}:{noun}" if kind == "armed_group" or not sector else f"{iso3 or 'XXX'}:{sector}"
    return Actor(text=span.text, start=span.start_char, end=span.end_char, id=ident,
                 name=f"{noun} ({where})", country=iso3, sector=sector, kind=kind, affiliations=[],
                 known=False, proper=False, stage=NAME)


generic_actor = _generic  # for the events stage, which types generic actors by the story's country


def _match_kb(doc: Doc, kb: KnowledgeBase, gazetteer=None) -> list[tuple[Span, KBEntry]]:
    index = kb.alias_token_index()
    longest = kb.max_alias_tokens
    # a name is matched without the format characters hidden in it ("Hez\u202ebollah" is Hezbollah)
    toks = list(doc)  # each Token once (doc[i] builds a new one on every call)
    low = lowers(doc, clean_name)
    starts = kb.alias_token_starts()  # a word no alias opens with starts no match
    out: list[tuple[Span, KBEntry]] = []
    named: Counter[str] | None = None  # states the text names, counted when an alias is ambiguous
    i = 0
    n = len(doc)
    while i < n:
        hit = None
        if low[i] in starts and (_is_name_start(toks[i]) or toks[i].is_upper):
            for j in range(min(n, i + longest), i, -1):
                key = tuple(low[i:j])
                if key in index:
                    span = doc[i:j]
                    entries = kb.match_alias(clean_name(span.text))
                    if entries:
                        if len({e.country for e in entries}) > 1:  # "CGT": France's, Spain's or Argentina's
                            if named is None:
                                named = _states_named(doc, kb, gazetteer)
                            entries = sorted(entries, key=lambda e: -named.get(e.country or "", 0))
                        hit = (span, entries[0])
                        break
        if hit is not None:
            span, entry = hit
            # "Badr" inside "Badr Organisation" is matched as the longer name already; a name that is a
            # demonym-like adjective of a longer unknown name is left to the unknown-name step.
            out.append(hit)
            i = span.end
        else:
            i += 1
    return out


def _states_named(doc: Doc, kb: KnowledgeBase, gazetteer=None) -> Counter[str]:
    """How often the text names each state, by name ("France", "South Korea"), demonym ("French") or one of its
    large cities ("Buenos Aires", with the gazetteer): the evidence that picks among bodies of several countries
    that share one acronym. A tie keeps the knowledge base's order."""
    counts: Counter[str] = Counter()
    for t in doc:
        if not (t.is_title or t.is_upper):
            continue
        st = kb.state_by_demonym(t.text) or kb.state_by_name(t.text)
        if st is not None:
            counts[st.id] += 1
        elif t.ent_iob_ != "I" and gazetteer is not None and t.pos_ == "PROPN":
            name = doc[t.i:t.i + 2].text if t.i + 1 < len(doc) and doc[t.i + 1].is_title else t.text
            big = [e for e in gazetteer.candidates(name)[:3] if e.population >= 500_000 and e.country]
            if big:
                counts[big[0].country] += 1
    for i in range(len(doc) - 1):
        for j in (i + 2, i + 3):
            if j <= len(doc) and doc[i].is_title and doc[j - 1].is_title:
                st = kb.state_by_name(doc[i:j].text)
                if st is not None:
                    counts[st.id] += 1
    return counts


# a government body that is not the state's: "the shadow administration", "the government in exile", "a parallel
# government", "an interim government declared by the opposition"
_COUNTER_GOV_MODIFIERS = {"shadow", "parallel", "rival", "exiled", "exile", "underground", "breakaway",
                          "self-declared", "self-proclaimed", "opposition", "alternative", "revolutionary"}
_COUNTER_GOV_HEADS = {"government", "administration", "cabinet", "authority", "authorities", "council", "executive",
                      "presidency", "president", "prime minister", "premier", "ministry", "minister", "parliament"}
_FOUNDING_VERBS = {"declare", "form", "set", "establish", "proclaim", "name", "appoint", "create", "announce",
                   "found", "launch", "lead", "back", "run"}
_OPPOSING = {"opposition", "rebel", "rebels", "protester", "protesters", "dissident", "dissidents", "exile", "exiles",
             "lawmaker", "lawmakers", "resistance", "insurgent", "insurgents", "activist", "activists"}


def _opposition_body(tok: Token) -> int | None:
    """The first token of a government noun phrase that names a body opposing the state's government, or None.
    The government of a country is its state's; one qualified as shadow, parallel, rival or in exile, or formed by
    its opponents, is an opposition body (PLOVER OPP) and must not take the state's government's identity."""
    lemma = tok.lemma_.lower()
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    head_words = {lemma, tok.lower_} | ({f"{prev.lower_} {lemma}"} if prev is not None else set())
    if not head_words & _COUNTER_GOV_HEADS:
        return None
    first = tok.i
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "nmod") and c.i < tok.i and (
                c.lower_ in _COUNTER_GOV_MODIFIERS or c.lemma_.lower() in _COUNTER_GOV_MODIFIERS):
            first = min(first, c.left_edge.i)
    if first < tok.i:
        return first
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "in" and any(p.lemma_.lower() == "exile" for p in c.children):
            return tok.i  # "the government in exile"
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in _FOUNDING_VERBS:
            # "an interim government declared by the opposition", "a cabinet that rebels formed"
            agents = [p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
            agents += [s for s in c.children if s.dep_ == "nsubj"]
            if any(x.lower_ in _OPPOSING or x.lemma_.lower() in _OPPOSING for a in agents for x in a.subtree):
                return tok.i
    return None


def _agent_noun(tok: Token, kb: KnowledgeBase, *, with_demonym: bool = False) -> tuple[str | None, str, int] | None:
    """(sector, kind, first token index) for an agent noun, trying a compound in front first.
    With a demonym in front, "group" and "faction" are armed groups too ("the Iraqi groups"). A government noun
    named as an opposition body ("the shadow administration", "the government in exile") is OPP."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return None
    if with_demonym and tok.lemma_.lower() in ("group", "faction", "unit", "outfit"):
        return None, "armed_group", tok.i
    hit = _agent_noun_hit(tok, kb)
    if hit is not None and hit[0] in ("GOV", "LEG", None):
        first = _opposition_body(tok)
        if first is not None:
            return "OPP", "generic", min(first, hit[2])
    return hit


def _agent_noun_hit(tok: Token, kb: KnowledgeBase) -> tuple[str | None, str, int] | None:
    if tok.i > 0:
        prev = tok.doc[tok.i - 1]
        if prev.dep_ in ("compound", "amod") and prev.pos_ in ("NOUN", "ADJ"):
            hit = kb.sector_of_noun(f"{prev.lower_} {tok.lemma_.lower()}") or kb.sector_of_noun(f"{prev.lower_} {tok.lower_}")
            if hit:
                return hit[0], hit[1], prev.i
    hit = kb.sector_of_noun(tok.lemma_.lower()) or kb.sector_of_noun(tok.lower_)
    return (hit[0], hit[1], tok.i) if hit else None


def _det(tok: Token) -> Token | None:
    return next((c for c in tok.children if c.dep_ == "det"), None)


def focus_countries(doc: Doc, kb: KnowledgeBase, named: Iterable[Actor]) -> list[str]:
    """Countries of the story, most mentioned first (states, demonyms, and actors' countries)."""
    counts: Counter[str] = Counter()
    for a in named:
        if a.country:
            counts[a.country] += 2 if a.kind == "state" else 1
    counts.update(_demonym_counts(doc, kb))
    return [c for c, _ in counts.most_common()]


def _demonym_counts(doc: Doc, kb: KnowledgeBase) -> Counter[str]:
    """The states the Doc's demonyms name, counted: read once per Doc and knowledge base (places, actors and events
    each ask for the story's countries)."""
    cached = doc.user_data.get("_ew_demonyms")
    if cached is not None and cached[0] == id(kb):
        return cached[1]
    counts: Counter[str] = Counter()
    for tok in doc:
        if tok.is_title and tok.pos_ in ("ADJ", "PROPN", "NOUN"):
            st = kb.state_by_demonym(tok.text)
            if st is not None:
                counts[st.id] += 1
    doc.user_data["_ew_demonyms"] = (id(kb), counts)
    return counts


def _well_known_place(text: str, gazetteer) -> bool:
    """A name NER took for a person or organisation that is in fact a country, region or large city."""
    if gazetteer is None:
        return False
    return any(e.feature in ("country", "admin1", "region") or e.population >= 100_000
               for e in gazetteer.candidates(text)[:3])


def find_actors(doc: Doc, kb: KnowledgeBase, gazetteer=None) -> list[Actor]:
    actors: list[Actor] = []
    taken: set[int] = set()

    def add(actor: Actor, span: Span) -> None:
        actors.append(actor)
        taken.update(range(span.start, span.end))

    # 1. knowledge-base names
    for span, entry in _match_kb(doc, kb, gazetteer):
        add(_make(span, entry, kb), span)
    by_token: dict[int, Actor] = {}
    for a in actors:
        for t in doc.char_span(a.start, a.end, alignment_mode="expand") or ():
            by_token[t.i] = a

    # 2./3. demonym or possessor + agent noun (the only tokens either test can accept: `_agent_noun` wants a noun)
    for k in where_pos_or_tag(doc, ("NOUN", "PROPN"), ("NNPS", "NNS")):
        tok = doc[k]
        if tok.i in taken:
            continue
        if tok.tag_ in ("NNPS", "NNS") and tok.is_title:  # "two Palestinians", "Iraqis": people of a state
            st = kb.state_by_demonym(tok.text)
            if st is not None:
                span = doc[tok.i:tok.i + 1]
                a = _generic(span, st.id, "CVL", "generic", "people", kb)  # a people: civilians
                if any(c.lower_ == "ethnic" for c in tok.children):
                    a.stage = ETHNIC  # "ethnic Albanians" in Serbia are Serbia's people: placed by the text
                add(a, span)
                continue
        agent = _agent_noun(tok, kb, with_demonym=True)
        if agent is None:
            continue
        sector, kind, first = agent
        iso3 = None
        start = first
        for child in tok.children:
            if child.dep_ in ("amod", "compound", "nmod", "poss") and child.i < first:
                st = kb.state_by_demonym(child.text) if child.is_title or child.is_upper else None
                if st is None and child.lower_ == "led":  # "Vietnamese-led forces", "Saudi-led coalition"
                    lead = next((g for g in child.children if g.i < child.i and (g.is_title or g.is_upper)), None)
                    st = (kb.state_by_demonym(lead.text) or kb.state_by_name(lead.text)) if lead is not None else None
                    if st is not None:
                        child = lead
                if st is None and child.i in by_token and child.dep_ in ("poss", "compound"):
                    owner = by_token[child.i]
                    if owner.kind in ("armed_group", "organisation") and owner.proper and sector in ("GOV", "MIL", "REB"):
                        iso3 = None  # "Hamas officials", "Hezbollah fighters": the group itself, below
                        start = -1
                        break
                    if owner.kind == "state":
                        iso3 = owner.country
                    elif owner.kind == "person" and kb.leader_of(owner.id):
                        iso3 = owner.country
                    if iso3:
                        start = min(start, doc.char_span(owner.start, owner.end, alignment_mode="expand").start)
                        continue
                if st is not None:
                    iso3 = st.id
                    start = min(start, child.i)
        if start == -1:  # members named by their group: the group acts
            owner = by_token[child.i]
            span = doc[doc.char_span(owner.start, owner.end, alignment_mode="expand").start:tok.i + 1]
            add(Actor(text=span.text, start=span.start_char, end=span.end_char, id=owner.id, name=owner.name,
                      country=owner.country, sector=owner.sector, kind=owner.kind,
                      affiliations=list(owner.affiliations), known=owner.known, proper=False, stage=NAME), span)
            continue
        if iso3 is None:
            continue
        span = doc[start:tok.i + 1]
        add(_generic(span, iso3, sector, kind, tok.lemma_.lower(), kb), span)

    # 4. agent nouns alone: anaphora, or the story's country
    named = sorted(actors, key=lambda a: a.start)
    focus = focus_countries(doc, kb, named)
    main = focus[0] if focus else None
    for tok in doc:
        if tok.i in taken or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        lemma = tok.lemma_.lower()
        # the determiner is read only where a rule below needs it (walking a token's children is costly)
        det = _det(tok) if lemma in _ANAPHORS and tok.tag_ in ("NN", "NNP") else None
        if det is not None and det.lower_ == "the":
            kinds = _ANAPHORS[lemma]
            prior = [a for a in actors if a.end <= tok.idx and a.kind in kinds and a.known and a.proper]
            if prior:
                ref = max(prior, key=lambda a: a.start)
                span = doc[det.i:tok.i + 1]
                add(Actor(text=span.text, start=span.start_char, end=span.end_char, id=ref.id, name=ref.name,
                          country=ref.country, sector=ref.sector, kind=ref.kind,
                          affiliations=list(ref.affiliations), known=ref.known, stage=NAME), span)
                continue
        agent = _agent_noun(tok, kb)
        if agent is None:
            continue
        if det is None:
            det = _det(tok)
        if tok.dep_ == "appos" and any(a.start <= tok.head.idx < a.end for a in actors):
            continue  # "Hadi al-Bahra, leader of ...": a description of the person, not another actor
        sector, kind, first = agent
        if det is not None and det.lower_ == "the":  # "the fighters": the fighters named before
            same = [a for a in actors if a.end <= tok.idx and not a.proper
                    and a.text.lower().endswith(tok.lower_) and a.country]
            if same:
                ref = max(same, key=lambda a: a.start)
                span = doc[det.i:tok.i + 1]
                stage = FOCUS if ref.stage == FOCUS else NAME  # typed as the first mention was, and retyped alike
                add(Actor(text=span.text, start=span.start_char, end=span.end_char, id=ref.id, name=ref.name,
                          country=ref.country, sector=ref.sector, kind=ref.kind,
                          affiliations=list(ref.affiliations), known=ref.known, proper=False, stage=stage), span)
                continue
        iso3 = main
        # "its troops", "his forces": the forces of the actor named last before them in the sentence
        owner_word = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"
                           and c.lower_ in ("its", "his", "her", "their")), None)
        if owner_word is not None and sector in ("MIL", "COP", "REB"):
            sent = tok.sent
            prior = [a for a in actors if sent.start_char <= a.start < owner_word.idx and a.proper]
            if prior:
                owner = prior[-1]
                span = doc[owner_word.i:tok.i + 1]
                if owner.kind == "armed_group":  # "the group ... its fighters": the group itself
                    ref = owner
                    add(Actor(text=span.text, start=span.start_char, end=span.end_char, id=ref.id, name=ref.name,
                              country=ref.country, sector=ref.sector, kind=ref.kind,
                              affiliations=list(ref.affiliations), known=ref.known, proper=False, stage=NAME), span)
                    continue
                if owner.country:
                    add(_generic(span, owner.country, sector, kind, tok.lemma_.lower(), kb), span)
                    continue
        # "fighters from Iraq's Badr Organisation": the country of the group they come from
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in ("from", "of"):
                member_of = [by_token[t.i] for t in c.subtree if t.i in by_token and by_token[t.i].country]
                if member_of:
                    iso3 = member_of[0].country
                    break
        span = doc[first:tok.i + 1]
        if det is not None and det.i == first - 1 and det.lower_ == "the":
            span = doc[det.i:tok.i + 1]
        a = _generic(span, iso3, sector, kind, tok.lemma_.lower(), kb)
        if iso3 is not None and iso3 == main:
            a.stage = FOCUS  # typed by the story's country only: the places stage may know better
        add(a, span)

    # 5. a misspelt state name ("Afganistan"), when the word is no known place or person
    for tok in doc:
        if tok.i in taken or tok.pos_ != "PROPN" or not tok.is_title or len(tok.text) < 7 or \
                tok.ent_type_ in ("PERSON", "ORG") or (gazetteer is not None and gazetteer.candidates(tok.text)):
            continue
        st = kb.state_by_misspelling(tok.text)
        if st is not None:
            add(_make(doc[tok.i:tok.i + 1], st, kb), doc[tok.i:tok.i + 1])

    # 6. names the knowledge base does not know
    for ent in doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "NORP") or any(t.i in taken for t in ent):
            continue
        if ent.label_ == "NORP":
            st = kb.state_by_demonym(ent.text)
            if st is not None and ent.root.pos_ in ("PROPN", "NOUN") and ent.root.tag_ in ("NNPS", "NNS"):
                add(_generic(ent, st.id, None, "generic", "people", kb), ent)  # "Iraqis"
            continue
        text = ent.text
        if _well_known_place(text.removesuffix("'s").removesuffix("’s"), gazetteer):
            continue  # "Khartoum" tagged PERSON: the places stage reads it
        if gazetteer is not None and read_as_place(doc, ent.start, ent.end, gazetteer, focus):
            continue  # "the village of Djiguibombo", "in Mondoro (Douentza, Mopti)": a place, not an actor
        if text.endswith("'s") or text.endswith("’s"):
            ent = doc[ent.start:ent.end - 1] if ent.end - ent.start > 1 else ent
        # a short form of a person named before: "al-Bahra", "Assad"
        prior = next((a for a in reversed(actors) if a.kind == "person" and a.end <= ent.start_char
                      and (a.name.endswith(ent.text) or a.text.endswith(ent.text))), None)
        if prior is not None:
            add(Actor(text=ent.text, start=ent.start_char, end=ent.end_char, id=prior.id, name=prior.name,
                      country=prior.country, sector=prior.sector, kind=prior.kind,
                      affiliations=list(prior.affiliations), known=prior.known, stage=NAME), ent)
            continue
        if ent.label_ == "PERSON":
            sector, iso3 = _person_context(ent, kb, by_token)
            if iso3 is None and sector in ("GOV", "MIL", "LEG", "JUD"):
                iso3 = main  # an office holder with no other cue serves the story's country
            add(Actor(text=ent.text, start=ent.start_char, end=ent.end_char, id=f"person:{_slug(ent.text)}",
                      name=ent.text, country=iso3 or None, sector=sector, kind="person", affiliations=[],
                      known=False, stage=NAME), ent)
        else:
            sector, kind = _ORG_HEADS.get(ent[-1].lower_, (None, "organisation"))
            iso3 = _nearby_country(ent, kb, by_token)
            add(Actor(text=ent.text, start=ent.start_char, end=ent.end_char, id=f"org:{_slug(ent.text)}",
                      name=ent.text, country=iso3, sector=sector, kind=kind, affiliations=[],
                      known=False, stage=NAME), ent)
    actors.sort(key=lambda a: a.start)
    return actors


def _slug(text: str) -> str:
    """The id part of an unknown name: "Abu Khalid" -> "abu-khalid"; format characters hidden inside a word
    do not split it ("Kha\u202elid" -> "khalid")."""
    return re.sub(r"[^a-z0-9]+", "-", clean_name(text).lower()).strip("-")


def _person_context(ent: Span, kb: KnowledgeBase, by_token: dict[int, Actor]) -> tuple[str | None, str | None]:
    """Sector and country of an unknown person from a title before the name or an appositive after it."""
    doc = ent.doc
    sector = None
    iso3 = None
    sent = ent.sent
    window = list(doc[max(sent.start, ent.start - 4):ent.start]) + [c for c in ent.root.subtree if c.i >= ent.end][:12]
    for t in window:
        if sector is None and t.lower_ in _TITLES:
            sector = _TITLES[t.lower_]
        if iso3 is None:
            st = kb.state_by_demonym(t.text) if t.is_title else None
            if st is not None:
                iso3 = st.id
            elif t.i in by_token and by_token[t.i].country:
                iso3 = by_token[t.i].country
    return sector, iso3


def _nearby_country(ent: Span, kb: KnowledgeBase, by_token: dict[int, Actor]) -> str | None:
    """Country of an unknown organisation: a possessor ("Iraq's X"), a demonym in its name or just before."""
    doc = ent.doc
    for t in list(ent) + list(doc[max(0, ent.start - 3):ent.start]):
        st = kb.state_by_demonym(t.text) if t.is_title else None
        if st is not None:
            return st.id
        if t.i in by_token and by_token[t.i].kind == "state":
            return by_token[t.i].country
    return None


def actor_at(actors: list[Actor], start: int, end: int) -> Actor | None:
    """The actor whose span covers the characters [start, end)."""
    for a in actors:
        if a.start <= start and end <= a.end:
            return a
    return None


def run(ann: AnnotatedArticle, res) -> AnnotatedArticle:
    if ann.doc is not None:
        ann.actors = find_actors(ann.doc, res.kb, res.gazetteer)
    ann.stages.append(NAME)
    return ann


from eventwire.stages.stage import Stage  # noqa: E402 - the stage's declaration closes the module

STAGE = Stage("actors", NAME, reads=("doc",), writes=("actors",), run=run)
