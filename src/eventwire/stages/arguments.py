"""Arguments of an event word: who acts, on whom, read from the dependency parse.

`actors_of` maps an argument token to the actors it stands for (conjuncts expanded, "hundreds of
fighters" descended, "fighters from X and Y" resolved to X and Y); `subject_of` finds a verb's subject,
inherited along purpose clauses, conjoined verbs and relative clauses; `ad_hoc_actor` keeps an actor the
knowledge base does not know, typed from the event (pronouns.resolve_pronoun reads "they" and "it").
"""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Span, Token

from eventwire.records import Actor, AnnotatedArticle, Place
from eventwire.wordlists import words

# the events stage's versioned name (events.NAME is this one; the slot filling here is part of that stage)
# v3: merging reads the countries the text states for the victims
# v12: an arrest with violence in custody an attack (codes_violence.violence_in_custody); migrants or other people
# crossing or entering no deployment (triggers.people_crossing); the model's reading does not make an armed side hit by
# an unnamed doer an attack (model_events.recode_acled); a strike held or staged, a climate or school strike, a protest
# (triggers.labour_strike); an arson attack property destruction (events.yaml modes); a province's seat
# (place_hierarchy.seat_point) outside a division with a GeoNames code only a city of 100,000; a site named after a
# place ("Santa Croce square in Florence") the town after it (place_choice._site_town), ACLED's "City - Part" the
# city, a protest told after a protest that tells of no other one its place (place_choice.carry_places) (issue 14);
# a detention by a non-state armed side or into the unknown an abduction (codes_violence.detention_outside_the_law);
# party members, traders or youths who clash mob violence (codes_violence.crowds_clash); armed men who attack or raid
# a place (not a country), no armed side hit, an attack (codes_violence.raid_on_a_place); a verb joined to a negating
# governor not negated by it ('stopped a truck and detained 22 migrants': attribution.status_of)
# v11: violence: a ceasefire monitor's tally of fire an event, shelling or an armed clash (triggers.tally_sense),
# gunfire aimed at what civilians own or use an attack (codes_violence.fire_at_civilian_things), people who shoot at someone
# no mob (codes.acled), a lethal clash between groups of people an armed clash (codes_violence.lethal_communal_clash), an
# arrest after violence ranks below it (codes_violence.arrest_follows_violence), heavy weapons shelling, an attack repelled a
# battle (events.yaml), drugs seized or destroyed property destruction (codes_violence.drugs_seized_or_destroyed), armed
# people hurt told after an attack a battle (codes_violence.armed_victims_told_after), mixed arms no weapon's mode (mode_for); the event's
# place: a country after 'from' an origin, 'coded to X' in the paragraph, a country a protest is against in passing
# (place_choice.refine, carry_places);
# protests: the violence a demonstration is about or came after is its cause, neither its violence nor force
# on it, and where the model reads a peaceful protest over such violence the protest is the main event
# (codes_protests.told_as_cause, model_events.protest_over_its_cause); a report that says its protest was peaceful
# keeps it peaceful (codes_protests.said_peaceful); property burnt by demonstrators is a violent demonstration
# (codes.yaml burnt_property); a press conference with banners is a protest (demands.protesters_speak); people who
# close or take over a place to demand protest (recode.takeover_with_demand_is_protest); an act "called on/upon" or
# "appealed to" is asked for, hypothetical (attribution), and a protest's demanded act never outranks it (demands);
# a claimed and a reported mention of one sentence are one status when merging (event_merge._same_in_sentence); the
# attack a verb of fighting off takes as its object
# is that fight, its attackers the other side (event_merge.fought_off_is_the_fight)
# v10: protests: forces intervening by the word, roads blocked with material, counted crowds protest (codes.py,
# recode.py), the model's protest over what its crowd says (model_events.arbitrate), threats follow the protest
# (demands.py), a crowd's beating stays mob violence, a crowd's strike is no violence, a crowd's violence at a named
# demonstration is a violent demonstration; territory taken in a battle, sexual violence in an attack, off-duty
# forces as civilians, handovers as transfers (codes.py), "control of X" a place (triggers.py), a model event on a
# copula ("police were at a loss as the mobs ...") anchored on the clause that tells the happening; an event whose
# sentence names no place takes the place of the event it continues (place_choice.carry_places); demonstrators'
# violence told in a later sentence, a protest only the model made violent is peaceful, people's statement the
# model reads as a peaceful protest, an act a protest is against is its cause, force on a violent demonstration is
# that violent demonstration, a counted or grouped crowd of any trade blocking a road protests; one code for the
# readings of one attack (codes.one_reading_per_attack), remote fire in an exchange between armed sides an armed
# clash (codes.remote_fire_in_a_battle), a crowd's burning mob violence, unarmed people hit told in a merged
# retelling an attack (codes.merged_victims_decide); v9: a country a noun names in passing ("the war in Ukraine")
# gives way to a town a locative word leads to
# v17: a tally of the dead ("1 fatality") sums up the dead a sentence names, not added to them (quantities.death_toll);
# a toll told as a side's claim or by other sources beside a report of the same dead keeps the lower figure
# (event_merge.credit_toll, take_figures); CAMEO codes of acts considered (014) or claimed by their actor (015),
# condolences (018), ceasefires violated (196), cyber warfare (176); failed agreements and strikes that will not end
# are refusals, a ceasefire declared a concession (recode_cameo.py); an act "agreed to" is the agreement (CAMEO 031),
# not the act done; convictions CAMEO 116, lawsuits 115, official complaints 114; a fight against a disease or
# disaster no assault; medical and rescue teams sent humanitarian aid (073); accusations rejected stay negated (the
# verb's denial, 016, codes it); agreeing with a view CAMEO 019; diplomatic ties established SUPPORT 054; an exercise
# of two countries' forces COOPERATE 062; a suspension of aid SANCTION 162, aid workers expelled 1663; millions given
# or sent AID; armed forces moved, deployed or stationed, a curfew and a ban on gatherings are ACLED's Change to
# group/activity (codes.forces_change, codes.gatherings_banned); a model's intervention with no force and no word of
# one read is a peaceful protest (codes_protests.unarmed_demonstration); a flag, effigy or portrait burnt at a protest
# is no property destroyed (codes_protests.symbol_burnt); property destroyed by rioters is mob violence (codes.yaml
# crowd_nouns); forces who clash with the marchers make a violent demonstration (codes_protests._CLASH_WORDS)
# v18: see ARCHITECTURE.md, "What events v18 changed"; v19: "What events v19 changed"; v20: "barricade" a verb of
# restriction, none done to oneself; a personal pronoun names a person, and an arrest by or of one is someone's; a
# toll with no one acting counts the dead of an attack on a site given the attacker's country; v21: people a common
# noun names, from a country ("migrants from Cuba and Haiti", "students from Ukraine"), act as those people of each
# country, not as its state (arguments._people_from); an ACLED note that opens with the descriptor of its code
# ("Displacement:", "Defusal:", "Security measures:") is coded so (codes.note_heading, codes.yaml note_headings);
# people hit by violence named by a common noun the knowledge base lacks are its civilian targets (slots._people_hit);
# the toll a note says it coded ("fatalities coded as 3", "split across 6 events, coded as 2") is its events' toll
# (event_tolls.coded_toll); a note that gives a crowd's size ("[size=no report]") tells a demonstration
# (codes.note_size)
NAME = "eventwire.events.lexicon.v21"  # v16: a model event after a heading ("Defusal: On 31 May, soldiers found ...")
# is the clause's after the colon, dated by it (model_events._after_heading); a part of a town the sentence placed its event in gives way to the town
# ("in Mossoro ... in the Barrocas neighborhood", places.yaml `part_nouns`), a small town read in a country no other
# name of the sentence lies in to the places of the one other country, the unit of the bracket after ACLED's "City -
# Part" or a name inside the part to the city, a town people are from ("a boy from Melitopol") to the town a placing
# word leads to, a town a road is named after ("the Aden - Taizz road", places.yaml `road_nouns`) to the town a
# placing word leads to; a note "coded as provincial capital X"; a unit that holds a town the event struck ("shelled
# Tal Salma town in the countryside of Raqqa") to the town; a town of what a protest is about ("support for the truckers'
# convoy in Ottawa", places.yaml `topic_openers`) to the town before it (place_namesakes, place_choice; issue 14)
# v15: the trained model's assault only where its ACLED head reads an
# assault too ("police have intensified the hunt": no event, model_events._HEADS_MUST_AGREE); a generic armed body
# before a weapon noun wields it ("40 died in police firing"); a listed weapon as an agentless passive subject is
# the act ("tear-gas shells were lobbed"); an indefinite pronoun ("one found burnt") is no one named (IndiaPoliceEvents
# train, issue 12)
# v14: a country named in passing (a destination "to Poland", a passing noun up
# the clause "involvement of the firm in Russia", "Russia's invasion", "invasion of Ukraine by Russia") gives way to
# the sentence's town, or, as an event's only place, to the place of the event told before it in the paragraph (issue
# 14); a small foreign town read in a site's name ("Armas square") gives way to the sentence's town; a passive verb
# joined to an active one is done to the shared subject ("left the office and were arrested"), "were able to" a deed
# done, people booked or picked up arrested, suspects and miscreants people held, arrests made an agentless passive;
# no doer inherited by an existential clause ("said there was stone-pelting"), no model event of a copula's subject,
# of a reporting or belief verb alone (IndiaPoliceEvents train)
# v13: a seizure after a fight ranks below it, a crowd's property
# destruction at its demonstration a violent demonstration (codes_violence, codes_protests), an abduction with a
# killing in its sentence an attack, gang or cartel members hit an armed clash, people hit by a device's blast
# remote violence; a site named up to three words before "school/centre in" lies in the town after it, a shelled
# town before its province is the place; v8: the place refined
# (place_choice), ACLED types by who is armed (codes.py),
# the model keeps to the means; v7: CAMEO codes by the codebook (appeal 02, deny 016, aid cut 162), police acts; v6:
# a death toll told in a sentence of its own counts the attack told before it (event_merge.credit_toll); v5: event
# dating (dates carried on, "a day after" counted back)
PLACE_AS_STATE = NAME + ":place-as-state"  # a place acted upon, standing for its state: still the event's place
_SKIP_ARG_DEPS = {"relcl", "acl", "advcl", "punct", "cc", "appos"}
_WORDS = words("arguments")  # data/lexicons/words/arguments.yaml
_NO_ACTOR_HEADS = _WORDS.set("no_actor_heads")


# "staged a demonstration", "launched an attack": the verb's subject is the source of the noun's event
LIGHT_VERBS = _WORDS.set("light_verbs")
_LIGHT_FORMS = {f for v in LIGHT_VERBS | {"take", "participate"}
                for f in (v, v + "s", v + "d", v + "ed", v + "ing", v.rstrip("e") + "ing", v.rstrip("e") + "ed")}


def is_light(verb: Token) -> bool:
    """A verb that only carries its object's event; by form too, as the lemmatiser errs ("staged" -> "stag")."""
    return verb.lemma_.lower() in _LIGHT_FORMS or verb.lower_ in _LIGHT_FORMS


def _covering(items: list, pos: int, cache: dict) -> list[int]:
    """Positions in `items` (mentions with .start and .end) whose span covers the character `pos`: a binary
    search over the spans sorted by start, built once per list and rebuilt when the list changes length (a linear
    scan per word made an article's work grow with the square of its length)."""
    key = id(items)
    got = cache.get(key)
    if got is None or got[0] != len(items):
        spans = sorted((m.start, m.end, i) for i, m in enumerate(items))
        got = (len(items), [sp[0] for sp in spans], spans, max((e - b for b, e, _ in spans), default=0))
        cache[key] = got
    _, starts, spans, longest = got
    out: list[int] = []
    k = bisect.bisect_right(starts, pos) - 1
    while k >= 0 and spans[k][0] > pos - longest - 1:
        b, e, i = spans[k]
        if b <= pos < e:
            out.append(i)
        k -= 1
    return out


class Index:
    """Character-span lookups over one article's mentions."""

    def __init__(self, ann: AnnotatedArticle, kb=None, focus: str | None = None) -> None:
        self.ad_hoc: dict[int, Actor] = {}  # token index -> actor typed from context, shared by the events
        self.last_date = None  # the Time of the last event the text dated, for "two days later"
        self.told: list[tuple[str, frozenset[str], Any]] = []  # (type, source ids, Time) of the events built so far
        self.retold = None  # the Time of the earlier event the event being built retells, if any
        self.kb = kb
        self.focus = focus  # the story's main country, for actors typed from context
        self.actors = ann.actors
        # where it was filed, places inside an organisation's name, streets (places.MENTION_ONLY)
        self.places = [p for p in ann.places if not p.stage.endswith((":dateline", ":in-name", ":street"))]
        # places inside a longer proper name: where the sentence places its event nowhere else (place_choice.in_name)
        self.in_names = [p for p in ann.places if p.stage.endswith(":in-name")]
        self.times = ann.times
        self.quantities = ann.quantities
        self._spans: dict[int, tuple] = {}  # list id -> sorted spans (_covering)

    def actor_at(self, tok: Token) -> Actor | None:
        """The longest actor mention covering the word (the first listed among equals)."""
        found = _covering(self.actors, tok.idx, self._spans)
        if not found:
            return None
        return self.actors[max(found, key=lambda i: (self.actors[i].end - self.actors[i].start, -i))]

    def state(self, iso3: str, tok: Token, stage: str = PLACE_AS_STATE) -> Actor | None:
        """The state `iso3` as an actor over the word `tok` (by default: a place standing for its state)."""
        st = self.kb.get(iso3) if self.kb is not None else None
        if st is None:
            return None
        return Actor(text=tok.text, start=tok.idx, end=tok.idx + len(tok.text), id=st.id, name=st.name,
                     country=st.id, sector="GOV", kind="state", affiliations=[], known=True, proper=False,
                     stage=stage)

    def state_of_demonym(self, tok: Token) -> Actor | None:
        """The state a demonym adjective names, as an actor over that word ("Iranian")."""
        if self.kb is None or not tok.is_title:
            return None
        st = self.kb.state_by_demonym(tok.text)
        return self.state(st.id, tok, NAME) if st is not None else None

    def place_at(self, tok: Token) -> Place | None:
        found = _covering(self.places, tok.idx, self._spans)
        return self.places[min(found)] if found else None


def conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out.extend(conjuncts(c))
    return out


def is_modifier_only(tok: Token) -> bool:
    """True for words inside a modifier such as "Iran-backed": they name a backer, not the actor."""
    cur = tok
    for _ in range(3):
        if cur.dep_ in ("npadvmod", "amod", "compound") and cur.head.tag_ == "VBN" and 0 < cur.head.i - cur.i <= 2:
            return True  # glued to the participle ("Iran-backed"), not a date phrase hung on a verb
        if cur.head is cur:
            break
        cur = cur.head
    return False


def actors_of(tok: Token, idx: Index, depth: int = 0) -> list[Actor]:
    """The actors an argument token stands for, conjuncts expanded; descends "hundreds of fighters"."""
    found: list[Actor] = []
    for t in conjuncts(tok):
        a = idx.actor_at(t)
        if a is not None and not is_modifier_only(t):
            found.append(a)
            # "Indian and US troops": the other demonym names a second actor of the same kind
            for c in t.children:
                if c.dep_ in ("amod", "compound") and c.i < t.i:
                    for cc in c.children:
                        if cc.dep_ == "conj":
                            other = idx.actor_at(cc)
                            if other is None or (other.start, other.end) == (a.start, a.end):
                                other = idx.state_of_demonym(cc)  # "Hungarian and Romanian officials", one span
                            if other is not None and other.country != a.country:
                                if other.kind == "state" and a.sector and idx.kb is not None:
                                    inst = idx.kb.institution(other.country, a.sector)
                                    if inst is not None:
                                        other = Actor(text=cc.text, start=other.start, end=other.end, id=inst.id,
                                                      name=inst.name, country=inst.country, sector=inst.sector,
                                                      kind=inst.kind, proper=False, stage=NAME)
                                found.append(other)
            # members named in "fighters from X and Y" are the real actors when the head is generic
            if not a.known:
                members = members_of(t, idx)
                if members and _people(t) and all(m.kind == "state" for m in members):
                    members = [_people_from(t, m.country, idx) for m in members]  # "students from Ukraine"
                if members:
                    found[-1:] = members
            continue
        if depth > 3:
            continue
        # descend: "Hundreds of Iran-backed Iraqi fighters", "the leader of X"
        frontier = [c for c in t.children if c.dep_ not in _SKIP_ARG_DEPS]
        got: list[Actor] = []
        for c in frontier:
            if c.dep_ == "prep" and (c.lower_ in ("of", "from") or (c.lower_ == "for" and t.pos_ == "NOUN")):
                for p in c.children:
                    if p.dep_ == "pobj":
                        sub = actors_of(p, idx, depth + 1)
                        if c.lower_ == "from" and sub and all(a.kind == "state" for a in sub) and _people(t):
                            sub = [_people_from(t, a.country, idx) for a in sub]
                        got.extend(sub)
            elif c.dep_ == "poss" and c.pos_ != "PRON":
                # "Assad's forces", "Saddam Hussein's proposal": the possessor acts or is acted upon
                got.extend(actors_of(c, idx, depth + 1))
            elif c.dep_ in ("compound", "nmod", "amod") and c.i < t.i and t.pos_ == "NOUN":
                a = idx.actor_at(c)  # "Israeli army bulldozers", "Turkish police officers"
                if a is None:
                    a = idx.state_of_demonym(c)  # "Iranian nuclear facilities": the state's
                if a is not None and not is_modifier_only(c):
                    got.append(a)
        found.extend(got)
    uniq: dict[tuple[str, int], Actor] = {}
    for a in found:
        uniq.setdefault((a.id, a.start), a)
    return list(uniq.values())


def _people(tok: Token) -> bool:
    """People a common noun names who come from a country as people, not as its members ("members from Russia and
    China vetoed the resolution": the states act)."""
    return human_noun(tok) and tok.lemma_.lower() not in ("member", "individual")


def _people_from(tok: Token, country: str | None, idx: Index) -> Actor:
    """People a common noun names, from a country ("300 migrants from Cuba and Haiti protested"): the migrants of each
    country act, not its state. Typed by the knowledge base's noun (refugees REF), else civilians. The actor's words
    run to the end of its phrase, so that the country they come from is no place of the event (migrants from Cuba
    are not in Cuba)."""
    hit = idx.kb.sector_of_noun(tok.lemma_.lower()) if idx.kb is not None else None
    sector = (hit[0] if hit else None) or "CVL"
    left = min(x.i for x in tok.subtree if x.dep_ in ("compound", "amod", "det", "nummod") or x is tok)
    right = max((x.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of") for x in c.subtree),
                default=tok.i)
    span = tok.doc[left:right + 1]
    name = tok.lemma_.lower()
    actor = Actor(text=span.text, start=span.start_char, end=span.end_char,
                  id=f"{country or 'XXX'}:{sector}:{name.replace(' ', '-')}", name=name, country=country, sector=sector,
                  kind="generic", affiliations=[], known=False, proper=False, stage=NAME)
    idx.actors.append(actor)
    return actor


def members_of(tok: Token, idx: Index) -> list[Actor]:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("from", "of"):
            for p in c.children:
                if p.dep_ == "pobj":
                    got = [a for a in actors_of(p, idx, 4) if a.known]
                    if got:
                        return got
    return []


# "X used/employed Y to do Z": Y is the instrument, X does Z
_INSTRUMENT_VERBS = _WORDS.set("instrument_verbs")


# words before "with" that make its object a partner, not an opponent: "fought side by side with the PDF"
_WITH_TOGETHER = ("side by side", "shoulder to shoulder", "hand in hand", "together", "jointly", "in tandem",
                  "in concert", "in coordination", "in cooperation", "in conjunction", "along", "alongside")


_COMITATIVE_AT = "_ew_comitatives"  # Doc.user_data: the indices of its "with" and "alongside" prepositions


def _comitatives(tok: Token) -> list[Token]:
    """"with" and "alongside" that modify `tok` itself, directly or inside an adverbial phrase ("fight side by
    side with X": the parser hangs "with" on the second "side")."""
    doc = tok.doc
    at = doc.user_data.get(_COMITATIVE_AT)
    if at is None:  # where the Doc has such a word at all: most subtrees hold none, and are not walked
        at = doc.user_data[_COMITATIVE_AT] = [c.i for c in doc if c.dep_ == "prep" and c.lower_ in ("with", "alongside")]
    k = bisect.bisect_left(at, tok.i)
    if k == len(at) or at[k] > tok.right_edge.i:
        return []
    out = []
    for c in tok.subtree:
        if c.dep_ != "prep" or c.lower_ not in ("with", "alongside") or c.i < tok.i:
            continue
        cur, ok = c, True
        while cur.head.i != tok.i and ok:
            cur = cur.head
            ok = cur.dep_ in ("prep", "pobj", "npadvmod", "advmod") and cur.i > tok.i and cur.i < c.i
        if ok:
            out.append(c)
    return out


def comrades(tok: Token, idx: Index) -> tuple[list[Actor], list[Actor]]:
    """(partners, opponents) of the act of `tok` named by a comitative phrase: "fought alongside the PDF",
    "fought side by side with the KNU against the junta", "patrolled together with Thai troops". The partners
    act with the subject; the opponents are what "against" names inside the phrase. ([], []) without one."""
    partners: list[Actor] = []
    opponents: list[Actor] = []
    for c in _comitatives(tok):
        low = c.lower_
        if low == "with":
            before = " ".join(t.lower_ for t in tok.doc[max(tok.i + 1, c.i - 3):c.i])
            inside = " ".join(t.lower_ for t in c.children if t.dep_ in ("advmod", "amod"))
            if not any(before.endswith(w) for w in _WITH_TOGETHER) and not any(
                    w in inside for w in ("together", "jointly", "along")):
                continue
        elif low != "alongside":
            continue
        for p in c.children:
            if p.dep_ != "pobj":
                continue
            partners.extend(actors_of(p, idx))
            for t in p.subtree:  # "side by side with the PDF against the junta": the parser hangs it on the PDF
                if t.dep_ == "prep" and t.lower_ == "against":
                    opponents.extend(a for q in t.children if q.dep_ == "pobj" for a in actors_of(q, idx))
    if partners:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "against":
                opponents.extend(a for q in c.children if q.dep_ == "pobj" for a in actors_of(q, idx))
    ids = {a.id for a in partners}
    return partners, [a for a in opponents if a.id not in ids]


def subject_of(verb: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a verb and whether it is passive; inherited up purpose and conjoined clauses."""
    subj, passive = _subject_of(verb)
    if verb.dep_ == "conj" and subj and not passive and any(c.dep_ == "auxpass" for c in verb.children) \
            and not any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        passive = True  # "the leaders left the office and were arrested": the subject shared is the one arrested
    return subj, passive


def _subject_of(verb: Token) -> tuple[list[Token], bool]:
    cur = verb
    for _ in range(4):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subj:
            s = subj[0]
            if s.lower_ in ("who", "that", "which") and cur.dep_ == "relcl":
                return [cur.head], s.dep_ == "nsubjpass"  # "a man who was killed by minors": the man is hit
            return [s], s.dep_ == "nsubjpass"
        if any(c.dep_ == "expl" for c in cur.children):
            break  # "police sources said there was stone-pelting": an existential clause has no doer to inherit
        if cur.dep_ in ("xcomp", "conj", "advcl", "pcomp", "ccomp", "acomp") and cur.head is not cur:
            if cur.dep_ == "xcomp":  # "help X subdue Y": the object of the governor is the subject
                obj = [c for c in cur.head.children if c.dep_ == "dobj" and c.i < cur.i]
                if obj and cur.head.lemma_.lower() not in _INSTRUMENT_VERBS:  # "used tractors to block": a tool
                    return obj, False
                # "the group has not been asked to intervene": the governor's passive subject acts
                subj = [c for c in cur.head.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return subj[:1], False
            cur = cur.head
            if cur.pos_ == "ADP":  # "in helping": climb over the preposition
                prep = cur
                cur = cur.head
                obj = [c for c in cur.children if c.dep_ == "dobj" and c.i < prep.i]
                if prep.lower_ in ("of", "for") and obj:
                    return obj[:1], False  # "accused Rwanda of sending troops", "blamed Hamas for firing"
            continue
        if cur.dep_ == "relcl":
            return [cur.head], False
        if cur.dep_ == "acl" and cur.tag_ == "VBG":  # "militias helping government forces"
            return [cur.head], False
        if cur.dep_ == "acl" and any(c.dep_ == "dobj" for c in cur.children):
            return [cur.head], False  # a main verb parsed as a participle: "security forces arrested 30 people"
        break
    return [], False


_GROUP_WORDS = frozenset({"group", "crowd", "number", "dozen", "hundred", "thousand", "band"})


def group_head(tok: Token) -> Token:
    """The people a group word is of ("a group of health workers": workers); the word itself otherwise."""
    head = tok
    if tok.lemma_.lower() in _GROUP_WORDS:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                head = next((p for p in c.children if p.dep_ == "pobj"), tok)
    return head


def ad_hoc_actor(tok: Token, idx: Index, etype: str) -> list[Actor]:
    """An actor the knowledge base and the agent lexicon do not know, named by a common noun phrase that
    acts in an event ("money savers protested", "a group of health workers staged a demonstration"):
    kept, typed from the event (protesters are civilians) and placed in the story's country."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in _NO_ACTOR_HEADS or tok.ent_type_ in ("DATE", "TIME"):
        return []
    head = group_head(tok)
    sector = None
    if idx.kb is not None:
        hit = idx.kb.sector_of_noun(head.lemma_.lower())
        sector = hit[0] if hit else None
    human = _looks_human(head)
    if sector is None and (etype == "PROTEST" or human):
        sector = "CVL"  # protesters, and people named by what they do ("truck drivers"), are civilians
    if sector is None and tok.pos_ != "PROPN":
        return []
    if head.i in idx.ad_hoc:
        return [idx.ad_hoc[head.i]]
    left = min(x.i for x in head.subtree if x.dep_ in ("compound", "amod", "det", "nummod") or x is head)
    span = tok.doc[left:head.i + 1]
    name = " ".join(t.lemma_.lower() if t is head else t.lower_ for t in span if t.dep_ != "det")
    actor = Actor(text=span.text, start=span.start_char, end=span.end_char,
                  id=f"{idx.focus or 'XXX'}:{sector or 'UNK'}:{name.replace(' ', '-')}", name=name,
                  country=idx.focus, sector=sector, kind="generic", affiliations=[], known=False, proper=False,
                  stage=NAME)
    idx.ad_hoc[head.i] = actor
    idx.actors.append(actor)  # a mention of the article from now on: "they" can refer to it
    return [actor]


_HUMAN = _WORDS.set("human")


def human_noun(tok: Token) -> bool:
    """A common noun of people from our list (data/lexicons/words/arguments.yaml `human`: "workers", "drivers",
    "passengers"), without `_looks_human`'s agent-noun rule, which also takes "computers" and "orders"."""
    return tok.lemma_.lower() in _HUMAN


def _looks_human(tok: Token) -> bool:
    """People named by a common noun: a list of our own, and agent nouns of work ("drivers", "miners")."""
    lemma = tok.lemma_.lower()
    return lemma in _HUMAN or (tok.tag_ == "NNS" and lemma.endswith(("er", "or", "ist", "ian", "ent", "ant")))


def objects_of(tok: Token) -> list[Token]:
    """Objects of a verb, without the sources of a report ("..., two security sources")."""
    return [c for c in tok.children if c.dep_ in ("dobj", "dative", "attr", "oprd") and not _trailing_source(c)]


def _trailing_source(np: Token) -> bool:
    """"..., two Iraqi security sources speaking with X": a report's source the parser hung on the verb."""
    if np.lemma_.lower() == "source":
        return True
    left = np.left_edge
    return np.lemma_.lower() == "official" and left.i > 0 and np.doc[left.i - 1].text == ","
